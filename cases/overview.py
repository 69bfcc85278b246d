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

from django.db.models import CharField, QuerySet, Value

from casemgr.audit import QUIET_ACTIONS
from casemgr.models import AuditEvent
from cases.models import CaseStrategy, Matter, Note, Offer, Task, TeamMembership
from cases.models.negotiations import NegotiationPosition, negotiation_positions

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


@dataclass(frozen=True)
class ContactDetail:
    kind: str  # "email" or "phone"
    label: str
    value: str


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
    client_details: list[ContactDetail]
    activity: list[AuditEvent]
    # Whether a block was cut at its limit (the page then links to the rest).
    more: set[str] = field(default_factory=set)


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


# Fixed SQL, as the home dashboard's sections (deadlines.dashboard): the ORM's
# wrapping of a filtered window cost more to build than to run. The matter id
# is that of a matter the caller loaded through the door.
_TASKS_BY_PERSON_SQL = """
SELECT x.id, x.matter_id, x.title, x.due_on, x.priority, x.status, x.assignee_id,
       u.full_name AS assignee_name, x.person_total, x.person_overdue
FROM (SELECT t.id, t.matter_id, t.title, t.due_on, t.priority, t.status, t.assignee_id,
             row_number() OVER (PARTITION BY t.assignee_id
                                ORDER BY t.due_on NULLS LAST,
                                         CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1
                                                         WHEN 'normal' THEN 2 ELSE 3 END,
                                         t.id) AS place,
             count(*) OVER (PARTITION BY t.assignee_id) AS person_total,
             count(*) FILTER (WHERE t.due_on < %(today)s)
                 OVER (PARTITION BY t.assignee_id) AS person_overdue
      FROM cases_task t
      WHERE t.matter_id = %(matter)s AND t.status = 'open') x
LEFT JOIN accounts_user u ON u.id = x.assignee_id
WHERE x.place <= %(n)s
ORDER BY u.full_name NULLS LAST, x.assignee_id, x.place
"""


def tasks_by_person(matter: Matter, today: datetime.date) -> list[PersonTasks]:
    """Open tasks grouped by assignee (unassigned last): each person's first few
    (soonest, then most pressing) and their counts, in one query with window
    functions over the matter's open tasks."""
    params = {"matter": matter.pk, "today": today, "n": TASKS_PER_PERSON}
    people: dict[Any, PersonTasks] = {}
    for task in Task.objects.raw(_TASKS_BY_PERSON_SQL, params):
        person = people.get(task.assignee_id)
        if person is None:
            person = people[task.assignee_id] = PersonTasks(
                name=task.assignee_name or "Unassigned",
                total=task.person_total,
                overdue=task.person_overdue,
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


def _labelled(queryset: QuerySet[Any], part: str) -> QuerySet[Any]:
    return queryset.annotate(part=Value(part, output_field=CharField()))


_DEADLINE_PART = """
(SELECT d.id, d.matter_id, d.title, d.kind, d.due_date, d.due_time, d.citation, d.status,
        '{part}' AS part
 FROM deadlines_deadline d
 WHERE d.matter_id = %(matter)s AND d.status = 'open' AND {condition}
 ORDER BY d.due_date, d.due_time, d.id LIMIT {limit})"""
_DEADLINES_SQL = (
    "SELECT * FROM ("  # noqa: S608 -- fixed text; the values are parameters
    + " UNION ALL ".join(
        _DEADLINE_PART.format(part=part, condition=condition, limit=limit)
        for part, condition, limit in (
            ("overdue", "d.due_date < %(today)s", "%(n)s"),
            ("next", "d.due_date >= %(today)s", "%(n)s"),
            ("key", "d.kind = 'hearing'", "1"),
            ("key", "d.kind = 'statute'", "1"),
        )
    )
    + ") x ORDER BY x.due_date, x.due_time, x.id"
)


def deadline_blocks(
    matter: Matter, today: datetime.date, n: int
) -> tuple[list[Any], list[Any], list[Any]]:
    """The first ``n`` overdue open deadlines, the next ``n`` ahead, and the
    soonest open hearing and statute of limitations: one UNION ALL query."""
    Deadline = matter.deadlines.model  # noqa: N806 -- the deadlines app sits above this layer
    params = {"matter": matter.pk, "today": today, "n": n}
    rows = list(Deadline.objects.raw(_DEADLINES_SQL, params))
    return (
        [d for d in rows if d.part == "overdue"],
        [d for d in rows if d.part == "next"],
        [d for d in rows if d.part == "key"],
    )


def key_dates(matter: Matter, today: datetime.date, key_deadlines: list[Any]) -> list[KeyDate]:
    """Opened and closed, the latest trigger events (complaint served, hearing
    set, …), and the next (or missed) hearing and statute of limitations."""
    dates = [KeyDate("Opened", matter.opened_on, "overview", True)]
    for event in matter.trigger_events.order_by("-trigger_date", "-id")[:TRIGGER_LIMIT]:
        dates.append(
            KeyDate(event.event_name, event.trigger_date, "deadlines", event.trigger_date < today)
        )
    for deadline in key_deadlines:
        label = f"{deadline.get_kind_display()}: {deadline.title}"
        dates.append(KeyDate(label, deadline.due_date, "deadlines", deadline.due_date < today))
    if matter.closed_on:
        dates.append(KeyDate("Closed", matter.closed_on, "overview", True))
    return sorted(dates, key=lambda d: d.date)


_AUDIT_PART = """
(SELECT e.id, e.at, e.action, e.actor_id, e.actor_email, e.matter_id, e.summary, e.changes,
        u.full_name AS actor_name, '{part}' AS part
 FROM casemgr_auditevent e LEFT JOIN accounts_user u ON u.id = e.actor_id
 WHERE e.matter_id = %(matter)s AND {condition}
 ORDER BY e.at DESC, e.id DESC LIMIT {limit})"""
_AUDIT_SQL = (
    _AUDIT_PART.format(
        part="stage",
        condition="e.object_type = 'cases.matter' AND jsonb_exists(e.changes, 'stage')",
        limit="%(stages)s",
    )
    + " UNION ALL "
    + _AUDIT_PART.format(
        part="activity", condition="NOT (e.action = ANY(%(quiet)s))", limit="%(activity)s"
    )
)


def audit_blocks(matter: Matter) -> tuple[list[AuditEvent], list[AuditEvent]]:
    """The latest stage changes (moves, closing, reopening) and the latest
    activity (reading aside), newest first, each with the person's name
    (``actor_name``; the trail keeps ids and e-mail addresses): one query."""
    params = {"matter": matter.pk, "stages": STAGE_HISTORY_LIMIT, "activity": ACTIVITY_LIMIT,
              "quiet": sorted(QUIET_ACTIONS)}  # fmt: skip
    rows = list(AuditEvent.objects.raw(_AUDIT_SQL, params))
    return [e for e in rows if e.part == "stage"], [e for e in rows if e.part == "activity"]


def contact_details(contact: Any) -> list[ContactDetail]:
    """A contact's first e-mail addresses and phone numbers (primary first): one query."""
    emails = contact.emails.order_by("-is_primary", "id").values_list("label", "email")
    phones = contact.phones.order_by("-is_primary", "id").values_list("label", "number")
    rows = _labelled(emails, "email")[:CONTACT_DETAIL_LIMIT].union(
        _labelled(phones, "phone")[:CONTACT_DETAIL_LIMIT], all=True
    )
    found = [ContactDetail(kind=kind, label=label, value=value) for label, value, kind in rows]
    return sorted(found, key=lambda d: d.kind)  # e-mail first, each kind in its order


def matter_overview(matter: Matter, *, today: datetime.date) -> MatterOverview:
    """Every block of the matter dashboard for a matter the reader may see
    (loaded through the door by the caller)."""
    more: set[str] = set()
    overdue, upcoming, key_deadlines = deadline_blocks(matter, today, DEADLINE_LIMIT + 1)
    history, activity = audit_blocks(matter)
    people = tasks_by_person(matter, today)
    position = negotiation_positions(matter.offers.latest_open_per_side()).get(
        matter.pk, NegotiationPosition(ours=None, theirs=None)
    )
    notes = (
        matter.notes.select_related("author")
        .only(
            "matter_id", "kind", "direction", "subject", "body", "occurred_at", "author__full_name"
        )
        .order_by("-occurred_at", "-id")
    )
    return MatterOverview(
        today=today,
        stages=stage_steps(matter),
        stage_history=history,
        deadlines_overdue=_cut(overdue, DEADLINE_LIMIT, "overdue", more),
        deadlines_next=_cut(upcoming, DEADLINE_LIMIT, "next", more),
        people=_cut(people, PEOPLE_LIMIT, "people", more),
        open_tasks=sum(p.total for p in people),
        overdue_tasks=sum(p.overdue for p in people),
        position=position,
        trend=gap_trend(matter),
        strategy=CaseStrategy.objects.filter(matter_id=matter.pk)
        .select_related("updated_by")
        .first(),
        notes=_cut(list(notes[: NOTE_LIMIT + 1]), NOTE_LIMIT, "notes", more),
        key_dates=key_dates(matter, today, key_deadlines),
        team=list(matter.team.select_related("user").order_by("role", "user__full_name")),
        client_details=contact_details(matter.client),
        activity=activity,
        more=more,
    )
