"""Thin Celery wrappers (routed to the ``heavy`` queue by CELERY_TASK_ROUTES):
text extraction and PDF case summaries, each one service call by primary key.
Both services are idempotent, so a retry or a redelivery after a lost worker
does nothing twice."""

from celery import shared_task
from django.db import DatabaseError, InterfaceError

from documents import services

# A database or storage hiccup is worth another try; a file that cannot be read
# is recorded on its version by the service and not retried.
TRANSIENT = (DatabaseError, InterfaceError, OSError)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def extract_version(version_id: int) -> str:
    return services.version_extract(version_id=version_id)


@shared_task(
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=3,
)
def render_case_summary(summary_id: int) -> str:
    return services.case_summary_render(summary_id=summary_id)
