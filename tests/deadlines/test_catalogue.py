"""The rules catalogue: /deadlines/rules/ and GET /api/rulesets/."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_catalogue_api_lists_every_jurisdiction_with_policy_events_and_citations(client, bob):
    client.force_login(bob)
    body = client.get(reverse("ruleset-catalogue")).json()
    by_code = {j["jurisdiction"]: j for j in body["jurisdictions"]}
    assert set(by_code) == {"US-FED", "US-CA", "US-TX", "US-NY", "US-FL", "US-IL"}
    texas = by_code["US-TX"]
    assert texas["time_zone"] == "America/Chicago"
    assert texas["calendar"]["years_checked"] == [2026, 2027]
    assert any("10:00 a.m." in line for line in texas["counting_policy"]["in_plain_words"])
    events = {e["key"]: e for e in texas["versions"][0]["events"]}
    answer = events["complaint_served"]["deadlines"][0]
    assert (answer["key"], answer["time"], answer["next_weekday"]) == (
        "answer",
        "10:00:00",
        "monday",
    )
    assert answer["citation"] == "TRCP 99(b); TRCP 4"
    for code, key in (("US-NY", "appearance"), ("US-IL", "appearance"), ("US-FL", "answer")):
        keys = {
            d["key"]
            for e in by_code[code]["versions"][0]["events"]
            if e["key"] == "complaint_served"
            for d in e["deadlines"]
        }
        assert key in keys
    assert by_code["US-FED"]["also_applies_in"] == [
        {"jurisdiction": "US-FED-CA", "court": "United States district courts in California"}
    ]
    assert [v["effective_from"] for v in by_code["US-CA"]["versions"]] == [
        "2025-01-01",
        "2022-01-01",
    ]


def test_charlie_without_any_matter_reads_the_catalogue_it_holds_no_matter_data(client, charlie):
    client.force_login(charlie)
    assert client.get(reverse("ruleset-catalogue")).status_code == 200
    page = client.get(reverse("deadlines:rules_catalogue"))
    assert page.status_code == 200


def test_the_catalogue_needs_a_signed_in_user(client):
    assert client.get(reverse("ruleset-catalogue")).status_code in (401, 403)
    assert client.get(reverse("deadlines:rules_catalogue")).status_code == 302


def test_the_catalogue_page_explains_each_policy_in_plain_words(client, bob):
    client.force_login(bob)
    html = client.get(reverse("deadlines:rules_catalogue")).content.decode()
    assert "Texas state courts" in html
    assert "the Monday next after" in html
    assert "by 10:00 a.m." in html
    assert "Service of a summons by delivery to a person of suitable age" in html
    assert "CPLR 2214(b)" in html
    assert "Ill. S. Ct. R. 12(c)" in html
