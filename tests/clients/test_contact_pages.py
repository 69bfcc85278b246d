"""The contact list and the contact page: search, filters, sorting, paging,
query counts, and only the matters the viewer may see."""

import pytest
from django.urls import reverse

from tests.factories import new_contact, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def maria(bob):
    return new_contact(
        actor=bob, first_name="Maria", last_name="Lopez", client_status="active",
        emails=["maria@lopez.test"], phones=["(415) 555-0100"],
        aliases=[{"name": "Maria Garcia", "kind": "former"}],
    )  # fmt: skip


@pytest.fixture
def acme(bob):
    return new_contact(actor=bob, kind="organization", organization_name="Acme Corporation")


def names(response):
    return [c.display_name for c in response.context["contacts"]]


def test_the_list_finds_a_contact_by_former_name(client, bob, maria, acme):
    client.force_login(bob)
    response = client.get(reverse("clients:contact_list"), {"q": "garcia"})
    assert names(response) == ["Maria Lopez"]


def test_the_list_finds_a_contact_by_email(client, bob, maria, acme):
    client.force_login(bob)
    assert names(client.get(reverse("clients:contact_list"), {"q": "maria@lopez"})) == [
        "Maria Lopez"
    ]


def test_the_list_finds_a_phone_whatever_its_formatting(client, bob, maria, acme):
    client.force_login(bob)
    for typed in ("415.555.0100", "415-555", "5550100"):
        assert names(client.get(reverse("clients:contact_list"), {"q": typed})) == ["Maria Lopez"]


def test_the_list_filters_by_client_status(client, bob, maria, acme):
    client.force_login(bob)
    url = reverse("clients:contact_list")
    assert names(client.get(url, {"client_status": "active"})) == ["Maria Lopez"]
    assert names(client.get(url, {"client_status": "none"})) == ["Acme Corporation"]


def test_the_role_filter_counts_only_matters_the_user_can_see(
    client, alice, bob, charlie, maria, acme
):
    matter = open_matter(actor=alice, client=maria, team=[(bob, "paralegal")])
    from cases import services

    services.party_add(actor=alice, matter=matter, contact=acme, role="opposing_party")
    url = reverse("clients:contact_list")
    client.force_login(bob)
    assert names(client.get(url, {"role": "opposing_party"})) == ["Acme Corporation"]
    client.force_login(charlie)
    response = client.get(url, {"role": "opposing_party"})
    assert names(response) == []
    assert b"No contacts match these filters" in response.content


def test_the_list_sorts_by_name_or_by_recently_added(client, bob, maria, acme):
    new_contact(actor=bob, first_name="Zed", last_name="Adams")
    client.force_login(bob)
    url = reverse("clients:contact_list")
    assert names(client.get(url)) == ["Acme Corporation", "Zed Adams", "Maria Lopez"]
    recent = names(client.get(url, {"sort": "recent"}))
    assert recent == ["Zed Adams", "Acme Corporation", "Maria Lopez"]


def test_the_list_pages_by_fifty_in_a_constant_number_of_queries(
    client, bob, django_assert_max_num_queries
):
    for i in range(55):
        new_contact(
            actor=bob, last_name=f"Person{i:02d}", emails=[f"p{i}@x.test"], phones=["555 0100"]
        )
    client.force_login(bob)
    url = reverse("clients:contact_list")
    with django_assert_max_num_queries(10):
        first = client.get(url)
    assert len(first.context["contacts"]) == 50
    with django_assert_max_num_queries(10):
        second = client.get(url, {"page": 2})
    assert len(second.context["contacts"]) == 5
    assert b"Page 2 of 2" in second.content


def test_an_empty_list_says_so(client, bob):
    client.force_login(bob)
    assert b"There are no contacts yet" in client.get(reverse("clients:contact_list")).content


def test_the_contact_page_shows_names_details_and_matters(client, alice, bob, maria):
    matter = open_matter(
        actor=alice, client=maria, title="Lopez v. Landlord", team=[(bob, "paralegal")]
    )
    client.force_login(bob)
    response = client.get(reverse("clients:contact_detail", args=[maria.pk]))
    body = response.content.decode()
    for text in (
        "Maria Lopez",
        "Maria Garcia",
        "Former name",
        "maria@lopez.test",
        "(415) 555-0100",
    ):
        assert text in body
    assert matter.number in body
    assert "Lopez v. Landlord" in body


def test_charlie_sees_the_contact_but_none_of_its_matters(client, alice, charlie, maria):
    matter = open_matter(actor=alice, client=maria, title="Lopez v. Landlord")
    client.force_login(charlie)
    response = client.get(reverse("clients:contact_detail", args=[maria.pk]))
    assert response.status_code == 200
    assert response.context["roles"] == []
    assert matter.number not in response.content.decode()
    assert "Lopez v. Landlord" not in response.content.decode()


def test_an_organization_page_lists_its_people(client, bob, acme):
    new_contact(
        actor=bob, first_name="Wile", last_name="Coyote", organization=acme, job_title="Buyer"
    )
    client.force_login(bob)
    body = client.get(reverse("clients:contact_detail", args=[acme.pk])).content.decode()
    assert "Coyote, Wile" in body
    assert "Buyer" in body


def test_a_missing_contact_is_a_404(client, bob):
    client.force_login(bob)
    assert client.get(reverse("clients:contact_detail", args=[999_999])).status_code == 404


def test_the_contact_page_uses_a_fixed_number_of_queries(
    client, alice, bob, maria, django_assert_max_num_queries
):
    for i in range(3):
        open_matter(actor=alice, client=maria, title=f"Matter {i}", team=[(bob, "paralegal")])
    client.force_login(bob)
    with django_assert_max_num_queries(15):
        client.get(reverse("clients:contact_detail", args=[maria.pk]))


def test_the_pages_need_a_sign_in(client, maria):
    response = client.get(reverse("clients:contact_detail", args=[maria.pk]))
    assert response.status_code == 302


def _status_options(html):
    import re

    select = html[html.index('name="client_status"') : html.index("</select>")]
    return re.findall(r'<option value="([^"]*)"( selected)?>', select)


def test_the_status_select_offers_and_preselects_the_current_status(client, bob, maria):
    client.force_login(bob)
    html = client.get(reverse("clients:contact_detail", args=[maria.pk])).content.decode()
    options = _status_options(html)
    assert [value for value, _ in options] == ["", "prospect", "active", "former"]
    assert [value for value, selected in options if selected] == ["active"]


def test_pressing_change_without_choosing_keeps_the_status(client, bob, maria):
    from casemgr.models import AuditEvent

    client.force_login(bob)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("clients:contact_change_status", args=[maria.pk]),
        {"client_status": "active"},
        follow=True,
    )
    maria.refresh_from_db()
    assert maria.client_status == "active"
    assert "still: Active client; nothing changed" in response.content.decode()
    assert AuditEvent.objects.count() == before


def test_changing_the_status_says_the_new_one(client, bob, maria):
    client.force_login(bob)
    response = client.post(
        reverse("clients:contact_change_status", args=[maria.pk]),
        {"client_status": "former"},
        follow=True,
    )
    maria.refresh_from_db()
    assert maria.client_status == "former"
    assert "Maria Lopez is now: Former client." in response.content.decode()
