"""Saving a matter's case strategy: versioned, with every save kept as a revision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from access.kernel import require
from casemgr import audit
from casemgr.versioning import StaleEdit
from cases.models import CaseStrategy, Matter, StrategyRevision
from cases.models.strategy import STRATEGY_FIELDS, TEXT_FIELDS

if TYPE_CHECKING:
    from accounts.models import User


def _stale(matter: Matter, expected: int, current: int) -> StaleEdit:
    return StaleEdit(
        f"The strategy of {matter.number} was saved by someone else since you opened it "
        f"(version {expected} → {current}). Nothing was saved: reload to see their "
        "changes, then make yours again."
    )


@transaction.atomic
def strategy_save(
    *, actor: User, matter: Matter, expected_version: int, **content: Any
) -> CaseStrategy:
    """Save the whole strategy of a matter from the version the editor started from
    (0 when there was none). A stale save raises StaleEdit and changes nothing;
    a save that changes nothing is not a new revision."""
    require(actor, "change", matter)
    unknown = set(content) - set(STRATEGY_FIELDS)
    if unknown:
        raise TypeError(f"strategy_save got unknown fields: {', '.join(sorted(unknown))}")
    current = CaseStrategy.objects.select_for_update().filter(matter=matter).first()
    if current is None:
        if expected_version != 0:
            raise _stale(matter, expected_version, 0)
        current = CaseStrategy(matter=matter)
    elif current.version != expected_version:
        raise _stale(matter, expected_version, current.version)

    before = current.content()
    for name in STRATEGY_FIELDS:
        value = content.get(name, getattr(current, name))
        if name in TEXT_FIELDS:
            value = (value or "").strip()
        setattr(current, name, value)
    current.full_clean(exclude=["matter", "version", "updated_by"])
    delta = audit.diff(before, current.content())
    if not delta and current.pk is not None:
        return current

    creating = current.pk is None
    current.version += 1
    current.updated_by = actor
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:
        # Two first saves raced; the other one won and this editor's view is stale.
        raise _stale(matter, expected_version, 1) from None
    StrategyRevision.objects.create(
        matter=matter, version=current.version, saved_by=actor, **current.content()
    )
    audit.record(
        actor=actor,
        action=audit.Action.CREATE if creating else audit.Action.CHANGE,
        obj=current,
        changes=delta,
        summary=("wrote the case strategy" if creating else "revised the case strategy")
        + f" (version {current.version}: {audit.field_labels(CaseStrategy, delta) or 'no content'})",
    )
    return current
