"""The conflict check: many names at once, fuzzy over every name, alias and former
name (accents, case, punctuation and corporate suffixes folded), each hit with its
roles and the conflict it makes; matters the checker cannot see are counted, never
named, and shown in full to conflicts reviewers."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from casemgr.models import AuditEvent
from cases import services as case_services
from clients import conflicts
from clients import services as client_services
from clients.conflicts import CheckName, Level
from clients.models import NameCapacity
from tests.factories import UserFactory, new_contact, open_matter

pytestmark = pytest.mark.django_db


def hits(user, name, capacity=NameCapacity.PROSPECT):
    report = conflicts.report_for(user, conflicts.conflict_search([CheckName(name, capacity)]))
    return report["names"][0]["hits"]


def found(user, name, capacity=NameCapacity.PROSPECT):
    return [h["display_name"] for h in hits(user, name, capacity)]


@pytest.fixture
def smiths(bob):
    return {
        "exact": new_contact(actor=bob, first_name="John", last_name="Smith"),
        "fuzzy": new_contact(actor=bob, first_name="Jon", last_name="Smyth"),
        "other": new_contact(actor=bob, first_name="Priya", last_name="Raman"),
    }


# --- Finding names -------------------------------------------------------------------


def test_the_check_finds_jon_smyth_for_john_smith_and_ranks_the_exact_name_first(bob, smiths):
    rows = hits(bob, "John Smith")
    assert [h["contact_id"] for h in rows] == [smiths["exact"].pk, smiths["fuzzy"].pk]
    assert rows[0]["exact"]
    assert not rows[1]["exact"]


def test_corporate_suffixes_case_and_punctuation_are_ignored(bob):
    new_contact(actor=bob, kind="organization", organization_name="ACME Corporation")
    rows = hits(bob, "Acme Corp.")
    assert [h["display_name"] for h in rows] == ["ACME Corporation"]
    assert rows[0]["exact"]
    assert found(bob, "acme, inc") == ["ACME Corporation"]
    assert found(bob, "The Acme Co. L.L.C.") == ["ACME Corporation"]


def test_accents_are_folded_both_ways(bob):
    new_contact(actor=bob, first_name="José", last_name="Núñez")
    new_contact(actor=bob, first_name="Bjorn", last_name="Odegard")
    assert found(bob, "Jose Nunez") == ["José Núñez"]
    assert found(bob, "JOSÉ NÚÑEZ") == ["José Núñez"]
    assert found(bob, "Bjørn Ødegård") == ["Bjorn Odegard"]


def test_the_check_searches_aliases_and_former_names(bob):
    renamed = new_contact(
        actor=bob, first_name="Maria", last_name="Lopez",
        aliases=[{"name": "Maria Garcia", "kind": "former"}, {"name": "Mimi Lopez", "kind": "alias"}],
    )  # fmt: skip
    [former] = hits(bob, "Maria Garcia")
    assert (former["contact_id"], former["matched_name"], former["matched_on"], former["exact"]) == (
        renamed.pk, "Maria Garcia", "Former name", True,
    )  # fmt: skip
    [alias] = hits(bob, "Mimi Lopez")
    assert (alias["contact_id"], alias["matched_on"]) == (renamed.pk, "Also known as")


def test_a_short_name_finds_the_longer_organization_name(bob):
    new_contact(actor=bob, kind="organization", organization_name="Acme Corporation of Delaware")
    assert found(bob, "Acme") == ["Acme Corporation of Delaware"]


def test_opposing_counsel_is_found_with_the_role(alice):
    counsel = new_contact(actor=alice, first_name="Helen", last_name="Park")
    matter = open_matter(actor=alice, title="Doe v. Roe")
    case_services.party_add(actor=alice, matter=matter, contact=counsel, role="opposing_counsel")
    [hit] = hits(alice, "Helen Parks", NameCapacity.ADVERSE_COUNSEL)
    assert hit["contact_id"] == counsel.pk
    assert [(r["role"], r["number"]) for r in hit["roles"]] == [("opposing_counsel", matter.number)]


def test_many_names_are_checked_at_once_each_with_its_own_hits(bob, smiths):
    new_contact(actor=bob, kind="organization", organization_name="Okafor Industries")
    report = conflicts.conflict_search(
        [
            CheckName("John Smith"),
            CheckName("Okafor Industries Ltd.", NameCapacity.ADVERSE),
            CheckName("Nobody Atall", NameCapacity.ADVERSE_COUNSEL),
        ]
    )
    assert [(n["name"], len(n["hits"])) for n in report["names"]] == [
        ("John Smith", 2), ("Okafor Industries Ltd.", 1), ("Nobody Atall", 0),
    ]  # fmt: skip


# --- Flagging conflicts ------------------------------------------------------------


def test_a_current_client_adverse_here_is_a_direct_conflict(alice):
    client = new_contact(actor=alice, kind="organization", organization_name="Okafor Industries")
    open_matter(actor=alice, client=client)
    [hit] = hits(alice, "Okafor Industries", NameCapacity.ADVERSE)
    assert hit["level"] == Level.DIRECT
    assert hit["roles"][0]["why"] == "our client in an open matter, adverse here"
    # the same name as our own prospect is no conflict, just a returning client
    [hit] = hits(alice, "Okafor Industries", NameCapacity.PROSPECT)
    assert hit["level"] == Level.REVIEW


def test_a_former_client_adverse_here_is_a_rule_1_9_conflict(alice):
    client = new_contact(actor=alice, first_name="Ada", last_name="Byrne")
    matter = open_matter(actor=alice, client=client)
    case_services.matter_close(
        actor=alice, matter=matter, expected_version=matter.version, outcome="settled"
    )
    client_services.contact_change_status(actor=alice, contact=client, client_status="former")
    [hit] = hits(alice, "Ada Byrne", NameCapacity.ADVERSE)
    assert hit["level"] == Level.FORMER_CLIENT
    assert hit["status_why"] == "a former client, adverse here"
    assert (
        conflicts.report_for(
            alice, conflicts.conflict_search([CheckName("Ada Byrne", NameCapacity.ADVERSE)])
        )["former_client"]
        == 1
    )


def test_a_prospect_we_are_suing_for_another_client_is_a_direct_conflict(alice):
    target = new_contact(actor=alice, kind="organization", organization_name="Vance Holdings")
    matter = open_matter(actor=alice)
    case_services.party_add(actor=alice, matter=matter, contact=target, role="opposing_party")
    [hit] = hits(alice, "Vance Holdings Inc", NameCapacity.PROSPECT)
    assert hit["level"] == Level.DIRECT


# --- Matters the checker cannot see ---------------------------------------------------


@pytest.fixture
def okafor(alice, charlie):
    """Okafor Industries, an active client in a matter charlie is not on."""
    okafor = new_contact(actor=alice, kind="organization", organization_name="Okafor Industries")
    matter = open_matter(actor=alice, client=okafor, title="Okafor supply dispute")
    return okafor, matter


def test_a_paralegal_is_told_of_a_hit_in_a_matter_she_cannot_see_without_naming_it(
    client, charlie, okafor
):
    contact, matter = okafor
    client.force_login(charlie)
    response = client.get(
        reverse("clients:conflict_check"), {"name": "", "adverse": "Okafor Industries"}
    )
    body = response.content.decode()
    report = response.context["report"]
    [hit] = report["names"][0]["hits"]
    assert hit["roles"] == []
    assert hit["hidden"][0]["role"] == "client"
    assert hit["hidden"][0]["matters"] == 1
    assert hit["level"] == Level.DIRECT
    assert report["hidden_matters"] == 1
    assert "A match exists in 1 matter you cannot see" in body
    assert "Client</span> in 1 matter you cannot see" in body
    for secret in (matter.number, matter.title, reverse("cases:matter_detail", args=[matter.pk])):
        assert secret not in body


def test_the_api_reports_the_hidden_hit_without_the_matter(client, charlie, okafor):
    contact, matter = okafor
    client.force_login(charlie)
    response = client.get(reverse("contact-conflict-check"), {"adverse": "Okafor Industries"})
    assert response.status_code == 200
    body = response.content.decode()
    data = json.loads(body)
    hit = data["names"][0]["hits"][0]
    assert (hit["roles"], hit["hidden_matters"], data["hidden_matters"]) == ([], 1, 1)
    assert hit["hidden"][0]["role_label"] == "Client"
    assert matter.number not in body
    assert matter.title not in body
    assert f'"matter_id": {matter.pk}' not in body.replace('":', '": ')


def test_a_firm_admin_reviewer_sees_the_full_report(dana, okafor):
    contact, matter = okafor
    [hit] = hits(dana, "Okafor Industries")
    assert [(r["number"], r["role"], r["can_open"]) for r in hit["roles"]] == [
        (matter.number, "client", True)
    ]
    assert hit["hidden"] == []


def test_a_non_admin_reviewer_sees_the_matter_in_the_report_but_may_not_open_it(okafor):
    contact, matter = okafor
    reviewer = UserFactory(role="Paralegal")
    reviewer.user_permissions.add(Permission.objects.get(codename="review_conflicts"))
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)  # fresh permission cache
    [hit] = hits(reviewer, "Okafor Industries")
    assert [(r["number"], r["title"], r["can_open"]) for r in hit["roles"]] == [
        (matter.number, matter.title, False)
    ]


def test_a_reviewer_screened_by_a_wall_gets_the_hidden_form(dana, okafor):
    contact, matter = okafor
    case_services.wall_create(
        actor=dana, name="Screen", reason="r", notice="n", matter=matter, users=[dana]
    )
    [hit] = hits(dana, "Okafor Industries")
    assert hit["roles"] == []
    assert hit["hidden_matters"] == 1


def test_the_page_links_only_matters_the_user_may_open(client, alice, charlie, smiths):
    visible = open_matter(
        actor=alice, client=smiths["exact"], title="Smith estate", team=[(charlie, "paralegal")]
    )
    client.force_login(charlie)
    body = client.get(reverse("clients:conflict_check"), {"name": "John Smith"}).content.decode()
    assert reverse("cases:matter_detail", args=[visible.pk]) in body
    assert "Smith estate" in body


# --- Audit, form, queries ----------------------------------------------------------------


def test_each_conflict_search_is_recorded_in_the_audit_trail(client, bob, smiths):
    client.force_login(bob)
    client.get(reverse("clients:conflict_check"), {"name": "  John   Smith ", "adverse": "Raman"})
    event = AuditEvent.objects.get(object_type="clients.conflict_check")
    assert (event.action, event.actor_id) == ("view", bob.pk)
    assert "“John Smith”" in event.summary
    assert event.changes["names"] == [
        {"name": "John Smith", "capacity": "prospect"},
        {"name": "Raman", "capacity": "adverse"},
    ]
    assert smiths["exact"].pk in event.changes["contact_ids"]


def test_opening_the_page_without_a_name_records_nothing(client, bob):
    client.force_login(bob)
    response = client.get(reverse("clients:conflict_check"))
    assert response.status_code == 200
    assert not AuditEvent.objects.filter(object_type="clients.conflict_check").exists()


def test_no_match_says_so(client, bob, smiths):
    client.force_login(bob)
    response = client.get(reverse("clients:conflict_check"), {"name": "Xavier Quong"})
    assert "No contact resembles “Xavier Quong”" in response.content.decode()


def test_too_many_names_get_a_message_not_a_search(client, bob):
    client.force_login(bob)
    lines = "\n".join(f"Person {i}" for i in range(conflicts.MAX_NAMES + 1))
    response = client.get(reverse("clients:conflict_check"), {"adverse": lines})
    assert response.status_code == 200
    assert "Check at most" in response.content.decode()
    api = client.get(reverse("contact-conflict-check"), {"adverse": lines})
    assert api.status_code == 400


def test_nul_bytes_are_refused_with_a_clear_message(client, bob, smiths):
    """The parameter guard (casemgr.params) refuses a NUL in any parameter with
    a 400 that names it, before the search runs."""
    client.force_login(bob)
    response = client.get(reverse("clients:conflict_check"), {"name": "John\x00 Smith"})
    assert response.status_code == 400
    assert "name" in response.content.decode()


def test_htmx_gets_only_the_results(client, bob, smiths):
    client.force_login(bob)
    response = client.get(
        reverse("clients:conflict_check"), {"name": "John Smith"}, HTTP_HX_REQUEST="true"
    )
    assert b"<html" not in response.content
    assert b"John Smith" in response.content


def test_an_outsider_without_contact_access_gets_nothing(client):
    auditor = UserFactory(role="Auditor")
    client.force_login(auditor)
    assert client.get(reverse("clients:conflict_check"), {"name": "x"}).status_code == 403
    assert client.get(reverse("contact-conflict-check"), {"name": "x"}).status_code == 404


def test_the_check_takes_a_fixed_number_of_queries_whatever_the_matches(
    bob, alice, django_assert_max_num_queries
):
    for i in range(20):
        contact = new_contact(actor=bob, first_name="John", last_name=f"Smith{i}")
        open_matter(actor=alice, client=contact, team=[(bob, "paralegal")])
    names = [CheckName("John Smith"), CheckName("Jon Smith", NameCapacity.ADVERSE)]
    # 11: one more than before, for restoring enable_seqscan after the search.
    with django_assert_max_num_queries(11):
        report = conflicts.report_for(bob, conflicts.conflict_search(names))
    assert len(report["names"][0]["hits"]) == 20
    assert all(len(h["roles"]) == 1 for h in report["names"][0]["hits"])
