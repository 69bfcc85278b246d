"""The notes and communications log: services, the Notes tab (htmx and plain)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemgr.models import AuditEvent
from cases import services
from cases.models import Note
from tests.factories import ContactFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


@pytest.fixture
def opposing_counsel(matter, alice):
    contact = ContactFactory(first_name="Olga", last_name="Counsel")
    services.party_add(actor=alice, matter=matter, contact=contact, role="opposing_counsel")
    return contact


def log(actor, matter, **kwargs):
    kwargs.setdefault("kind", "call")
    kwargs.setdefault("subject", "Call with opposing counsel")
    return services.note_create(actor=actor, matter=matter, **kwargs)


def test_bob_logs_an_outgoing_call_with_a_party_and_it_is_audited(matter, bob, opposing_counsel):
    note = log(bob, matter, direction="outgoing", participants="Olga and her assistant",
               contacts=[opposing_counsel], body="Discussed the extension.")  # fmt: skip
    assert (note.kind, note.direction, note.author) == ("call", "outgoing", bob)
    assert list(note.contacts.all()) == [opposing_counsel]
    assert AuditEvent.objects.filter(object_type="cases.note", matter_id=matter.pk).exists()


def test_a_meeting_or_a_plain_note_has_no_direction(matter, bob):
    note = log(bob, matter, kind="meeting", subject="Strategy meeting", direction="incoming")
    assert note.direction == ""


def test_only_parties_of_the_matter_can_be_linked(matter, bob):
    stranger = ContactFactory()
    with pytest.raises(ValidationError, match="Not a party"):
        log(bob, matter, contacts=[stranger])
    assert not Note.objects.exists()


def test_a_subject_is_required(matter, bob):
    with pytest.raises(ValidationError):
        log(bob, matter, subject="  ")


def test_charlie_cannot_log_or_see_notes(matter, bob, charlie):
    log(bob, matter)
    with pytest.raises(Http404):
        log(charlie, matter)
    assert list(Note.objects.visible_to(charlie)) == []
    assert Note.objects.visible_to(bob).count() == 1


def test_editing_and_deleting_a_note_is_audited(matter, bob, alice):
    note = log(bob, matter)
    services.note_update(actor=alice, note=note, subject="Call with Olga", body="Agreed to 30 days")
    note.refresh_from_db()
    assert note.subject == "Call with Olga"
    services.note_delete(actor=alice, note=note)
    assert not Note.objects.exists()
    assert AuditEvent.objects.filter(object_type="cases.note", action="delete").exists()


def test_the_tab_lists_newest_first_filters_by_kind_in_constant_queries(
    client, matter, bob, opposing_counsel
):
    now = timezone.now()
    log(bob, matter, subject="Older call", occurred_at=now - datetime.timedelta(days=2))
    log(
        bob,
        matter,
        kind="email",
        subject="Newer email",
        occurred_at=now - datetime.timedelta(days=1),
    )
    client.force_login(bob)
    url = reverse("cases:matter_notes", args=[matter.pk])
    body = client.get(url).content.decode()
    assert body.index("Newer email") < body.index("Older call")
    filtered = client.get(url, {"kind": "email"}).content.decode()
    assert "Newer email" in filtered
    assert "Older call" not in filtered

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        log(bob, matter, subject=f"Call {n}", contacts=[opposing_counsel])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_logging_by_htmx_returns_the_panel_with_the_new_entry(
    client, matter, bob, opposing_counsel
):
    client.force_login(bob)
    response = client.post(
        reverse("cases:matter_notes", args=[matter.pk]),
        {"kind": "call", "occurred_at": "2026-11-26T09:30", "direction": "incoming",
         "subject": "Olga called about discovery", "participants": "Olga",
         "contacts": [opposing_counsel.pk], "body": "She wants a stipulation."},
        headers={"HX-Request": "true", "HX-Target": "notes-panel"},
    )  # fmt: skip
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="notes-panel"' in body
    assert "<html" not in body
    assert "Olga called about discovery" in body
    note = matter.notes.get()
    assert (note.direction, list(note.contacts.all())) == ("incoming", [opposing_counsel])


def test_logging_as_a_plain_form_redirects_and_errors_show_next_to_fields(client, matter, bob):
    client.force_login(bob)
    url = reverse("cases:matter_notes", args=[matter.pk])
    response = client.post(url, {"kind": "note", "occurred_at": "2026-11-26T09:30", "subject": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(
        url, {"kind": "note", "occurred_at": "2026-11-26T09:30", "subject": "File memo"}
    )
    assert response.status_code == 302
    assert matter.notes.get().subject == "File memo"


def test_charlie_gets_404_on_the_notes_tab_and_when_posting(client, matter, bob, charlie):
    log(bob, matter)
    client.force_login(charlie)
    url = reverse("cases:matter_notes", args=[matter.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"kind": "note", "occurred_at": "2026-11-26T09:30", "subject": "x"})
    assert response.status_code == 404
    assert matter.notes.count() == 1
