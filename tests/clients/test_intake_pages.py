"""Intake pages: the interview form, the list by status, the detail page with the
check, the decision and the opening of the matter, and the report on the matter."""

import pytest
from django.urls import reverse

from clients.models import Intake
from tests.factories import PracticeAreaFactory, UserFactory, new_contact, open_matter

pytestmark = pytest.mark.django_db


def interview(**extra):
    return {
        "prospect_kind": "organization", "prospect_organization_name": "Northwind Traders",
        "summary": "Deliveries stopped.", "urgency": "normal", "incident_date": "2026-03-01",
        "adverse": "Okafor Industries", "adverse_counsel": "Helen Park | for Okafor",
        **extra,
    }  # fmt: skip


def test_the_whole_flow_through_the_pages(client, bob, alice, dana):
    okafor = new_contact(actor=alice, kind="organization", organization_name="Okafor Industries")
    hidden = open_matter(actor=alice, client=okafor, title="Okafor supply dispute")
    client.force_login(bob)
    response = client.post(reverse("clients:intake_create"), interview())
    intake = Intake.objects.get()
    assert response.url == reverse("clients:intake_detail", args=[intake.pk])
    client.post(reverse("clients:intake_check", args=[intake.pk]))
    body = client.get(reverse("clients:intake_detail", args=[intake.pk])).content.decode()
    assert "A match exists in 1 matter you cannot see" in body
    assert hidden.number not in body
    assert hidden.title not in body
    assert "Awaiting a conflicts reviewer" in body
    check = intake.conflict_checks.get()
    # bob may not decide; dana (a firm admin, so a reviewer) sees it all and clears it
    client.post(
        reverse("clients:intake_decide", args=[intake.pk, check.pk]), {"decision": "cleared"}
    )
    check.refresh_from_db()
    assert check.decision == ""
    client.force_login(dana)
    body = client.get(reverse("clients:intake_detail", args=[intake.pk])).content.decode()
    assert hidden.number in body
    client.post(
        reverse("clients:intake_decide", args=[intake.pk, check.pk]), {"decision": "cleared"}
    )
    check.refresh_from_db()
    assert check.decision == "cleared"
    client.force_login(bob)
    response = client.post(reverse("clients:intake_open_matter", args=[intake.pk]), {
        "title": "Northwind v. Okafor", "practice_area": PracticeAreaFactory().pk,
        "responsible_attorney": alice.pk,
    })  # fmt: skip
    intake.refresh_from_db()
    assert intake.status == "accepted"
    assert response.url == reverse("cases:matter_detail", args=[intake.matter_id])
    page = client.get(response.url).content.decode()
    assert f"Check #{check.pk}" in page
    assert "Okafor Industries" in page
    assert hidden.number not in page  # bob still cannot see the other matter


def test_the_form_shows_clear_errors(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("clients:intake_create"),
        interview(prospect_organization_name="", limitation_date="2030-01-01"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Give the prospect" in body
    assert "Cite the statute" in body
    assert not Intake.objects.exists()


def test_the_list_counts_by_status_and_searches(client, bob):
    client.force_login(bob)
    for name in ("Alpha Co", "Beta Co", "Gamma Co"):
        client.post(reverse("clients:intake_create"), interview(prospect_organization_name=name))
    response = client.get(reverse("clients:intake_list"), {"q": "beta"})
    assert [i.prospect_name for i in response.context["intakes"]] == ["Beta Co"]
    counts = {c["value"]: c["count"] for c in response.context["counts"]}
    assert counts["new"] == 3


def test_charlie_without_intake_access_gets_403_and_an_unknown_intake_404(client, bob):
    auditor = UserFactory(role="Auditor")
    client.force_login(auditor)
    assert client.get(reverse("clients:intake_list")).status_code == 403
    client.force_login(bob)
    assert client.get(reverse("clients:intake_detail", args=[999999])).status_code == 404
