"""The home-page dashboard: my matters by stage, what is due, the safety net,
recent activity, open negotiations, and the task queue; constant query counts."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import services
from cases.models import Matter
from deadlines.dashboard import dashboard_for
from deadlines.services import deadline_create
from tests.factories import DeadlineFactory, UserFactory, add_offer, add_task, open_matter

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
def matter(alice, bob):
    return open_matter(actor=alice, title="Doe v. Acme Corp.", team=[(bob, "paralegal")])


def test_an_attorney_sees_her_matters_by_stage(alice, bob, matter):
    second = open_matter(actor=alice, title="Roe v. Widget Inc.")
    services.matter_change_stage(
        actor=alice, matter=second, stage="discovery", expected_version=second.version
    )
    open_matter(actor=UserFactory(role="Attorney"), title="Someone else's")  # not alice's
    dash = dashboard_for(alice)
    assert [(s.stage, s.count) for s in dash.stages] == [("intake", 1), ("discovery", 1)]
    assert dash.matter_count == 2


def test_due_this_week_and_overdue_list_tasks_and_deadlines(alice, bob, matter):
    add_task(actor=alice, matter=matter, title="Overdue task", due_on=days(-2))
    add_task(actor=alice, matter=matter, title="This week task", due_on=days(6))
    add_task(actor=alice, matter=matter, title="Next week task", due_on=days(7))
    done = add_task(actor=alice, matter=matter, title="Done task", due_on=days(-1))
    services.task_complete(actor=alice, task=done)
    deadline_create(actor=alice, matter=matter, title="Answer due", due_date=days(3), kind="court")
    deadline_create(
        actor=alice, matter=matter, title="Missed filing", due_date=days(-1), kind="court"
    )
    dash = dashboard_for(alice)
    assert [t.title for t in dash.tasks_overdue] == ["Overdue task"]
    assert [t.title for t in dash.tasks_this_week] == ["This week task"]
    assert [d.title for d in dash.deadlines_this_week] == ["Answer due"]
    assert [d.title for d in dash.deadlines_overdue] == ["Missed filing"]


def test_the_safety_net_lists_matters_with_nothing_coming_up(alice, matter):
    quiet = open_matter(actor=alice, title="Quiet v. Forgotten")
    deadline_matter = open_matter(actor=alice, title="Deadline v. Only")
    add_task(actor=alice, matter=matter, title="Upcoming", due_on=days(30))
    add_task(actor=alice, matter=quiet, title="Only overdue", due_on=days(-3))
    deadline_create(
        actor=alice, matter=deadline_matter, title="Hearing", due_date=days(40), kind="hearing"
    )
    assert [m.title for m in dashboard_for(alice).unattended] == ["Quiet v. Forgotten"]


def test_recent_activity_and_open_negotiations_with_their_gap(alice, bob, matter):
    demand = add_offer(actor=bob, matter=matter, side="client", amount="500000")
    add_offer(actor=bob, matter=matter, side="opposing", amount="120000", responds_to=demand)
    add_offer(actor=bob, matter=matter, side="client", amount="400000")
    dash = dashboard_for(alice)
    assert len(dash.negotiations) == 1
    assert dash.negotiations[0].gap == 280000
    assert dash.activity[0].matter_number == matter.number
    assert "recorded an offer" in dash.activity[0].summary
    assert len(dash.activity) <= 20


def test_paralegals_get_their_task_queue_and_attorneys_do_not(alice, bob, matter):
    add_task(actor=alice, matter=matter, title="Bob's later", assignee=bob, due_on=days(10))
    add_task(actor=alice, matter=matter, title="Bob's sooner", assignee=bob, due_on=days(1))
    add_task(actor=alice, matter=matter, title="Alice's", assignee=alice, due_on=days(1))
    assert [t.title for t in dashboard_for(bob).task_queue] == ["Bob's sooner", "Bob's later"]
    assert dashboard_for(alice).task_queue is None


def test_charlie_sees_nothing_of_matters_he_is_not_on(alice, bob, charlie, matter):
    add_task(actor=alice, matter=matter, title="Secret task", assignee=bob, due_on=days(1))
    add_offer(actor=alice, matter=matter)
    dash = dashboard_for(charlie)
    assert dash.stages == []
    assert (dash.tasks_this_week, dash.activity, dash.negotiations, dash.unattended) == (
        [],
        [],
        [],
        [],
    )
    assert dash.task_queue == []


def test_a_walled_admin_does_not_see_the_matter_on_her_dashboard(alice, dana, matter):
    services.team_member_add(actor=alice, matter=matter, user=dana, role="attorney")
    add_task(actor=alice, matter=matter, title="Walled task", due_on=days(1))
    assert dashboard_for(dana).tasks_this_week
    services.wall_create(actor=dana, name="Dana screened", reason="Conflict",
                         notice="Stay away.", matter=matter, users=[dana])  # fmt: skip
    dash = dashboard_for(dana)
    assert (dash.stages, dash.tasks_this_week, dash.activity) == ([], [], [])


def test_the_home_page_shows_the_dashboard_to_charlie_without_leaking(
    client, alice, charlie, matter
):
    add_task(actor=alice, matter=matter, title="Secret task", due_on=days(1))
    client.force_login(charlie)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Secret task" not in body
    assert matter.number not in body


def _fill(alice, bob, n):
    for i in range(n):
        m = open_matter(actor=alice, title=f"Filler {i}", team=[(bob, "paralegal")])
        add_task(actor=alice, matter=m, title=f"Task {i}", assignee=bob, due_on=days(i % 9 - 3))
        deadline_create(actor=alice, matter=m, title=f"Deadline {i}", due_date=days(i % 9 - 3))
        demand = add_offer(actor=bob, matter=m, side="client", amount="1000")
        add_offer(actor=bob, matter=m, side="opposing", amount="10", responds_to=demand)


@pytest.mark.parametrize("who", ["alice", "bob"])
def test_the_dashboard_page_runs_a_constant_number_of_queries(client, alice, bob, who):
    user = {"alice": alice, "bob": bob}[who]
    _fill(alice, bob, 1)
    client.force_login(user)
    client.get(reverse("home"))  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    _fill(alice, bob, 12)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("home"))
    assert len(many) == len(few), [q["sql"][:120] for q in many]
    body = response.content.decode()
    assert "Filler 11" in body or "Task 11" in body


def test_the_demo_firm_gets_its_work_once_and_fills_the_dashboards():
    from casemgr import demo

    first = demo.seed()
    assert first.created.get("tasks", 0) > 0
    assert first.created.get("notes", 0) > 0
    assert first.created.get("offers", 0) > 0
    again = demo.seed()
    assert not {"tasks", "notes", "offers", "task templates"} & set(again.created)
    dash = dashboard_for(first.users["alice"])
    assert dash.negotiations
    assert dash.tasks_overdue or dash.tasks_this_week
    assert dashboard_for(first.users["bob"]).task_queue


def test_long_lists_show_their_first_rows_and_link_to_the_rest(client, alice, matter):
    from deadlines.dashboard import LIST_LIMIT

    for n in range(LIST_LIMIT + 2):
        add_task(actor=alice, matter=matter, title=f"Late {n:02d}", due_on=days(-20 + n))
    add_task(actor=alice, matter=matter, title="Only one this week", due_on=days(1))
    dash = dashboard_for(alice)
    assert [t.title for t in dash.tasks_overdue] == [f"Late {n:02d}" for n in range(LIST_LIMIT)]
    assert "overdue" in dash.more
    assert "week" not in dash.more
    client.force_login(alice)
    page = client.get(reverse("home")).content.decode()
    assert "See everything overdue in the calendar" in page
    assert f"date={days(-20):%Y-%m-%d}" in page  # the calendar list starts at the oldest
    overdue = page[page.index('id="dash-overdue"') : page.index('id="dash-week"')]
    assert "Late 09" in overdue
    assert "Late 10" not in overdue
    assert "See the whole week in the calendar" not in page


def test_recent_activity_is_the_latest_events_of_all_my_matters(alice, bob):
    """The feed reads only the most recently active matters; it must equal the
    latest events across every open matter of mine, however they interleave."""
    from casemgr import audit
    from casemgr.models import AuditEvent
    from deadlines.dashboard import ACTIVITY_LIMIT

    matters = [open_matter(actor=alice, title=f"Matter {n}") for n in range(ACTIVITY_LIMIT + 4)]
    with time_machine.travel(
        datetime.datetime(2026, 11, 26, 18, 0, tzinfo=datetime.UTC), tick=True
    ):
        # Busy early matters, then a few late events on others, then views that
        # must not count as activity.
        for n in (0, 1, 2, 0, 1, 5, 9, 15, 3, 0, 14, 2, 7, 0, 1):
            services.matter_update(
                actor=alice, matter=matters[n], expected_version=matters[n].version,
                description=f"note {n}",
            )  # fmt: skip
            matters[n].refresh_from_db()
        for n in (4, 6, 8):
            audit.record(actor=bob, action=audit.Action.VIEW, obj=matters[n],
                         summary="viewed the matter")  # fmt: skip
    expected = list(
        AuditEvent.objects.filter(matter_id__in=[m.pk for m in matters])
        .exclude(action__in=["view", "download"])
        .order_by("-at", "-id")
        .values_list("pk", flat=True)[:ACTIVITY_LIMIT]
    )
    assert [e.pk for e in dashboard_for(alice).activity] == expected


def test_a_view_is_not_activity_but_a_change_is(alice, bob, matter):
    from casemgr import audit
    from cases.models import Matter

    before = Matter.objects.get(pk=matter.pk).last_activity_at
    assert before is not None  # opening it was activity
    with time_machine.travel(datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC)):
        audit.record(actor=bob, action=audit.Action.VIEW, obj=matter, summary="viewed")
        assert Matter.objects.get(pk=matter.pk).last_activity_at == before
        add_task(actor=alice, matter=matter, title="Call the client", due_on=days(3))
        assert Matter.objects.get(pk=matter.pk).last_activity_at > before


def test_dashboard_sections_refuse_ids_that_did_not_come_through_the_door(alice, charlie):
    """Each section filters hand-written SQL by an id array: handed bare ids
    (say, a matter charlie may not see) it refuses to run."""
    import datetime as dt

    from access.querysets import DoorIds
    from deadlines import dashboard

    matter = open_matter(actor=alice)
    today = dt.date(2026, 11, 2)
    bare = frozenset({matter.pk})
    with pytest.raises(TypeError):
        dashboard.tasks_due(bare, today, today, 5)
    with pytest.raises(TypeError):
        dashboard.open_negotiations(bare)
    with pytest.raises(TypeError):
        DoorIds(bare)  # no ids but those read through the door
    with pytest.raises(TypeError):
        DoorIds.read(Matter.objects.filter(pk=matter.pk))  # not narrowed by restrict
    through, _ = DoorIds.read(Matter.objects.restrict(charlie, "view"))
    assert matter.pk not in through
    assert through.subset(bare) == frozenset()
    assert dashboard.tasks_due(through, today, today, 5) == ([], [])


def test_lists_show_matter_titles_and_the_feed_shows_names_and_field_labels(
    client, alice, bob, matter
):
    """Issue 16: numbers without titles, e-mail addresses instead of names, and raw
    field names ("likelihood_percent, risks") in the activity feed."""
    add_task(actor=alice, matter=matter, title="Draft the answer", due_on=days(1))
    add_task(actor=alice, matter=matter, title="Late filing", due_on=days(-3), assignee=bob)
    DeadlineFactory(matter=matter, title="Reply brief", due_date=days(2))
    demand = add_offer(actor=bob, matter=matter, side="client", amount="500000")
    add_offer(actor=bob, matter=matter, side="opposing", amount="120000", responds_to=demand)
    services.strategy_save(actor=alice, matter=matter, expected_version=0, risks="Waiver.",
                           likelihood_percent=60)  # fmt: skip
    services.strategy_save(actor=alice, matter=matter, expected_version=1, risks="Waiver clause.",
                           likelihood_percent=55)  # fmt: skip
    client.force_login(alice)
    page = client.get(reverse("home")).content.decode()

    def section(name):
        start = page.index(f'id="{name}"')
        return page[start : page.index("</section>", start)]

    title = "Doe v. Acme Corp."
    for name in ("dash-overdue", "dash-week", "dash-negotiations", "dash-activity"):
        assert f"{matter.number} {title}" in section(name) or title in section(name), name
    activity = section("dash-activity")
    assert "<strong>Alice Moreno</strong>" in activity
    assert "<strong>Bob Lindqvist</strong>" in activity
    assert alice.email not in activity
    assert bob.email not in activity
    assert "version 2: risks, likelihood of success (%)" in activity, activity
    assert "likelihood_percent" not in activity


def test_a_matter_edit_is_summarised_by_field_labels(alice, matter):
    from casemgr.models import AuditEvent

    services.matter_update(actor=alice, matter=matter, expected_version=matter.version,
                           docket_number="3:26-cv-01234", judge="Hon. R. Alvarez")  # fmt: skip
    event = AuditEvent.objects.filter(matter_id=matter.pk, action="change").latest("at")
    assert event.summary == "changed docket number, judge"
