"""The intake conflict check: fuzzy over names and aliases, ranked, one door, audited."""

import pytest
from django.urls import reverse

from casemgr.models import AuditEvent
from cases import services as case_services
from clients import selectors
from tests.factories import new_contact, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def smiths(bob):
    return {
        "exact": new_contact(actor=bob, first_name="John", last_name="Smith"),
        "fuzzy": new_contact(actor=bob, first_name="Jon", last_name="Smyth"),
        "other": new_contact(actor=bob, first_name="Priya", last_name="Raman"),
    }


def test_the_check_finds_jon_smyth_for_john_smith_and_ranks_the_exact_name_first(bob, smiths):
    matches = selectors.conflict_check(user=bob, name="John Smith")
    assert [m.contact for m in matches] == [smiths["exact"], smiths["fuzzy"]]
    assert matches[0].exact
    assert not matches[1].exact


def test_the_check_searches_aliases_and_former_names(bob):
    renamed = new_contact(
        actor=bob, first_name="Maria", last_name="Lopez",
        aliases=[{"name": "Maria Garcia", "kind": "former"}],
    )  # fmt: skip
    [match] = selectors.conflict_check(user=bob, name="Maria Garcia")
    assert match.contact == renamed
    assert (match.matched_name, match.via_alias, match.exact) == (
        "Maria Garcia",
        "Former name",
        True,
    )


def test_a_short_name_finds_the_longer_organization_name(bob):
    acme = new_contact(
        actor=bob, kind="organization", organization_name="Acme Corporation of Delaware"
    )
    assert [m.contact for m in selectors.conflict_check(user=bob, name="Acme")] == [acme]


def test_the_page_lists_roles_only_in_matters_the_user_may_see(client, alice, bob, charlie, smiths):
    visible = open_matter(
        actor=alice, client=smiths["exact"], title="Smith estate", team=[(charlie, "paralegal")]
    )
    hidden = open_matter(
        actor=alice, client=new_contact(actor=alice, last_name="Walled"), title="Secret deal"
    )
    case_services.party_add(
        actor=alice, matter=hidden, contact=smiths["fuzzy"], role="opposing_party"
    )
    client.force_login(charlie)
    response = client.get(reverse("clients:conflict_check"), {"name": "John Smith"})
    body = response.content.decode()
    assert [m.contact for m in response.context["matches"]] == [smiths["exact"], smiths["fuzzy"]]
    assert visible.number in body
    assert "Smith estate" in body
    assert hidden.number not in body
    assert "Secret deal" not in body
    assert "Opposing party" not in body
    assert response.context["matches"][1].roles == []


def test_a_firm_admin_sees_every_role_except_behind_a_wall(dana, alice, bob, smiths):
    matter = open_matter(actor=alice, client=smiths["exact"])
    assert [p.matter for p in selectors.conflict_check(user=dana, name="John Smith")[0].roles] == [
        matter
    ]
    case_services.wall_create(
        actor=dana, name="Screen", reason="r", notice="n", matter=matter, users=[dana]
    )
    assert selectors.conflict_check(user=dana, name="John Smith")[0].roles == []


def test_each_conflict_search_is_recorded_in_the_audit_trail(client, bob, smiths):
    client.force_login(bob)
    client.get(reverse("clients:conflict_check"), {"name": "  John   Smith "})
    event = AuditEvent.objects.get(object_type="clients.conflict_check")
    assert (event.action, event.actor_id, event.object_repr) == ("view", bob.pk, "John Smith")
    assert "John Smith" in event.summary
    assert event.changes["contact_ids"] == [smiths["exact"].pk, smiths["fuzzy"].pk]


def test_opening_the_page_without_a_name_records_nothing(client, bob):
    client.force_login(bob)
    response = client.get(reverse("clients:conflict_check"))
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(object_type="clients.conflict_check").exists()


def test_no_match_says_so(client, bob, smiths):
    client.force_login(bob)
    response = client.get(reverse("clients:conflict_check"), {"name": "Xavier Quong"})
    assert b"No contact resembles" in response.content


def test_htmx_gets_only_the_results(client, bob, smiths):
    client.force_login(bob)
    response = client.get(
        reverse("clients:conflict_check"), {"name": "John Smith"}, HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in response.content
    assert b"John Smith" in response.content


def test_the_check_is_one_query_for_names_whatever_the_number_of_matches(
    bob, alice, django_assert_max_num_queries
):
    for i in range(20):
        contact = new_contact(actor=bob, first_name="John", last_name=f"Smith{i}")
        open_matter(actor=alice, client=contact, team=[(bob, "paralegal")])
    with django_assert_max_num_queries(7):
        matches = selectors.conflict_check(user=bob, name="John Smith")
    assert len(matches) == 20
    assert all(len(m.roles) == 1 for m in matches)
