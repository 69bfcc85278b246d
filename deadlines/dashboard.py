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

from django.utils import timezone

from access.querysets import DoorIds, require_door_ids
from access.roles import Role
from access.rules import restrict_sql
from casemgr.lookups import int_array
from casemgr.models import AuditEvent
from cases.models import Matter, MatterQuerySet, Offer, Task, TeamMembership
from cases.models.matter import DEFAULT_STAGES
from cases.models.negotiations import NegotiationPosition, negotiation_positions
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


# --- The sections ----------------------------------------------------------------------
# Each reads by the ids of "my matters", which came through the one door
# (Matter.objects.visible_to), as one array parameter. They are fixed SQL: at a
# dozen queries a page, building them through the ORM cost as much as running
# them. Rows come back as model instances (Model.objects.raw) with the few
# related values they print as extra attributes (matter_number, ...).

_TASKS_DUE_SQL = """
SELECT t.id, t.matter_id, t.title, t.due_on, t.priority, t.status, t.assignee_id,
       m.number AS matter_number, m.title AS matter_title, u.full_name AS assignee_name, x.late
FROM (SELECT t.id, t.due_on < %(today)s AS late,
             row_number() OVER (PARTITION BY t.due_on < %(today)s
                                ORDER BY t.due_on,
                                         CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1
                                                         WHEN 'normal' THEN 2 ELSE 3 END,
                                         t.id) AS place
      FROM cases_task t
      WHERE t.matter_id = ANY(%(ids)s::bigint[]) AND t.status = 'open' AND t.due_on <= %(week_end)s) x
JOIN cases_task t ON t.id = x.id
JOIN cases_matter m ON m.id = t.matter_id
LEFT JOIN accounts_user u ON u.id = t.assignee_id
WHERE x.place <= %(n)s
ORDER BY x.late DESC, x.place
"""

# Overdue: every open deadline before today, oldest first; the ids are an index
# condition, so the scan walks the dates and stops at the first rows of mine.
# This week: a range of seven days, few rows for the whole firm; mine among them
# by a hashed semi-join (a filter on a long array would test each row against
# every id).
_DEADLINES_SQL = """
SELECT d.id, d.matter_id, d.title, d.due_date, d.due_time, d.kind, d.status,
       m.number AS matter_number, m.title AS matter_title
FROM (SELECT d.id FROM deadlines_deadline d
      WHERE {mine} AND d.status = 'open'
        AND d.due_date >= %(first)s AND d.due_date <= %(last)s
      ORDER BY d.due_date, d.due_time, d.id LIMIT %(n)s) x
JOIN deadlines_deadline d ON d.id = x.id
JOIN cases_matter m ON m.id = d.matter_id
ORDER BY d.due_date, d.due_time, d.id
"""
_OVERDUE_DEADLINES_SQL = _DEADLINES_SQL.format(mine="d.matter_id = ANY(%(ids)s::bigint[])")
_WEEK_DEADLINES_SQL = _DEADLINES_SQL.format(
    mine="d.matter_id IN (SELECT unnest(%(ids)s::bigint[]))"
)

_SAFETY_NET_SQL = """
SELECT m.id, m.number, m.title, m.stage, m.opened_on, u.full_name AS responsible_name
FROM cases_matter m JOIN accounts_user u ON u.id = m.responsible_attorney_id
WHERE m.id = ANY(%(ids)s::bigint[])
  AND NOT EXISTS (SELECT 1 FROM cases_task t
                  WHERE t.matter_id = m.id AND t.status = 'open' AND t.due_on >= %(today)s)
  AND NOT EXISTS (SELECT 1 FROM deadlines_deadline d
                  WHERE d.matter_id = m.id AND d.status = 'open' AND d.due_date >= %(today)s)
ORDER BY m.opened_on, m.id
LIMIT %(n)s
"""

_ACTIVITY_SQL = """
SELECT e.id, e.at, e.action, e.actor_email, e.summary, e.matter_id, m.number AS matter_number,
       m.title AS matter_title, u.full_name AS actor_name
FROM casemgr_auditevent e LEFT JOIN cases_matter m ON m.id = e.matter_id
LEFT JOIN accounts_user u ON u.id = e.actor_id
WHERE e.matter_id = ANY(%(ids)s::bigint[]) AND e.action NOT IN ('view', 'download')
ORDER BY e.at DESC, e.id DESC
LIMIT %(n)s
"""


def tasks_due(
    matter_ids: DoorIds, today: datetime.date, week_end: datetime.date, n: int
) -> tuple[list[Task], list[Task]]:
    """The first ``n`` overdue open tasks and the first ``n`` due this week
    (soonest, then most pressing, first), in one pass over the tasks of my
    matters with a row number per group."""
    params = {"ids": int_array(require_door_ids(matter_ids)), "today": today,
              "week_end": week_end, "n": n}  # fmt: skip
    rows = list(Task.objects.raw(_TASKS_DUE_SQL, params))
    return [t for t in rows if t.late], [t for t in rows if not t.late]


def deadlines_overdue(matter_ids: DoorIds, today: datetime.date, n: int) -> list[Deadline]:
    """The first ``n`` open deadlines of my matters due before today, oldest first."""
    params = {"ids": int_array(require_door_ids(matter_ids)), "first": datetime.date.min,
              "last": today - datetime.timedelta(days=1), "n": n}  # fmt: skip
    return list(Deadline.objects.raw(_OVERDUE_DEADLINES_SQL, params))


def deadlines_this_week(
    matter_ids: DoorIds, today: datetime.date, week_end: datetime.date, n: int
) -> list[Deadline]:
    """The first ``n`` open deadlines of my matters due from today to ``week_end``."""
    params = {"ids": int_array(require_door_ids(matter_ids)), "first": today,
              "last": week_end, "n": n}  # fmt: skip
    return list(Deadline.objects.raw(_WEEK_DEADLINES_SQL, params))


def safety_net(matter_ids: DoorIds, today: datetime.date) -> list[Matter]:
    """Open matters with nothing coming up: no open task or deadline due today or
    later (the longest open first)."""
    params = {"ids": int_array(require_door_ids(matter_ids)), "today": today,
              "n": SAFETY_NET_LIMIT + 1}  # fmt: skip
    return list(Matter.objects.raw(_SAFETY_NET_SQL, params))


def recent_activity(matter_ids: DoorIds) -> list[AuditEvent]:
    """The latest events (views and downloads aside) of these matters, newest
    first. Pass the ACTIVITY_LIMIT matters most recently active (by
    Matter.last_activity_at): the latest ACTIVITY_LIMIT events of all the
    user's matters are all theirs, since any other matter's events are older
    than the last events of each of those."""
    params = {"ids": int_array(require_door_ids(matter_ids)), "n": ACTIVITY_LIMIT}
    return list(AuditEvent.objects.raw(_ACTIVITY_SQL, params))


def most_recently_active(ids: DoorIds, rows: Iterable[tuple[int, Any]], n: int) -> DoorIds:
    """The ids of the ``n`` matters with the latest activity, from (id, last activity)."""
    active = [(at, pk) for pk, at in rows if at is not None]
    return ids.subset(pk for _at, pk in heapq.nlargest(n, active))


def open_negotiations(matter_ids: DoorIds) -> list[NegotiationPosition]:
    latest = (
        Offer.objects.filter(matter_id__any=require_door_ids(matter_ids))
        .select_related("matter")
        .latest_open_per_side()[:NEGOTIATION_LIMIT]
    )
    live = [p for p in negotiation_positions(latest).values() if p.is_live]
    return sorted(live, key=lambda p: p.matter.number)


_QUEUE_SQL = """
SELECT t.id, t.matter_id, t.title, t.due_on, t.priority, t.status, t.assignee_id,
       m.number AS matter_number, m.title AS matter_title
FROM cases_task t JOIN cases_matter m ON m.id = t.matter_id
WHERE t.assignee_id = %s AND t.status = 'open' AND {visible}
ORDER BY t.due_on NULLS LAST,
         CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END,
         t.id
LIMIT %s
"""


def task_queue(user: User | Any) -> list[Task]:
    """The open tasks assigned to the user on any matter they may see (the one
    door as SQL: access.rules.restrict_sql), soonest and most pressing first."""
    visible, params = restrict_sql(user, "view", matter_id="t.matter_id", client_id="m.client_id")
    sql = _QUEUE_SQL.format(visible=visible)
    return list(Task.objects.raw(sql, [user.pk, *params, QUEUE_LIMIT + 1]))


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
    # DoorIds (a frozenset: Django walks a list filter value item by item), so
    # the sections below accept no ids that skipped the door.
    ids, rows = DoorIds.read(my_matters(user).order_by(), "stage", "last_activity_at")
    wants_queue = any(user.has_role(role) for role in QUEUE_ROLES)
    more: set[str] = set()
    n = LIST_LIMIT + 1
    overdue_tasks, week_tasks = tasks_due(ids, today, week_end, n)
    return Dashboard(
        today=today,
        week_end=week_end,
        stages=stage_counts(stage for _, stage, _ in rows),
        tasks_overdue=_cut(overdue_tasks, LIST_LIMIT, "overdue", more),
        tasks_this_week=_cut(week_tasks, LIST_LIMIT, "week", more),
        deadlines_overdue=_cut(deadlines_overdue(ids, today, n), LIST_LIMIT, "overdue", more),
        deadlines_this_week=_cut(
            deadlines_this_week(ids, today, week_end, n), LIST_LIMIT, "week", more
        ),
        unattended=_cut(safety_net(ids, today), SAFETY_NET_LIMIT, "unattended", more),
        activity=recent_activity(
            most_recently_active(ids, ((pk, at) for pk, _, at in rows), ACTIVITY_LIMIT)
        ),
        negotiations=open_negotiations(ids),
        task_queue=_cut(task_queue(user), QUEUE_LIMIT, "queue", more) if wants_queue else None,
        more=more,
    )
