"""/healthz reports the database, Redis and the Celery heartbeat."""

import time
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


def test_a_broker_outage_makes_celery_unhealthy_at_once_despite_a_fresh_heartbeat(client, settings):
    heartbeat_record(name="celery")  # beat wrote a second ago: the old check said "ok"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    assert time.monotonic() - started < 5  # well within one heartbeat period (15 s)
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["celery"]
    assert body["checks"]["celery"]["detail"].startswith("broker unreachable")
    assert body["checks"]["database"]["ok"] is True


def test_redis_down_names_both_redis_and_the_celery_broker(client, settings):
    heartbeat_record(name="celery")
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["failing"] == ["redis", "celery"]


def test_healthz_answers_json_before_the_session_is_read(client, alice, settings):
    # A signed-in browser or a probe with a stale cookie: the answer is the same
    # JSON, produced without loading the session (see the database-down case in
    # tests/casemgr/test_error_pages.py, run against a closed PostgreSQL port).
    heartbeat_record(name="celery")
    client.force_login(alice)
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
