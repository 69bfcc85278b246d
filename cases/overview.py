"""The matter dashboard (the Overview tab): where one matter stands, at a glance.

``matter_overview(matter, today=...)`` reads every block of the page for a
matter that came through the door (``access.kernel.matter_for`` loaded it for
the view): each block is one query of that matter's rows, sliced to a fixed
size, so the page runs the same number of queries for a matter with two tasks
or two thousand. Rows of other apps above this layer (deadlines, trigger
events) are read through the matter's own relations, never by importing them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber

from accounts.models import User
from casemgr.audit import QUIET_ACTIONS
from casemgr.models import AuditEvent
from cases.models import CaseStrategy, Matter, Note, Offer, Task, TeamMembership
from cases.models.negotiations import NegotiationPosition, negotiation_positions
from cases.models.tasks import PRIORITY_RANK

DEADLINE_LIMIT = 5  # next court deadlines, and overdue ones
TASKS_PER_PERSON = 3
PEOPLE_LIMIT = 8
NOTE_LIMIT = 4
ACTIVITY_LIMIT = 8
STAGE_HISTORY_LIMIT = 6
TRIGGER_LIMIT = 4
OFFER_TREND_LIMIT = 12  # the offers the gap's trend is drawn from
CONTACT_DETAIL_LIMIT = 3


@dataclass(frozen=True)
class StageStep:
    name: str
    state: str  # "done", "current", "todo"


@dataclass
class PersonTasks:
    """One person's open tasks on the matter: the first few, and how many."""

    name: str
    total: int
    overdue: int
    tasks: list[Task] = field(default_factory=list)


@dataclass(frozen=True)
class GapPoint:
    made_on: datetime.date
    gap: Decimal


@dataclass(frozen=True)
class GapTrend:
    points: list[GapPoint]
    width: int = 160
    height: int = 36

    @property
    def direction(self) -> str:
        if len(self.points) < 2:
            return ""
        first, last = self.points[0].gap, self.points[-1].gap
        if last < first:
            return "narrowing"
        if last > first:
            return "widening"
        return "unchanged"

    @property
    def last_gap(self) -> Decimal | None:
        return self.points[-1].gap if self.points else None

    @property
    def change(self) -> Decimal | None:
        if len(self.points) < 2:
            return None
        return abs(self.points[-1].gap - self.points[0].gap)

    @property
    def polyline(self) -> str:
        """SVG polyline points (x,y …) of the gap over the offers, largest gap at the top."""
        if len(self.points) < 2:
            return ""
        top = max(p.gap for p in self.points) or Decimal(1)
        step = (self.width - 4) / (len(self.points) - 1)
        usable = self.height - 4
        return " ".join(
            f"{2 + i * step:.1f},{2 + usable - float(p.gap / top) * usable:.1f}"
            for i, p in enumerate(self.points)
        )


@dataclass(frozen=True)
class KeyDate:
    label: str
    date: datetime.date
    tab: str  # the tab that holds it ("overview", "deadlines", ...)
    past: bool


@dataclass
class MatterOverview:
    today: datetime.date
    stages: list[StageStep]
    stage_history: list[AuditEvent]
    deadlines_overdue: list[Any]
    deadlines_next: list[Any]
    people: list[PersonTasks]
    open_tasks: int
    overdue_tasks: int
    position: NegotiationPosition
    trend: GapTrend
    strategy: CaseStrategy | None
    notes: list[Note]
    key_dates: list[KeyDate]
    team: list[TeamMembership]
    client_emails: list[Any]
    client_phones: list[Any]
    activity: list[AuditEvent]
    # Whether a block was cut at its limit (the page then links to the rest).
    more: set[str] = field(default_factory=set)


def _with_actor_names(events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
    """Events with ``actor_name``: the person's name, read in the same query
    (the trail keeps plain ids and e-mail addresses, not foreign keys)."""
    return events.annotate(
        actor_name=Subquery(User.objects.filter(pk=OuterRef("actor_id")).values("full_name")[:1])
    )


def _cut(rows: list[Any], limit: int, name: str, more: set[str]) -> list[Any]:
    """The first ``limit`` rows (read ``limit + 1`` to know whether there are more)."""
    if len(rows) > limit:
        more.add(name)
    return rows[:limit]


def stage_steps(matter: Matter) -> list[StageStep]:
    stages = list(matter.practice_area.stages)
    if matter.stage not in stages:
        stages.append(matter.stage)
    here = stages.index(matter.stage)
    return [
        StageStep(name, "done" if i < here else "current" if i == here else "todo")
        for i, name in enumerate(stages)
    ]


def stage_history(matter: Matter) -> list[AuditEvent]:
    """The latest stage changes (moves, closing, reopening), newest first."""
    events = AuditEvent.objects.filter(
        matter_id=matter.pk, object_type="cases.matter", changes__has_key="stage"
    ).order_by("-at", "-id")
    return list(_with_actor_names(events)[:STAGE_HISTORY_LIMIT])


def tasks_by_person(matter: Matter, today: datetime.date) -> list[PersonTasks]:
    """Open tasks grouped by assignee (unassigned last): each person's first few
    (soonest, then most pressing) and their counts, in one query with window
    functions over the matter's open tasks."""
    by_person = [F("assignee_id")]
    rows = (
        matter.tasks.open()
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=by_person,
                order_by=[F("due_on").asc(nulls_last=True), PRIORITY_RANK, F("id")],
            ),
            person_total=Window(Count("id"), partition_by=by_person),
            person_overdue=Window(Count("id", filter=Q(due_on__lt=today)), partition_by=by_person),
        )
        .filter(place__lte=TASKS_PER_PERSON)
        .select_related("assignee")
        .order_by(F("assignee__full_name").asc(nulls_last=True), "assignee_id", "place")
    )
    people: dict[Any, PersonTasks] = {}
    for task in rows:
        person = people.get(task.assignee_id)
        if person is None:
            name = task.assignee.full_name if task.assignee else "Unassigned"
            person = people[task.assignee_id] = PersonTasks(
                name=name, total=task.person_total, overdue=task.person_overdue
            )
        person.tasks.append(task)
    return list(people.values())


def gap_trend(matter: Matter) -> GapTrend:
    """The gap between the sides after each of the latest offers (each side's
    latest amount at the time), oldest first."""
    offers = list(
        matter.offers.order_by("-made_on", "-id").only("matter_id", "made_on", "side", "amount")[
            :OFFER_TREND_LIMIT
        ]
    )
    latest: dict[str, Decimal] = {}
    points = []
    for offer in reversed(offers):
        latest[offer.side] = offer.amount
        if len(latest) == 2:
            gap = abs(latest[Offer.Side.CLIENT] - latest[Offer.Side.OPPOSING])
            points.append(GapPoint(made_on=offer.made_on, gap=gap))
    return GapTrend(points=points)


def key_dates(matter: Matter, today: datetime.date) -> list[KeyDate]:
    """Opened and closed, the latest trigger events (complaint served, hearing
    set, …), and the next (or missed) hearing and statute of limitations."""
    dates = [KeyDate("Opened", matter.opened_on, "overview", True)]
    for event in matter.trigger_events.order_by("-trigger_date", "-id")[:TRIGGER_LIMIT]:
        dates.append(
            KeyDate(event.event_name, event.trigger_date, "deadlines", event.trigger_date < today)
        )
    Deadline = matter.deadlines.model  # noqa: N806 -- the deadlines app sits above this layer
    kinds = [Deadline.Kind.HEARING, Deadline.Kind.STATUTE]
    soonest_of_each_kind = (
        matter.deadlines.filter(kind__in=kinds, status=Deadline.Status.OPEN)
        .order_by("kind", "due_date", "due_time", "id")
        .distinct("kind")
    )
    for deadline in soonest_of_each_kind:
        label = f"{deadline.get_kind_display()}: {deadline.title}"
        dates.append(KeyDate(label, deadline.due_date, "deadlines", deadline.due_date < today))
    if matter.closed_on:
        dates.append(KeyDate("Closed", matter.closed_on, "overview", True))
    return sorted(dates, key=lambda d: d.date)


def matter_overview(matter: Matter, *, today: datetime.date) -> MatterOverview:
    """Every block of the matter dashboard for a matter the reader may see
    (loaded through the door by the caller)."""
    more: set[str] = set()
    n = DEADLINE_LIMIT + 1
    open_deadlines = matter.deadlines.filter(status=matter.deadlines.model.Status.OPEN).order_by(
        "due_date", "due_time", "id"
    )
    people = tasks_by_person(matter, today)
    client = matter.client
    position = negotiation_positions(
        matter.offers.select_related("matter").latest_open_per_side()
    ).get(matter.pk, NegotiationPosition(ours=None, theirs=None))
    activity = _with_actor_names(
        AuditEvent.objects.filter(matter_id=matter.pk)
        .exclude(action__in=QUIET_ACTIONS)
        .order_by("-at", "-id")
    )
    return MatterOverview(
        today=today,
        stages=stage_steps(matter),
        stage_history=stage_history(matter),
        deadlines_overdue=_cut(
            list(open_deadlines.filter(due_date__lt=today)[:n]), DEADLINE_LIMIT, "overdue", more
        ),
        deadlines_next=_cut(
            list(open_deadlines.filter(due_date__gte=today)[:n]), DEADLINE_LIMIT, "next", more
        ),
        people=_cut(people, PEOPLE_LIMIT, "people", more),
        open_tasks=sum(p.total for p in people),
        overdue_tasks=sum(p.overdue for p in people),
        position=position,
        trend=gap_trend(matter),
        strategy=CaseStrategy.objects.filter(matter_id=matter.pk)
        .select_related("updated_by")
        .first(),
        notes=_cut(
            list(
                matter.notes.select_related("author").order_by("-occurred_at", "-id")[
                    : NOTE_LIMIT + 1
                ]
            ),
            NOTE_LIMIT,
            "notes",
            more,
        ),
        key_dates=key_dates(matter, today),
        team=list(matter.team.select_related("user").order_by("role", "user__full_name")),
        client_emails=list(client.emails.order_by("-is_primary", "id")[:CONTACT_DETAIL_LIMIT]),
        client_phones=list(client.phones.order_by("-is_primary", "id")[:CONTACT_DETAIL_LIMIT]),
        activity=list(activity[:ACTIVITY_LIMIT]),
        more=more,
    )
