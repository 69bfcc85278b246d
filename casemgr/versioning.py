"""Optimistic locking, once: edits of matters, notes, memos, documents, trigger
events, deadlines and intakes carry the version the editor started from, and
a save made on a row someone else has saved since is refused with a clear
message, changing nothing (DESIGN.md, "Concurrency").

A service locks the row with ``edit_lock`` (SELECT … FOR UPDATE, then the
version check), changes it, and saves with ``save_version`` (the version moves
on by one in the database, so two writers can never both win).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F

M = TypeVar("M", bound=models.Model)


class StaleEdit(ValidationError):
    """Somebody saved the record after the editor loaded it."""


def stale_edit(label: str, expected: int, current: int) -> StaleEdit:
    return StaleEdit(
        f"{label} was changed by someone else since you opened it (version {expected} → "
        f"{current}). Nothing was saved: reload to see their changes, then make yours again."
    )


def edit_lock(
    queryset: models.QuerySet[M],
    *,
    pk: Any,
    expected_version: int | None,
    label: Callable[[M], str] = lambda row: f"“{row}”",
) -> M:
    """The row, locked for the rest of the transaction; StaleEdit if its version
    is not ``expected_version`` (None: the caller did not say, no check)."""
    current = queryset.select_for_update(of=("self",)).get(pk=pk)
    if expected_version is not None and current.version != expected_version:  # type: ignore[attr-defined]
        raise stale_edit(label(current), expected_version, current.version)  # type: ignore[attr-defined]
    return current


def save_version(row: models.Model, fields: Iterable[str] = ()) -> None:
    """Save ``fields`` (all fields when empty) with the version moved on by one,
    then reload the row so it holds the new version."""
    row.version = F("version") + 1  # type: ignore[attr-defined]
    names = list(fields)
    if names:
        names.append("version")
        if any(f.name == "updated_at" for f in row._meta.concrete_fields):
            names.append("updated_at")
        row.save(update_fields=sorted(set(names)))
    else:
        row.save()
    row.refresh_from_db()
