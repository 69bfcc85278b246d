"""/api/deadlines/: visible deadlines only, with filters."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deadlines import services
from tests.factories import DeadlineFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


def test_bob_lists_the_deadlines_of_his_matters_with_their_explanation(client, matter, bob):
    services.trigger_event_create(
        actor=bob, matter=matter, event_key="complaint_served",
        trigger_date=datetime.date(2026, 11, 5), service="personal",
    )  # fmt: skip
    client.force_login(bob)
    body = client.get(reverse("deadline-list")).json()
    assert body["count"] == 2
    answer = next(d for d in body["results"] if d["rule_key"] == "answer")
    assert answer["due_date"] == "2026-11-27"
    assert answer["citation"] == "FRCP 12(a)(1)(A)(i)"
    assert answer["steps"][-1]["citation"] == "FRCP 6(a)(1)(C)"
    assert bob.email in answer["responsible"]


def test_filters_by_matter_status_and_due_range(client, matter, alice, bob):
    other = open_matter(actor=alice, title="Other")
    DeadlineFactory(matter=matter, due_date=datetime.date(2026, 12, 1))
    late = DeadlineFactory(matter=matter, due_date=datetime.date(2027, 1, 5))
    DeadlineFactory(matter=other, due_date=datetime.date(2026, 12, 1))
    done = DeadlineFactory(matter=matter, due_date=datetime.date(2026, 12, 2))
    services.deadline_complete(actor=alice, deadline=done, expected_version=1)
    client.force_login(alice)
    url = reverse("deadline-list")
    assert client.get(url, {"matter": matter.pk}).json()["count"] == 3
    assert client.get(url, {"matter": matter.pk, "status": "open"}).json()["count"] == 2
    ids = [d["id"] for d in client.get(url, {"due_from": "2027-01-01"}).json()["results"]]
    assert ids == [late.pk]
    assert client.get(url, {"due_to": "2026-12-01"}).json()["count"] == 2


def test_charlie_sees_no_deadlines_and_gets_404_on_one(client, matter, charlie):
    deadline = DeadlineFactory(matter=matter)
    client.force_login(charlie)
    assert client.get(reverse("deadline-list")).json()["count"] == 0
    assert client.get(reverse("deadline-detail", args=[deadline.pk])).status_code == 404
    assert client.get(reverse("deadline-detail", args=[999999])).status_code == 404


def test_anonymous_users_are_refused(client, matter):
    assert client.get(reverse("deadline-list")).status_code in (401, 403)


def test_the_list_runs_a_fixed_number_of_queries(client, matter, bob):
    client.force_login(bob)
    DeadlineFactory(matter=matter).responsible.add(bob)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("deadline-list"))
    for _ in range(6):
        DeadlineFactory(matter=matter).responsible.add(bob)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("deadline-list"))
    assert len(many) == len(few)
