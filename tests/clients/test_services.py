"""Writing contacts: validation, detail sets, and the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casemgr.models import AuditEvent
from clients import services
from clients.models import Contact
from tests.factories import UserFactory, new_contact

pytestmark = pytest.mark.django_db


def test_creating_a_person_with_details_is_audited(bob):
    contact = new_contact(
        actor=bob, first_name="Maria", last_name="Lopez",
        emails=["Maria.Lopez@Example.com", {"email": "m@home.test", "label": "home"}],
        phones=["(415) 555-0100"], aliases=[{"name": "Maria Garcia", "kind": "former"}],
        addresses=[{"street": "1 Main St", "city": "Oakland", "region": "CA", "postal_code": "94607"}],
    )  # fmt: skip
    assert contact.display_name == "Maria Lopez"
    assert [e.email for e in contact.emails.all()] == ["maria.lopez@example.com", "m@home.test"]
    assert contact.emails.first().is_primary
    assert contact.phones.get().digits == "4155550100"
    assert contact.aliases.get().get_kind_display() == "Former name"
    assert contact.addresses.get().city == "Oakland"
    event = AuditEvent.objects.get(object_type="clients.contact", object_id=str(contact.pk))
    assert (event.action, event.actor_id) == ("create", bob.pk)


def test_a_person_needs_a_last_name_and_an_organization_its_name(bob):
    with pytest.raises(ValidationError) as person:
        services.contact_create(actor=bob, first_name="Cher")
    assert person.value.message_dict == {"last_name": ["A person needs a last name."]}
    with pytest.raises(ValidationError) as org:
        services.contact_create(actor=bob, kind="organization", organization_name="  ")
    assert org.value.message_dict == {"organization_name": ["An organization needs its name."]}
    assert not Contact.objects.exists()


def test_an_invalid_email_saves_nothing(bob):
    with pytest.raises(ValidationError) as exc:
        new_contact(actor=bob, last_name="Lopez", emails=["not-an-email"])
    assert "emails" in exc.value.message_dict
    assert not Contact.objects.exists()


def test_a_person_cannot_work_for_another_person(bob):
    person = new_contact(actor=bob, last_name="Lopez")
    with pytest.raises(ValidationError) as exc:
        new_contact(actor=bob, last_name="Kim", organization=person)
    assert "organization" in exc.value.message_dict


def test_a_change_of_client_status_is_audited_with_both_statuses(bob):
    contact = new_contact(actor=bob, last_name="Lopez", client_status="prospect")
    services.contact_change_status(actor=bob, contact=contact, client_status="active")
    services.contact_change_status(actor=bob, contact=contact, client_status="former")
    summaries = list(
        AuditEvent.objects.filter(object_id=str(contact.pk), action="change")
        .order_by("id")
        .values_list("summary", flat=True)
    )
    assert summaries == [
        "changed client status from Prospect to Active client",
        "changed client status from Active client to Former client",
    ]


def test_setting_emails_adds_changes_and_removes_in_one_audit_line(bob):
    contact = new_contact(actor=bob, last_name="Lopez", emails=["a@x.test", "b@x.test"])
    a, b = contact.emails.order_by("id")
    services.contact_emails_set(
        actor=bob, contact=contact,
        emails=[{"id": a.pk, "email": "a2@x.test"}, {"email": "c@x.test"}],
    )  # fmt: skip
    assert sorted(contact.emails.values_list("email", flat=True)) == ["a2@x.test", "c@x.test"]
    event = AuditEvent.objects.filter(object_id=str(contact.pk), action="change").get()
    assert event.summary == (
        "added contact email c@x.test; changed contact email a2@x.test; "
        "removed contact email b@x.test"
    )
    assert event.changes["emails"]["removed"] == ["b@x.test"]


def test_another_contacts_email_cannot_be_edited_through_this_one(bob):
    one = new_contact(actor=bob, last_name="One", emails=["one@x.test"])
    two = new_contact(actor=bob, last_name="Two")
    with pytest.raises(ValidationError):
        services.contact_emails_set(
            actor=bob, contact=two, emails=[{"id": one.emails.get().pk, "email": "x@x.test"}]
        )
    assert one.emails.get().email == "one@x.test"


def test_someone_without_the_contact_permission_may_not_create_one(db):
    auditor = UserFactory(role="Auditor")
    with pytest.raises(PermissionDenied):
        services.contact_create(actor=auditor, last_name="Lopez")
