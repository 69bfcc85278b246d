"""A trigger event that sets a hearing (rule data ``hearing:``) puts the hearing on
the calendar and in the iCal feed, at its time in the court's zone; people who may
not see the matter never see it."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from casemgr.models import AuditEvent
from cases import services as case_services
from deadlines import services
from deadlines.models import Deadline, TriggerEvent
from tests.factories import open_matter

pytestmark = pytest.mark.django_db

# TRCP 166a(c): a summary judgment hearing on Fri 2026-12-18, in a Texas court.
HEARING_DAY = datetime.date(2026, 12, 18)
NINE_THIRTY = datetime.time(9, 30)


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 18, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-TX")


def _set_hearing(actor, matter, *, event_key="summary_judgment_hearing", day=HEARING_DAY,
                 at=NINE_THIRTY):  # fmt: skip
    return services.trigger_event_create(
        actor=actor, matter=matter, event_key=event_key, trigger_date=day,
        service="personal", hearing_time=at,
    )  # fmt: skip


def _hearing(event) -> Deadline:
    return event.deadlines.get(kind=Deadline.Kind.HEARING)


# --- The service -----------------------------------------------------------------------


def test_a_hearing_event_creates_the_hearing_at_its_time_in_the_courts_zone(matter, alice, bob):
    event = _set_hearing(bob, matter)
    hearing = _hearing(event)
    assert (hearing.title, hearing.due_date, hearing.due_time) == (
        "Summary judgment hearing", HEARING_DAY, NINE_THIRTY,
    )  # fmt: skip
    assert hearing.time_zone == "America/Chicago"
    assert hearing.due_at == datetime.datetime(2026, 12, 18, 15, 30, tzinfo=datetime.UTC)
    assert hearing.zone_abbreviation == "CST"
    assert hearing.trigger_event == event
    assert hearing.rule_key == services.HEARING_RULE_KEY
    assert set(hearing.responsible.all()) == {alice, bob}
    assert "Summary judgment hearing set" in hearing.explanation
    # The briefing deadlines are there too, counted back from the hearing (TRCP 166a(c)).
    keys = set(event.deadlines.exclude(pk=hearing.pk).values_list("rule_key", flat=True))
    assert keys == {"msj_served", "msj_response"}
    assert AuditEvent.objects.filter(
        object_type="deadlines.deadline", object_id=str(hearing.pk), action="create"
    ).exists()


def test_the_preview_shows_the_hearing_and_writes_nothing(matter, bob):
    preview = services.trigger_event_preview(
        actor=bob, matter=matter, event_key="summary_judgment_hearing",
        trigger_date=HEARING_DAY, service="personal", hearing_time=NINE_THIRTY,
    )  # fmt: skip
    assert preview.hearing is not None
    assert (preview.hearing.title, preview.hearing.date, preview.hearing.time) == (
        "Summary judgment hearing", HEARING_DAY, NINE_THIRTY,
    )  # fmt: skip
    assert preview.hearing.zone_abbreviation == "CST"
    assert not Deadline.objects.exists()


def test_a_hearing_event_without_a_time_is_refused_with_a_message(matter, bob):
    with pytest.raises(ValidationError) as error:
        _set_hearing(bob, matter, at=None)
    assert "give its time" in error.value.message_dict["hearing_time"][0]
    assert not TriggerEvent.objects.exists()


def test_a_time_for_an_event_that_sets_no_hearing_is_refused(matter, bob):
    with pytest.raises(ValidationError) as error:
        _set_hearing(bob, matter, event_key="complaint_served")
    assert "sets no hearing" in error.value.message_dict["hearing_time"][0]
    assert not Deadline.objects.exists()


def test_an_event_that_sets_no_hearing_puts_none_on_the_calendar(matter, bob):
    event = _set_hearing(bob, matter, event_key="complaint_served", at=None)
    assert not event.deadlines.filter(kind=Deadline.Kind.HEARING).exists()


@pytest.mark.parametrize(
    ("jurisdiction", "event_key", "title"),
    [
        ("US-CA", "motion_hearing", "Motion hearing"),  # CCP § 1005(b)
        ("US-NY", "motion_return_date", "Motion return date"),  # CPLR 2214(b)
        ("US-NY", "motion_return_date_with_demand", "Motion return date"),
    ],
)
def test_the_other_states_hearing_events_set_their_hearing(alice, jurisdiction, event_key, title):
    matter = open_matter(actor=alice, jurisdiction=jurisdiction)
    event = _set_hearing(alice, matter, event_key=event_key, day=datetime.date(2026, 12, 16))
    hearing = _hearing(event)
    assert (hearing.title, hearing.due_date, hearing.due_time) == (
        title, datetime.date(2026, 12, 16), NINE_THIRTY,
    )  # fmt: skip
    assert hearing.time_zone == services.court_time_zone(jurisdiction)


def test_charlie_cannot_set_a_hearing_in_a_matter_he_may_not_see(matter, charlie):
    from django.http import Http404

    with pytest.raises(Http404):
        _set_hearing(charlie, matter)
    assert not Deadline.objects.exists()


def test_changing_the_trigger_date_moves_the_hearing_and_keeps_its_time(matter, bob):
    event = _set_hearing(bob, matter)
    new_day = datetime.date(2027, 1, 8)
    preview = services.trigger_event_change_preview(actor=bob, event=event, new_date=new_day)
    hearing_move = next(m for m in preview.moves if m.deadline.kind == Deadline.Kind.HEARING)
    assert (hearing_move.old_date, hearing_move.new_date, hearing_move.days) == (
        HEARING_DAY, new_day, 21,
    )  # fmt: skip

    services.trigger_event_change_apply(
        actor=bob, event=event, new_date=new_day, expected_version=1
    )
    hearing = _hearing(event)
    assert (hearing.due_date, hearing.due_time) == (new_day, NINE_THIRTY)
    assert "2027-01-08" in hearing.explanation
    assert "2026-12-18" not in hearing.explanation
    assert AuditEvent.objects.filter(
        object_id=str(hearing.pk), summary__contains="moved the hearing"
    ).exists()


def test_a_hearing_set_by_hand_stays_when_the_trigger_date_changes(matter, bob):
    event = _set_hearing(bob, matter)
    hearing = _hearing(event)
    services.deadline_override(
        actor=bob, deadline=hearing, due_date=datetime.date(2026, 12, 21),
        reason="Reset by the court's order of Dec. 2", expected_version=hearing.version,
    )  # fmt: skip
    services.trigger_event_change_apply(
        actor=bob, event=event, new_date=datetime.date(2027, 1, 8), expected_version=1
    )
    assert _hearing(event).due_date == datetime.date(2026, 12, 21)


# --- The trigger event page ------------------------------------------------------------


def _post(client, matter, **data):
    return client.post(reverse("deadlines:trigger_event", args=[matter.pk]), data)


def test_the_trigger_form_asks_for_the_hearing_time_where_an_event_sets_a_hearing(client, alice):
    texas = open_matter(actor=alice, jurisdiction="US-TX")
    federal = open_matter(actor=alice, jurisdiction="US-FED")
    client.force_login(alice)
    body = client.get(reverse("deadlines:trigger_event", args=[texas.pk])).content.decode()
    assert 'name="hearing_time"' in body
    assert "Summary judgment hearing set (sets the summary judgment hearing)" in body
    assert "Texas civil practice" in body
    body = client.get(reverse("deadlines:trigger_event", args=[federal.pk])).content.decode()
    assert 'name="hearing_time"' not in body  # no federal event sets a hearing


def test_bob_previews_and_confirms_a_hearing_on_the_page(client, matter, bob):
    client.force_login(bob)
    data = {"event_key": "summary_judgment_hearing", "trigger_date": "2026-12-18",
            "service": "personal", "hearing_time": "09:30"}  # fmt: skip
    missing = _post(client, matter, **{**data, "hearing_time": ""})
    assert "give its time in the court" in missing.content.decode()

    preview = _post(client, matter, **data).content.decode()
    assert "The hearing goes on the calendar" in preview
    assert "Fri 2026-12-18 9:30 a.m. CST" in preview
    assert "Confirm and create 2 deadlines and the hearing" in preview
    assert not Deadline.objects.exists()
    # The confirmation posts back the hidden copy of what was entered.
    hidden = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', preview))
    assert hidden["hearing_time"].startswith("09:30")

    response = _post(client, matter, **hidden, confirm="1")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "put “Summary judgment hearing” on the calendar on 2026-12-18 at 09:30 CST" in page
    assert "9:30 a.m. CST" in page


# --- The calendar and the feed ---------------------------------------------------------


def _calendar(client, **params):
    params = {"view": "month", "scope": "all", "date": "2026-12-01", **params}
    response = client.get(reverse("deadlines:calendar"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_hearing_is_on_the_calendar_with_its_time(client, matter, bob):
    _set_hearing(bob, matter)
    client.force_login(bob)
    for scope in ("mine", "team", "all"):
        assert "9:30 a.m. Summary judgment hearing" in _calendar(client, scope=scope)
    listed = _calendar(client, view="list", date="2026-12-18")
    assert "9:30 a.m. CST" in listed
    assert "Summary judgment hearing" in listed
    week = _calendar(client, view="week", date="2026-12-18")
    assert "9:30 a.m. Summary judgment hearing" in week


def test_two_hearings_set_by_trigger_events_on_one_day_are_a_conflict(client, alice, bob):
    for title in ("Acme v. Birch", "Cole v. Dunn"):
        _set_hearing(bob, open_matter(actor=alice, team=[(bob, "paralegal")], title=title,
                                      jurisdiction="US-TX"))  # fmt: skip
    client.force_login(bob)
    assert "Bob Lindqvist has 2 hearings on Fri 2026-12-18." in _calendar(client)


def test_charlie_never_sees_the_hearing_even_when_named_responsible(client, matter, bob, charlie):
    event = _set_hearing(bob, matter)
    _hearing(event).responsible.add(charlie)  # a stale assignment does not open the door
    client.force_login(charlie)
    for scope in ("mine", "team", "all"):
        body = _calendar(client, scope=scope)
        assert "Summary judgment hearing" not in body
        assert matter.number not in body
    assert "Summary judgment hearing" not in _calendar(client, view="list", date="2026-12-18")


def test_a_walled_team_member_loses_the_hearing_from_calendar_and_feed(
    client, matter, alice, bob, dana
):
    _set_hearing(bob, matter)
    url = _feed_url(client, bob)
    case_services.wall_create(
        actor=dana, name="Bob screen", reason="Conflict", notice="Screened.",
        matter=matter, users=[bob],
    )  # fmt: skip
    client.force_login(bob)
    assert "Summary judgment hearing" not in _calendar(client)
    client.logout()
    assert not _events(client.get(url))


def _feed_url(client, user) -> str:
    client.force_login(user)
    body = client.post(reverse("deadlines:feed_settings")).content.decode()
    client.logout()
    return re.search(r'value="(http[^"]+\.ics)"', body).group(1)


def _events(response):
    return {str(e["summary"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_the_hearing_is_in_the_feed_at_its_time_in_the_courts_zone(client, matter, bob, charlie):
    event = _set_hearing(bob, matter)
    hearing = _hearing(event)
    response = client.get(_feed_url(client, bob))
    assert response.status_code == 200
    found = _events(response)[f"Summary judgment hearing — {matter.number}"]
    assert str(found["uid"]) == f"deadline-{hearing.pk}@casemgr.deadlines"
    assert found["dtstart"].params["TZID"] == "America/Chicago"
    start = found.decoded("dtstart")
    assert (start.date(), start.time(), start.utcoffset()) == (
        HEARING_DAY, NINE_THIRTY, datetime.timedelta(hours=-6),
    )  # fmt: skip
    assert str(found["transp"]) == "OPAQUE"  # a hearing is busy time
    assert "Summary judgment hearing set" in str(found["description"])
    assert b"TZID:America/Chicago" in response.content

    _hearing(event).responsible.add(charlie)
    assert not _events(client.get(_feed_url(client, charlie)))
