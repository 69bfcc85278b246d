"""Sessions end after SESSION_IDLE_SECONDS without a request, not after sign-in."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_an_idle_session_expires_and_an_active_one_does_not(client, alice):
    idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.post(reverse("login"), {"username": alice.email, "password": DEFAULT_PASSWORD})
        # Active: a request every two-thirds of the idle limit keeps her signed in.
        for _ in range(3):
            clock.shift(idle * 2 / 3)
            assert client.get(reverse("home")).status_code == 200
        # Idle past the limit: the next request is sent to sign in again.
        clock.shift(idle + datetime.timedelta(seconds=1))
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_the_idle_limit_comes_from_the_environment_setting():
    assert "casemgr.sessions.IdleExpirySessionMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_COOKIE_AGE >= 60


def test_a_busy_session_is_written_at_most_once_a_minute(client, alice):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casemgr.sessions import REFRESH_SECONDS

    def session_writes():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return [q for q in captured.captured_queries if 'UPDATE "django_session"' in q["sql"]]

    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.post(reverse("login"), {"username": alice.email, "password": DEFAULT_PASSWORD})
        assert session_writes() == []  # signing in wrote it
        clock.shift(datetime.timedelta(seconds=REFRESH_SECONDS + 1))
        assert len(session_writes()) == 1
        assert session_writes() == []
