"""Creating and editing contacts through the form, with the near-duplicate warning."""

import pytest
from django.urls import reverse

from casemgr.models import AuditEvent
from clients.models import Contact
from tests.factories import UserFactory, new_contact

pytestmark = pytest.mark.django_db


def form_data(**fields):
    """A complete POST of the contact form with empty formsets."""
    data = {
        "kind": "person", "first_name": "", "last_name": "", "organization_name": "",
        "organization": "", "job_title": "", "client_status": "", "notes": "",
    }  # fmt: skip
    for prefix in ("emails", "phones", "aliases", "addresses"):
        data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0",
                     f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})  # fmt: skip
    # What a browser posts for an untouched empty row: the fields' initial values.
    data.update({"emails-0-label": "work", "phones-0-label": "work", "aliases-0-kind": "alias",
                 "addresses-0-label": "work", "addresses-0-country": "US"})  # fmt: skip
    data.update(fields)
    return data


def test_a_paralegal_adds_a_person_with_an_email_and_a_phone(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("clients:contact_create"),
        form_data(first_name="Maria", last_name="Lopez", client_status="prospect",
                  **{"emails-0-email": "maria@lopez.test", "emails-0-label": "home",
                     "phones-0-number": "415 555 0100", "phones-0-label": "mobile"}),
    )  # fmt: skip
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("clients:contact_detail", args=[contact.pk])
    assert contact.emails.get().email == "maria@lopez.test"
    assert contact.phones.get().digits == "4155550100"
    assert AuditEvent.objects.filter(object_type="clients.contact", action="create").count() == 1


def test_a_person_without_a_last_name_gets_the_message_next_to_the_field(client, bob):
    client.force_login(bob)
    response = client.post(reverse("clients:contact_create"), form_data(first_name="Cher"))
    assert response.status_code == 200
    assert response.context["form"].errors == {"last_name": ["A person needs a last name."]}
    assert b"A person needs a last name." in response.content
    assert b'value="Cher"' in response.content  # nothing typed is lost
    assert not Contact.objects.exists()


def test_an_organization_without_a_name_gets_a_message(client, bob):
    client.force_login(bob)
    response = client.post(reverse("clients:contact_create"), form_data(kind="organization"))
    assert response.context["form"].errors == {
        "organization_name": ["An organization needs its name."]
    }


def test_a_bad_email_and_a_phone_without_digits_are_flagged_on_their_rows(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("clients:contact_create"),
        form_data(
            last_name="Lopez", **{"emails-0-email": "maria-at-lopez", "phones-0-number": "call me"}
        ),
    )
    formsets = response.context["formsets"]
    assert formsets["emails"].forms[0].errors == {"email": ["Enter a valid email address."]}
    assert formsets["phones"].forms[0].errors == {"number": ["A phone number needs digits."]}
    assert not Contact.objects.exists()


def test_a_similar_name_is_warned_about_and_saved_only_when_confirmed(client, bob):
    existing = new_contact(actor=bob, first_name="John", last_name="Smith")
    client.force_login(bob)
    data = form_data(first_name="Jon", last_name="Smyth", notes="Met at intake")
    warned = client.post(reverse("clients:contact_create"), data)
    assert warned.status_code == 200
    assert warned.context["duplicates"] == [existing]
    assert b"This may already be in casemgr" in warned.content
    assert b"Save anyway" in warned.content
    assert b"Met at intake" in warned.content
    assert Contact.objects.count() == 1

    confirmed = client.post(
        reverse("clients:contact_create"),
        {**data, "save_anyway": "1", "acknowledged_duplicates": str(existing.pk)},
    )
    assert confirmed.status_code == 302
    assert Contact.objects.filter(last_name="Smyth", notes="Met at intake").exists()


def test_a_new_duplicate_after_the_warning_is_warned_about_again(client, bob):
    smith = new_contact(actor=bob, first_name="John", last_name="Smith")
    jones = new_contact(actor=bob, first_name="Mary", last_name="Jones")
    client.force_login(bob)
    response = client.post(
        reverse("clients:contact_create"),
        {**form_data(first_name="Mary", last_name="Jones"), "save_anyway": "1",
         "acknowledged_duplicates": str(smith.pk)},
    )  # fmt: skip
    assert response.context["duplicates"] == [jones]
    assert Contact.objects.count() == 2


def test_the_same_email_or_phone_digits_count_as_a_duplicate(client, bob):
    existing = new_contact(
        actor=bob, last_name="Okafor", emails=["t@okafor.test"], phones=["(510) 555-0199"]
    )
    client.force_login(bob)
    by_email = client.post(
        reverse("clients:contact_create"),
        form_data(last_name="Different", **{"emails-0-email": "T@Okafor.test"}),
    )
    assert by_email.context["duplicates"] == [existing]
    by_phone = client.post(
        reverse("clients:contact_create"),
        form_data(last_name="Different", **{"phones-0-number": "510.555.0199"}),
    )
    assert by_phone.context["duplicates"] == [existing]


def test_renaming_a_contact_to_a_similar_name_warns_but_other_edits_do_not(client, bob):
    new_contact(actor=bob, first_name="John", last_name="Smith")
    other = new_contact(actor=bob, first_name="Ann", last_name="Zed")
    client.force_login(bob)
    url = reverse("clients:contact_edit", args=[other.pk])
    plain = client.post(url, form_data(first_name="Ann", last_name="Zed", job_title="CFO"))
    assert plain.status_code == 302
    renamed = client.post(url, form_data(first_name="Jon", last_name="Smith"))
    assert renamed.status_code == 200
    assert renamed.context["duplicates"]
    other.refresh_from_db()
    assert other.last_name == "Zed"
    assert other.job_title == "CFO"


def test_editing_replaces_emails_and_records_the_change(client, bob):
    contact = new_contact(actor=bob, last_name="Lopez", emails=["old@lopez.test"])
    email = contact.emails.get()
    client.force_login(bob)
    data = form_data(
        last_name="Lopez",
        **{"emails-TOTAL_FORMS": "2", "emails-INITIAL_FORMS": "1",
           "emails-0-id": str(email.pk), "emails-0-contact": str(contact.pk),
           "emails-0-email": "old@lopez.test", "emails-0-DELETE": "on",
           "emails-1-email": "new@lopez.test"},
    )  # fmt: skip
    response = client.post(reverse("clients:contact_edit", args=[contact.pk]), data)
    assert response.status_code == 302
    assert list(contact.emails.values_list("email", flat=True)) == ["new@lopez.test"]
    event = AuditEvent.objects.filter(object_id=str(contact.pk), action="change").get()
    assert event.changes["emails"] == {
        "added": ["new@lopez.test"],
        "changed": [],
        "removed": ["old@lopez.test"],
    }


def test_changing_the_client_status_from_the_contact_page_is_audited(client, bob):
    contact = new_contact(actor=bob, last_name="Lopez", client_status="prospect")
    client.force_login(bob)
    client.post(
        reverse("clients:contact_change_status", args=[contact.pk]), {"client_status": "active"}
    )
    contact.refresh_from_db()
    assert contact.client_status == "active"
    assert AuditEvent.objects.filter(
        object_id=str(contact.pk), summary="changed client status from Prospect to Active client"
    ).exists()


def test_the_edit_form_shows_the_current_details(client, bob):
    contact = new_contact(actor=bob, first_name="Maria", last_name="Lopez", aliases=["Mia Lopez"])
    client.force_login(bob)
    response = client.get(reverse("clients:contact_edit", args=[contact.pk]))
    assert b'value="Mia Lopez"' in response.content


def test_an_auditor_may_not_add_contacts(client, db):
    auditor = UserFactory(role="Auditor")
    client.force_login(auditor)
    assert client.get(reverse("clients:contact_create")).status_code == 403


def test_the_new_contact_form_opens_with_one_empty_row_per_detail(client, bob):
    client.force_login(bob)
    response = client.get(reverse("clients:contact_create"))
    assert response.status_code == 200
    for prefix in ("emails", "phones", "aliases", "addresses"):
        assert f'name="{prefix}-TOTAL_FORMS" value="1"'.encode() in response.content


def test_add_another_email_without_javascript_keeps_what_was_typed_and_saves_both(client, bob):
    client.force_login(bob)
    typed = form_data(first_name="Maria", last_name="Lopez",
                      **{"emails-0-email": "maria@lopez.test", "emails-0-label": "home"})  # fmt: skip
    response = client.post(reverse("clients:contact_create"), {**typed, "_add": "emails"})
    assert response.status_code == 200
    assert not Contact.objects.exists()  # nothing saved yet
    emails = response.context["formsets"]["emails"]
    assert len(emails.forms) == 2
    html = response.content.decode()
    assert 'value="maria@lopez.test"' in html
    assert 'name="emails-1-email"' in html
    assert 'name="emails-TOTAL_FORMS" value="2"' in html
    assert 'value="Lopez"' in html
    assert "field-error" not in html  # the form is not judged yet
    # The other formsets keep one row each.
    assert len(response.context["formsets"]["phones"].forms) == 1
    response = client.post(
        reverse("clients:contact_create"),
        {**typed, "emails-TOTAL_FORMS": "2", "emails-1-email": "m.lopez@work.test",
         "emails-1-label": "work"},
    )  # fmt: skip
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert sorted(contact.emails.values_list("email", flat=True)) == [
        "m.lopez@work.test",
        "maria@lopez.test",
    ]


@pytest.mark.parametrize("prefix", ["phones", "aliases", "addresses"])
def test_every_detail_has_an_add_another_button_and_template_row(client, bob, prefix):
    client.force_login(bob)
    html = client.get(reverse("clients:contact_create")).content.decode()
    assert f'name="_add" value="{prefix}"' in html
    assert f'<template id="{prefix}-empty-form">' in html
    assert f'name="{prefix}-__prefix__-' in html
    response = client.post(reverse("clients:contact_create"), {**form_data(), "_add": prefix})
    assert len(response.context["formsets"][prefix].forms) == 2


def test_add_another_ignores_a_malformed_count(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("clients:contact_create"),
        {**form_data(), "emails-TOTAL_FORMS": "9" * 40, "_add": "emails"},
    )
    assert response.status_code == 200
    assert not Contact.objects.exists()
