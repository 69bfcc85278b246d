"""``restrict(user, action)``: the one door on every queryset of matter data.

Every model that belongs to a matter uses a QuerySet built on
``MatterScopedQuerySet`` and names the path to its matter (``matter_path``);
the matter model itself uses ``matter_path = None``. ``restrict`` applies the
rules of access.rules as filters on that path, so a task list filters its own
``matter_id`` column and joins the matter only for a wall over a client's
every matter. ``visible_to(user)`` is ``restrict(user, "view")``.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.db import models
from django.db.models import Q

from access import rules

_M = TypeVar("_M", bound=models.Model)


def matter_q(user: Any, action: str = "view", path: str | None = "matter") -> Q:
    """A filter keeping the rows whose matter (at ``path``; None for the
    matter itself) ``user`` may act on with ``action``."""
    return _q(rules.matter_q_parts(user, action), path)


def _q(parts: tuple[list[int], list[int], Any] | None, path: str | None) -> Q:
    if parts is None:
        return Q(pk__in=[])  # matches nothing
    walled_matters, walled_clients, grants = parts
    matter_id = f"{path}_id" if path else "pk"
    client_id = f"{path}__client_id" if path else "client_id"
    q = Q()
    if walled_matters:
        q &= ~Q(**{f"{matter_id}__in": walled_matters})
    if walled_clients:
        q &= ~Q(**{f"{client_id}__in": walled_clients})
    if grants is not None:
        q &= Q(**{f"{matter_id}__in": grants})
    return q


class MatterScopedQuerySet(models.QuerySet[_M]):
    """Base QuerySet of every model of matter data (the system check in
    access.checks refuses a view or admin of such a model that does not come
    through ``restrict``)."""

    # The lookup path from this model to its matter ("matter", "memo__matter");
    # None on the matter model itself.
    matter_path: ClassVar[str | None] = "matter"
    # (user id, action) once restrict() has narrowed this queryset; kept by
    # every clone, so bases can tell a queryset that came through the door.
    _access: tuple[Any, str] | None = None

    def _clone(self) -> MatterScopedQuerySet[_M]:
        clone = super()._clone()  # type: ignore[misc]
        clone._access = self._access
        return clone

    def restricted_for(self, user: Any, action: str = "view") -> bool:
        """Whether restrict(user, action) (or a stricter action) narrowed this queryset."""
        if self._access is None or user is None:
            return False
        user_id, done = self._access
        return user_id == user.pk and (done == action or action == "view")

    def restrict(self, user: Any, action: str = "view") -> MatterScopedQuerySet[_M]:
        """The rows this user may act on with ``action`` ("view", "change",
        "delete"): rules 1-3 of the one door, walls first."""
        parts = rules.matter_q_parts(user, action)
        if parts is None:
            return self.none()
        q = _q(parts, self.matter_path)
        narrowed = self.filter(q) if q else self._chain()
        narrowed._access = (user.pk, action)
        return narrowed

    def visible_to(self, user: Any) -> MatterScopedQuerySet[_M]:
        return self.restrict(user, "view")


def is_matter_scoped(model: type[models.Model] | None) -> bool:
    """Whether ``model`` is matter data (its default manager's QuerySet is scoped)."""
    if model is None:
        return False
    queryset_class = getattr(model._default_manager, "_queryset_class", None)
    return isinstance(queryset_class, type) and issubclass(queryset_class, MatterScopedQuerySet)


def matter_of(obj: models.Model) -> Any:
    """The matter a row of matter data belongs to (the row itself for a matter)."""
    path = type(obj)._default_manager._queryset_class.matter_path  # type: ignore[attr-defined]
    if path is None:
        return obj
    for step in path.split("__"):
        obj = getattr(obj, step)
    return obj


class DoorIds(frozenset[int]):
    """Ids of matters that came through the door for one user.

    Helpers that filter hand-written SQL by an id array (the dashboard's
    sections) take DoorIds, never bare ids: ``require_door_ids`` refuses
    anything else, so such a helper cannot be handed ids nobody checked. The
    only ways to make them: ``DoorIds.read`` of a queryset that ``restrict``
    narrowed (its rows are the ids), or ``subset`` of other DoorIds.
    """

    user_id: Any

    def __new__(cls, *args: Any, **kwargs: Any) -> DoorIds:
        raise TypeError("DoorIds are made by DoorIds.read(restricted queryset) or .subset()")

    @classmethod
    def _made(cls, ids: Any, user_id: Any) -> DoorIds:
        made = frozenset.__new__(cls, ids)
        made.user_id = user_id
        return made

    @classmethod
    def read(
        cls, source: MatterScopedQuerySet[Any], *fields: str
    ) -> tuple[DoorIds, list[tuple[Any, ...]]]:
        """Read ``source`` (narrowed by restrict) once: its ids, and its rows
        as tuples of (pk, *fields)."""
        if source._access is None or source.model._default_manager._queryset_class.matter_path:
            raise TypeError("DoorIds.read takes matters narrowed by restrict(user, action)")
        rows = list(source.values_list("pk", *fields))
        return cls._made((row[0] for row in rows), source._access[0]), rows

    def subset(self, ids: Any) -> DoorIds:
        return DoorIds._made(set(ids) & self, self.user_id)


def require_door_ids(ids: Any) -> DoorIds:
    if not isinstance(ids, DoorIds):
        raise TypeError("matter ids must come through the door (access.querysets.DoorIds)")
    return ids
