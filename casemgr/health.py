"""Health of the engines casemgr depends on, as /healthz reports it."""

from __future__ import annotations

from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Connection

from casemgr.models import Heartbeat


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {"ok": self.ok, "detail": self.detail}


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is the answer we report
        return Check("database", False, f"{type(exc).__name__}: {exc}".strip())
    return Check("database", True, "connected")


def check_redis() -> Check:
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except Exception as exc:
        return Check("redis", False, f"{type(exc).__name__}: {exc}".strip())
    finally:
        if "client" in locals():
            client.close()
    return Check("redis", True, "ping answered")


def broker_problem() -> str | None:
    """Why the Celery broker cannot be reached right now, or None if it answers.

    The heartbeat row alone would keep Celery "healthy" for HEARTBEAT_MAX_AGE_SECONDS
    into a broker outage (beat cannot queue, workers cannot consume); asking the
    broker on every /healthz notices the outage at once."""
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
    except Exception as exc:  # any failure is the answer we report
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def check_celery() -> Check:
    problem = broker_problem()
    if problem is not None:
        return Check("celery", False, f"broker unreachable: {problem}")
    try:
        beat = Heartbeat.objects.filter(name="celery").first()
    except Exception as exc:
        return Check("celery", False, f"heartbeat unreadable: {type(exc).__name__}")
    if beat is None:
        return Check("celery", False, "no heartbeat recorded yet")
    age = (timezone.now() - beat.beat_at).total_seconds()
    limit = settings.HEARTBEAT_MAX_AGE_SECONDS
    if age > limit:
        return Check("celery", False, f"last heartbeat {age:.0f}s ago (limit {limit}s)")
    return Check("celery", True, f"last heartbeat {age:.0f}s ago")


def run_checks() -> list[Check]:
    return [check_database(), check_redis(), check_celery()]
