"""CSV import of the parties of past matters (a firm's existing lists), on the
import machinery of clients.imports: upload, column mapping, a checked preview
with a message for every invalid row, all or nothing.

A row names a matter by its number, a contact by its name, and the contact's
role. Matters are found only among those the importing user may change
(``restrict(user, "change")``): a number that is missing and one of a matter
the user may not change (or not see) get the same message, so the import
tells nothing about matters beyond the user's reach. Contacts are reused by
their folded name (``casemgr_name_key``, as the conflict check compares
names); a name matching several contacts is an error; a name matching none
creates the contact, which needs its kind (person or organization).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cases import services
from cases.models import Matter, Party
from cases.services.parties import NOTES_MAX
from clients.imports import KINDS, Importer, ImportField, RowErrors, name_keys
from clients.models import Contact, ImportJob

if TYPE_CHECKING:
    from accounts.models import User

ROLES: dict[str, str] = {}
for _value, _label in Party.Role.choices:
    ROLES[_value] = ROLES[_value.replace("_", " ")] = ROLES[str(_label).lower()] = _value
    for _part in str(_label).lower().split("/"):
        ROLES.setdefault(_part.strip(), _value)
ROLE_LIST = ", ".join(str(label).lower() for label in Party.Role.labels)
NAME_LIMITS = {"first_name": 100, "last_name": 100, "organization_name": 200}


def _new_contact(kind: str, name: str) -> Contact:
    """The contact a name stands for: "Doe, Jane" or "Jane Doe" is the person
    Jane Doe; an organization's name is taken as written."""
    if kind == Contact.Kind.ORGANIZATION:
        contact = Contact(kind=kind, organization_name=name)
    else:
        if "," in name:
            last, first = (part.strip() for part in name.split(",", 1))
        else:
            *given, last = name.split()
            first = " ".join(given)
        contact = Contact(kind=kind, first_name=first, last_name=last)
    contact.compute_names()
    return contact


def _name_problem(contact: Contact) -> str:
    if contact.kind == Contact.Kind.PERSON and not contact.last_name:
        return "A person needs a last name: write it “Last, First” or “First Last”."
    for field, limit in NAME_LIMITS.items():
        if len(getattr(contact, field)) > limit:
            return f"The contact name is too long: at most {limit} characters."
    return ""


def _several(name: str, found: list[tuple[int, str, str]], kind_given: bool) -> str:
    listed = "; ".join(f"{n} ({k}, #{pk})" for pk, n, k in found[:3])
    hint = "merge them first" if kind_given else "give the contact kind, or merge them first"
    return f"{len(found)} contacts match “{name}” ({listed}): {hint}."


def check_parties(
    actor: User, rows: list[tuple[int, dict[str, str]]]
) -> tuple[dict[int, list[str]], list]:
    """One chunk of rows: each row's messages, or its prepared party."""
    errors: dict[int, list[str]] = {}
    parsed = []
    for number, values in rows:
        messages: list[str] = []
        matter_number = values.get("matter_number", "")
        name = " ".join(values.get("contact_name", "").split())
        if not matter_number:
            messages.append("The matter number is missing.")
        if not name:
            messages.append("The contact name is missing.")
        raw_kind = values.get("contact_kind", "")
        kind = KINDS.get(raw_kind.lower(), "") if raw_kind else ""
        if raw_kind and not kind:
            messages.append(f"Kind “{raw_kind}” is neither a person nor an organization.")
        raw_role = values.get("role", "")
        role = ROLES.get(" ".join(raw_role.lower().split()))
        if role is None:
            messages.append(
                f"Role “{raw_role}” is not one of: {ROLE_LIST}."
                if raw_role
                else "The role is missing."
            )
        notes = values.get("notes", "")
        if len(notes) > NOTES_MAX:
            messages.append(f"Notes: at most {NOTES_MAX} characters.")
        # The contacts this name may stand for: of its kind, or of either kind.
        kinds = [kind] if kind else [Contact.Kind.PERSON, Contact.Kind.ORGANIZATION]
        candidates = {k: _new_contact(k, name) for k in kinds} if name else {}
        if kind and name and (message := _name_problem(candidates[kind])):
            messages.append(message)
        if messages:
            errors[number] = messages
        else:
            parsed.append((number, matter_number, name, kind, role, notes, candidates))
    if not parsed:
        return errors, []
    matters = dict(
        Matter.objects.restrict(actor, "change")
        .filter(number__in={p[1] for p in parsed})
        .values_list("number", "pk")
    )
    displays = sorted({c.display_name for p in parsed for c in p[6].values()})
    key_of = dict(zip(displays, name_keys(displays), strict=True))
    found: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
    for pk, key, contact_kind, display in Contact.objects.filter(
        name_key__in={k for k in key_of.values() if k}
    ).values_list("pk", "name_key", "kind", "display_name"):
        found.setdefault((contact_kind, key), []).append((pk, display, contact_kind))
    prepared = []
    for number, matter_number, name, kind, role, notes, candidates in parsed:
        messages = []
        matter_id = matters.get(matter_number)
        if matter_id is None:
            messages.append(services.NO_CHANGEABLE_MATTER)
        keys = {k: key_of[c.display_name] for k, c in candidates.items()}
        matches = [m for k, key in keys.items() if key for m in found.get((k, key), [])]
        contact_id, new = None, None
        if len(matches) > 1:
            messages.append(_several(name, matches, bool(kind)))
        elif matches:
            contact_id = matches[0][0]
        elif not kind:
            messages.append(
                f"No contact is named “{name}”: give its kind (person or organization) "
                "to create it."
            )
        elif not keys[kind]:
            messages.append(f"“{name}” is not a name.")
        else:
            new = {"kind": kind, "key": keys[kind], **{
                f: getattr(candidates[kind], f) for f in NAME_LIMITS
            }}  # fmt: skip
        if messages:
            errors[number] = messages
            continue
        prepared.append((number, {
            "matter_id": matter_id, "matter_number": matter_number, "name": name,
            "contact_id": contact_id, "new": new, "role": role, "notes": notes,
        }))  # fmt: skip
    _existing_parties(actor, prepared, errors)
    return errors, [p for p in prepared if p[0] not in errors]


def _existing_parties(actor: User, prepared: list, errors: dict[int, list[str]]) -> None:
    """A contact already a party to the matter in that role: the row's error
    (the database would refuse the second one)."""
    saved = [(n, row) for n, row in prepared if row["contact_id"] is not None]
    if not saved:
        return
    existing = set(
        Party.objects.restrict(actor, "change")
        .filter(
            matter_id__in={row["matter_id"] for _, row in saved},
            contact_id__in={row["contact_id"] for _, row in saved},
        )
        .values_list("matter_id", "contact_id", "role")
    )
    for number, row in saved:
        if (row["matter_id"], row["contact_id"], row["role"]) in existing:
            errors.setdefault(number, []).append(
                f"{row['name']} is already a party to {row['matter_number']} as "
                f"{Party.Role(row['role']).label}."
            )


def _contact_identity(row: dict[str, Any]) -> tuple:
    if row["contact_id"] is not None:
        return ("saved", row["contact_id"])
    return ("new", row["new"]["kind"], row["new"]["key"])


def check_file(prepared: list) -> dict[int, list[str]]:
    """The same party (matter, contact, role) twice in the file."""
    first: dict[tuple, int] = {}
    errors: dict[int, list[str]] = {}
    for number, row in prepared:
        key = (row["matter_id"], _contact_identity(row), row["role"])
        if key in first:
            errors[number] = [f"The same party as row {first[key]}."]
        else:
            first[key] = number
    return errors


def no_duplicates(prepared: list) -> list[dict[str, Any]]:
    # Contacts are matched by their folded name, and an exact party repeated
    # is an error: nothing is left to report as a likely duplicate.
    return []


def write_parties(actor: User, prepared: list, job: ImportJob) -> int:
    """The checked rows as parties_import takes them, inside the import's
    transaction; a matter the user may no longer change fails its rows."""
    matters = Matter.objects.restrict(actor, "change").in_bulk(
        {row["matter_id"] for _, row in prepared}
    )
    contacts = Contact.objects.in_bulk(
        {row["contact_id"] for _, row in prepared if row["contact_id"] is not None}
    )
    new_contacts: dict[tuple, Contact] = {}
    rows, errors = [], {}
    for number, row in prepared:
        matter = matters.get(row["matter_id"])
        if matter is None:
            errors[number] = [services.NO_CHANGEABLE_MATTER]
            continue
        if row["contact_id"] is not None:
            contact = contacts.get(row["contact_id"])
            if contact is None:
                errors[number] = [f"The contact “{row['name']}” was deleted: check again."]
                continue
        else:
            identity = _contact_identity(row)
            if identity not in new_contacts:
                fields = {f: row["new"][f] for f in ("kind", *NAME_LIMITS)}
                new_contacts[identity] = Contact(**fields)
            contact = new_contacts[identity]
        rows.append(
            services.PartyImportRow(
                row=number, matter=matter, contact=contact, role=row["role"], notes=row["notes"]
            )
        )
    if errors:
        raise RowErrors(errors)
    return len(services.parties_import(actor=actor, rows=rows, source=str(job)))


FIELDS = (
    ImportField(
        "matter_number",
        "Matter number",
        required=True,
        headers=("matter", "matter no", "matter no.", "file number", "number"),
    ),
    ImportField(
        "contact_name",
        "Contact name",
        required=True,
        headers=("name", "contact", "party", "party name"),
    ),
    ImportField("contact_kind", "Contact kind (person or organization)", headers=("kind", "type")),
    ImportField("role", "Role", required=True, headers=("party role", "capacity")),
    ImportField("notes", "Notes"),
)

PARTIES = Importer(
    kind=ImportJob.Kind.PARTIES,
    noun="parties",
    fields=FIELDS,
    permissions=("cases.change_matter", "clients.add_contact"),
    check_task="cases.tasks.party_import_check",
    run_task="cases.tasks.party_import_run",
    check=check_parties,
    write=write_parties,
    duplicates=no_duplicates,
    check_file=check_file,
    url_namespace="cases",
    help="One row per party: the matter's number, the contact's name (“Last, First” or "
    "“First Last” for a person), the contact's kind (person or organization: needed for a "
    "contact the firm does not have yet), the role (client, co-client, opposing party, "
    "opposing counsel, witness, expert, court / judge, insurer, other) and notes. Contacts "
    "are matched by name as the conflict check compares them; only matters you may change "
    "can take parties.",
)
