"""Research memos and their authorities: create, revise, delete.

Every write also rewrites the memo's derived search columns (authorities_text,
search_vector) in the same transaction, so search never lags the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.kernel import require
from casemgr import audit
from casemgr.versioning import edit_lock, save_version
from cases.models import Authority, Matter, ResearchMemo
from cases.models.research import memo_search_vector

if TYPE_CHECKING:
    from accounts.models import User

MEMO_FIELDS = ("title", "question", "conclusion", "body", "memo_date", "author")
AUTHORITY_FIELDS = ("kind", "citation", "court", "year", "holding", "relevance", "url")


def _reindex(memo: ResearchMemo) -> None:
    text = "\n".join(
        f"{a.citation} {a.court} {a.holding}".strip()
        for a in Authority.objects.filter(memo=memo).order_by("position", "id")
    )
    ResearchMemo.objects.filter(pk=memo.pk).update(authorities_text=text)
    ResearchMemo.objects.filter(pk=memo.pk).update(search_vector=memo_search_vector())


def _set_authorities(memo: ResearchMemo, authorities: Sequence[Mapping[str, Any]]) -> list[str]:
    """Make the memo's authorities exactly ``authorities`` (in that order): rows with
    an ``id`` of this memo are updated, rows without one are added, the rest are
    deleted. Returns a summary of what changed, for the audit line."""
    existing = {a.pk: a for a in memo.authorities.all()}
    kept: set[int] = set()
    notes: list[str] = []
    errors: dict[str, Any] = {}
    for position, data in enumerate(authorities):
        unknown = set(data) - {*AUTHORITY_FIELDS, "id"}
        if unknown:
            raise TypeError(f"unknown authority fields: {', '.join(sorted(unknown))}")
        pk = data.get("id")
        if pk is not None:
            if pk not in existing:
                raise ValidationError(f"Authority {pk} does not belong to this memo.")
            authority = existing[pk]
            kept.add(pk)
        else:
            authority = Authority(memo=memo)
        before = audit.snapshot(authority, AUTHORITY_FIELDS) if pk else {}
        for name in AUTHORITY_FIELDS:
            if name in data:
                value = data[name]
                setattr(authority, name, value.strip() if isinstance(value, str) else value)
        authority.position = position
        try:
            authority.full_clean(exclude=["memo"])
        except ValidationError as exc:
            errors[f"authorities.{position}"] = exc.messages
            continue
        if pk is None:
            authority.save()
            notes.append(f"added {authority.citation}")
        else:
            if audit.diff(before, audit.snapshot(authority, AUTHORITY_FIELDS)):
                notes.append(f"revised {authority.citation}")
            authority.save()
    if errors:
        raise ValidationError(errors)
    for pk, authority in existing.items():
        if pk not in kept:
            notes.append(f"removed {authority.citation}")
            authority.delete()
    return notes


def _apply_memo_fields(memo: ResearchMemo, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - set(MEMO_FIELDS)
    if unknown:
        raise TypeError(f"unknown memo fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(memo, name, value.strip() if isinstance(value, str) else value)
    memo.full_clean(exclude=["matter", "version"])


@transaction.atomic
def research_memo_create(
    *,
    actor: User,
    matter: Matter,
    title: str,
    question: str,
    conclusion: str = "",
    body: str = "",
    memo_date: datetime.date | None = None,
    author: User | None = None,
    authorities: Sequence[Mapping[str, Any]] = (),
) -> ResearchMemo:
    """Attach a research memo (and its authorities) to a matter."""
    require(actor, "change", matter)
    memo = ResearchMemo(matter=matter)
    _apply_memo_fields(
        memo,
        {
            "title": title,
            "question": question,
            "conclusion": conclusion,
            "body": body,
            "memo_date": memo_date or timezone.localdate(),
            "author": author or actor,
        },
    )
    memo.save()
    notes = _set_authorities(memo, authorities)
    _reindex(memo)
    audit.record(actor=actor, action=audit.Action.CREATE, obj=memo,
                 changes={"authorities": notes} if notes else {},
                 summary=f"wrote the research memo “{memo.title}”")  # fmt: skip
    return memo


@transaction.atomic
def research_memo_update(
    *,
    actor: User,
    memo: ResearchMemo,
    expected_version: int,
    authorities: Sequence[Mapping[str, Any]] | None = None,
    **fields: Any,
) -> ResearchMemo:
    """Revise a memo; ``authorities``, when given, is the memo's complete new list.
    A stale save (someone saved the memo since ``expected_version``) is refused."""
    require(actor, "change", memo.matter)
    current = edit_lock(
        ResearchMemo.objects.all(), pk=memo.pk, expected_version=expected_version,
        label=lambda m: f"“{m.title}”",
    )  # fmt: skip
    before = audit.snapshot(current, fields)
    _apply_memo_fields(current, fields)
    delta = audit.diff(before, audit.snapshot(current, fields))
    notes = _set_authorities(current, authorities) if authorities is not None else []
    if not delta and not notes:
        return current
    save_version(current)
    _reindex(current)
    changes: dict[str, Any] = dict(delta)
    if notes:
        changes["authorities"] = notes
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current, changes=changes,
                 summary=f"revised the research memo “{current.title}”")  # fmt: skip
    return current


@transaction.atomic
def research_memo_delete(*, actor: User, memo: ResearchMemo) -> None:
    require(actor, "change", memo.matter)
    audit.record(actor=actor, action=audit.Action.DELETE, obj=memo,
                 summary=f"deleted the research memo “{memo.title}”")  # fmt: skip
    memo.delete()
