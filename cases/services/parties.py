"""Parties of many matters at once: the import of a firm's existing lists
(cases.imports). The rules are party_add's, applied to every row before
anything is written: the actor may change the matter, the role is a party
role, the contact is not already a party to that matter in that role. One
transaction: every row or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from casemgr import audit
from cases.models import Matter, Party
from clients import services as contact_services
from clients.imports import RowErrors
from clients.models import Contact

if TYPE_CHECKING:
    from accounts.models import User

# The one message for a matter that does not exist and for one the actor may
# not change (or not even see): which of the two it is must not show.
NO_CHANGEABLE_MATTER = "No matter you may change has this number."
NOTES_MAX = Party._meta.get_field("notes").max_length


@dataclass(frozen=True)
class PartyImportRow:
    """One party to add. ``contact`` is a saved contact, or an unsaved one (its
    names set) that the import creates; rows holding the same unsaved Contact
    object share the one contact created for it. ``row`` numbers the messages."""

    row: int
    matter: Matter
    contact: Contact
    role: str
    notes: str = ""


def _contact_key(contact: Contact) -> tuple[str, int]:
    return ("saved", contact.pk) if contact.pk is not None else ("new", id(contact))


def _row_errors(actor: User, rows: Sequence[PartyImportRow]) -> dict[int, list[str]]:
    errors: dict[int, list[str]] = {}
    matter_ids = {r.matter.pk for r in rows}
    changeable = set(
        Matter.objects.restrict(actor, "change")
        .filter(pk__in=matter_ids)
        .values_list("pk", flat=True)
    )
    saved_ids = {r.contact.pk for r in rows if r.contact.pk is not None}
    existing = set(
        Party.objects.restrict(actor, "change")
        .filter(matter_id__in=changeable, contact_id__in=saved_ids)
        .values_list("matter_id", "contact_id", "role")
    )
    first_row: dict[tuple, int] = {}
    for r in rows:
        messages = errors.setdefault(r.row, [])
        if r.matter.pk not in changeable:
            messages.append(NO_CHANGEABLE_MATTER)
            continue
        if r.role not in Party.Role.values:
            messages.append(f"“{r.role}” is not a party role.")
            continue
        if len(r.notes) > NOTES_MAX:
            messages.append(f"Notes: at most {NOTES_MAX} characters.")
        if (r.matter.pk, r.contact.pk, r.role) in existing:
            messages.append(
                f"{r.contact.display_name} is already a party to {r.matter.number} "
                f"as {Party.Role(r.role).label}."
            )
        key = (r.matter.pk, _contact_key(r.contact), r.role)
        if key in first_row:
            messages.append(f"The same party as row {first_row[key]}.")
        first_row.setdefault(key, r.row)
    return {row: messages for row, messages in errors.items() if messages}


@transaction.atomic
def parties_import(*, actor: User, rows: Sequence[PartyImportRow], source: str) -> list[Party]:
    """Add every row's party, creating the new contacts (clients' contact_create),
    or raise RowErrors naming every row that breaks a rule of party_add and
    write nothing. Each matter's audit trail gets one line naming the parties
    it gained and where from."""
    errors = _row_errors(actor, rows)
    if errors:
        raise RowErrors(errors)
    created: dict[int, Contact] = {}
    for r in rows:
        new = r.contact
        if new.pk is None and id(new) not in created:
            created[id(new)] = contact_services.contact_create(
                actor=actor,
                duplicates_ok=True,
                kind=new.kind,
                first_name=new.first_name,
                last_name=new.last_name,
                organization_name=new.organization_name,
            )
    parties = [
        Party(
            matter=r.matter,
            contact=r.contact if r.contact.pk is not None else created[id(r.contact)],
            role=r.role,
            notes=r.notes,
        )
        for r in rows
    ]
    try:
        with transaction.atomic():
            Party.objects.bulk_create(parties, batch_size=1000)
    except IntegrityError:
        # a colleague added one of these parties since the check
        raise RowErrors(
            {rows[0].row: ["A party of this file was added meanwhile: check the file again."]}
        ) from None
    by_matter: dict[int, list[Party]] = {}
    for party in parties:
        by_matter.setdefault(party.matter_id, []).append(party)
    for matter_parties in by_matter.values():
        names = "; ".join(f"{p.contact} ({p.get_role_display()})" for p in matter_parties)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="cases.party",
            object_repr=source[:300],
            matter_id=matter_parties[0].matter_id,
            summary=f"imported {len(matter_parties)} part{'y' if len(matter_parties) == 1 else 'ies'}"
            f" from {source}: {names}",
            changes={"party_ids": [p.pk for p in matter_parties]},
        )
    return parties
