# casemgr production image: gunicorn for web, the same image for Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/data/documents

# WeasyPrint renders PDFs with Pango; fonts for readable output.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 casemgr
WORKDIR /app
COPY pyproject.toml README.md ./
COPY casemgr casemgr
COPY accounts accounts
COPY clients clients
COPY cases cases
COPY documents documents
COPY deadlines deadlines
COPY bench bench
RUN pip install .
COPY manage.py ./
COPY templates templates
COPY static static

# collectstatic needs settings but no database: give it throwaway values.
RUN DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    SECRET_KEY=build-only-secret-key-not-used-at-runtime-0123456789 \
    python manage.py collectstatic --noinput \
    && mkdir -p /data/documents && chown -R casemgr /data

USER casemgr
EXPOSE 8000
CMD ["gunicorn", "casemgr.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
