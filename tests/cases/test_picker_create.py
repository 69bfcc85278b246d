"""A contact picker that finds nothing offers to create the contact in place
(cases:contact_picker_create, through clients.services with the near-duplicate
check), so nobody leaves the matter to add a party."""

import pytest
from django.urls import reverse

from casemgr.models import AuditEvent
from clients.models import Contact
from tests.factories import UserFactory, new_contact, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], title="Harper v. Northwind")


def search(client, query, *, field="contact", scope=""):
    params = {"field": field, "scope": scope, f"{field}_q": query}
    return client.get(reverse("cases:contact_picker"), params, headers={"HX-Request": "true"})


def create(client, *, field="contact", scope="", **data):
    url = reverse("cases:contact_picker_create") + f"?field={field}&scope={scope}"
    body = {f"{field}_new-{key}": value for key, value in data.items()}
    return client.post(url, body, headers={"HX-Request": "true"})


def test_an_empty_search_offers_a_create_form_filled_from_the_search(client, bob):
    client.force_login(bob)
    html = search(client, "Maria Lopez").content.decode()
    assert "Nothing matches “Maria Lopez”" in html
    assert 'name="contact_new-first_name"' in html
    assert 'value="Maria"' in html
    assert 'value="Lopez"' in html
    assert 'hx-post="/matters/contact-picker/create/?field=contact&amp;scope="' in html
    # Only the create form's own fields are sent, never the outer form's token.
    assert 'hx-params="contact_new-kind,contact_new-first_name,contact_new-last_name,' in html


def test_a_search_that_finds_someone_offers_no_create_form(client, bob):
    new_contact(actor=bob, first_name="Maria", last_name="Lopez")
    client.force_login(bob)
    html = search(client, "Maria Lopez").content.decode()
    assert "contact_new-" not in html


def test_a_client_picker_never_offers_to_create(client, bob):
    client.force_login(bob)
    html = search(client, "Nobody Atall", field="client", scope="clients").content.decode()
    assert "client_new-" not in html


def test_creating_from_the_picker_chooses_the_new_contact_and_audits_it(client, bob):
    client.force_login(bob)
    response = create(client, kind="person", first_name="Maria", last_name="Lopez",
                      email="maria@lopez.test")  # fmt: skip
    assert response.status_code == 200
    contact = Contact.objects.get()
    assert contact.display_name == "Maria Lopez"
    assert contact.emails.get().email == "maria@lopez.test"
    html = response.content.decode()
    assert f'<input type="radio" name="contact" value="{contact.pk}" checked>' in html
    assert "Created Maria Lopez and chose it." in html
    assert AuditEvent.objects.filter(
        object_type="clients.contact", object_id=str(contact.pk), action="create"
    ).exists()


def test_the_new_contact_is_then_added_as_a_party_to_the_matter(client, bob, matter):
    client.force_login(bob)
    create(client, kind="organization", organization_name="Northwind Foods")
    northwind = Contact.objects.get(organization_name="Northwind Foods")
    client.post(
        reverse("cases:matter_parties", args=[matter.pk]),
        {"contact": northwind.pk, "role": "opposing_party"},
    )
    assert matter.parties.filter(contact=northwind, role="opposing_party").exists()


def test_a_near_duplicate_is_shown_first_and_created_only_when_confirmed(client, bob):
    existing = new_contact(actor=bob, first_name="Maria", last_name="Lopes")
    client.force_login(bob)
    response = create(client, kind="person", first_name="Maria", last_name="Lopez")
    html = response.content.decode()
    assert Contact.objects.count() == 1
    assert "look similar" in html
    assert f'<input type="radio" name="contact" value="{existing.pk}">' in html
    assert "Create anyway" in html
    assert f'name="contact_new-confirm" value="{existing.pk}"' in html
    response = create(client, kind="person", first_name="Maria", last_name="Lopez",
                      confirm=str(existing.pk))  # fmt: skip
    assert Contact.objects.count() == 2
    assert "Created Maria Lopez and chose it." in response.content.decode()


def test_a_person_without_a_last_name_gets_the_message_next_to_the_field(client, bob):
    client.force_login(bob)
    response = create(client, kind="person", first_name="Cher", last_name="")
    assert "A person needs a last name." in response.content.decode()
    assert not Contact.objects.exists()


def test_an_organizations_picker_creates_organizations_only(client, bob):
    client.force_login(bob)
    create(client, field="organization", scope="organizations", kind="person",
           first_name="Wile", last_name="Coyote")  # fmt: skip
    assert not Contact.objects.exists()
    create(client, field="organization", scope="organizations", kind="organization",
           organization_name="Acme Corporation")  # fmt: skip
    assert Contact.objects.get().kind == "organization"


def test_someone_who_may_not_add_contacts_is_told_so(client):
    auditor = UserFactory(role="Auditor")
    client.force_login(auditor)
    response = create(client, kind="person", first_name="Maria", last_name="Lopez")
    assert response.status_code == 200
    assert "You may not add contacts" in response.content.decode()
    assert not Contact.objects.exists()


def test_charlie_creates_a_contact_but_learns_nothing_of_matters(client, charlie, matter):
    """Contacts are firm-wide: charlie may create one; the answer names no matter."""
    client.force_login(charlie)
    response = create(client, kind="person", first_name="Ada", last_name="Byron")
    assert Contact.objects.filter(last_name="Byron").exists()
    assert matter.number not in response.content.decode()


def test_an_unknown_scope_is_a_404(client, bob):
    client.force_login(bob)
    assert create(client, scope="clients", kind="person", last_name="X").status_code == 404
    assert create(client, field="a b", kind="person", last_name="X").status_code == 404


def test_the_picker_on_the_parties_tab_offers_create_without_javascript(client, bob, matter):
    client.force_login(bob)
    response = client.post(
        reverse("cases:matter_parties", args=[matter.pk]),
        {"contact_q": "Zebulon Quark", "_search": "contact", "role": "witness"},
    )
    html = response.content.decode()
    assert 'name="contact_new-last_name"' in html
    assert 'value="Quark"' in html
