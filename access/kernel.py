"""One matter through the one door: ``matter_for(user, pk, action)``.

404 when the matter does not exist for the user (missing, or hidden by rules
1-3: the same answer, so nothing leaks), 403 when they may see it but not do
``action`` to it. A refusal of a hidden matter is audited without touching the
matter: the audit line names no matter (so it moves no activity and reaches no
feed of the matter's team); the id asked for is kept in its object fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from access import rules
from access.backends import matter_codenames
from access.models import MATTER_MODEL
from casemgr import audit


def _matter_model() -> Any:
    return apps.get_model(MATTER_MODEL)


def can(user: Any, action: str, matter: Any) -> bool:
    """Whether ``user`` may do ``action`` to this matter (walls, firm admins
    and grants, from the per-request cache of the permission backend)."""
    codename = rules.codename_for(action)
    if not rules.is_active_user(user) or matter is None or matter.pk is None:
        return False
    return codename in matter_codenames(user, matter.pk)


def require(user: Any, action: str, matter: Any) -> None:
    """Refuse ``action`` on a matter: 404 if the user may not see it, 403 if
    they may see it but not do this. Services call it before every write."""
    if not can(user, "view", matter):
        raise Http404("No matter found")
    if not can(user, action, matter):
        raise PermissionDenied("You may view this matter but not change it.")


def matter_for(
    user: Any,
    pk: Any,
    action: str = "view",
    *,
    select_related: Sequence[str] = (
        "client",
        "practice_area",
        "responsible_attorney",
        "originating_attorney",
    ),
) -> Any:
    """The matter ``pk`` if ``user`` may do ``action`` to it; Http404 if they
    may not see it (audited), PermissionDenied if they may see but not act."""
    rules.codename_for(action)  # an unknown action is a programming error, not a 404
    model = _matter_model()
    try:
        matter_id = int(pk)
    except (ValueError, TypeError):
        raise Http404("No matter found") from None
    if not -(2**63) <= matter_id < 2**63:
        raise Http404("No matter found")
    try:
        matter = (
            model.objects.restrict(user, "view").select_related(*select_related).get(pk=matter_id)
        )
    except model.DoesNotExist:
        record_refusal(user, matter_id)
        raise Http404("No matter found") from None
    if action != "view" and not can(user, action, matter):
        raise PermissionDenied("You may view this matter but not change it.")
    return matter


def record_refusal(user: Any, matter_id: int) -> None:
    """The matter exists but this user may not see it: the user gets the same
    404 as for a missing id, and the attempt goes into the audit trail, naming
    no matter (so nothing of the matter's activity or feeds moves)."""
    model = _matter_model()
    if not model.objects.filter(pk=matter_id).exists():
        return
    audit.record(
        actor=user if rules.is_active_user(user) else None,
        action=audit.Action.DENIED,
        object_type=model._meta.label_lower,
        object_id=str(matter_id),
        object_repr=f"matter #{matter_id}",
        matter_id=None,
        summary="was refused a matter they may not see",
    )
