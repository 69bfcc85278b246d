"""The calendar's month cells: a few items each, the rest counted and one click away;
the matter filter; hearing conflicts; walls."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services as case_services
from deadlines import services
from deadlines.selectors import CELL_LIMIT
from tests.factories import DeadlineFactory, add_task, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime.datetime(2026, 11, 10, 18, tzinfo=datetime.UTC)):
        yield


BUSY_DAY = datetime.date(2026, 11, 18)


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-FED-CA")


def _month(client, **params):
    params = {"view": "month", "scope": "team", "date": "2026-11-10", **params}
    response = client.get(reverse("deadlines:calendar"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_busy_day_lists_its_first_items_and_links_to_the_rest(client, matter, alice, bob):
    services.deadline_create(
        actor=alice, matter=matter, title="Motion hearing", kind="hearing",
        due_date=BUSY_DAY, due_time=datetime.time(9, 0),
    )  # fmt: skip
    for i in range(CELL_LIMIT + 1):
        DeadlineFactory(matter=matter, title=f"Filing {i}", due_date=BUSY_DAY)
    add_task(actor=alice, matter=matter, title="Prepare exhibits", assignee=bob, due_on=BUSY_DAY)
    client.force_login(bob)

    body = _month(client)
    # The hearing has a time, so it comes first; the task comes after the deadlines.
    assert "9:00 a.m. Motion hearing" in body
    assert "Prepare exhibits" not in body
    on_the_day = 1 + (CELL_LIMIT + 1) + 1
    more = f"?scope=team&amp;view=list&amp;date={BUSY_DAY:%Y-%m-%d}"
    assert f'href="{more}">+{on_the_day - CELL_LIMIT} more' in body
    assert f"{CELL_LIMIT + 2} deadlines and 1 task from" in body

    listed = client.get(
        reverse("deadlines:calendar"), {"view": "list", "scope": "team", "date": f"{BUSY_DAY}"}
    ).content.decode()
    for title in ["Motion hearing", "Prepare exhibits"] + [
        f"Filing {i}" for i in range(CELL_LIMIT + 1)
    ]:
        assert title in listed


def test_a_month_costs_the_same_queries_however_busy_its_days_are(client, matter, alice, bob):
    DeadlineFactory(matter=matter, due_date=BUSY_DAY).responsible.add(bob)
    client.force_login(bob)
    _month(client, scope="mine")  # the first request after a sign-in saves the session
    with CaptureQueriesContext(connection) as few:
        _month(client, scope="mine")
    for _ in range(3 * CELL_LIMIT):
        DeadlineFactory(matter=matter, due_date=BUSY_DAY).responsible.add(bob)
        add_task(actor=alice, matter=matter, assignee=bob, due_on=BUSY_DAY)
    with CaptureQueriesContext(connection) as many:
        body = _month(client, scope="mine")
    assert len(many) == len(few)
    on_the_day = 1 + 2 * 3 * CELL_LIMIT
    assert f"+{on_the_day - CELL_LIMIT} more" in body


def test_hearing_conflicts_count_hearings_the_cell_does_not_list(client, matter, alice):
    other = open_matter(actor=alice, title="Roe v. Widget")
    for m, hour in [(matter, 9), (other, 9), (matter, 10), (other, 11), (matter, 14)]:
        services.deadline_create(
            actor=alice, matter=m, title="Motion hearing", kind="hearing",
            due_date=BUSY_DAY, due_time=datetime.time(hour, 0),
        )  # fmt: skip
    client.force_login(alice)
    body = _month(client, scope="mine")
    assert "Alice Moreno has 5 hearings on Wed 2026-11-18." in body


def test_the_matter_picker_is_offered_for_one_matter_and_lists_the_users_open_matters(
    client, matter, alice, bob
):
    closed = open_matter(actor=alice, team=[(bob, "paralegal")], title="Closed v. Done")
    case_services.matter_close(
        actor=alice, matter=closed, expected_version=closed.version, outcome="settled"
    )
    not_on_team = open_matter(actor=alice, title="Alice alone v. Nobody")
    DeadlineFactory(matter=matter, title="Answer due", due_date=BUSY_DAY)
    client.force_login(bob)

    assert 'id="cal-matter"' not in _month(client, scope="mine")
    body = _month(client, scope="matter")
    assert 'id="cal-matter"' in body
    assert "Choose a matter" in body
    assert f'<option value="{matter.pk}">{matter.number} ' in body
    assert closed.number not in body
    assert not_on_team.number not in body

    body = _month(client, scope="matter", matter=matter.pk)
    assert f'<option value="{matter.pk}" selected>' in body
    assert "Answer due" in body


def test_a_walled_team_member_sees_nothing_of_the_matter(client, matter, alice, bob, dana):
    DeadlineFactory(matter=matter, title="Answer due", due_date=BUSY_DAY).responsible.add(bob)
    add_task(actor=alice, matter=matter, title="Prepare exhibits", assignee=bob, due_on=BUSY_DAY)
    case_services.wall_create(
        actor=dana, name="Bob screen", reason="Conflict", notice="Screened.",
        matter=matter, users=[bob],
    )  # fmt: skip
    client.force_login(bob)
    for scope in ("mine", "team", "all"):
        body = _month(client, scope=scope)
        assert "Answer due" not in body
        assert "Prepare exhibits" not in body
        assert "0 deadlines and 0 tasks" in body
    body = _month(client, scope="matter", matter=matter.pk)
    assert "Answer due" not in body
    assert matter.number not in body


def test_the_list_view_explains_each_deadline_in_constant_queries(client, alice, bob):
    # TRCP 99(b): served Mon 2026-11-02, the 20th day is Sun 2026-11-22, the
    # answer is due at 10:00 a.m. on the Monday next after it, 2026-11-23.
    texas = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-TX")
    services.trigger_event_create(
        actor=bob, matter=texas, event_key="complaint_served",
        trigger_date=datetime.date(2026, 11, 2), service="personal",
    )  # fmt: skip
    client.force_login(bob)
    params = {"view": "list", "scope": "team", "date": "2026-11-10"}
    client.get(reverse("deadlines:calendar"), params)
    with CaptureQueriesContext(connection) as few:
        body = client.get(reverse("deadlines:calendar"), params).content.decode()
    assert "10:00 a.m. CST" in body
    assert "How this date was computed" in body
    assert (
        "the Monday next after the period expires on Sunday 2026-11-22 → 2026-11-23 "
        "(TRCP 99(b); TRCP 4)" in body
    )
    for i in range(8):
        DeadlineFactory(matter=texas, title=f"Filing {i}", due_date=BUSY_DAY).responsible.add(bob)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("deadlines:calendar"), params)
    assert len(many) == len(few)
    # The month view does not read the steps: its chips link to the deadline.
    month = _month(client)
    assert "How this date was computed" not in month
    assert "10:00 a.m. Answer due" in month


def test_an_open_offers_response_deadline_is_on_the_calendar(client, matter, alice, bob):
    from tests.factories import add_offer

    offer = add_offer(actor=bob, matter=matter, side="opposing", amount="175000.00",
                      made_on=datetime.date(2026, 11, 5),
                      response_deadline=datetime.date(2026, 11, 20))  # fmt: skip
    client.force_login(bob)
    html = _month(client)
    assert "Response due: Opposing party offer of USD 175,000.00" in html
    assert f"{reverse('cases:matter_negotiation', args=[matter.pk])}#offer-{offer.pk}" in html
    listed = client.get(
        reverse("deadlines:calendar"), {"view": "list", "scope": "all", "date": "2026-11-10"}
    ).context["cal"]
    assert listed.offer_count == 1
    # Answered (accepted), it is no longer a date to keep.
    case_services.offer_accept(actor=bob, offer=offer)
    assert "Response due" not in _month(client)


def test_charlie_does_not_see_the_offers_of_a_matter_he_cannot_see(client, matter, bob, charlie):
    from tests.factories import add_offer

    add_offer(actor=bob, matter=matter, side="opposing",
              made_on=datetime.date(2026, 11, 5), response_deadline=datetime.date(2026, 11, 20))  # fmt: skip
    client.force_login(charlie)
    assert "Response due" not in _month(client, scope="all")
