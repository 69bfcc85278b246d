"""Reads of matter data, all starting from the one door."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery

from accounts.models import User
from casemgr.models import AuditEvent
from cases.models import Matter, Party, TeamMembership

SORT_COLUMNS = {
    "number": ("number",),
    "title": ("title", "id"),
    "client": ("client__sort_name", "id"),
    "stage": ("stage", "id"),
    "opened": ("opened_on", "id"),
}
# "title" sorts ascending, "-title" descending.
SORTS = {**SORT_COLUMNS,
         **{f"-{k}": tuple(f"-{f}" for f in v) for k, v in SORT_COLUMNS.items()}}  # fmt: skip
DEFAULT_SORT = "-opened"


@dataclass(frozen=True)
class MatterFilters:
    q: str = ""
    stage: str = ""
    practice_area: int | None = None
    attorney: int | None = None
    mine: bool = False
    status: str = "open"  # open, closed, all
    sort: str = DEFAULT_SORT


def matter_list(*, user: Any, filters: MatterFilters) -> QuerySet[Matter]:
    qs = Matter.objects.visible_to(user).select_related(
        "client", "practice_area", "responsible_attorney"
    )
    if filters.q:
        term = filters.q.strip()
        qs = qs.filter(
            Q(number__icontains=term)
            | Q(title__icontains=term)
            | Q(client__display_name__icontains=term)
            | Q(docket_number__icontains=term)
        )
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.practice_area:
        qs = qs.filter(practice_area_id=filters.practice_area)
    if filters.attorney:
        qs = qs.filter(responsible_attorney_id=filters.attorney)
    if filters.mine:
        qs = qs.filter(team__user=user)
    if filters.status == "open":
        qs = qs.filter(closed_on__isnull=True)
    elif filters.status == "closed":
        qs = qs.filter(closed_on__isnull=False)
    return qs.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


# What a row of the matter list prints.
LIST_COLUMNS = (
    "number", "title", "stage", "opened_on", "closed_on", "docket_number",
    "client__display_name", "responsible_attorney__full_name",
)  # fmt: skip


def matter_list_rows(*, user: Any, filters: MatterFilters) -> QuerySet[Matter]:
    """matter_list reading only the columns the list page prints: fewer columns
    to read and fewer fields to build for each row."""
    return (
        matter_list(user=user, filters=filters)
        .select_related(None)
        .select_related("client", "responsible_attorney")
        .only(*LIST_COLUMNS)
    )


def matter_parties(matter: Matter) -> QuerySet[Party]:
    return matter.parties.select_related("contact").order_by("role", "contact__sort_name")


def matter_team(matter: Matter) -> QuerySet[TeamMembership]:
    return matter.team.select_related("user").order_by("role", "user__full_name")


def matter_activity(matter: Matter) -> QuerySet[AuditEvent]:
    """The matter's timeline, built from the audit trail (views are left out),
    each event with the person's name (``actor_name``) read in the same query."""
    return (
        AuditEvent.objects.filter(matter_id=matter.pk)
        .exclude(action=AuditEvent.Action.VIEW)
        .annotate(
            actor_name=Subquery(
                User.objects.filter(pk=OuterRef("actor_id")).values("full_name")[:1]
            )
        )
    )
