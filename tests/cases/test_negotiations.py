"""The negotiation log: offers, counter-offers, the gap, and the Negotiation tab."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from casemgr.models import AuditEvent
from cases import services
from cases.models import Offer
from cases.models.negotiations import negotiation_positions
from tests.factories import add_offer, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


def position(matter):
    return negotiation_positions(matter.offers.latest_open_per_side())[matter.pk]


def test_a_counter_offer_marks_the_offer_it_answers_countered(matter, bob):
    demand = add_offer(actor=bob, matter=matter, side="client", amount="500000")
    counter = add_offer(
        actor=bob, matter=matter, side="opposing", amount="150000", responds_to=demand
    )
    demand.refresh_from_db()
    assert demand.status == "countered"
    assert (counter.status, counter.responds_to, counter.currency) == ("open", demand, "USD")
    assert AuditEvent.objects.filter(object_type="cases.offer", action="change").count() == 1


def test_the_gap_is_between_the_latest_open_offers_of_the_two_sides(matter, bob):
    add_offer(
        actor=bob, matter=matter, side="client", amount="500000", made_on=datetime.date(2026, 10, 1)
    )
    add_offer(
        actor=bob, matter=matter, side="client", amount="450000", made_on=datetime.date(2026, 11, 1)
    )
    add_offer(
        actor=bob,
        matter=matter,
        side="opposing",
        amount="200000.50",
        made_on=datetime.date(2026, 11, 5),
    )
    pos = position(matter)
    assert (pos.ours.amount, pos.theirs.amount) == (Decimal("450000"), Decimal("200000.50"))
    assert pos.gap == Decimal("249999.50")


def test_with_one_side_only_there_is_no_gap(matter, bob):
    add_offer(actor=bob, matter=matter, side="client", amount="1000")
    assert position(matter).gap is None


def test_a_countered_offer_stays_on_the_table_but_a_withdrawn_one_does_not(matter, bob):
    demand = add_offer(actor=bob, matter=matter, side="client", amount="500000")
    counter = add_offer(
        actor=bob, matter=matter, side="opposing", amount="100000", responds_to=demand
    )
    assert position(matter).gap == Decimal("400000")
    assert position(matter).is_live
    services.offer_withdraw(actor=bob, offer=counter)
    pos = position(matter)
    assert (pos.ours, pos.theirs, pos.gap) == (demand, None, None)
    assert not pos.is_live  # the countered demand waits for nobody


def test_a_counter_offer_must_answer_an_open_offer_of_the_other_side(matter, alice, bob):
    ours = add_offer(actor=bob, matter=matter, side="client")
    with pytest.raises(ValidationError, match="other side"):
        add_offer(actor=bob, matter=matter, side="client", responds_to=ours)
    services.offer_withdraw(actor=bob, offer=ours)
    with pytest.raises(ValidationError, match="not open"):
        add_offer(actor=bob, matter=matter, side="opposing", responds_to=ours)
    other_matter = open_matter(actor=alice, title="Other v. Other")
    foreign = add_offer(actor=alice, matter=other_matter, side="client")
    with pytest.raises(ValidationError, match="not part of this matter"):
        add_offer(actor=bob, matter=matter, side="opposing", responds_to=foreign)


def test_negative_amounts_and_deadlines_before_the_offer_are_refused(matter, bob):
    with pytest.raises(ValidationError) as refused:
        add_offer(actor=bob, matter=matter, amount="-1")
    assert refused.value.message_dict == {"amount": ["The amount cannot be negative."]}
    with pytest.raises(ValidationError, match="before"):
        add_offer(actor=bob, matter=matter, made_on=datetime.date(2026, 11, 10),
                  response_deadline=datetime.date(2026, 11, 1))  # fmt: skip


def test_only_open_offers_can_be_accepted_rejected_or_withdrawn(matter, bob):
    offer = add_offer(actor=bob, matter=matter, side="opposing")
    assert services.offer_accept(actor=bob, offer=offer).status == "accepted"
    with pytest.raises(ValidationError, match="already accepted"):
        services.offer_reject(actor=bob, offer=offer)


def test_charlie_cannot_record_or_see_offers(matter, bob, charlie):
    offer = add_offer(actor=bob, matter=matter)
    with pytest.raises(Http404):
        add_offer(actor=charlie, matter=matter)
    with pytest.raises(Http404):
        services.offer_accept(actor=charlie, offer=offer)
    assert list(Offer.objects.visible_to(charlie)) == []


def test_the_tab_records_an_offer_and_a_counter_offer_and_shows_the_gap(client, matter, bob):
    client.force_login(bob)
    url = reverse("cases:matter_negotiation", args=[matter.pk])
    response = client.post(url, {"side": "client", "amount": "500000", "made_on": "2026-11-20",
                                 "terms": "Lump sum, mutual release"})  # fmt: skip
    assert response.status_code == 302
    demand = matter.offers.get()
    response = client.post(url, {"side": "opposing", "amount": "175000", "made_on": "2026-11-24",
                                 "responds_to": demand.pk, "response_deadline": "2026-12-04"})  # fmt: skip
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.status == "countered"
    body = client.get(url).content.decode()
    assert "500,000.00" in body
    assert "175,000.00" in body
    assert "Countered" in body
    assert "USD 325,000.00" in body  # the gap: our countered demand is still our last word


def test_the_tab_shows_errors_next_to_the_field(client, matter, bob):
    client.force_login(bob)
    response = client.post(reverse("cases:matter_negotiation", args=[matter.pk]),
                           {"side": "client", "amount": "", "made_on": "2026-11-20"})  # fmt: skip
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_accepting_through_the_tab(client, matter, bob):
    offer = add_offer(actor=bob, matter=matter, side="opposing")
    client.force_login(bob)
    response = client.post(
        reverse("cases:offer_status", args=[matter.pk, offer.pk]), {"action": "accept"}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted"


def test_charlie_gets_404_on_the_negotiation_tab_and_its_actions(client, matter, bob, charlie):
    offer = add_offer(actor=bob, matter=matter)
    client.force_login(charlie)
    assert client.get(reverse("cases:matter_negotiation", args=[matter.pk])).status_code == 404
    response = client.post(reverse("cases:matter_negotiation", args=[matter.pk]),
                           {"side": "client", "amount": "1", "made_on": "2026-11-20"})  # fmt: skip
    assert response.status_code == 404
    response = client.post(
        reverse("cases:offer_status", args=[matter.pk, offer.pk]), {"action": "accept"}
    )
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.status == "open"
    assert matter.offers.count() == 1


def test_the_negotiation_tab_runs_a_constant_number_of_queries(client, matter, bob):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    previous = add_offer(actor=bob, matter=matter, side="client", amount="900000")
    client.force_login(bob)
    url = reverse("cases:matter_negotiation", args=[matter.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        side = "opposing" if n % 2 == 0 else "client"
        previous = add_offer(actor=bob, matter=matter, side=side, amount=str(100000 + n * 1000),
                             responds_to=previous)  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert "counter to" in response.content.decode()


def test_a_negative_offer_on_the_tab_gets_a_field_message_not_a_constraint_name(
    client, matter, bob
):
    client.force_login(bob)
    response = client.post(
        reverse("cases:matter_negotiation", args=[matter.pk]),
        {"side": "client", "amount": "-5", "made_on": "2026-11-20"},
    )
    assert response.status_code == 200
    form = response.context["offer_form"]
    assert form.errors == {"amount": ["The amount cannot be negative."]}
    page = response.content.decode()
    assert "The amount cannot be negative." in page
    assert "offer_amount_not_negative" not in page
    assert not matter.offers.exists()
