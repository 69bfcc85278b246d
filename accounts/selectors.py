"""The reads of the firm admin pages. Each returns a queryset (or a small
structure of querysets) whose query count does not grow with the rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from access import rules
from access.models import (
    EthicalWall,
    MatterGroupObjectPermission,
    MatterUserObjectPermission,
    WallAcknowledgment,
)
from access.roles import Role
from accounts.models import User
from casemgr.models import AuditEvent
from cases.models import Matter, TeamMembership

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


# --- Users -----------------------------------------------------------------------


def user_list(*, search: str = "", role: str = "", active: str = "") -> QuerySet[User]:
    users = User.objects.prefetch_related("groups").annotate(
        has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
    )
    if search:
        users = users.filter(Q(full_name__icontains=search) | Q(email__icontains=search))
    if role:
        users = users.filter(groups__name=role)
    if active in {"yes", "no"}:
        users = users.filter(is_active=active == "yes")
    return users.order_by("full_name", "id")


def user_access(*, user: User, viewer: User) -> QuerySet[Matter]:
    """The matters ``user`` can see, each with why: team, direct grant, groups.

    Limited to matters the viewer may see too, so a walled admin does not learn
    about a matter through someone else's list.
    """
    view_perm = Q(permission__codename="view_matter")
    return (
        Matter.objects.visible_to(user)
        .filter(pk__in=Matter.objects.visible_to(viewer).values("pk"))
        .select_related("client", "responsible_attorney")
        .annotate(
            team_role=ArraySubquery(
                TeamMembership.objects.filter(matter=OuterRef("pk"), user=user).values("role")
            ),
            direct_grant=Exists(
                MatterUserObjectPermission.objects.filter(
                    view_perm, content_object=OuterRef("pk"), user=user
                )
            ),
            via_groups=ArraySubquery(
                MatterGroupObjectPermission.objects.filter(
                    view_perm, content_object=OuterRef("pk"), group__in=user.groups.all()
                ).values("group__name")
            ),
        )
        .order_by("number")
    )


# --- One matter's access --------------------------------------------------------------


@dataclass
class MatterAccess:
    team: list[TeamMembership]
    user_grants: list[MatterUserObjectPermission]
    group_grants: list[MatterGroupObjectPermission]
    walls: list[EthicalWall]


def matter_access(matter: Matter) -> MatterAccess:
    view_perm = Q(permission__codename="view_matter")
    team = list(TeamMembership.objects.filter(matter=matter).select_related("user"))
    on_team = {m.user_id for m in team}
    user_grants = [
        grant
        for grant in MatterUserObjectPermission.objects.filter(view_perm, content_object=matter)
        .select_related("user")
        .order_by("user__full_name")
        if grant.user_id not in on_team
    ]
    group_grants = list(
        MatterGroupObjectPermission.objects.filter(view_perm, content_object=matter)
        .select_related("group")
        .order_by("group__name")
    )
    walls = list(
        EthicalWall.objects.filter(Q(matter=matter) | Q(client_id=matter.client_id))
        .prefetch_related("screened_users", "screened_groups")
        .order_by("-effective_from")
    )
    return MatterAccess(team=team, user_grants=user_grants, group_grants=group_grants, walls=walls)


def grantable_users() -> QuerySet[User]:
    return User.objects.filter(is_active=True).order_by("full_name")


def grantable_groups() -> QuerySet[Group]:
    return Group.objects.order_by("name")


# --- Walls -------------------------------------------------------------------------------


def wall_list(viewer: User) -> QuerySet[EthicalWall]:
    """The walls an admin manages, less those about matters or clients a wall
    keeps from this admin (EthicalWall.objects.restrict): a screened admin must
    not read, through the wall pages, the matters the wall hides from them."""
    return (
        EthicalWall.objects.restrict(viewer)
        .select_related("matter", "client", "created_by")
        .prefetch_related("screened_users", "screened_groups")
    )


def walls_pending_for(user: User) -> QuerySet[EthicalWall]:
    """Active exclusive walls screening the user that they have not acknowledged."""
    return (
        EthicalWall.objects.active()
        .filter(kind=EthicalWall.Kind.EXCLUSIVE)
        .filter(Q(screened_users=user) | Q(screened_groups__user=user))
        .exclude(acknowledgments__user=user)
        .distinct()
        .order_by("effective_from", "id")
    )


@dataclass
class ScreenedPerson:
    user: User
    acknowledged_at: datetime.datetime | None
    via: list[str]


def wall_screened_people(wall: EthicalWall) -> list[ScreenedPerson]:
    """Everyone the wall screens (directly or through a group) and their acknowledgment."""
    acks = dict(
        WallAcknowledgment.objects.filter(wall=wall).values_list("user_id", "acknowledged_at")
    )
    people: dict[int, ScreenedPerson] = {}
    for user in wall.screened_users.all():
        people[user.pk] = ScreenedPerson(user, acks.get(user.pk), ["named"])
    for group in wall.screened_groups.prefetch_related(
        Prefetch("user_set", queryset=User.objects.order_by("full_name"))
    ):
        for user in group.user_set.all():
            person = people.setdefault(user.pk, ScreenedPerson(user, acks.get(user.pk), []))
            person.via.append(group.name)
    return sorted(people.values(), key=lambda p: (p.acknowledged_at is not None, p.user.full_name))


def wall_matter_ids(wall: EthicalWall) -> QuerySet[Any]:
    if wall.matter_id:
        return Matter.objects.filter(pk=wall.matter_id).values("pk")
    return Matter.objects.filter(client_id=wall.client_id).values("pk")


def wall_audit_events(wall: EthicalWall, *, viewer: User, zone: ZoneInfo) -> QuerySet[AuditEvent]:
    """Who touched the screened matters since the wall took effect, less the
    matters another wall keeps from the viewer (a client-wide wall covers
    matters that a matter wall may hide from this admin)."""
    since = datetime.datetime.combine(wall.effective_from, datetime.time.min, tzinfo=zone)
    return audit_events(viewer).filter(matter_id__in=wall_matter_ids(wall), at__gte=since)


# --- The audit trail ---------------------------------------------------------------------


def can_read_audit(user: User) -> bool:
    return user.is_authenticated and (user.is_firm_admin or user.has_role(Role.AUDITOR))


def audit_events(viewer: User) -> QuerySet[AuditEvent]:
    """The audit trail as ``viewer`` may read it. The auditor's reach (DESIGN.md):
    firm admins and auditors read the whole firm's trail, including lines of
    matters they cannot open (auditing the firm is the role's purpose), except
    the lines of matters an ethical wall screens them from: rule 1 of the one
    door holds here too. Nobody else reads the trail."""
    if not can_read_audit(viewer):
        return AuditEvent.objects.none()
    return AuditEvent.objects.exclude(matter_id__in=rules.walled_matter_ids(viewer))


def firm_zone() -> ZoneInfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(settings.FIRM_TIME_ZONE)
