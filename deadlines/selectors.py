"""Reads of deadlines, all starting from the one door (Deadline.objects.visible_to, or
Matter.objects.visible_to for the matters they hang off)."""

from __future__ import annotations

import calendar as pycalendar
import datetime
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse
from django.utils import formats

from access.querysets import matter_q
from cases.models import Matter, Offer, TeamMembership
from deadlines import counting, rulesets
from deadlines.courts import CourtCalendar, available_jurisdictions
from deadlines.models import CourtClosure, Deadline, Notification, TriggerEvent

SCOPES = ("mine", "team", "all", "matter")
VIEWS = ("month", "week", "list")
LIST_DAYS = 60


def matter_deadlines(matter: Matter) -> QuerySet[Deadline]:
    """The deadlines of a matter the caller already loaded through the one door."""
    from accounts.models import User

    return (
        Deadline.objects.filter(matter=matter)
        .select_related("trigger_event", "completed_by", "waived_by", "overridden_by")
        .prefetch_related(Prefetch("responsible", queryset=User.objects.only("id", "full_name")))
        .order_by("status", "due_date", "due_time", "id")
    )


def matter_trigger_events(matter: Matter) -> QuerySet[TriggerEvent]:
    return TriggerEvent.objects.filter(matter=matter).select_related("created_by")


def deadline_search(
    *,
    user: Any,
    matter: int | None = None,
    status: str | None = None,
    due_from: datetime.date | None = None,
    due_to: datetime.date | None = None,
) -> QuerySet[Deadline]:
    qs = Deadline.objects.visible_to(user).select_related("matter")
    if matter:
        qs = qs.filter(matter_id=matter)
    if status:
        qs = qs.filter(status=status)
    if due_from:
        qs = qs.filter(due_date__gte=due_from)
    if due_to:
        qs = qs.filter(due_date__lte=due_to)
    return qs.order_by("due_date", "due_time", "id")


def scoped_deadlines(user: Any, *, scope: str, matter_id: int | None = None) -> QuerySet[Deadline]:
    """Open, visible deadlines: mine (I am responsible), my team's (matters I am on),
    one matter, or all I can see."""
    qs = Deadline.objects.visible_to(user).open()
    if scope == "mine":
        qs = qs.filter(responsible=user)
    elif scope == "team":
        qs = qs.filter(matter__in=TeamMembership.objects.filter(user=user).values("matter"))
    elif scope == "matter":
        qs = qs.filter(matter_id=matter_id or 0)
    return qs


# --- The calendar -------------------------------------------------------------------

# A month cell lists this many items; the rest of the day is counted ("+5 more") and
# linked to the list view, which starts on that day and lists everything.
CELL_LIMIT = 3
_ID_PLACEHOLDER = 2_147_483_647


def _url_template(*names: str) -> str | None:
    """The URL of the first routed name among ``names`` for one matter id, as a
    ``str.format`` template: reverse() costs tens of microseconds and a month can
    hold a thousand items, so it runs once per page, not once per item."""
    for name in names:
        try:
            url = reverse(name, args=[_ID_PLACEHOLDER])
        except NoReverseMatch:
            continue
        return url.replace("{", "{{").replace("}", "}}").replace(str(_ID_PLACEHOLDER), "{0}")
    return None


def _task_model() -> Any:
    try:
        return apps.get_model("cases", "Task")
    except LookupError:  # the tasks feature is not installed
        return None


@dataclass(frozen=True, slots=True)
class CalendarItem:
    day: datetime.date
    time: datetime.time | None
    title: str
    kind: str  # a Deadline.Kind value, or "task"
    kind_label: str
    matter_number: str
    matter_url: str
    url: str
    citation: str = ""
    zone: str = ""
    time_label: str = ""  # "9:00 a.m.", as the page prints it; "" if untimed
    label: str = ""  # the chip's text: "9:00 a.m. Motion hearing", or the title
    tip: str = ""  # "matter number · kind · citation", the chip's tooltip
    explanation: str = ""  # how the date was computed (list view only)


@dataclass
class CalendarData:
    view: str
    scope: str
    anchor: datetime.date
    start: datetime.date
    end: datetime.date
    # The items listed, in order: everything in [start, end], except that a month
    # cell lists only the first CELL_LIMIT of its day.
    items: list[CalendarItem]
    collisions: list[str]
    deadline_count: int = 0  # open deadlines in [start, end], listed or not
    task_count: int = 0  # open tasks in [start, end], listed or not
    offer_count: int = 0  # open offers whose response is due in [start, end]
    # One cell per day: {"day", "iso", "label" (the day as the view prints it),
    # "items" (those listed), "more" (how many are not), "in_month"}; a month
    # cell lists at most CELL_LIMIT items, week and list cells all of them.
    weeks: list[list[dict[str, Any]]] = field(default_factory=list)
    days: list[dict[str, Any]] = field(default_factory=list)
    # (id, label) of the open matters the user is on: the matter filter's choices,
    # read for the "one matter" scope only.
    matters: list[tuple[int, str]] = field(default_factory=list)
    previous: datetime.date | None = None
    next: datetime.date | None = None


def _range(view: str, anchor: datetime.date) -> tuple[datetime.date, datetime.date]:
    if view == "month":
        first = anchor.replace(day=1)
        start = first - datetime.timedelta(days=first.weekday())
        last = anchor.replace(day=pycalendar.monthrange(anchor.year, anchor.month)[1])
        end = last + datetime.timedelta(days=6 - last.weekday())
        return start, end
    if view == "week":
        start = anchor - datetime.timedelta(days=anchor.weekday())
        return start, start + datetime.timedelta(days=6)
    return anchor, anchor + datetime.timedelta(days=LIST_DAYS - 1)


def _shift(view: str, anchor: datetime.date, sign: int) -> datetime.date:
    if view == "month":
        month = anchor.month - 1 + sign
        return datetime.date(anchor.year + month // 12, month % 12 + 1, 1)
    return anchor + datetime.timedelta(days=sign * (7 if view == "week" else LIST_DAYS))


def _filter_label(number: str, title: str) -> str:
    return f"{number} {title if len(title) <= 40 else title[:39] + '…'}"


def _hearing_collisions(hearings: dict[int, datetime.date]) -> list[str]:
    """Days on which one person responsible has two or more of ``hearings``
    (deadline id → day: the hearings the calendar shows, already read through
    the one door). One small query by primary key, and none when no day has
    two hearings."""
    per_day: dict[datetime.date, int] = defaultdict(int)
    for day in hearings.values():
        per_day[day] += 1
    candidates = [pk for pk, day in hearings.items() if per_day[day] > 1]
    if not candidates:
        return []
    rows = Deadline.responsible.through.objects.filter(deadline_id__in=candidates).values_list(
        "deadline_id", "user_id", "user__full_name"
    )
    booked: dict[tuple[datetime.date, str, int], set[int]] = defaultdict(set)
    for deadline_id, user_id, name in rows:
        booked[hearings[deadline_id], name, user_id].add(deadline_id)
    return [
        f"{name} has {len(ids)} hearings on {day:%a %Y-%m-%d}."
        for (day, name, _), ids in sorted(booked.items())
        if len(ids) > 1
    ]


class _Labels:
    """Per-page caches of what each item prints, so that formatting and URL
    building run once per distinct value rather than once per item."""

    def __init__(self) -> None:
        self.kinds = {str(value): str(label) for value, label in Deadline.Kind.choices}
        self.deadlines_url = _url_template("deadlines:matter_deadlines") or ""
        self.tasks_url = _url_template("cases:matter_tasks", "cases:matter_detail") or ""
        self.negotiation_url = (
            _url_template("cases:matter_negotiation", "cases:matter_detail") or ""
        )
        self.sides = {str(value): str(label) for value, label in Offer.Side.choices}
        self._times: dict[datetime.time, str] = {}
        self._zones: dict[tuple[str, datetime.date, datetime.time], str] = {}

    def time(self, value: datetime.time) -> str:
        label = self._times.get(value)
        if label is None:
            label = self._times[value] = formats.time_format(value, "g:i a")
        return label

    def zone(self, zone: str, day: datetime.date, time: datetime.time) -> str:
        """Deadline.zone_abbreviation (PST or PDT: it depends on the date), without
        building a model instance per item."""
        key = (zone, day, time)
        label = self._zones.get(key)
        if label is None:
            tz = zoneinfo.ZoneInfo(zone or settings.FIRM_TIME_ZONE)
            label = datetime.datetime.combine(day, time, tzinfo=tz).tzname() or zone
            self._zones[key] = label
        return label


def calendar_data(
    *,
    user: Any,
    view: str,
    scope: str,
    anchor: datetime.date,
    matter_id: int | None = None,
) -> CalendarData:
    """Everything the calendar page shows, in a fixed number of queries: the
    open deadlines and tasks in range, who is responsible for hearings when a
    day has two of them, and, for the "one matter" scope, the matters to pick
    from (the open ones the user is on).

    Every read goes through the one door once: matter_q(user) reads the
    walls once per page and filters the deadlines' and tasks' own matter_id by
    the user's grants (no lookup of each matter), narrowed to "my teams'" or
    "one matter" as asked."""
    start, end = _range(view, anchor)
    visible = matter_q(user)
    matters: list[tuple[int, str]] = []
    if scope == "team":
        on_team = TeamMembership.objects.filter(user=user).values("matter_id")
        in_scope = visible & Q(matter_id__in=on_team)
    elif scope == "matter":
        in_scope = visible & Q(matter_id=matter_id or 0)
        # The matter filter's choices: read only when they are offered. A
        # paralegal can be on a thousand open matters.
        matters = [
            (pk, _filter_label(number, title))
            for pk, number, title in Matter.objects.visible_to(user)
            .filter(closed_on__isnull=True, team__user=user)
            .order_by("number")
            .values_list("id", "number", "title")
        ]
    else:  # "mine" and "all": every visible matter (mine: where I am responsible)
        in_scope = visible

    deadlines = (
        Deadline.objects.open()
        .filter(in_scope, due_date__gte=start, due_date__lte=end)
        .order_by("due_date", "due_time", "id")
    )
    if scope == "mine":
        deadlines = deadlines.filter(responsible=user)
    # The matter's number by a sub-select for each row found, not a join: a join
    # let the planner read all 2,000 of a paralegal's matters before their
    # deadlines; this way only the matters of the rows shown are read.
    number = Subquery(
        Matter.objects.filter(pk=OuterRef("matter_id")).order_by().values("number")[:1]
    )
    deadline_rows = deadlines.annotate(matter_number=number).values_list(
        "id", "matter_id", "title", "kind", "due_date", "due_time", "time_zone", "citation",
        "matter_number",
    )  # fmt: skip
    task_rows: Any = []
    task_model = _task_model()
    if task_model is not None:
        tasks = task_model.objects.filter(
            in_scope, status="open", due_on__gte=start, due_on__lte=end
        ).order_by("due_on", "id")
        if scope == "mine":
            tasks = tasks.filter(assignee=user)
        task_rows = tasks.annotate(matter_number=number).values_list(
            "matter_id", "title", "due_on", "matter_number"
        )

    # Open offers awaiting a response: their response deadline is a date to keep.
    offers = Offer.objects.filter(
        in_scope, status=Offer.Status.OPEN, response_deadline__gte=start,
        response_deadline__lte=end,
    ).order_by("response_deadline", "id")  # fmt: skip
    if scope == "mine":
        offers = offers.filter(matter__responsible_attorney=user)
    offer_rows = offers.annotate(matter_number=number).values_list(
        "id", "matter_id", "side", "currency", "amount", "response_deadline", "matter_number"
    )

    # A month cell lists the first CELL_LIMIT items of its day and counts the
    # rest: only those it lists are built. Per day, deadlines come first (timed
    # ones by time), then tasks.
    limit = CELL_LIMIT if view == "month" else None
    labels = _Labels()
    listed: dict[datetime.date, list[CalendarItem]] = defaultdict(list)
    per_day: dict[datetime.date, int] = defaultdict(int)
    hearings: dict[int, datetime.date] = {}
    deadline_count = task_count = 0
    hearing = Deadline.Kind.HEARING.value
    # The list view explains each deadline (the steps of its computation): read
    # for the rows listed alone, by primary key, in one more query. The month and
    # week views link each chip to the deadline, where the steps are.
    explanations: dict[int, str] = {}
    if view == "list":
        deadline_rows = list(deadline_rows)
        if deadline_rows:
            explanations = {
                pk: Deadline.explain(steps)
                for pk, steps in Deadline.objects.filter(
                    pk__in=[row[0] for row in deadline_rows]
                ).values_list("id", "steps")
            }
    for pk, mid, title, kind, day, time, zone, citation, number in deadline_rows:
        deadline_count += 1
        per_day[day] += 1
        if kind == hearing:
            hearings[pk] = day
        if limit is not None and per_day[day] > limit:
            continue
        kind_label = labels.kinds.get(kind, kind)
        matter_url = labels.deadlines_url.format(mid)
        time_label = labels.time(time) if time else ""
        listed[day].append(
            CalendarItem(
                day=day, time=time, title=title, kind=kind, kind_label=kind_label,
                matter_number=number, matter_url=matter_url, url=f"{matter_url}#deadline-{pk}",
                citation=citation, zone=labels.zone(zone, day, time) if time else "",
                time_label=time_label, label=f"{time_label} {title}" if time else title,
                tip=f"{number} · {kind_label} · {citation}" if citation
                else f"{number} · {kind_label}",
                explanation=explanations.get(pk, ""),
            )
        )  # fmt: skip
    for mid, title, day, number in task_rows:
        task_count += 1
        per_day[day] += 1
        if limit is not None and per_day[day] > limit:
            continue
        url = labels.tasks_url.format(mid)
        listed[day].append(
            CalendarItem(
                day=day, time=None, title=title, kind="task", kind_label="Task",
                matter_number=number, matter_url=url, url=url, label=title,
                tip=f"{number} · Task",
            )
        )  # fmt: skip

    offer_count = 0
    for pk, mid, side, currency, amount, day, number in offer_rows:
        offer_count += 1
        per_day[day] += 1
        if limit is not None and per_day[day] > limit:
            continue
        url = labels.negotiation_url.format(mid)
        title = f"Response due: {labels.sides.get(side, side)} offer of {currency} {amount:,.2f}"
        listed[day].append(
            CalendarItem(
                day=day, time=None, title=title, kind="offer", kind_label="Offer response",
                matter_number=number, matter_url=url, url=f"{url}#offer-{pk}", label=title,
                tip=f"{number} · Offer response deadline",
            )
        )  # fmt: skip

    data = CalendarData(
        view=view, scope=scope, anchor=anchor, start=start, end=end,
        items=[item for day in sorted(listed) for item in listed[day]],
        collisions=_hearing_collisions(hearings),
        deadline_count=deadline_count, task_count=task_count, offer_count=offer_count,
        matters=matters,
        previous=_shift(view, anchor, -1), next=_shift(view, anchor, 1),
    )  # fmt: skip
    day_format = {"month": "j", "week": "M j"}.get(view, "D Y-m-d")
    day = start
    week: list[dict[str, Any]] = []
    while day <= end:
        items = listed.get(day, [])
        cell = {
            "day": day, "iso": day.isoformat(), "label": formats.date_format(day, day_format),
            "items": items, "more": per_day.get(day, 0) - len(items),
            "in_month": day.month == anchor.month,
        }  # fmt: skip
        data.days.append(cell)
        week.append(cell)
        if len(week) == 7:
            data.weeks.append(week)
            week = []
        day += datetime.timedelta(days=1)
    return data


def unread_notification_count(user: Any) -> int:
    """What the navigation's count says: the unread ones the notifications page
    lists (none about a deadline the user may no longer see), in one query."""
    return notifications_for(user).filter(read_at__isnull=True).count()


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's notifications about deadlines they can still see (or about nothing).

    The door is applied to the deadline's matter column (access.querysets.matter_q),
    so the planner starts from this user's notifications (indexed by user) rather
    than from every deadline they may see."""
    return Notification.objects.filter(user=user).filter(
        Q(deadline__isnull=True) | matter_q(user, "view", "deadline__matter")
    )


def feed_deadlines(user: Any) -> QuerySet[Deadline]:
    """What a user's iCal feed holds: open, visible deadlines that are theirs or
    their teams'."""
    mine = Exists(Deadline.responsible.through.objects.filter(deadline=OuterRef("pk"), user=user))
    teams = Q(matter__in=TeamMembership.objects.filter(user=user).values("matter"))
    return (
        Deadline.objects.visible_to(user)
        .open()
        .filter(mine | teams)
        .select_related("matter")
        .order_by("due_date", "id")
    )


# --- Court closures -------------------------------------------------------------------


def court_closures(*, jurisdiction: str | None = None) -> QuerySet[CourtClosure]:
    """Firm-entered closures, latest first (firm-wide records: no matter data)."""
    qs = CourtClosure.objects.select_related("created_by").order_by("-date", "jurisdiction", "id")
    if jurisdiction:
        qs = qs.filter(jurisdiction=jurisdiction)
    return qs


# --- The rules catalogue -------------------------------------------------------------


def ruleset_catalogue() -> list[dict[str, Any]]:
    """Every jurisdiction casemgr computes deadlines for: its court calendar
    (time zone, sources, years checked, supported from), its counting policy in
    plain words, and each rule-set version's events and deadlines with their
    citations. Reference data from the files in deadlines/: no matter data."""
    calendars = available_jurisdictions()
    result = []
    for code, ruleset in sorted(rulesets.load_all().items()):
        calendar = CourtCalendar(code)
        policy = counting.policy_for(code)
        result.append(
            {
                "jurisdiction": code,
                "court": calendar.name,
                "ruleset": ruleset.name,
                "description": ruleset.description,
                "also_applies_in": [
                    {"jurisdiction": c, "court": CourtCalendar(c).name}
                    for c in calendars
                    if code == "US-FED" and c.startswith("US-FED-")
                ],
                "time_zone": calendar.time_zone or settings.FIRM_TIME_ZONE,
                "time_zone_note": calendar.time_zone_note,
                "calendar": {
                    "supported_from": calendar.supported_from,
                    "years_checked": list(calendar.years_checked),
                    "sources": list(calendar.sources),
                },
                "counting_policy": {
                    "name": policy.name,
                    "in_plain_words": list(policy.summary),
                    "filing_time": policy.filing_time,
                    "filing_time_citation": policy.filing_time_citation,
                },
                "versions": [
                    {
                        "effective_from": version.effective_from,
                        "source": version.source,
                        "events": [
                            {
                                "key": event.key,
                                "name": event.name,
                                "description": event.description,
                                "sets_hearing": event.hearing,
                                "deadlines": [
                                    {
                                        "key": rule.key,
                                        "title": rule.title,
                                        "days": rule.days,
                                        "unit": rule.unit,
                                        "direction": rule.direction,
                                        "from": rule.from_key,
                                        "next_weekday": rule.next_weekday,
                                        "time": rule.time,
                                        "service_completes_after_days": rule.completion_days,
                                        "service_extends": rule.service_extends,
                                        "kind": rule.kind,
                                        "citation": rule.citation,
                                        "note": rule.note,
                                    }
                                    for rule in event.deadlines
                                ],
                            }
                            for event in version.events
                        ],
                    }
                    for version in reversed(ruleset.versions)
                ],
            }
        )
    return result
