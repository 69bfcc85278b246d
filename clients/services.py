"""Writes for contacts: one function per action, transactional and audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from casemgr import audit
from clients.models import Contact, ContactAlias, ContactEmail, ContactPhone

if TYPE_CHECKING:
    from accounts.models import User

CONTACT_FIELDS = (
    "kind", "first_name", "last_name", "organization_name", "organization",
    "job_title", "client_status", "notes",
)  # fmt: skip


def _require(actor: User, perm: str) -> None:
    if not (actor.is_active and (actor.is_firm_admin or actor.has_perm(perm))):
        raise PermissionDenied("You may not change contacts.")


@transaction.atomic
def contact_create(
    *,
    actor: User,
    emails: list[str] | None = None,
    phones: list[str] | None = None,
    aliases: list[str] | None = None,
    **fields: Any,
) -> Contact:
    _require(actor, "clients.add_contact")
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"contact_create got unknown fields: {', '.join(sorted(unknown))}")
    contact = Contact(created_by=actor, **fields)
    contact.compute_names()
    contact.full_clean()
    contact.save()
    for i, email in enumerate(emails or []):
        ContactEmail.objects.create(contact=contact, email=email, is_primary=i == 0)
    for i, number in enumerate(phones or []):
        ContactPhone.objects.create(contact=contact, number=number, is_primary=i == 0)
    for name in aliases or []:
        ContactAlias.objects.create(contact=contact, name=name)
    audit.record(
        actor=actor, action=audit.Action.CREATE, obj=contact, summary="created the contact"
    )
    return contact


@transaction.atomic
def contact_update(*, actor: User, contact: Contact, **changes: Any) -> Contact:
    _require(actor, "clients.change_contact")
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"contact_update got unknown fields: {', '.join(sorted(unknown))}")
    before = audit.snapshot(contact, changes)
    for name, value in changes.items():
        setattr(contact, name, value)
    contact.compute_names()
    contact.full_clean()
    delta = audit.diff(before, changes)
    if delta:
        contact.save()
        audit.record(actor=actor, action=audit.Action.CHANGE, obj=contact, changes=delta,
                     summary="changed " + ", ".join(sorted(delta)))  # fmt: skip
    return contact
