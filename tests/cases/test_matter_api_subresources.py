"""The matters API beyond the matter itself: parties, team, close and reopen,
through the same services as the Parties and Team tabs and the Close button."""

import pytest
from django.urls import reverse

from cases.models import Matter, Party, TeamMembership
from tests.api_helpers import assert_flat_queries, post, read_only_token, viewer_of
from tests.factories import ContactFactory, UserFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], title="Harper v. Northwind")


# --- Parties ------------------------------------------------------------------------


def test_bob_lists_adds_and_removes_a_party(client, bob, matter):
    client.force_login(bob)
    url = reverse("matter-parties", args=[matter.pk])
    assert [p["role"] for p in client.get(url).json()] == ["client"]
    other = ContactFactory(last_name="Northwind")
    added = post(client, url, {"contact": other.pk, "role": "opposing_party", "notes": "Def."})
    assert added.status_code == 201, added.json()
    assert added.json()["name"] == other.display_name
    assert Party.objects.filter(matter=matter, contact=other, role="opposing_party").exists()
    party_pk = added.json()["id"]
    removed = client.delete(reverse("matter-party-remove", args=[matter.pk, party_pk]))
    assert removed.status_code == 204
    assert not Party.objects.filter(pk=party_pk).exists()


def test_party_validation_errors_are_field_errors(client, bob, matter):
    client.force_login(bob)
    url = reverse("matter-parties", args=[matter.pk])
    response = post(client, url, {"contact": 999999999, "role": "nobody"})
    assert response.status_code == 400
    assert {"contact", "role"} <= set(response.json()["errors"])
    twice = {"contact": matter.client_id, "role": "client"}
    response = post(client, url, twice)
    assert response.status_code == 400
    assert "already a party" in str(response.json()["errors"])
    client_party = matter.parties.get(role="client")
    response = client.delete(reverse("matter-party-remove", args=[matter.pk, client_party.pk]))
    assert response.status_code == 400
    assert "cannot be removed" in str(response.json()["errors"])


def test_charlie_gets_404_on_parties(client, charlie, matter):
    client.force_login(charlie)
    url = reverse("matter-parties", args=[matter.pk])
    assert client.get(url).status_code == 404
    other = ContactFactory()
    assert post(client, url, {"contact": other.pk, "role": "witness"}).status_code == 404
    party = matter.parties.get()
    assert (
        client.delete(reverse("matter-party-remove", args=[matter.pk, party.pk])).status_code == 404
    )


def test_a_party_of_another_matter_is_404(client, alice, bob, matter):
    other = open_matter(actor=alice, team=[(bob, "paralegal")])
    client.force_login(bob)
    party = other.parties.get()
    url = reverse("matter-party-remove", args=[matter.pk, party.pk])
    assert client.delete(url).status_code == 404


def test_a_viewer_reads_parties_but_cannot_change_them(client, matter):
    viewer = viewer_of(matter)
    client.force_login(viewer)
    url = reverse("matter-parties", args=[matter.pk])
    assert client.get(url).status_code == 200
    response = post(client, url, {"contact": ContactFactory().pk, "role": "witness"})
    assert response.status_code == 403
    party = matter.parties.get()
    assert (
        client.delete(reverse("matter-party-remove", args=[matter.pk, party.pk])).status_code == 403
    )
    assert matter.parties.count() == 1


def test_a_read_only_token_cannot_add_a_party(client, bob, matter):
    headers = read_only_token(bob)
    url = reverse("matter-parties", args=[matter.pk])
    assert client.get(url, **headers).status_code == 200
    response = post(client, url, {"contact": ContactFactory().pk, "role": "witness"}, **headers)
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]


def test_the_party_list_costs_the_same_queries_for_2_and_20(client, bob, matter):
    client.force_login(bob)

    def add(n):
        for _ in range(n):
            Party.objects.create(matter=matter, contact=ContactFactory(), role="witness")

    assert_flat_queries(
        client,
        reverse("matter-parties", args=[matter.pk]),
        add,
        lambda body: sum(p["role"] == "witness" for p in body),
    )


# --- Team ---------------------------------------------------------------------------


def test_bob_adds_changes_and_removes_a_team_member(client, bob, matter):
    newcomer = UserFactory(full_name="Nora Newcomer", role="Paralegal")
    client.force_login(bob)
    url = reverse("matter-team", args=[matter.pk])
    added = post(client, url, {"user": newcomer.email, "role": "paralegal"})
    assert added.status_code == 201, added.json()
    assert "joined the team" in added.json()["message"]
    assert Matter.objects.visible_to(newcomer).filter(pk=matter.pk).exists()
    changed = post(client, url, {"user": newcomer.email, "role": "case_manager"})
    assert changed.status_code == 200
    assert "role changed" in changed.json()["message"]
    assert TeamMembership.objects.get(matter=matter, user=newcomer).role == "case_manager"
    assert {m["user"] for m in client.get(url).json()} >= {newcomer.email, bob.email}
    removed = client.delete(reverse("matter-team-remove", args=[matter.pk, newcomer.pk]))
    assert removed.status_code == 204
    assert not Matter.objects.visible_to(newcomer).filter(pk=matter.pk).exists()


def test_team_validation_errors(client, alice, bob, matter):
    client.force_login(bob)
    url = reverse("matter-team", args=[matter.pk])
    response = post(client, url, {"user": "nobody@example.com", "role": "boss"})
    assert response.status_code == 400
    assert {"user", "role"} <= set(response.json()["errors"])
    # The lead is never silently demoted (the service's rule, as on the page).
    response = post(client, url, {"user": alice.email, "role": "paralegal"})
    assert response.status_code == 400
    assert "responsible attorney" in str(response.json()["errors"]["role"])
    response = client.delete(reverse("matter-team-remove", args=[matter.pk, alice.pk]))
    assert response.status_code == 400


def test_charlie_gets_404_on_the_team(client, charlie, bob, matter):
    client.force_login(charlie)
    url = reverse("matter-team", args=[matter.pk])
    assert client.get(url).status_code == 404
    assert post(client, url, {"user": charlie.email, "role": "paralegal"}).status_code == 404
    assert client.delete(reverse("matter-team-remove", args=[matter.pk, bob.pk])).status_code == 404
    assert not Matter.objects.visible_to(charlie).exists()


def test_a_viewer_and_a_read_only_token_cannot_change_the_team(client, bob, matter):
    viewer = viewer_of(matter)
    client.force_login(viewer)
    url = reverse("matter-team", args=[matter.pk])
    assert client.get(url).status_code == 200
    assert post(client, url, {"user": viewer.email, "role": "paralegal"}).status_code == 403
    assert client.delete(reverse("matter-team-remove", args=[matter.pk, bob.pk])).status_code == 403
    client.logout()
    headers = read_only_token(bob)
    response = post(client, url, {"user": viewer.email, "role": "paralegal"}, **headers)
    assert response.status_code == 403
    assert not TeamMembership.objects.filter(user=viewer).exists()


def test_the_team_list_costs_the_same_queries_for_2_and_20(client, alice, matter):
    client.force_login(alice)
    from cases import services

    def add(n):
        for _ in range(n):
            services.team_member_add(
                actor=alice, matter=matter, user=UserFactory(role="Paralegal"), role="paralegal"
            )

    lead_and_bob = 2
    assert_flat_queries(
        client,
        reverse("matter-team", args=[matter.pk]),
        add,
        lambda body: len(body) - lead_and_bob,
    )


# --- Close and reopen ---------------------------------------------------------------


def test_closing_and_reopening_a_matter(client, bob, matter):
    client.force_login(bob)
    closed = post(
        client,
        reverse("matter-close", args=[matter.pk]),
        {"version": matter.version, "outcome": "settled", "notes": "Paid in full."},
    )
    assert closed.status_code == 200, closed.json()
    assert closed.json()["outcome"] == "settled"
    assert closed.json()["closed_on"]
    reopened = post(
        client, reverse("matter-reopen", args=[matter.pk]), {"version": closed.json()["version"]}
    )
    assert reopened.status_code == 200, reopened.json()
    assert reopened.json()["closed_on"] is None


def test_close_validation_and_a_stale_version(client, bob, matter):
    client.force_login(bob)
    url = reverse("matter-close", args=[matter.pk])
    response = post(client, url, {"outcome": "", "closed_on": "9999-01-01"})
    assert response.status_code == 400
    assert {"version", "outcome", "closed_on"} <= set(response.json()["errors"])
    response = post(
        client, url, {"version": matter.version, "outcome": "won", "closed_on": "1901-01-01"}
    )
    assert response.status_code == 400
    assert "closed_on" in response.json()["errors"]
    stale = post(client, url, {"version": matter.version - 1, "outcome": "won"})
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    reopen = post(client, reverse("matter-reopen", args=[matter.pk]), {"version": matter.version})
    assert reopen.status_code == 400  # not closed
    matter.refresh_from_db()
    assert matter.closed_on is None


def test_reopen_with_a_stale_version_is_409(client, bob, matter):
    client.force_login(bob)
    post(client, reverse("matter-close", args=[matter.pk]), {"version": 1, "outcome": "won"})
    stale = post(client, reverse("matter-reopen", args=[matter.pk]), {"version": 1})
    assert stale.status_code == 409
    matter.refresh_from_db()
    assert matter.closed_on is not None


def test_close_and_reopen_are_404_for_charlie_and_403_for_readers(client, bob, charlie, matter):
    for url in (
        reverse("matter-close", args=[matter.pk]),
        reverse("matter-reopen", args=[matter.pk]),
    ):
        data = {"version": matter.version, "outcome": "won"}
        client.force_login(charlie)
        assert post(client, url, data).status_code == 404
        client.force_login(viewer_of(matter, email=f"v{len(url)}{url[-7:-1]}@example.com"))
        assert post(client, url, data).status_code == 403
        client.logout()
        assert post(client, url, data, **read_only_token(bob)).status_code == 403
    matter.refresh_from_db()
    assert matter.closed_on is None
