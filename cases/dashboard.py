"""The home-page dashboard: what needs attention across a user's matters.

One selector, ``dashboard_for(user)``, gathers every section with a fixed
number of queries however many matters, tasks and deadlines there are: each
section is one query over "my matters" (a subquery built from the one door),
sliced to a fixed size.
"""

from __future__ import annotations

import datetime
import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.roles import Role
from casemgr.models import AuditEvent
from cases.models import Matter, MatterQuerySet, Offer, Task, TeamMembership
from cases.models.matter import DEFAULT_STAGES
from cases.models.negotiations import NegotiationPosition, negotiation_positions
from cases.models.tasks import PRIORITY_RANK, TaskQuerySet
from deadlines.models import Deadline

if TYPE_CHECKING:
    from accounts.models import User

WEEK_DAYS = 7  # "this week": today and the six days after it
# A dashboard is read at a glance: each list shows its first rows (soonest or most
# urgent first) and says when there are more, with a link to where they all are.
LIST_LIMIT = 10
QUEUE_LIMIT = 15
SAFETY_NET_LIMIT = 10
ACTIVITY_LIMIT = 12
NEGOTIATION_LIMIT = 100  # offers read (two per matter at most)
QUEUE_ROLES = (Role.PARALEGAL, Role.CASE_MANAGER)


@dataclass(frozen=True)
class StageCount:
    stage: str
    count: int


@dataclass
class Dashboard:
    today: datetime.date
    week_end: datetime.date
    stages: list[StageCount]
    tasks_overdue: list[Task]
    tasks_this_week: list[Task]
    deadlines_overdue: list[Any]
    deadlines_this_week: list[Any]
    unattended: list[Matter]
    activity: list[AuditEvent]
    negotiations: list[NegotiationPosition]
    task_queue: list[Task] | None = None  # paralegals and case managers only
    limit: int = LIST_LIMIT
    queue_limit: int = QUEUE_LIMIT
    # Whether a list was cut at its limit (the page then links to the rest).
    more: set[str] = field(default_factory=set)
    matter_count: int = field(init=False)

    def __post_init__(self) -> None:
        self.matter_count = sum(s.count for s in self.stages)


def my_matters(user: User | Any) -> MatterQuerySet:
    """Open matters the user can see and is responsible for or on the team of.

    "Responsible or on the team" is one UNION ALL of the two indexed lists, not
    an OR of two conditions, so the planner starts from the user's own matters
    instead of testing every matter they may see."""
    mine = (
        TeamMembership.objects.filter(user=user)
        .order_by()
        .values("matter_id")
        .union(Matter.objects.filter(responsible_attorney=user).order_by().values("pk"), all=True)
    )
    return Matter.objects.visible_to(user).open().filter(pk__in=mine)


def _stage_order(stage: str) -> tuple[int, str]:
    try:
        return (DEFAULT_STAGES.index(stage), stage)
    except ValueError:
        return (len(DEFAULT_STAGES), stage)


def stage_counts(stages: Iterable[str]) -> list[StageCount]:
    counts = [StageCount(stage=stage, count=n) for stage, n in Counter(stages).items()]
    return sorted(counts, key=lambda c: _stage_order(c.stage))


def deadlines_of(matter_ids: frozenset[int]) -> Any:
    """Open deadlines of my matters (``matter_ids`` came through the one door)."""
    return Deadline.objects.open().filter(matter_id__any=matter_ids).select_related("matter")


def safety_net(matter_ids: frozenset[int], today: datetime.date) -> list[Matter]:
    """Open matters with nothing coming up: no open task or deadline due today or later."""
    upcoming_task = Task.objects.open().filter(matter=OuterRef("pk"), due_on__gte=today)
    upcoming_deadline = Deadline.objects.open().filter(matter=OuterRef("pk"), due_date__gte=today)
    return list(
        Matter.objects.filter(pk__any=matter_ids)
        .filter(~Exists(upcoming_task), ~Exists(upcoming_deadline))
        .select_related("responsible_attorney")
        .only("number", "title", "stage", "responsible_attorney__full_name")
        .order_by("opened_on", "id")[: SAFETY_NET_LIMIT + 1]
    )


def recent_activity(matter_ids: frozenset[int]) -> list[AuditEvent]:
    """The latest events (views and downloads aside) of these matters, newest
    first. Pass the ACTIVITY_LIMIT matters most recently active (by
    Matter.last_activity_at): the latest ACTIVITY_LIMIT events of all the
    user's matters are all theirs, since any other matter's events are older
    than the last events of each of those."""
    matter = Matter.objects.filter(pk=OuterRef("matter_id")).order_by()
    return list(
        AuditEvent.objects.filter(matter_id__any=matter_ids)
        .exclude(action__in=[AuditEvent.Action.VIEW, AuditEvent.Action.DOWNLOAD])
        .annotate(matter_number=Subquery(matter.values("number")[:1]))
        .only("at", "action", "actor_email", "summary", "matter_id")
        .order_by("-at", "-id")[:ACTIVITY_LIMIT]
    )


def most_recently_active(rows: Iterable[tuple[int, Any]], n: int) -> frozenset[int]:
    """The ids of the ``n`` matters with the latest activity, from (id, last activity)."""
    active = [(at, pk) for pk, at in rows if at is not None]
    return frozenset(pk for _at, pk in heapq.nlargest(n, active))


def open_negotiations(matter_ids: frozenset[int]) -> list[NegotiationPosition]:
    latest = (
        Offer.objects.filter(matter_id__any=matter_ids)
        .select_related("matter")
        .latest_open_per_side()[:NEGOTIATION_LIMIT]
    )
    live = [p for p in negotiation_positions(latest).values() if p.is_live]
    return sorted(live, key=lambda p: p.matter.number)


def task_queue(user: User | Any) -> list[Task]:
    return list(
        Task.objects.visible_to(user)
        .open()
        .filter(assignee=user)
        .select_related("matter")
        .by_due_date()[: QUEUE_LIMIT + 1]
    )


def _cut(rows: list[Any], limit: int, name: str, more: set[str]) -> list[Any]:
    """The first ``limit`` rows (read ``limit + 1`` to know whether there are more)."""
    if len(rows) > limit:
        more.add(name)
    return rows[:limit]


def dashboard_for(user: User | Any, *, today: datetime.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=WEEK_DAYS - 1)
    # My matters' ids and stages in one query through the one door; every other
    # section then filters by those ids (one array parameter, ``__any``) instead
    # of re-running the visibility sub-selects per section.
    rows = list(my_matters(user).order_by().values_list("id", "stage", "last_activity_at"))
    # A frozenset, not a list: Django walks a list filter value item by item.
    ids = frozenset(pk for pk, _, _ in rows)
    tasks: TaskQuerySet = (
        Task.objects.filter(matter_id__any=ids)
        .select_related("matter", "assignee")
        .only(
            "title",
            "due_on",
            "priority",
            "status",
            "matter_id",
            "assignee_id",
            "matter__number",
            "assignee__full_name",
        )  # fmt: skip
    )
    deadlines = deadlines_of(ids).only("title", "due_date", "due_time", "matter__number")
    wants_queue = any(user.has_role(role) for role in QUEUE_ROLES)
    more: set[str] = set()
    n = LIST_LIMIT + 1
    overdue_tasks, week_tasks = tasks_due(tasks, today, week_end, n)
    return Dashboard(
        today=today,
        week_end=week_end,
        stages=stage_counts(stage for _, stage, _ in rows),
        tasks_overdue=_cut(overdue_tasks, LIST_LIMIT, "overdue", more),
        tasks_this_week=_cut(week_tasks, LIST_LIMIT, "week", more),
        deadlines_overdue=_cut(
            list(deadlines.filter(due_date__lt=today).order_by("due_date", "id")[:n]),
            LIST_LIMIT,
            "overdue",
            more,
        ),  # fmt: skip
        deadlines_this_week=_cut(
            list(
                deadlines.filter(due_date__gte=today, due_date__lte=week_end).order_by(
                    "due_date", "due_time", "id"
                )[:n]
            ),
            LIST_LIMIT,
            "week",
            more,
        ),  # fmt: skip
        unattended=_cut(safety_net(ids, today), SAFETY_NET_LIMIT, "unattended", more),
        activity=recent_activity(
            most_recently_active(((pk, at) for pk, _, at in rows), ACTIVITY_LIMIT)
        ),
        negotiations=open_negotiations(ids),
        task_queue=_cut(task_queue(user), QUEUE_LIMIT, "queue", more) if wants_queue else None,
        more=more,
    )


def tasks_due(
    tasks: TaskQuerySet, today: datetime.date, week_end: datetime.date, n: int
) -> tuple[list[Task], list[Task]]:
    """The first ``n`` overdue open tasks and the first ``n`` due this week, in
    one pass over the tasks of my matters (a row number per group) instead of
    one pass per group."""
    late = ExpressionWrapper(Q(due_on__lt=today), output_field=BooleanField())
    first = (
        tasks.open()
        .filter(due_on__lte=week_end)
        .alias(priority_rank=PRIORITY_RANK)
        .annotate(
            late=late,
            place=Window(
                RowNumber(),
                partition_by=[late],
                order_by=[F("due_on").asc(), F("priority_rank").asc(), F("id").asc()],
            ),
        )
        .filter(place__lte=n)
    )
    rows = sorted(first, key=lambda t: t.place)
    return [t for t in rows if t.late], [t for t in rows if not t.late]
