"""django-axes: five failed sign-ins lock the email out, with a clear message."""

import pytest
from django.urls import reverse

from casemgr.models import AuditEvent
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def fail(client, email, times=1):
    for _ in range(times):
        response = client.post(reverse("login"), {"username": email, "password": "wrong-guess"})
    return response


def test_five_failures_lock_alice_out_even_with_the_right_password(client, alice):
    assert fail(client, alice.email, times=4).status_code == 200
    locked = fail(client, alice.email)
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "locked for 30 minutes" in locked.content.decode()

    response = client.post(
        reverse("login"), {"username": alice.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lockout_is_written_to_the_audit_trail_as_denied(client, alice):
    fail(client, alice.email, times=5)
    line = AuditEvent.objects.get(action=AuditEvent.Action.DENIED)
    assert line.actor_email == alice.email
    assert "locked out" in line.summary
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED).count() == 5


def test_changing_the_case_of_the_email_does_not_buy_more_attempts(client, alice):
    fail(client, alice.email, times=3)
    assert fail(client, alice.email.upper(), times=2).status_code == 429


def test_a_success_resets_the_count(client, alice):
    fail(client, alice.email, times=4)
    client.post(reverse("login"), {"username": alice.email, "password": DEFAULT_PASSWORD})
    client.post(reverse("logout"))
    assert fail(client, alice.email, times=4).status_code == 200


def test_one_locked_account_does_not_lock_another(client, alice, bob):
    fail(client, alice.email, times=5)
    response = client.post(reverse("login"), {"username": bob.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
