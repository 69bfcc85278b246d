"""/healthz reports the database, Redis and the Celery heartbeat."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casemgr.models import Heartbeat
from casemgr.services import heartbeat_record

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_database_redis_and_celery_are_healthy(client):
    heartbeat_record(name="celery")
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "redis",
        "celery",
    }


def test_healthz_is_503_naming_redis_when_redis_is_unreachable(client, settings):
    heartbeat_record(name="celery")
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["redis"]
    assert body["checks"]["database"]["ok"] is True


def test_healthz_is_503_naming_celery_when_no_heartbeat_was_ever_recorded(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failing"] == ["celery"]
    assert response.json()["checks"]["celery"]["detail"] == "no heartbeat recorded yet"


def test_healthz_is_503_when_the_last_heartbeat_is_stale(client, settings):
    settings.HEARTBEAT_MAX_AGE_SECONDS = 90
    Heartbeat.objects.create(name="celery", beat_at=timezone.now() - timedelta(minutes=5))
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert "300s ago (limit 90s)" in response.json()["checks"]["celery"]["detail"]


def test_healthz_needs_no_login_and_is_never_cached(client):
    heartbeat_record(name="celery")
    response = client.get(reverse("healthz"))
    assert "no-cache" in response["Cache-Control"]
