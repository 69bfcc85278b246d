"""Single-matter access checks built on the one door (Matter.objects.visible_to)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from cases.models import EthicalWall, Matter

if TYPE_CHECKING:
    from accounts.models import User


def visible_matter_or_404(user: User | Any, pk: Any) -> Matter:
    """The matter if this user may see it; 404 otherwise, exactly as for a missing id."""
    try:
        matter_id = int(pk)
    except (ValueError, TypeError):
        raise Http404("No matter found") from None
    try:
        return (
            Matter.objects.visible_to(user)
            .select_related(
                "client", "practice_area", "responsible_attorney", "originating_attorney"
            )
            .get(pk=matter_id)
        )
    except Matter.DoesNotExist:
        _record_denied(user, matter_id)
        raise Http404("No matter found") from None


def _record_denied(user: User | Any, matter_id: int) -> None:
    """The matter exists but this user may not see it: the user gets the same 404
    as for a missing id, and the attempt goes into the audit trail."""
    number = Matter.objects.filter(pk=matter_id).values_list("number", flat=True).first()
    if number is None:
        return
    from casemgr import audit

    audit.record(
        actor=user,
        action=audit.Action.DENIED,
        object_type="cases.matter",
        object_id=str(matter_id),
        object_repr=number,
        matter_id=matter_id,
        summary="was refused a matter they may not see",
    )


def can_change_matter(user: User, matter: Matter) -> bool:
    if not Matter.objects.visible_to(user).filter(pk=matter.pk).exists():
        return False
    return user.is_firm_admin or user.has_perm("cases.change_matter", matter)


def require_change(user: User, matter: Matter) -> None:
    """Refuse a write: 404 if the matter is invisible to the user, 403 if read-only."""
    if not Matter.objects.visible_to(user).filter(pk=matter.pk).exists():
        raise Http404("No matter found")
    if not (user.is_firm_admin or user.has_perm("cases.change_matter", matter)):
        raise PermissionDenied("You may view this matter but not change it.")


def walls_screening(
    matter: Matter, *, user: User | None = None, group: Group | None = None
) -> list[EthicalWall]:
    """Active exclusive walls that screen this user or group from this matter."""
    walls = EthicalWall.objects.active().filter(
        Q(matter=matter) | Q(client_id=matter.client_id), kind=EthicalWall.Kind.EXCLUSIVE
    )
    if user is not None:
        walls = walls.filter(Q(screened_users=user) | Q(screened_groups__in=user.groups.all()))
    if group is not None:
        walls = walls.filter(screened_groups=group)
    return list(walls.distinct())
