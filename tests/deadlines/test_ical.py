"""The per-user iCal feed: secret token, visible open deadlines only, stable UIDs."""

import datetime
import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from cases import services as case_services
from deadlines import services
from tests.factories import DeadlineFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-FED-CA")


def _feed_url(client, user) -> str:
    client.force_login(user)
    body = client.post(reverse("deadlines:feed_settings")).content.decode()
    client.logout()
    return re.search(r'value="(http[^"]+\.ics)"', body).group(1)


def _events(response):
    cal = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_the_feed_has_my_open_visible_deadlines_without_a_session(client, matter, bob, alice):
    all_day = DeadlineFactory(matter=matter, title="Draft review", kind="internal")
    timed = DeadlineFactory(matter=matter, title="Answer", due_time=datetime.time(23, 59))
    done = DeadlineFactory(matter=matter, title="Old one")
    services.deadline_complete(actor=alice, deadline=done, expected_version=1)
    url = _feed_url(client, bob)

    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = _events(response)
    assert set(events) == {
        f"deadline-{all_day.pk}@casemgr.deadlines",
        f"deadline-{timed.pk}@casemgr.deadlines",
    }
    day_event = events[f"deadline-{all_day.pk}@casemgr.deadlines"]
    assert day_event.decoded("dtstart") == datetime.date(2026, 12, 1)
    assert day_event.decoded("dtend") == datetime.date(2026, 12, 2)
    timed_event = events[f"deadline-{timed.pk}@casemgr.deadlines"]
    assert timed_event["dtstart"].params["TZID"] == "America/Los_Angeles"
    assert b"BEGIN:VTIMEZONE" in response.content


def test_a_moved_deadline_keeps_its_uid_and_shows_the_new_date(client, matter, bob):
    deadline = DeadlineFactory(matter=matter, kind="internal")
    url = _feed_url(client, bob)
    uid = f"deadline-{deadline.pk}@casemgr.deadlines"
    assert uid in _events(client.get(url))
    services.deadline_override(
        actor=bob, deadline=deadline, due_date=datetime.date(2026, 12, 9), reason="Order",
        expected_version=1,
    )  # fmt: skip
    event = _events(client.get(url))[uid]
    assert event.decoded("dtstart") == datetime.date(2026, 12, 9)
    assert int(event["sequence"]) == 2


def test_deadlines_of_matters_the_user_loses_access_to_leave_the_feed(client, matter, alice, bob):
    DeadlineFactory(matter=matter)
    url = _feed_url(client, bob)
    assert len(_events(client.get(url))) == 1
    case_services.team_member_remove(actor=alice, matter=matter, user=bob)
    assert _events(client.get(url)) == {}


def test_charlie_with_his_own_feed_sees_nothing_of_alices_matter(client, matter, charlie):
    DeadlineFactory(matter=matter)
    url = _feed_url(client, charlie)
    assert _events(client.get(url)) == {}


def test_unknown_revoked_and_regenerated_tokens_give_404(client, matter, bob):
    assert client.get(reverse("deadlines:feed", args=["not-a-token"])).status_code == 404
    old = _feed_url(client, bob)
    new = _feed_url(client, bob)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.force_login(bob)
    client.post(reverse("deadlines:feed_settings"), {"action": "revoke"})
    client.logout()
    assert client.get(new).status_code == 404


def test_a_deactivated_users_feed_is_gone(client, matter, bob):
    url = _feed_url(client, bob)
    bob.is_active = False
    bob.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404
