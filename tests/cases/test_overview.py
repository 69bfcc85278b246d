"""The matter dashboard (the Overview tab): stage and its history, deadlines, open
tasks by person, the negotiation gap and its trend, the strategy summary, notes,
key dates, client and team, recent activity; a query count that does not grow
with the matter."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.overview import GapPoint, GapTrend, matter_overview
from tests.factories import (
    DeadlineFactory,
    UserFactory,
    add_offer,
    add_task,
    new_contact,
    open_matter,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(
        datetime.datetime(2026, 11, 26, 17, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def client_contact(alice):
    return new_contact(
        actor=alice,
        first_name="Harriet",
        last_name="Quinn",
        emails=[{"email": "harriet@example.com", "label": "home", "is_primary": True}],
        phones=[{"number": "+1 415 555 0100", "label": "mobile", "is_primary": True}],
    )


@pytest.fixture
def matter(alice, bob, client_contact):
    return open_matter(
        actor=alice, title="Quinn v. Bayview", client=client_contact, team=[(bob, "paralegal")]
    )


def overview_page(client, user, matter):
    client.force_login(user)
    response = client.get(reverse("cases:matter_detail", args=[matter.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_shows_where_the_matter_stands(client, alice, bob, matter):
    services.matter_change_stage(actor=alice, matter=matter, stage="open", expected_version=1)
    DeadlineFactory(matter=matter, title="Answer to the complaint", due_date=days(5))
    DeadlineFactory(matter=matter, title="Initial disclosures", due_date=days(-2))
    DeadlineFactory(matter=matter, title="Trial", kind="hearing", due_date=days(90))
    DeadlineFactory(
        matter=matter,
        title="Filed long ago",
        due_date=days(-9),
        status="done",
        completed_at=datetime.datetime(2026, 11, 17, tzinfo=datetime.UTC),
    )
    add_task(actor=alice, matter=matter, title="Draft the answer", assignee=alice, due_on=days(3))
    add_task(actor=alice, matter=matter, title="Collect records", assignee=bob, due_on=days(-1))
    add_task(actor=alice, matter=matter, title="Order the transcript")
    demand = add_offer(actor=bob, matter=matter, side="client", amount="500000")
    counter = add_offer(
        actor=bob, matter=matter, side="opposing", amount="100000", responds_to=demand
    )
    add_offer(actor=bob, matter=matter, side="client", amount="400000", responds_to=counter)
    services.strategy_save(
        actor=alice, matter=matter, expected_version=0, theory_of_case="Bayview knew of the leak.",
        objectives="Repairs paid and damages.", risks="The lease waiver clause.",
        likelihood_percent=65,
    )  # fmt: skip
    services.note_create(
        actor=bob, matter=matter, kind="call", direction="outgoing",
        subject="Called opposing counsel", body="Open to mediation in January.",
    )  # fmt: skip

    body = overview_page(client, alice, matter)

    # Stage and its history.
    assert 'aria-current="step">Open' in body
    assert "Intake → Open" in body
    # Deadlines: the next one and the overdue one; not the finished one.
    assert "Answer to the complaint" in body
    assert "Initial disclosures" in body
    assert "Filed long ago" not in body
    # Open tasks by person, unassigned included, with the overdue count.
    for text in ("Alice Moreno", "Bob Lindqvist", "Unassigned", "Draft the answer",
                 "Collect records", "Order the transcript", "1 overdue"):  # fmt: skip
        assert text in body, text
    # Negotiation: each side's latest offer, the gap, and its trend.
    assert "USD 300,000.00" in body  # 400,000 against 100,000
    assert "narrowing" in body
    assert "USD 100,000.00 over the last 2 offers" in body
    # Strategy summary, latest note, key dates, client's details, team, activity.
    for text in ("Bayview knew of the leak.", "Repairs paid and damages.",
                 "The lease waiver clause.", "65%", "Called opposing counsel",
                 "Open to mediation in January.", "Hearing: Trial", "harriet@example.com",
                 "+1 415 555 0100", "Paralegal", "logged a call"):  # fmt: skip
        assert text in body, text
    # Each block links to its tab.
    for name in ("deadlines:matter_deadlines", "cases:matter_tasks", "cases:matter_negotiation",
                 "cases:matter_strategy", "cases:matter_notes", "cases:matter_team",
                 "cases:matter_activity"):  # fmt: skip
        assert f'href="{reverse(name, args=[matter.pk])}"' in body, name


def test_people_are_shown_by_name_in_the_recent_activity(client, alice, matter):
    add_task(actor=alice, matter=matter, title="Call the client")
    body = overview_page(client, alice, matter)
    activity = body.split("ov-activity-h", 1)[1]
    assert "<strong>Alice Moreno</strong> added the task" in activity
    assert alice.email not in activity.split("</ol>")[0]


def test_an_empty_matter_has_a_calm_dashboard(client, alice, matter):
    body = overview_page(client, alice, matter)
    for text in ("No open deadline ahead.", "No open tasks.", "No offer on the table.",
                 "No strategy written yet.", "No notes yet."):  # fmt: skip
        assert text in body, text


def test_the_gap_trend_reads_the_sides_in_order():
    trend = GapTrend(
        points=[GapPoint(days(0), 400), GapPoint(days(1), 300), GapPoint(days(2), 350)]
    )
    assert trend.direction == "narrowing"
    assert trend.change == 50
    xs_ys = [tuple(map(float, p.split(","))) for p in trend.polyline.split()]
    assert xs_ys[0][1] < xs_ys[1][1]  # the largest gap is drawn highest
    assert GapTrend(points=[GapPoint(days(0), 1)]).polyline == ""


def test_charlie_gets_404_and_a_walled_admin_too(client, alice, charlie, dana, matter):
    client.force_login(charlie)
    assert client.get(reverse("cases:matter_detail", args=[matter.pk])).status_code == 404
    services.wall_create(actor=dana, name="Dana screened", reason="Conflict",
                         notice="Stay away.", matter=matter, users=[dana])  # fmt: skip
    client.force_login(dana)
    assert client.get(reverse("cases:matter_detail", args=[matter.pk])).status_code == 404


def _grow(alice, bob, matter, n, start):
    """n more tasks, deadlines, notes and offers on the matter, spread over people,
    dates and sides."""
    people = [alice, bob, None]
    for i in range(start, start + n):
        add_task(actor=alice, matter=matter, title=f"Task {i}", assignee=people[i % 3],
                 due_on=days(i - 20))  # fmt: skip
        DeadlineFactory(matter=matter, title=f"Deadline {i}", due_date=days(i - 20),
                        kind=["court", "hearing", "statute"][i % 3])  # fmt: skip
        services.note_create(actor=alice, matter=matter, kind="note", subject=f"Note {i}")
        add_offer(actor=bob, matter=matter, side=["client", "opposing"][i % 2],
                  amount=str(1000 + i))  # fmt: skip


def test_the_dashboard_runs_the_same_queries_for_2_or_40_of_everything(client, alice, bob, matter):
    _grow(alice, bob, matter, 2, 0)
    client.force_login(alice)
    url = reverse("cases:matter_detail", args=[matter.pk])
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(alice, bob, matter, 38, 2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert len(many) == len(few), [q["sql"][:120] for q in many]
    assert "Note 39" in response.content.decode()


def test_the_overview_selector_reads_only_the_matter_it_is_given(alice, bob, matter):
    other = open_matter(actor=alice, title="Other matter")
    add_task(actor=alice, matter=other, title="Not this matter's task", assignee=alice)
    DeadlineFactory(matter=other, title="Not this matter's deadline", due_date=days(2))
    overview = matter_overview(matter, today=TODAY)
    assert overview.people == []
    assert overview.deadlines_next == []


def test_a_large_team_is_not_a_problem_for_the_tasks_block(client, alice, matter):
    helpers = [UserFactory(full_name=f"Helper {i:02d}", role="Paralegal") for i in range(10)]
    for person in helpers:
        services.team_member_add(actor=alice, matter=matter, user=person, role="paralegal")
        add_task(actor=alice, matter=matter, title=f"Task of {person.full_name}", assignee=person)
    body = overview_page(client, alice, matter)
    assert "More people have open tasks" in body


def test_the_activity_tab_names_people(client, alice, matter):
    add_task(actor=alice, matter=matter, title="Call the client")
    client.force_login(alice)
    body = client.get(reverse("cases:matter_activity", args=[matter.pk])).content.decode()
    assert "<strong>Alice Moreno</strong> added the task" in body
