"""Writes for contacts: one function per action, transactional and audited.

A contact's emails, phones, aliases and addresses are edited as whole sets (the
way the contact form and the API submit them): ``contact_<detail>s_set`` takes
the complete wanted list, adds, changes and removes rows to match, and records
one audit line saying what changed. ``contact_create``/``contact_update`` accept
the same lists and call them, so one save is one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from casemgr import audit
from clients import conflicts, selectors
from clients.conflicts import CheckName
from clients.models import Contact, ContactAddress, ContactAlias, ContactEmail, ContactPhone

if TYPE_CHECKING:
    from accounts.models import User

CONTACT_FIELDS = (
    "kind", "first_name", "last_name", "organization_name", "organization",
    "job_title", "client_status", "notes",
)  # fmt: skip
NAME_FIELDS = ("kind", "first_name", "last_name", "organization_name")

# Each detail's fields, its main one first; a row given as a string is that field.
EMAIL_FIELDS = ("email", "label", "is_primary")
PHONE_FIELDS = ("number", "label", "is_primary")
ALIAS_FIELDS = ("name", "kind")
ADDRESS_FIELDS = ("street", "label", "city", "region", "postal_code", "country")

DetailRows = Iterable[Mapping[str, Any] | str] | None


def _require(actor: User, perm: str) -> None:
    if not (actor.is_active and actor.has_perm(perm)):
        raise PermissionDenied("You may not change contacts.")


def _status_label(value: str) -> str:
    return str(Contact.ClientStatus(value or "").label)


def _check_organization(contact: Contact) -> None:
    org = contact.organization
    if org is None:
        return
    if contact.kind == Contact.Kind.ORGANIZATION:
        raise ValidationError({"organization": "Only a person can belong to an organization."})
    if org.kind != Contact.Kind.ORGANIZATION:
        raise ValidationError({"organization": f"{org} is a person, not an organization."})


# --- Conflict searches -------------------------------------------------------------

CONFLICT_OBJECT_TYPE = "clients.conflict_check"


def conflict_search_run(*, actor: User, names: Sequence[CheckName]) -> dict[str, Any]:
    """A conflict search over every contact name, alias and former name, for
    several names at once, as ``actor`` may read it (conflicts.report_for:
    hits in matters they cannot see are counted, never named). Audited: the
    firm's evidence that it checked. The page and the API both call this."""
    if not selectors.can_view_contacts(actor):
        raise PermissionDenied("You may not search contacts.")
    full = conflicts.conflict_search(names)
    listed = ", ".join(f"“{n.name}”" for n in names)
    audit.record(
        actor=actor,
        action=audit.Action.VIEW,
        object_type=CONFLICT_OBJECT_TYPE,
        object_repr=", ".join(n.name for n in names)[:300],
        summary=f"ran a conflict check for {listed}: "
        f"{sum(len(n['hits']) for n in full['names'])} possible matches",
        changes={
            "names": [n.as_dict() for n in names],
            "contact_ids": conflicts.report_contact_ids(full),
        },
    )
    return conflicts.report_for(actor, full)


# --- The contact itself ---------------------------------------------------------


class PossibleDuplicates(ValidationError):
    """Contacts that look like the one being saved, not yet confirmed as
    different people: nothing was saved. The page lists them and asks; the API
    answers 409 with them."""

    def __init__(self, duplicates: list[Contact]) -> None:
        names = "; ".join(str(d) for d in duplicates[:5])
        super().__init__(f"Similar contacts exist ({names}). Check they are not the same.")
        self.duplicates = duplicates


def _rows_field(rows: DetailRows, key: str) -> list[str]:
    return [str(row.get(key, "") if isinstance(row, Mapping) else row) for row in (rows or [])]


def _refuse_near_duplicates(
    contact: Contact,
    *,
    aliases: DetailRows,
    emails: DetailRows,
    phones: DetailRows,
    duplicates_ok: bool | Iterable[int],
) -> None:
    """The near-duplicate gate, for creates and renames alike: refuse while a
    contact that looks like this one has not been confirmed as different
    (``duplicates_ok``: True for all, or the ids the user has seen)."""
    if duplicates_ok is True:
        return
    found = selectors.contact_duplicates(
        display_name=contact.display_name,
        aliases=_rows_field(aliases, "name"),
        emails=_rows_field(emails, "email"),
        phones=_rows_field(phones, "number"),
        exclude_pk=contact.pk,
    )
    seen = set(duplicates_ok or ())
    if any(d.pk not in seen for d in found):
        raise PossibleDuplicates(found)


@transaction.atomic
def contact_create(
    *,
    actor: User,
    emails: DetailRows = None,
    phones: DetailRows = None,
    aliases: DetailRows = None,
    addresses: DetailRows = None,
    duplicates_ok: bool | Iterable[int] = (),
    **fields: Any,
) -> Contact:
    """A new person or organization, with its emails, phones, aliases and
    addresses; refused (PossibleDuplicates) while it looks like a contact the
    firm has and the user has not confirmed it is someone else."""
    _require(actor, "clients.add_contact")
    unknown = set(fields) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"contact_create got unknown fields: {', '.join(sorted(unknown))}")
    contact = Contact(created_by=actor, **fields)
    _clean_names(contact)
    contact.compute_names()
    contact.full_clean()
    _check_organization(contact)
    _refuse_near_duplicates(
        contact, aliases=aliases, emails=emails, phones=phones, duplicates_ok=duplicates_ok
    )
    contact.save()
    audit.record(
        actor=actor, action=audit.Action.CREATE, obj=contact, summary="created the contact"
    )
    _set_all(actor, contact, emails, phones, aliases, addresses, audited=False)
    return contact


@transaction.atomic
def contact_update(
    *,
    actor: User,
    contact: Contact,
    emails: DetailRows = None,
    phones: DetailRows = None,
    aliases: DetailRows = None,
    addresses: DetailRows = None,
    duplicates_ok: bool | Iterable[int] = (),
    **changes: Any,
) -> Contact:
    """Change a contact's fields; lists given replace that detail set (None: unchanged).
    A change of client status (prospect → active → former) is named in the audit line.
    A rename (of the contact or its aliases) passes the near-duplicate gate as a
    new contact does."""
    _require(actor, "clients.change_contact")
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise TypeError(f"contact_update got unknown fields: {', '.join(sorted(unknown))}")
    before = audit.snapshot(contact, changes)
    old_name = contact.display_name
    old_aliases = {a.name for a in contact.aliases.all()} if contact.pk else set()
    for name, value in changes.items():
        setattr(contact, name, value)
    _clean_names(contact)
    contact.compute_names()
    contact.full_clean()
    _check_organization(contact)
    renamed = contact.display_name != old_name or (
        aliases is not None and set(_rows_field(aliases, "name")) != old_aliases
    )
    if renamed:
        _refuse_near_duplicates(
            contact, aliases=aliases, emails=emails, phones=phones, duplicates_ok=duplicates_ok
        )
    delta = audit.diff(before, changes)
    if delta:
        contact.save()
        summary = "changed " + audit.field_labels(contact, delta)
        if "client_status" in delta:
            old, new = before["client_status"], changes["client_status"]
            summary = f"changed client status from {_status_label(old)} to {_status_label(new)}"
            others = sorted(set(delta) - {"client_status"})
            if others:
                summary += "; also changed " + audit.field_labels(contact, others)
        audit.record(
            actor=actor, action=audit.Action.CHANGE, obj=contact, changes=delta, summary=summary
        )
    _set_all(actor, contact, emails, phones, aliases, addresses, audited=True)
    return contact


def contact_change_status(*, actor: User, contact: Contact, client_status: str) -> Contact:
    """Prospect → active client → former client (or back): audited like any change."""
    if client_status not in Contact.ClientStatus.values:
        raise ValidationError({"client_status": f"'{client_status}' is not a client status."})
    return contact_update(actor=actor, contact=contact, client_status=client_status)


def _clean_names(contact: Contact) -> None:
    """Trim the names and give a clear message for the missing one (the database
    constraint would refuse it anyway, with a worse message)."""
    for name in ("first_name", "last_name", "organization_name", "job_title"):
        setattr(contact, name, (getattr(contact, name) or "").strip())
    errors = {}
    if contact.kind == Contact.Kind.PERSON:
        if not contact.last_name:
            errors["last_name"] = "A person needs a last name."
        if contact.organization_name:
            contact.organization_name = ""
    elif contact.kind == Contact.Kind.ORGANIZATION:
        if not contact.organization_name:
            errors["organization_name"] = "An organization needs its name."
        contact.first_name = contact.last_name = ""
        contact.organization = None
    if errors:
        raise ValidationError(errors)


# --- Emails, phones, aliases, addresses -------------------------------------------


def _set_all(
    actor: User,
    contact: Contact,
    emails: DetailRows,
    phones: DetailRows,
    aliases: DetailRows,
    addresses: DetailRows,
    *,
    audited: bool,
) -> None:
    wanted = {"emails": emails, "phones": phones, "aliases": aliases, "addresses": addresses}
    for key, rows in wanted.items():
        if rows is not None:
            _sync(actor, contact, key, rows, audited=audited)


@transaction.atomic
def contact_emails_set(*, actor: User, contact: Contact, emails: DetailRows) -> None:
    """Make the contact's emails exactly these (strings or {id?, email, label, is_primary})."""
    _require(actor, "clients.change_contact")
    _sync(actor, contact, "emails", emails or [], audited=True)


@transaction.atomic
def contact_phones_set(*, actor: User, contact: Contact, phones: DetailRows) -> None:
    """Make the contact's phones exactly these (strings or {id?, number, label, is_primary})."""
    _require(actor, "clients.change_contact")
    _sync(actor, contact, "phones", phones or [], audited=True)


@transaction.atomic
def contact_aliases_set(*, actor: User, contact: Contact, aliases: DetailRows) -> None:
    """Make the contact's other names exactly these (strings or {id?, name, kind})."""
    _require(actor, "clients.change_contact")
    _sync(actor, contact, "aliases", aliases or [], audited=True)


@transaction.atomic
def contact_addresses_set(*, actor: User, contact: Contact, addresses: DetailRows) -> None:
    """Make the contact's addresses exactly these ({id?, street, city, …})."""
    _require(actor, "clients.change_contact")
    _sync(actor, contact, "addresses", addresses or [], audited=True)


def _normal_email(row: dict[str, Any]) -> dict[str, Any]:
    # Lower-cased so an exact lookup (duplicates, search) can use the plain index.
    row["email"] = (row.get("email") or "").strip().lower()
    return row


def _normal_phone(row: dict[str, Any]) -> dict[str, Any]:
    row["number"] = (row.get("number") or "").strip()
    if row["number"] and not any(ch.isdigit() for ch in row["number"]):
        raise ValidationError({"phones": f"“{row['number']}” has no digits."})
    return row


def _normal_alias(row: dict[str, Any]) -> dict[str, Any]:
    row["name"] = " ".join((row.get("name") or "").split())
    return row


def _normal_address(row: dict[str, Any]) -> dict[str, Any]:
    for key in ADDRESS_FIELDS:
        if isinstance(row.get(key), str):
            row[key] = row[key].strip()
    if row.get("country"):
        row["country"] = row["country"].upper()
    return row


# key: (model, its editable fields with the main one first, normalizer)
DETAILS: dict[str, tuple[type[models.Model], tuple[str, ...], Callable[..., dict[str, Any]]]] = {
    "emails": (ContactEmail, EMAIL_FIELDS, _normal_email),
    "phones": (ContactPhone, PHONE_FIELDS, _normal_phone),
    "aliases": (ContactAlias, ALIAS_FIELDS, _normal_alias),
    "addresses": (ContactAddress, ADDRESS_FIELDS, _normal_address),
}


def _sync(
    actor: User,
    contact: Contact,
    key: str,
    rows: Iterable[Mapping[str, Any] | str],
    *,
    audited: bool,
) -> None:
    """Add, change and remove the contact's rows of ``model`` to match ``rows``.

    A row with an ``id`` changes that existing row (ids of other contacts'
    rows are refused); rows without one are added; existing rows not listed
    are removed. The first row is primary where the model has a primary flag,
    unless one row says is_primary.
    """
    model, fields, normalize = DETAILS[key]
    label = key  # errors and audit changes are keyed like the service argument
    main = fields[0]
    wanted: list[dict[str, Any]] = []
    for raw in rows:
        row = {main: raw} if isinstance(raw, str) else dict(raw)
        row = normalize(row)
        if not row.get(main) and not row.get("id"):
            continue  # an empty extra form row
        wanted.append(row)
    has_primary = "is_primary" in fields
    if has_primary and wanted and not any(r.get("is_primary") for r in wanted):
        wanted[0]["is_primary"] = True
    if has_primary:
        first = next(i for i, r in enumerate(wanted) if r.get("is_primary")) if wanted else -1
        for i, r in enumerate(wanted):
            r["is_primary"] = i == first

    existing = {obj.pk: obj for obj in model.objects.filter(contact=contact)}
    added: list[str] = []
    changed: list[str] = []
    kept: set[int] = set()
    seen: set[str] = set()
    for row in wanted:
        pk = row.pop("id", None)
        if pk is not None:
            obj = existing.get(int(pk))
            if obj is None:
                raise ValidationError({label: f"No such {model._meta.verbose_name} on {contact}."})
            kept.add(obj.pk)
        else:
            obj = model(contact=contact)
        before = {f: getattr(obj, f) for f in fields}
        for key, value in row.items():
            if key in fields:
                setattr(obj, key, value)
        value = str(getattr(obj, main)).lower()
        if value in seen:
            raise ValidationError({label: f"“{getattr(obj, main)}” is listed twice."})
        seen.add(value)
        try:
            obj.full_clean(exclude=["contact"])
        except ValidationError as exc:
            raise ValidationError(
                {label: [f"{getattr(obj, main)}: {m}" for m in exc.messages]}
            ) from None
        if pk is None:
            added.append(str(obj))
        elif any(before[f] != getattr(obj, f) for f in fields):
            changed.append(str(obj))
        else:
            continue
        obj.save()
    removed = [obj for pk, obj in existing.items() if pk not in kept]
    for obj in removed:
        obj.delete()
    if audited and (added or changed or removed):
        parts = [
            f"{verb} {model._meta.verbose_name} {', '.join(names)}"
            for verb, names in (
                ("added", added),
                ("changed", changed),
                ("removed", [str(o) for o in removed]),
            )
            if names
        ]
        audit.record(
            actor=actor,
            action=audit.Action.CHANGE,
            obj=contact,
            summary="; ".join(parts),
            changes={
                label: {
                    "added": added,
                    "changed": changed,
                    "removed": [str(o) for o in removed],
                }
            },
        )


# --- Import --------------------------------------------------------------------------


@transaction.atomic
def contact_import(
    *,
    actor: User,
    rows: Sequence[Mapping[str, Any]],
    source: str,
    duplicates_ok: bool = True,
) -> list[Contact]:
    """Many new contacts at once, from a checked import (clients.imports): each
    row is {"contact": an unsaved Contact with its names computed, "emails":
    [email], "phones": [(number, digits)], "aliases": [name], "addresses":
    [{street, city, …}]}. One transaction: all or none. Near-duplicates are
    reported by the import's preview, not refused here (``duplicates_ok`` must
    be True: a bulk import cannot confirm row by row). One audit line names the
    import and every contact it created."""
    _require(actor, "clients.add_contact")
    if duplicates_ok is not True:
        raise ValueError("contact_import reports near-duplicates; it does not refuse them")
    contacts = [row["contact"] for row in rows]
    for contact in contacts:
        if contact.pk is not None:
            raise ValueError("contact_import creates contacts; it was given a saved one")
        contact.created_by = actor
        contact.compute_names()
    Contact.objects.bulk_create(contacts, batch_size=1000)
    emails, phones, aliases, addresses = [], [], [], []
    for row, contact in zip(rows, contacts, strict=True):
        emails += [ContactEmail(contact=contact, email=e, is_primary=i == 0, label="work")
                   for i, e in enumerate(row.get("emails", ()))]  # fmt: skip
        phones += [ContactPhone(contact=contact, number=n, digits=d, is_primary=i == 0,
                                label="work")
                   for i, (n, d) in enumerate(row.get("phones", ()))]  # fmt: skip
        aliases += [ContactAlias(contact=contact, name=a) for a in row.get("aliases", ())]
        addresses += [ContactAddress(contact=contact, **a) for a in row.get("addresses", ())]
    for model, objs in ((ContactEmail, emails), (ContactPhone, phones),
                        (ContactAlias, aliases), (ContactAddress, addresses)):  # fmt: skip
        model.objects.bulk_create(objs, batch_size=1000)
    audit.record(
        actor=actor,
        action=audit.Action.CREATE,
        object_type="clients.contact",
        object_repr=source[:300],
        summary=f"imported {len(contacts):,} contacts from {source}",
        changes={"contact_ids": [c.pk for c in contacts]},
    )
    return contacts
