"""Reads of deadlines, all starting from the one door (Deadline.objects.visible_to)."""

from __future__ import annotations

import calendar as pycalendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from cases.models import Matter, TeamMembership
from deadlines.models import Deadline, Notification, TriggerEvent

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


def visible_deadline_or_none(user: Any, pk: Any) -> Deadline | None:
    try:
        return Deadline.objects.visible_to(user).select_related("matter").get(pk=int(pk))
    except (Deadline.DoesNotExist, ValueError, TypeError):
        return None


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


def _task_url(matter_id: int) -> str:
    try:
        return reverse("cases:matter_tasks", args=[matter_id])
    except NoReverseMatch:  # the tasks tab is not routed
        return reverse("cases:matter_detail", args=[matter_id])


def _task_model() -> Any:
    try:
        return apps.get_model("cases", "Task")
    except LookupError:  # the tasks feature is not installed
        return None


@dataclass(frozen=True)
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


@dataclass
class CalendarData:
    view: str
    scope: str
    anchor: datetime.date
    start: datetime.date
    end: datetime.date
    items: list[CalendarItem]
    collisions: list[str]
    weeks: list[list[dict[str, Any]]] = field(default_factory=list)
    days: list[dict[str, Any]] = field(default_factory=list)
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


def hearing_collisions(
    user: Any, start: datetime.date, end: datetime.date, *, scope: str, matter_id: int | None
) -> list[str]:
    """Days on which one attorney has two or more hearings (among the hearings shown)."""
    hearings = scoped_deadlines(user, scope=scope, matter_id=matter_id).filter(
        kind=Deadline.Kind.HEARING, due_date__gte=start, due_date__lte=end
    )
    through = Deadline.responsible.through
    rows = (
        through.objects.filter(deadline__in=hearings.values("pk"))
        .values("deadline__due_date", "user__full_name")
        .annotate(n=Count("deadline", distinct=True))
        .filter(n__gt=1)
        .order_by("deadline__due_date", "user__full_name")
    )
    return [
        f"{row['user__full_name']} has {row['n']} hearings on "
        f"{row['deadline__due_date']:%a %Y-%m-%d}."
        for row in rows
    ]


def calendar_data(
    *,
    user: Any,
    view: str,
    scope: str,
    anchor: datetime.date,
    matter_id: int | None = None,
) -> CalendarData:
    """Everything the calendar page shows, in a fixed number of queries."""
    start, end = _range(view, anchor)
    items: list[CalendarItem] = []
    deadlines = (
        scoped_deadlines(user, scope=scope, matter_id=matter_id)
        .filter(due_date__gte=start, due_date__lte=end)
        .select_related("matter")
        .only(
            "title",
            "kind",
            "due_date",
            "due_time",
            "time_zone",
            "citation",
            "matter__number",
            "matter__title",
        )  # fmt: skip
        .order_by("due_date", "due_time", "id")
    )
    for d in deadlines:
        matter_url = reverse("deadlines:matter_deadlines", args=[d.matter_id])
        items.append(
            CalendarItem(
                day=d.due_date, time=d.due_time, title=d.title, kind=d.kind,
                kind_label=d.get_kind_display(), matter_number=d.matter.number,
                matter_url=matter_url, url=f"{matter_url}#deadline-{d.pk}",
                citation=d.citation, zone=d.zone_abbreviation if d.due_time else "",
            )
        )  # fmt: skip
    task_model = _task_model()
    if task_model is not None:
        tasks = task_model.objects.visible_to(user).filter(
            status="open", due_on__gte=start, due_on__lte=end
        )
        if scope == "mine":
            tasks = tasks.filter(assignee=user)
        elif scope == "team":
            tasks = tasks.filter(
                matter__in=TeamMembership.objects.filter(user=user).values("matter")
            )
        elif scope == "matter":
            tasks = tasks.filter(matter_id=matter_id or 0)
        for t in tasks.select_related("matter").only(
            "title", "due_on", "matter__number", "matter__title"
        ):
            url = _task_url(t.matter_id)
            items.append(
                CalendarItem(
                    day=t.due_on, time=None, title=t.title, kind="task", kind_label="Task",
                    matter_number=t.matter.number, matter_url=url, url=url,
                )
            )  # fmt: skip
    items.sort(key=lambda i: (i.day, i.time or datetime.time.max, i.kind == "task"))
    data = CalendarData(
        view=view, scope=scope, anchor=anchor, start=start, end=end, items=items,
        collisions=hearing_collisions(user, start, end, scope=scope, matter_id=matter_id),
        previous=_shift(view, anchor, -1), next=_shift(view, anchor, 1),
    )  # fmt: skip
    by_day: dict[datetime.date, list[CalendarItem]] = defaultdict(list)
    for item in items:
        by_day[item.day].append(item)
    day = start
    week: list[dict[str, Any]] = []
    while day <= end:
        cell = {"day": day, "items": by_day.get(day, []), "in_month": day.month == anchor.month}
        data.days.append(cell)
        week.append(cell)
        if len(week) == 7:
            data.weeks.append(week)
            week = []
        day += datetime.timedelta(days=1)
    return data


def matters_for_filter(user: Any) -> list[tuple[int, str]]:
    """(id, label) of the matters offered in the calendar's matter filter: open
    ones the user is on. Labels are built here, not with a template filter per
    option: an attorney can be on hundreds of matters."""
    rows = (
        Matter.objects.visible_to(user)
        .filter(closed_on__isnull=True, team__user=user)
        .order_by("number")
        .values_list("id", "number", "title")
    )
    return [
        (pk, f"{number} {title if len(title) <= 40 else title[:39] + '…'}")
        for pk, number, title in rows
    ]


def unread_notification_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's notifications about deadlines they can still see (or about nothing)."""
    return Notification.objects.filter(user=user).filter(
        Q(deadline__isnull=True) | Q(deadline__in=Deadline.objects.visible_to(user).values("pk"))
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
