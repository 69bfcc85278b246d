"""The matters API: the same one door and the same services as the pages."""

import pytest
from django.urls import reverse

from cases.models import Matter
from tests.factories import ContactFactory, PracticeAreaFactory, cleared_check, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], title="Harper v. Northwind")


def test_the_list_holds_only_visible_matters(client, bob, charlie, matter, alice):
    open_matter(actor=alice, title="Not Bob's")
    client.force_login(bob)
    body = client.get(reverse("matter-list")).json()
    assert [row["number"] for row in body["results"]] == [matter.number]
    client.force_login(charlie)
    assert client.get(reverse("matter-list")).json()["count"] == 0


def test_detail_is_404_for_charlie_and_for_a_missing_id(client, charlie, matter):
    client.force_login(charlie)
    assert client.get(reverse("matter-detail", args=[matter.pk])).status_code == 404
    assert client.get(reverse("matter-detail", args=[999999])).status_code == 404


def test_detail_shows_team_and_parties(client, bob, matter):
    client.force_login(bob)
    body = client.get(reverse("matter-detail", args=[matter.pk])).json()
    assert {m["role"] for m in body["team"]} == {"lead", "paralegal"}
    assert body["parties"][0]["role"] == "client"


def test_search_parameter(client, alice, matter):
    client.force_login(alice)
    assert client.get(reverse("matter-list"), {"q": "northwind"}).json()["count"] == 1
    assert client.get(reverse("matter-list"), {"q": "zzz"}).json()["count"] == 0


def test_opening_a_matter_through_the_api(client, alice):
    area = PracticeAreaFactory()
    customer = ContactFactory()
    client.force_login(alice)
    data = {
        "title": "API matter", "client": customer.pk, "practice_area": area.code,
        "responsible_attorney": alice.email,
    }  # fmt: skip
    refused = client.post(reverse("matter-list"), data, content_type="application/json")
    assert refused.status_code == 400
    assert "conflict_check" in refused.json()["errors"]
    check = cleared_check(decided_by=alice, names=[customer.display_name])
    response = client.post(
        reverse("matter-list"),
        {**data, "conflict_check": check.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["number"] == Matter.objects.get(title="API matter").number
    reused = client.post(
        reverse("matter-list"),
        {**data, "conflict_check": check.pk},
        content_type="application/json",
    )
    assert reused.status_code == 400
    assert "already opened a matter" in str(reused.json()["errors"])


def test_bad_input_gets_a_structured_400(client, alice):
    client.force_login(alice)
    response = client.post(reverse("matter-list"), {"title": ""}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The request has invalid fields."
    assert {"title", "client", "practice_area", "responsible_attorney"} <= set(body["errors"])


def test_a_stale_update_is_refused_with_a_409(client, alice, matter):
    client.force_login(alice)
    url = reverse("matter-detail", args=[matter.pk])
    ok = client.patch(url, {"version": 1, "judge": "Hon. A"}, content_type="application/json")
    assert ok.status_code == 200
    stale = client.patch(url, {"version": 1, "judge": "Hon. B"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert "changed by someone else" in stale.json()["detail"]
    matter.refresh_from_db()
    assert matter.judge == "Hon. A"


def test_charlie_cannot_update_or_stage_a_matter_he_cannot_see(client, charlie, matter):
    client.force_login(charlie)
    url = reverse("matter-detail", args=[matter.pk])
    assert (
        client.patch(url, {"version": 1, "title": "x"}, content_type="application/json").status_code
        == 404
    )
    assert (
        client.post(
            reverse("matter-stage", args=[matter.pk]), {"version": 1, "stage": "open"}
        ).status_code
        == 404
    )


def test_the_api_needs_a_signed_in_user(client, matter):
    assert (
        client.get(reverse("matter-list")).status_code == 401
    )  # no credentials: 401 with WWW-Authenticate: Bearer
