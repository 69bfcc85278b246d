"""Notifications and the calendar through the API: the notifications page's and
the calendar page's selectors, forms and service."""

import datetime

import pytest
from django.urls import reverse

from deadlines.models import Notification
from tests.api_helpers import assert_flat_queries, post, read_only_token
from tests.factories import DeadlineFactory, open_matter

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 12, 1)


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


def notify(user, deadline=None, text="Answer due in 7 days"):
    return Notification.objects.create(user=user, deadline=deadline, text=text)


# --- Notifications ----------------------------------------------------------------


def test_bob_lists_his_notifications_and_marks_them_read(client, alice, bob, matter):
    deadline = DeadlineFactory(matter=matter)
    first, second = notify(bob, deadline), notify(bob)
    notify(alice, deadline, text="Alice's own")
    client.force_login(bob)
    body = client.get(reverse("notification-list")).json()
    assert {n["id"] for n in body["results"]} == {first.pk, second.pk}
    assert next(n for n in body["results"] if n["id"] == first.pk)["matter"] == matter.pk
    marked = post(client, reverse("notification-mark-read"), {"ids": [first.pk]})
    assert marked.status_code == 200
    assert marked.json() == {"marked": 1}
    unread = client.get(reverse("notification-list"), {"unread": "true"}).json()
    assert [n["id"] for n in unread["results"]] == [second.pk]
    assert post(client, reverse("notification-mark-read")).json() == {"marked": 1}


def test_nobody_reads_or_marks_another_users_notifications(client, alice, charlie, matter):
    mine = notify(alice, DeadlineFactory(matter=matter))
    client.force_login(charlie)
    assert client.get(reverse("notification-list")).json()["count"] == 0
    assert post(client, reverse("notification-mark-read"), {"ids": [mine.pk]}).json() == {
        "marked": 0
    }
    mine.refresh_from_db()
    assert mine.read_at is None


def test_a_notification_about_a_deadline_he_can_no_longer_see_is_not_listed(
    client, alice, bob, matter
):
    from cases import services

    notify(bob, DeadlineFactory(matter=matter))
    services.team_member_remove(actor=alice, matter=matter, user=bob)
    client.force_login(bob)
    assert client.get(reverse("notification-list")).json()["count"] == 0


def test_mark_read_validation_and_a_read_only_token(client, bob):
    note = notify(bob)
    client.force_login(bob)
    response = post(client, reverse("notification-mark-read"), {"ids": ["x", -1]})
    assert response.status_code == 400
    assert "ids" in response.json()["errors"]
    assert client.get(reverse("notification-list"), {"unread": "maybe\x00"}).status_code == 400
    client.logout()
    headers = read_only_token(bob)
    assert client.get(reverse("notification-list"), **headers).status_code == 200
    assert post(client, reverse("notification-mark-read"), {}, **headers).status_code == 403
    note.refresh_from_db()
    assert note.read_at is None


def test_the_notification_list_costs_the_same_queries_for_2_and_20(client, bob, matter):
    client.force_login(bob)
    assert_flat_queries(
        client,
        reverse("notification-list"),
        lambda n: [notify(bob, DeadlineFactory(matter=matter)) for _ in range(n)],
        lambda body: body["count"],
    )


# --- The calendar ------------------------------------------------------------------


def test_the_calendar_lists_the_range_of_a_view_and_scope(client, alice, bob, matter):
    other = open_matter(actor=alice, title="Not Bob's")
    DeadlineFactory(matter=matter, title="Answer", due_date=DAY)
    DeadlineFactory(matter=matter, title="Far away", due_date=DAY + datetime.timedelta(days=90))
    DeadlineFactory(matter=other, title="Hidden", due_date=DAY)
    client.force_login(bob)
    body = client.get(reverse("calendar"), {"view": "list", "scope": "all", "date": DAY}).json()
    assert (body["start"], body["end"]) == ("2026-12-01", "2027-01-29")
    assert [item["title"] for item in body["items"]] == ["Answer"]
    assert body["items"][0]["matter_number"] == matter.number
    week = client.get(
        reverse("calendar"), {"view": "week", "scope": "matter", "matter": matter.pk, "date": DAY}
    ).json()
    assert [item["title"] for item in week["items"]] == ["Answer"]
    # Scope "mine": deadlines he is responsible for (none here).
    mine = client.get(reverse("calendar"), {"view": "list", "date": DAY}).json()
    assert mine["scope"] == "mine"
    assert mine["items"] == []


def test_charlie_sees_nothing_of_the_matter_on_the_calendar(client, charlie, matter):
    DeadlineFactory(matter=matter, due_date=DAY)
    client.force_login(charlie)
    for params in ({"scope": "all"}, {"scope": "matter", "matter": matter.pk}):
        body = client.get(reverse("calendar"), {"view": "month", "date": DAY, **params}).json()
        assert body["items"] == []
        assert body["deadline_count"] == 0


def test_calendar_parameters_are_checked(client, bob):
    client.force_login(bob)
    response = client.get(
        reverse("calendar"),
        {"view": "year", "scope": "galaxy", "date": "9999-01-01", "matter": "0"},
    )
    assert response.status_code == 400
    assert {"view", "scope", "date", "matter"} <= set(response.json()["errors"])


def test_the_calendar_costs_the_same_queries_for_2_and_20_items(client, bob, matter):
    client.force_login(bob)
    assert_flat_queries(
        client,
        reverse("calendar"),
        lambda n: [DeadlineFactory(matter=matter, due_date=DAY) for _ in range(n)],
        lambda body: len(body["items"]),
        params={"view": "list", "scope": "all", "date": DAY.isoformat()},
    )
