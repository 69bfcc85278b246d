"""The notes and communications log: recording calls, meetings, emails, letters, notes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.kernel import require
from accounts.webhooks import emit
from casemgr import audit
from casemgr.versioning import edit_lock, save_version
from cases.models import Matter, Note
from clients.models import Contact

if TYPE_CHECKING:
    from accounts.models import User

NOTE_FIELDS = ("kind", "occurred_at", "direction", "subject", "body", "participants")


def _check_contacts(matter: Matter, contacts: Iterable[Contact]) -> list[Contact]:
    """Linked contacts must be parties to the matter (anyone else goes in the free text)."""
    contacts = list(contacts)
    party_ids = set(matter.parties.values_list("contact_id", flat=True))
    strangers = [c for c in contacts if c.pk not in party_ids]
    if strangers:
        names = ", ".join(str(c) for c in strangers)
        raise ValidationError({"contacts": f"Not a party to {matter.number}: {names}."})
    return contacts


def _clean(note: Note) -> None:
    if note.kind not in Note.DIRECTED_KINDS:
        note.direction = Note.Direction.NONE
    note.full_clean(exclude=["matter", "author"])


@transaction.atomic
def note_create(
    *,
    actor: User,
    matter: Matter,
    kind: str,
    subject: str,
    body: str = "",
    occurred_at: datetime.datetime | None = None,
    direction: str = "",
    participants: str = "",
    contacts: Iterable[Contact] = (),
) -> Note:
    require(actor, "change", matter)
    contacts = _check_contacts(matter, contacts)
    note = Note(
        matter=matter, kind=kind, subject=subject.strip(), body=body.strip(),
        occurred_at=occurred_at or timezone.now(), direction=direction or "",
        participants=participants.strip(), author=actor,
    )  # fmt: skip
    _clean(note)
    note.save()
    note.contacts.set(contacts)
    audit.record(actor=actor, action=audit.Action.CREATE, obj=note,
                 summary=f"logged a {note.get_kind_display().lower()}: “{note.subject}”")  # fmt: skip
    emit("note.added", matter_id=matter.pk, object_id=note.pk, build=note_webhook_data)
    return note


@transaction.atomic
def note_update(
    *,
    actor: User,
    note: Note,
    contacts: Iterable[Contact] | None = None,
    expected_version: int | None = None,
    **changes: Any,
) -> Note:
    """Change an entry; with ``expected_version`` (what the editor saw), a save
    made on an entry someone else has saved since is refused, nothing written."""
    require(actor, "change", note.matter)
    unknown = set(changes) - set(NOTE_FIELDS)
    if unknown:
        raise TypeError(f"note_update got unknown fields: {', '.join(sorted(unknown))}")
    current = edit_lock(
        Note.objects.select_related("matter"), pk=note.pk, expected_version=expected_version,
        label=lambda n: f"“{n.subject}”",
    )  # fmt: skip
    before = audit.snapshot(current, changes)
    for name, value in changes.items():
        setattr(current, name, value)
    _clean(current)
    delta = audit.diff(before, changes)
    if contacts is not None:
        contacts = _check_contacts(current.matter, contacts)
        old = sorted(str(c) for c in current.contacts.all())
        new = sorted(str(c) for c in contacts)
        if old != new:
            delta["contacts"] = [old, new]
        current.contacts.set(contacts)
    if not delta:
        return current
    save_version(current)
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current, changes=delta,
                 summary=f"changed the {current.get_kind_display().lower()} “{current.subject}”")  # fmt: skip
    return current


@transaction.atomic
def note_delete(*, actor: User, note: Note) -> None:
    require(actor, "change", note.matter)
    audit.record(actor=actor, action=audit.Action.DELETE, obj=note,
                 summary=f"deleted the {note.get_kind_display().lower()} “{note.subject}”")  # fmt: skip
    note.delete()


def note_webhook_data(*, owner: User, matter: Matter, object_id: int | None) -> dict | None:
    """The note's heading (not its body) as the endpoint owner may see it now."""
    row = (
        Note.objects.restrict(owner, "view")
        .filter(pk=object_id, matter=matter)
        .values("id", "kind", "subject", "occurred_at", "author_id")
        .first()
    )
    return None if row is None else {"note": row}
