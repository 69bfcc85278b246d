"""A double click or a resent POST of a create form creates one record: every POST
form carries a one-time token (casemgr/formtokens.py)."""

import re
import uuid

import pytest
from django.urls import reverse

from casemgr.formtokens import ALREADY_SENT
from clients.models import Contact
from tests.clients.test_contact_form import form_data
from tests.factories import open_matter

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="_form_token" value="([^"]+)"')


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


def _token(client, url, **kwargs):
    tokens = TOKEN.findall(client.get(url, **kwargs).content.decode())
    assert tokens, f"no form token on {url}"
    assert len(set(tokens)) == len(tokens)  # each form its own
    return tokens[0]


def test_a_note_posted_twice_with_the_same_token_is_logged_once(client, matter, bob):
    client.force_login(bob)
    url = reverse("cases:matter_notes", args=[matter.pk])
    data = {"kind": "note", "occurred_at": "2026-11-26T09:30", "subject": "File memo"}
    data["_form_token"] = _token(client, url)
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0] == (first["Location"], 303)
    assert ALREADY_SENT in second.content.decode()
    assert matter.notes.count() == 1


def test_a_note_sent_twice_by_htmx_is_logged_once(client, matter, bob):
    client.force_login(bob)
    url = reverse("cases:matter_notes", args=[matter.pk])
    htmx = {"HX-Request": "true", "HX-Target": "notes-panel"}
    data = {"kind": "call", "occurred_at": "2026-11-26T09:30", "direction": "incoming",
            "subject": "Olga called", "_form_token": _token(client, url, headers=htmx)}  # fmt: skip
    assert client.post(url, data, headers=htmx).status_code == 200
    again = client.post(url, data, headers=htmx)
    assert again.status_code == 303
    assert matter.notes.count() == 1


def test_a_task_resent_creates_one_task_and_a_fresh_form_creates_another(client, matter, bob):
    client.force_login(bob)
    tab = reverse("cases:matter_tasks", args=[matter.pk])
    url = reverse("cases:task_add", args=[matter.pk])
    data = {
        "title": "File proof of service",
        "priority": "normal",
        "_form_token": _token(client, tab),
    }
    client.post(url, data)
    client.post(url, data)
    assert matter.tasks.filter(title="File proof of service").count() == 1
    data["_form_token"] = _token(client, tab)  # the page shown again: a new submission
    client.post(url, data)
    assert matter.tasks.filter(title="File proof of service").count() == 2


def test_a_contact_double_clicked_is_created_once(client, bob):
    client.force_login(bob)
    url = reverse("clients:contact_create")
    data = form_data(first_name="Maria", last_name="Lopez", _form_token=_token(client, url))
    first = client.post(url, data)
    second = client.post(url, data)
    assert Contact.objects.filter(last_name="Lopez").count() == 1
    assert second["Location"] == first["Location"]


def test_a_form_with_errors_can_be_corrected_and_sent(client, matter, bob):
    client.force_login(bob)
    url = reverse("cases:matter_notes", args=[matter.pk])
    data = {"kind": "note", "occurred_at": "2026-11-26T09:30", "subject": ""}
    data["_form_token"] = _token(client, url)
    shown_again = client.post(url, data)
    assert "This field is required." in shown_again.content.decode()
    data.update(subject="File memo", _form_token=TOKEN.findall(shown_again.content.decode())[0])
    assert client.post(url, data).status_code == 302
    assert matter.notes.count() == 1


def test_charlie_gets_404_with_or_without_a_token(client, matter, charlie):
    client.force_login(charlie)
    url = reverse("cases:matter_notes", args=[matter.pk])
    data = {"kind": "note", "occurred_at": "2026-11-26T09:30", "subject": "x"}
    data["_form_token"] = uuid.uuid4().hex
    assert client.post(url, data).status_code == 404
    assert client.post(url, data, follow=True).status_code == 404  # resent: still nothing
    assert matter.notes.count() == 0
