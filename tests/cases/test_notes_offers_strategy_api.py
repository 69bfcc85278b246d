"""The notes, negotiation and strategy API: the same services as the Notes,
Negotiation and Strategy tabs, through the one door."""

import pytest
from django.urls import reverse

from cases import services
from cases.models import CaseStrategy, Note, Offer, StrategyRevision
from tests.api_helpers import assert_flat_queries, patch, post, read_only_token, viewer_of
from tests.factories import add_offer, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], title="Harper v. Northwind")


def log(user, matter, **kwargs):
    kwargs.setdefault("kind", "call")
    kwargs.setdefault("subject", "Call with opposing counsel")
    return services.note_create(actor=user, matter=matter, **kwargs)


# --- Notes --------------------------------------------------------------------------


def test_bob_logs_edits_and_deletes_a_note(client, bob, matter):
    client.force_login(bob)
    created = post(
        client,
        reverse("note-list"),
        {"matter": matter.pk, "kind": "call", "direction": "incoming", "subject": "Client called",
         "contacts": [matter.client_id]},
    )  # fmt: skip
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["subject"], body["author"], body["version"]) == ("Client called", bob.pk, 1)
    assert body["contacts"] == [matter.client_id]
    url = reverse("note-detail", args=[body["id"]])
    changed = patch(client, url, {"version": 1, "subject": "Client called back"})
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["subject"], changed.json()["version"]) == ("Client called back", 2)
    listed = client.get(reverse("note-list"), {"matter": matter.pk, "kind": "call"}).json()
    assert [n["id"] for n in listed["results"]] == [body["id"]]
    assert client.delete(url).status_code == 204
    assert not Note.objects.filter(pk=body["id"]).exists()


def test_note_validation_errors(client, bob, alice, matter):
    client.force_login(bob)
    response = post(
        client, reverse("note-list"),
        {"matter": matter.pk, "kind": "gossip", "subject": "", "occurred_at": "9999-01-01T00:00"},
    )  # fmt: skip
    assert response.status_code == 400
    assert {"kind", "subject", "occurred_at"} <= set(response.json()["errors"])
    stranger = open_matter(actor=alice).client
    response = post(
        client, reverse("note-list"),
        {"matter": matter.pk, "kind": "note", "subject": "x", "contacts": [stranger.pk]},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Not a party" in str(response.json()["errors"]["contacts"])
    note = log(bob, matter)
    response = patch(client, reverse("note-detail", args=[note.pk]), {"subject": "x"})
    assert response.status_code == 400
    assert "version" in response.json()["errors"]
    response = client.get(reverse("note-list"), {"matter": "abc"})
    assert response.status_code == 400
    assert "matter" in response.json()["errors"]


def test_a_stale_note_edit_is_409(client, bob, alice, matter):
    note = log(bob, matter)
    services.note_update(actor=alice, note=note, expected_version=1, subject="Alice's")
    client.force_login(bob)
    response = patch(client, reverse("note-detail", args=[note.pk]), {"version": 1, "body": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "stale_version"
    note.refresh_from_db()
    assert note.body == ""


def test_charlie_gets_404_on_notes(client, bob, charlie, matter):
    note = log(bob, matter)
    client.force_login(charlie)
    assert client.get(reverse("note-list")).json()["count"] == 0
    url = reverse("note-detail", args=[note.pk])
    assert client.get(url).status_code == 404
    assert patch(client, url, {"version": 1, "subject": "x"}).status_code == 404
    assert client.delete(url).status_code == 404
    response = post(
        client, reverse("note-list"), {"matter": matter.pk, "kind": "note", "subject": "x"}
    )
    assert response.status_code == 400  # the matter "does not exist" for him
    assert "matter" in response.json()["errors"]
    assert Note.objects.count() == 1


def test_a_viewer_and_a_read_only_token_cannot_write_notes(client, bob, matter):
    note = log(bob, matter)
    url = reverse("note-detail", args=[note.pk])
    client.force_login(viewer_of(matter))
    assert client.get(url).status_code == 200
    assert patch(client, url, {"version": 1, "subject": "x"}).status_code == 403
    assert client.delete(url).status_code == 403
    new = {"matter": matter.pk, "kind": "note", "subject": "x"}
    assert post(client, reverse("note-list"), new).status_code == 403
    client.logout()
    headers = read_only_token(bob)
    assert client.get(url, **headers).status_code == 200
    assert post(client, reverse("note-list"), new, **headers).status_code == 403
    assert client.delete(url, **headers).status_code == 403
    assert list(Note.objects.values_list("subject", flat=True)) == [note.subject]


def test_the_note_list_costs_the_same_queries_for_2_and_20(client, bob, matter):
    client.force_login(bob)

    def add(n):
        for i in range(n):
            log(bob, matter, subject=f"Note {i}", contacts=[matter.client])

    assert_flat_queries(client, reverse("note-list"), add, lambda body: body["count"])


# --- Offers -------------------------------------------------------------------------


def test_bob_records_a_counter_offer_and_the_client_accepts(client, bob, matter):
    theirs = add_offer(actor=bob, matter=matter, side="opposing", amount="50000.00")
    client.force_login(bob)
    counter = post(
        client, reverse("offer-list"),
        {"matter": matter.pk, "side": "client", "amount": "90000.00", "responds_to": theirs.pk},
    )  # fmt: skip
    assert counter.status_code == 201, counter.json()
    assert counter.json()["responds_to"] == theirs.pk
    theirs.refresh_from_db()
    assert theirs.status == "countered"
    accepted = post(
        client, reverse("offer-respond", args=[counter.json()["id"]]), {"action": "accept"}
    )
    assert accepted.status_code == 200, accepted.json()
    assert accepted.json()["status"] == "accepted"
    listed = client.get(reverse("offer-list"), {"matter": matter.pk, "status": "accepted"}).json()
    assert [o["id"] for o in listed["results"]] == [counter.json()["id"]]


def test_offer_validation_errors(client, bob, matter):
    client.force_login(bob)
    response = post(
        client, reverse("offer-list"),
        {"matter": matter.pk, "side": "nobody", "amount": "lots", "made_on": "9999-01-01"},
    )  # fmt: skip
    assert response.status_code == 400
    assert {"side", "amount", "made_on"} <= set(response.json()["errors"])
    response = post(
        client, reverse("offer-list"), {"matter": matter.pk, "side": "client", "amount": "-5"}
    )
    assert response.status_code == 400
    assert "cannot be negative" in str(response.json()["errors"]["amount"])
    ours = add_offer(actor=bob, matter=matter, side="client")
    response = post(
        client, reverse("offer-list"),
        {"matter": matter.pk, "side": "client", "amount": "5", "responds_to": ours.pk},
    )  # fmt: skip
    assert response.status_code == 400
    assert "other side" in str(response.json()["errors"]["responds_to"])
    url = reverse("offer-respond", args=[ours.pk])
    assert post(client, url, {"action": "shrug"}).status_code == 400
    assert post(client, url, {"action": "withdraw"}).status_code == 200
    response = post(client, url, {"action": "accept"})
    assert response.status_code == 400
    assert "only open offers change" in str(response.json()["errors"])


def test_charlie_gets_404_on_offers(client, bob, charlie, matter):
    offer = add_offer(actor=bob, matter=matter)
    client.force_login(charlie)
    assert client.get(reverse("offer-list")).json()["count"] == 0
    assert client.get(reverse("offer-detail", args=[offer.pk])).status_code == 404
    assert (
        post(client, reverse("offer-respond", args=[offer.pk]), {"action": "withdraw"}).status_code
        == 404
    )
    offer.refresh_from_db()
    assert offer.status == "open"


def test_a_viewer_and_a_read_only_token_cannot_respond_to_offers(client, bob, matter):
    offer = add_offer(actor=bob, matter=matter)
    url = reverse("offer-respond", args=[offer.pk])
    client.force_login(viewer_of(matter))
    assert post(client, url, {"action": "withdraw"}).status_code == 403
    new = {"matter": matter.pk, "side": "client", "amount": "5"}
    assert post(client, reverse("offer-list"), new).status_code == 403
    client.logout()
    assert post(client, url, {"action": "withdraw"}, **read_only_token(bob)).status_code == 403
    offer.refresh_from_db()
    assert offer.status == "open"
    assert Offer.objects.count() == 1


def test_the_offer_list_costs_the_same_queries_for_2_and_20(client, bob, matter):
    client.force_login(bob)
    assert_flat_queries(
        client,
        reverse("offer-list"),
        lambda n: [add_offer(actor=bob, matter=matter) for _ in range(n)],
        lambda body: body["count"],
    )


# --- Strategy -----------------------------------------------------------------------


def test_bob_writes_and_revises_the_strategy(client, bob, matter):
    client.force_login(bob)
    url = reverse("matter-strategy", args=[matter.pk])
    assert client.get(url).json()["version"] == 0
    first = client.put(url, {"version": 0, "objectives": "Settle", "likelihood_percent": 60},
                       content_type="application/json")  # fmt: skip
    assert first.status_code == 200, first.json()
    assert (first.json()["version"], first.json()["objectives"]) == (1, "Settle")
    second = client.put(
        url, {"version": 1, "risks": "A hostile judge"}, content_type="application/json"
    )
    assert second.json()["version"] == 2
    assert second.json()["objectives"] == "Settle"  # left out: kept
    revisions = client.get(reverse("matter-strategy-revisions", args=[matter.pk])).json()
    assert [r["version"] for r in revisions] == [2, 1]


def test_strategy_validation_and_a_stale_save(client, bob, alice, matter):
    client.force_login(bob)
    url = reverse("matter-strategy", args=[matter.pk])
    response = client.put(url, {"likelihood_percent": 140, "budget": "-1"},
                          content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert {"version", "likelihood_percent", "budget"} <= set(response.json()["errors"])
    services.strategy_save(actor=alice, matter=matter, expected_version=0, objectives="Alice's")
    stale = client.put(url, {"version": 0, "objectives": "Bob's"}, content_type="application/json")
    assert stale.status_code == 409
    assert CaseStrategy.objects.get(matter=matter).objectives == "Alice's"


def test_charlie_gets_404_and_readers_403_on_the_strategy(client, bob, charlie, matter):
    url = reverse("matter-strategy", args=[matter.pk])
    revisions = reverse("matter-strategy-revisions", args=[matter.pk])
    data = {"version": 0, "objectives": "x"}
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    assert client.get(revisions).status_code == 404
    assert client.put(url, data, content_type="application/json").status_code == 404
    client.force_login(viewer_of(matter))
    assert client.get(url).status_code == 200
    assert client.put(url, data, content_type="application/json").status_code == 403
    client.logout()
    headers = read_only_token(bob)
    assert client.put(url, data, content_type="application/json", **headers).status_code == 403
    assert not CaseStrategy.objects.exists()


def test_the_revision_list_costs_the_same_queries_for_2_and_20(client, bob, alice, matter):
    client.force_login(bob)

    def add(n):
        for _ in range(n):
            version = StrategyRevision.objects.filter(matter=matter).count()
            services.strategy_save(
                actor=alice if version % 2 else bob, matter=matter, expected_version=version,
                objectives=f"Objective {version}",
            )  # fmt: skip

    assert_flat_queries(client, reverse("matter-strategy-revisions", args=[matter.pk]), add, len)
