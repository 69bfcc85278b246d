"""The audit trail is append-only at the database, and sign-ins are recorded."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from casemgr.models import AuditEvent
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_an_update_of_an_audit_row_fails_at_the_database(alice):
    from casemgr import audit

    event = audit.record(actor=alice, action="view", obj=alice, summary="x")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="rewritten")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM casemgr_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).summary == "x"


def test_sign_in_success_and_failure_are_recorded_with_the_address(client, alice):
    client.post(
        reverse("login"), {"username": alice.email, "password": "wrong"}, REMOTE_ADDR="203.0.113.9"
    )
    client.post(
        reverse("login"),
        {"username": alice.email, "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="203.0.113.9",
    )
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.actor_email == alice.email
    assert failed.ip_address == "203.0.113.9"
    ok = AuditEvent.objects.get(action="login")
    assert ok.actor_id == alice.pk
    assert ok.ip_address == "203.0.113.9"
