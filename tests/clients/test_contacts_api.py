"""/api/contacts/: the same selectors and services as the pages."""

import pytest
from django.urls import reverse

from casemgr.models import AuditEvent
from clients.models import Contact
from tests.factories import UserFactory, new_contact, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(bob):
    return new_contact(
        actor=bob, first_name="Maria", last_name="Lopez", client_status="active",
        emails=["maria@lopez.test"], phones=["(415) 555-0100"], aliases=["Mia Garcia"],
    )  # fmt: skip


def test_the_list_searches_by_alias_and_phone_digits(client, bob, maria):
    new_contact(actor=bob, last_name="Other")
    client.force_login(bob)
    url = reverse("contact-list")
    for q in ("garcia", "415-555-0100"):
        data = client.get(url, {"q": q}).json()
        assert [c["display_name"] for c in data["results"]] == ["Maria Lopez"]
    assert data["results"][0]["primary_email"] == "maria@lopez.test"


def test_the_list_filters_by_client_status(client, bob, maria):
    new_contact(actor=bob, last_name="Prospective", client_status="prospect")
    client.force_login(bob)
    data = client.get(reverse("contact-list"), {"client_status": "prospect"}).json()
    assert [c["last_name"] for c in data["results"]] == ["Prospective"]


def test_the_detail_lists_only_visible_matter_roles(client, alice, bob, charlie, maria):
    matter = open_matter(actor=alice, client=maria, team=[(bob, "paralegal")])
    url = reverse("contact-detail", args=[maria.pk])
    client.force_login(bob)
    data = client.get(url).json()
    assert [r["matter_number"] for r in data["matter_roles"]] == [matter.number]
    assert data["aliases"][0]["name"] == "Mia Garcia"
    client.force_login(charlie)
    assert client.get(url).json()["matter_roles"] == []


def test_a_missing_contact_is_a_404(client, charlie):
    client.force_login(charlie)
    assert client.get(reverse("contact-detail", args=[999_999])).status_code == 404


def test_creating_goes_through_the_service_and_is_audited(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("contact-list"),
        {"first_name": "Tom", "last_name": "Okafor", "emails": [{"email": "tom@okafor.test"}],
         "phones": [{"number": "510 555 0199"}], "client_status": "prospect"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.emails.get().is_primary
    assert contact.phones.get().digits == "5105550199"
    assert AuditEvent.objects.filter(object_id=str(contact.pk), action="create").exists()


def test_a_person_without_a_last_name_is_a_structured_400(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("contact-list"), {"first_name": "Cher"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"last_name": ["A person needs a last name."]}


def test_a_likely_duplicate_is_a_409_until_saved_anyway(client, bob, maria):
    client.force_login(bob)
    body = {"first_name": "Mariah", "last_name": "Lopez"}
    warned = client.post(reverse("contact-list"), body, content_type="application/json")
    assert warned.status_code == 409
    assert [d["id"] for d in warned.json()["duplicates"]] == [maria.pk]
    assert Contact.objects.count() == 1
    saved = client.post(
        reverse("contact-list"), {**body, "save_anyway": True}, content_type="application/json"
    )
    assert saved.status_code == 201


def test_updating_changes_the_status_and_replaces_the_aliases(client, bob, maria):
    client.force_login(bob)
    response = client.patch(
        reverse("contact-detail", args=[maria.pk]),
        {"client_status": "former", "aliases": [{"name": "Maria L.", "kind": "alias"}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["client_status"] == "former"
    assert [a["name"] for a in response.json()["aliases"]] == ["Maria L."]
    assert AuditEvent.objects.filter(
        object_id=str(maria.pk), summary="changed client status from Active client to Former client"
    ).exists()


def test_the_api_conflict_check_hides_invisible_matters_and_is_audited(
    client, alice, charlie, maria
):
    open_matter(actor=alice, client=maria)
    client.force_login(charlie)
    data = client.get(reverse("contact-conflict-check"), {"name": "Maria Lopez"}).json()
    [hit] = data["names"][0]["hits"]
    assert (hit["contact_id"], hit["roles"], hit["hidden_matters"]) == (maria.pk, [], 1)
    assert AuditEvent.objects.filter(
        object_type="clients.conflict_check", actor_id=charlie.pk
    ).exists()


def test_the_list_uses_a_constant_number_of_queries(client, bob, django_assert_max_num_queries):
    for i in range(30):
        new_contact(actor=bob, last_name=f"P{i}", emails=[f"p{i}@x.test"])
    client.force_login(bob)
    with django_assert_max_num_queries(10):
        assert len(client.get(reverse("contact-list")).json()["results"]) == 30


def test_someone_without_contact_access_sees_no_contacts(client, bob, maria):
    auditor = UserFactory(role="Auditor")
    client.force_login(auditor)
    assert client.get(reverse("contact-list")).json()["results"] == []
    assert client.get(reverse("contact-detail", args=[maria.pk])).status_code == 404


def test_renaming_through_the_api_passes_the_same_near_duplicate_gate_as_the_page(
    client, bob, maria
):
    """The rule lives in clients.services: a rename into a likely duplicate is
    refused with 409 (as a create is) until the caller says save_anyway."""
    other = new_contact(actor=bob, first_name="Marla", last_name="Jones")
    client.force_login(bob)
    url = reverse("contact-detail", args=[other.pk])
    refused = client.patch(
        url, {"first_name": "Maria", "last_name": "Lopez"}, content_type="application/json"
    )
    assert refused.status_code == 409
    assert [d["id"] for d in refused.json()["duplicates"]] == [maria.pk]
    other.refresh_from_db()
    assert other.display_name == "Marla Jones"
    saved = client.patch(
        url,
        {"first_name": "Maria", "last_name": "Lopez", "save_anyway": True},
        content_type="application/json",
    )
    assert saved.status_code == 200
    assert saved.json()["display_name"] == "Maria Lopez"
