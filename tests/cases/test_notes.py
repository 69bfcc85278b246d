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


# --- Editing and deleting an entry from the tab ---------------------------------------

HTMX = {"HX-Request": "true"}


def htmx_at(note):
    """The headers htmx sends for a request aimed at the entry itself."""
    return {**HTMX, "HX-Target": f"note-{note.pk}"}


def edit_data(note, **changes):
    data = {
        "kind": note.kind,
        "occurred_at": timezone.localtime(note.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "direction": note.direction,
        "subject": note.subject,
        "participants": note.participants,
        "contacts": [c.pk for c in note.contacts.all()],
        "body": note.body,
        "version": note.version,
    }
    data.update(changes)
    return data


@pytest.fixture
def viewer(matter):
    """Someone granted only a look at the matter."""
    from guardian.shortcuts import assign_perm

    from tests.factories import UserFactory

    user = UserFactory(role="Paralegal", full_name="Vera Viewer")
    assign_perm("cases.view_matter", user, matter)
    return user


def test_the_edit_form_comes_pre_filled_with_the_entry_as_logged(
    client, matter, bob, opposing_counsel
):
    occurred = timezone.now() - datetime.timedelta(days=3)
    note = log(bob, matter, direction="outgoing", occurred_at=occurred, body="Asked for 30 days",
               contacts=[opposing_counsel])  # fmt: skip
    client.force_login(bob)
    response = client.get(reverse("cases:note_edit", args=[matter.pk, note.pk]))
    assert response.status_code == 200
    form = response.context["edit_form"]
    assert form.instance == note
    body = response.content.decode()
    assert 'value="Call with opposing counsel"' in body
    assert timezone.localtime(occurred).strftime("%Y-%m-%dT%H:%M") in body  # not "now"
    assert "Asked for 30 days" in body
    assert f'value="{opposing_counsel.pk}"' in body
    assert 'id="notes-panel"' not in body  # the edit page, not the list with an add form


def test_bob_edits_an_entry_as_a_plain_form_and_it_is_audited(client, matter, bob, alice):
    note = log(alice, matter, body="Left a message")
    client.force_login(bob)
    response = client.post(
        reverse("cases:note_edit", args=[matter.pk, note.pk]),
        edit_data(note, subject="Call with Olga", body="She agreed to 30 days"),
        follow=True,
    )
    assert response.redirect_chain[0][0] == (
        reverse("cases:matter_notes", args=[matter.pk]) + f"#note-{note.pk}"
    )
    assert "Saved the call “Call with Olga”." in response.content.decode()
    note.refresh_from_db()
    assert (note.subject, note.body, note.author) == (
        "Call with Olga",
        "She agreed to 30 days",
        alice,
    )
    event = AuditEvent.objects.get(object_type="cases.note", action="change")
    assert (event.actor_id, set(event.changes)) == (bob.pk, {"subject", "body"})


def test_a_bad_edit_says_what_is_wrong_keeps_what_was_typed_and_saves_nothing(client, matter, bob):
    note = log(bob, matter)
    client.force_login(bob)
    url = reverse("cases:note_edit", args=[matter.pk, note.pk])
    for headers in ({}, htmx_at(note)):
        response = client.post(url, edit_data(note, subject="", body="A new body"), headers=headers)
        assert response.status_code == 200
        body = response.content.decode()
        assert "This field is required." in body
        assert "A new body" in body
    note.refresh_from_db()
    assert (note.subject, note.body) == ("Call with opposing counsel", "")
    assert not AuditEvent.objects.filter(object_type="cases.note", action="change").exists()


def test_a_call_changed_into_a_meeting_loses_its_direction(client, matter, bob):
    note = log(bob, matter, direction="incoming")
    client.force_login(bob)
    response = client.post(
        reverse("cases:note_edit", args=[matter.pk, note.pk]),
        edit_data(note, kind="meeting", subject="Met instead"),
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert (note.kind, note.direction) == ("meeting", "")


def test_editing_by_htmx_turns_the_entry_into_its_form_and_back(client, matter, bob):
    note = log(bob, matter)
    client.force_login(bob)
    url = reverse("cases:note_edit", args=[matter.pk, note.pk])
    form = client.get(url, headers=htmx_at(note)).content.decode()
    assert f'<li class="note note-editing" id="note-{note.pk}">' in form
    assert f'hx-post="{url}"' in form
    assert "<html" not in form
    # Its own ids: the add form on the tab has id_subject already.
    assert f'id="id_note{note.pk}_subject"' in form

    saved = client.post(url, edit_data(note, subject="Olga called back"), headers=htmx_at(note))
    body = saved.content.decode()
    assert f'id="note-{note.pk}"' in body
    assert "Saved the call “Olga called back”." in body
    assert "<html" not in body
    note.refresh_from_db()
    assert note.subject == "Olga called back"

    cancelled = client.get(
        reverse("cases:note_detail", args=[matter.pk, note.pk]), headers=htmx_at(note)
    ).content.decode()
    assert "Olga called back" in cancelled
    assert "<form" not in cancelled
    plain = client.get(reverse("cases:note_detail", args=[matter.pk, note.pk]))
    assert plain.url == reverse("cases:matter_notes", args=[matter.pk]) + f"#note-{note.pk}"


def test_deleting_asks_first_and_only_a_post_deletes(client, matter, bob):
    note = log(bob, matter, subject="Wrong matter")
    client.force_login(bob)
    url = reverse("cases:note_delete", args=[matter.pk, note.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "Delete this call?" in body
    assert "Wrong matter" in body
    assert f'<form method="post" action="{url}"' in body
    assert Note.objects.filter(pk=note.pk).exists()

    response = client.post(url, follow=True)
    assert response.redirect_chain[0][0] == reverse("cases:matter_notes", args=[matter.pk])
    assert "Deleted the call “Wrong matter”." in response.content.decode()
    assert not Note.objects.filter(pk=note.pk).exists()
    assert AuditEvent.objects.filter(
        object_type="cases.note", action="delete", actor_id=bob.pk
    ).exists()


def test_deleting_by_htmx_confirms_in_place_then_leaves_a_message(client, matter, bob):
    note = log(bob, matter, subject="Duplicate entry")
    keep = log(bob, matter, subject="Keep me")
    client.force_login(bob)
    url = reverse("cases:note_delete", args=[matter.pk, note.pk])
    confirm = client.get(url, headers=htmx_at(note)).content.decode()
    assert f'id="note-{note.pk}"' in confirm
    assert f'hx-post="{url}"' in confirm
    assert "<html" not in confirm

    done = client.post(url, headers=htmx_at(note)).content.decode()
    assert "Deleted the call “Duplicate entry”." in done
    assert "<html" not in done
    assert list(matter.notes.all()) == [keep]


def test_the_tab_offers_edit_and_delete_only_to_those_who_may_change_the_matter(
    client, matter, bob, viewer
):
    note = log(bob, matter)
    edit_url = reverse("cases:note_edit", args=[matter.pk, note.pk])
    delete_url = reverse("cases:note_delete", args=[matter.pk, note.pk])
    client.force_login(bob)
    tab = client.get(reverse("cases:matter_notes", args=[matter.pk])).content.decode()
    assert edit_url in tab
    assert delete_url in tab

    client.force_login(viewer)
    tab = client.get(reverse("cases:matter_notes", args=[matter.pk]))
    assert tab.status_code == 200
    assert "Call with opposing counsel" in tab.content.decode()
    assert edit_url not in tab.content.decode()
    assert delete_url not in tab.content.decode()


def test_a_read_only_viewer_gets_403_and_changes_nothing(client, matter, bob, viewer):
    note = log(bob, matter)
    client.force_login(viewer)
    edit_url = reverse("cases:note_edit", args=[matter.pk, note.pk])
    delete_url = reverse("cases:note_delete", args=[matter.pk, note.pk])
    assert client.get(edit_url).status_code == 403
    assert client.post(edit_url, edit_data(note, subject="Changed")).status_code == 403
    assert client.get(delete_url).status_code == 403
    assert client.post(delete_url).status_code == 403
    assert client.post(delete_url, headers=htmx_at(note)).status_code == 403
    note.refresh_from_db()
    assert note.subject == "Call with opposing counsel"


def test_charlie_gets_404_on_every_entry_url(client, matter, bob, charlie):
    note = log(bob, matter)
    client.force_login(charlie)
    for name in ("cases:note_detail", "cases:note_edit", "cases:note_delete"):
        url = reverse(name, args=[matter.pk, note.pk])
        assert client.get(url).status_code == 404, name
        assert client.post(url, edit_data(note, subject="x")).status_code in (404, 405), name
    assert Note.objects.get(pk=note.pk).subject == "Call with opposing counsel"


def test_a_note_is_only_reachable_through_its_own_matter(client, matter, alice, bob):
    other = open_matter(actor=alice, team=[(bob, "paralegal")])
    elsewhere = log(bob, other, subject="Other matter's call")
    client.force_login(bob)
    for name in ("cases:note_edit", "cases:note_delete"):
        url = reverse(name, args=[matter.pk, elsewhere.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, edit_data(elsewhere, subject="x")).status_code == 404
    assert Note.objects.get(pk=elsewhere.pk).subject == "Other matter's call"


def test_an_edit_made_on_an_older_version_is_refused_and_loses_nothing(client, matter, alice, bob):
    note = log(alice, matter, body="Left a message")
    opened_by_bob = edit_data(note)  # Bob opens the edit form...
    services.note_update(actor=alice, note=note, body="She called back", expected_version=1)
    client.force_login(bob)  # ... and saves after Alice did
    url = reverse("cases:note_edit", args=[matter.pk, note.pk])
    for headers in ({}, htmx_at(note)):
        data = {**opened_by_bob, "body": "Bob's own account"}
        response = client.post(url, data, headers=headers)
        assert response.status_code == 200
        body = response.content.decode()
        assert "was changed by someone else since you opened it" in body
        assert "Bob&#x27;s own account" in body or "Bob's own account" in body  # kept for him
    note.refresh_from_db()
    assert (note.body, note.version) == ("She called back", 2)
    assert AuditEvent.objects.filter(object_type="cases.note", action="change").count() == 1


def test_each_save_moves_the_version_on(matter, alice):
    note = log(alice, matter)
    saved = services.note_update(actor=alice, note=note, subject="First", expected_version=1)
    saved = services.note_update(actor=alice, note=saved, subject="Second", expected_version=2)
    assert saved.version == 3
    unchanged = services.note_update(actor=alice, note=saved, subject="Second", expected_version=3)
    assert unchanged.version == 3  # nothing changed, nothing saved
