"""CSV imports: a file uploaded, its columns mapped to fields, every row checked
(a preview of the first rows, a message for every invalid row, likely
duplicates), then everything imported in one transaction or nothing.

The steps that read the whole file run in Celery tasks (clients.tasks, thin
wrappers around ``import_job_check`` / ``import_job_run``); the job row records
the progress the page polls. A cell is stored as the text it is: nothing is
evaluated, and a cell that a spreadsheet would take for a formula ("=1+2") is
kept as typed (exports neutralize it, casemgr.csv_export). The contacts importer
is here; cases.imports has the parties of past matters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from celery import current_app
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator
from django.db import connection, transaction
from django.utils import timezone

from clients import services
from clients.models import Contact, ContactEmail, ImportJob

if TYPE_CHECKING:
    from accounts.models import User

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 50_000
MAX_COLUMNS = 60
MAX_CELL = 2000
PREVIEW_ROWS = 10
PROGRESS_EVERY = 500
MAX_LISTED_DUPLICATES = 500


@dataclass(frozen=True)
class ImportField:
    name: str
    label: str
    required: bool = False
    headers: tuple[str, ...] = ()  # header names that map to it without asking


@dataclass(frozen=True)
class Importer:
    """What one kind of import reads and how it checks and writes rows.

    ``check(actor, rows)`` returns (errors {row: [messages]}, prepared rows) of
    one chunk of rows; ``check_file(prepared)``, if given, then finds the errors
    that only the whole file shows (the same row twice); ``write(actor,
    prepared, job)`` writes them (inside the import's transaction) and returns
    how many; ``duplicates(prepared)`` lists likely duplicates. The user needs
    every one of ``permissions``."""

    kind: str
    noun: str
    fields: tuple[ImportField, ...]
    permissions: tuple[str, ...]
    check_task: str
    run_task: str
    check: Callable[[User, list[tuple[int, dict[str, str]]]], tuple[dict[int, list[str]], list]]
    write: Callable[[User, list, ImportJob], int]
    duplicates: Callable[[list], list[dict[str, Any]]]
    url_namespace: str
    # At least one of these fields must be mapped (e.g. a name column).
    required_any: tuple[str, ...] = ()
    check_file: Callable[[list], dict[int, list[str]]] | None = None
    # What the upload page says about the file's columns.
    help: str = ""
    # What the job page says above the likely duplicates it lists.
    duplicates_note: str = (
        "These rows look like contacts the firm already has (or an earlier row). They will be "
        "imported as new contacts; merge them afterwards if they are the same."
    )

    def can_use(self, user: Any) -> bool:
        return bool(user.is_authenticated and user.is_active and user.has_perms(self.permissions))


# --- Reading the file ----------------------------------------------------------------


def _reader(text: str) -> Iterator[list[str]]:
    sample = text[:20_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return csv.reader(io.StringIO(text, newline=""), dialect)


def read_upload(upload: Any) -> tuple[str, list[str], int]:
    """The file's text, its header and how many data rows, or a ValidationError
    saying what is wrong with it."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB.")
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            "The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”."
        ) from None
    if "\x00" in text:
        raise ValidationError("The file holds NUL characters: it is not a CSV text file.")
    try:
        rows = _reader(text)
        header = [h.strip() for h in next(rows, [])]
        count = sum(1 for row in rows if any(c.strip() for c in row))
    except csv.Error as error:
        raise ValidationError(f"The file is not readable as CSV: {error}.") from None
    if not any(header):
        raise ValidationError("The file is empty: its first line should name the columns.")
    if len(header) > MAX_COLUMNS:
        raise ValidationError(f"The file has {len(header)} columns; at most {MAX_COLUMNS}.")
    if not count:
        raise ValidationError("The file has a header but no rows.")
    if count > MAX_IMPORT_ROWS:
        raise ValidationError(f"The file has {count:,} rows; at most {MAX_IMPORT_ROWS:,}.")
    return text, [h[:100] or f"Column {i + 1}" for i, h in enumerate(header)], count


def mapped_rows(job: ImportJob) -> Iterator[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {field: cell}) of every non-empty data row."""
    rows = _reader(job.data)
    next(rows, None)
    for index, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        yield (
            index,
            {
                field: (row[col].strip() if col < len(row) else "")
                for field, col in job.mapping.items()
            },
        )


def guess_mapping(importer: Importer, header: Sequence[str]) -> dict[str, int]:
    def fold(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isalnum())

    folded = [fold(h) for h in header]
    guess = {}
    for field in importer.fields:
        for wanted in (field.name, field.label, *field.headers):
            if fold(wanted) in folded:
                guess[field.name] = folded.index(fold(wanted))
                break
    return guess


# --- The job's steps ---------------------------------------------------------------------


def _require(importer: Importer, actor: User) -> None:
    if not importer.can_use(actor):
        raise PermissionDenied(f"You may not import {importer.noun}.")


@transaction.atomic
def import_job_create(*, actor: User, importer: Importer, upload: Any) -> ImportJob:
    _require(importer, actor)
    text, header, count = read_upload(upload)
    return ImportJob.objects.create(
        kind=importer.kind, filename=str(upload.name)[:200], data=text, header=header,
        total_rows=count, created_by=actor,
    )  # fmt: skip


def _enqueue(task: str, job: ImportJob) -> None:
    transaction.on_commit(lambda: current_app.send_task(task, args=[job.pk]))


@transaction.atomic
def import_job_map(
    *, actor: User, importer: Importer, job: ImportJob, mapping: dict[str, int]
) -> ImportJob:
    """Record which column is which field, and check every row (in a task)."""
    _require(importer, actor)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in {ImportJob.Status.UPLOADED, ImportJob.Status.CHECKED,
                          ImportJob.Status.FAILED}:  # fmt: skip
        raise ValidationError("This import is already running or done.")
    known = {f.name for f in importer.fields}
    mapping = {k: v for k, v in mapping.items() if k in known and 0 <= v < len(job.header)}
    missing = [f.label for f in importer.fields if f.required and f.name not in mapping]
    if importer.required_any and not any(f in mapping for f in importer.required_any):
        labels = {f.name: f.label for f in importer.fields}
        missing.append(" or ".join(labels[f] for f in importer.required_any))
    if missing:
        raise ValidationError(f"Choose the column of: {', '.join(missing)}.")
    job.mapping = mapping
    job.status = ImportJob.Status.CHECKING
    job.processed_rows = 0
    job.errors, job.duplicates, job.preview, job.message = [], [], [], ""
    job.save()
    _enqueue(importer.check_task, job)
    return job


def _progress(job: ImportJob, done: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=done)


def _checked(importer: Importer, job: ImportJob) -> tuple[dict[int, list[str]], list]:
    rows: list[tuple[int, dict[str, str]]] = []
    errors: dict[int, list[str]] = {}
    for number, values in mapped_rows(job):
        too_long = [k for k, v in values.items() if len(v) > MAX_CELL]
        if too_long:
            errors[number] = [f"A cell is longer than {MAX_CELL} characters."]
            continue
        rows.append((number, values))
    prepared: list = []
    for start in range(0, len(rows), PROGRESS_EVERY):
        chunk_errors, chunk = importer.check(job.created_by, rows[start : start + PROGRESS_EVERY])
        errors.update(chunk_errors)
        prepared.extend(chunk)
        _progress(job, min(start + PROGRESS_EVERY, len(rows)))
    if importer.check_file is not None:
        file_errors = importer.check_file(prepared)
        for number, messages in file_errors.items():
            errors.setdefault(number, []).extend(messages)
        prepared = [row for row in prepared if row[0] not in file_errors]
    return errors, prepared


def _error_list(errors: dict[int, list[str]]) -> list[dict[str, Any]]:
    return [{"row": row, "messages": errors[row]} for row in sorted(errors)]


def import_job_check(*, importer: Importer, job_id: int) -> ImportJob:
    """Check every row; record the errors, the preview and likely duplicates."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJob.Status.CHECKING:
        return job  # a second delivery of the task: nothing to do
    errors, prepared = _checked(importer, job)
    job.errors = _error_list(errors)
    job.preview = [dict(values, _row=n) for n, values in list(mapped_rows(job))[:PREVIEW_ROWS]]
    job.duplicates = importer.duplicates(prepared)[:MAX_LISTED_DUPLICATES]
    job.status = ImportJob.Status.CHECKED
    job.processed_rows = job.total_rows
    job.save(update_fields=["errors", "preview", "duplicates", "status", "processed_rows"])
    return job


@transaction.atomic
def import_job_start(*, actor: User, importer: Importer, job: ImportJob) -> ImportJob:
    _require(importer, actor)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.CHECKED or job.errors:
        raise ValidationError("Only a checked file with no invalid row can be imported.")
    job.status = ImportJob.Status.IMPORTING
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows"])
    _enqueue(importer.run_task, job)
    return job


def import_job_run(*, importer: Importer, job_id: int) -> ImportJob:
    """Check every row again, then import them all in one transaction, or none."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportJob.Status.IMPORTING:
        return job
    errors, prepared = _checked(importer, job)
    try:
        with transaction.atomic():
            if errors:
                raise ValidationError("invalid rows")
            # Rows that depend on the database (matters, contacts) are checked
            # again inside the transaction by the importer's write.
            imported = importer.write(job.created_by, prepared, job)
    except ValidationError as error:
        more = getattr(error, "row_errors", None) or {}
        job.errors = _error_list({**errors, **more})
        job.status = ImportJob.Status.FAILED
        job.message = f"Nothing was imported: {len(job.errors)} invalid row(s)."
        job.imported = 0
    else:
        job.status = ImportJob.Status.DONE
        job.imported = imported
        job.message = f"Imported {imported:,} {importer.noun}."
    job.finished_at = timezone.now()
    job.processed_rows = job.total_rows
    job.save()
    return job


class RowErrors(ValidationError):
    """Rows found invalid while writing (raised inside the transaction)."""

    def __init__(self, row_errors: dict[int, list[str]]) -> None:
        super().__init__("invalid rows")
        self.row_errors = row_errors


# --- Contacts ---------------------------------------------------------------------------

KINDS = {
    "person": "person", "individual": "person", "people": "person",
    "organization": "organization", "organisation": "organization", "company": "organization",
    "org": "organization", "business": "organization",
}  # fmt: skip
STATUSES = {v: v for v in Contact.ClientStatus.values if v} | {
    str(label).lower(): value for value, label in Contact.ClientStatus.choices if value
} | {"client": "active", "not a client": "", "none": "", "": ""}  # fmt: skip
_email = EmailValidator()


def _contact_row(values: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """One row as contact_import (clients.services) takes it, or its messages."""
    messages: list[str] = []
    raw_kind = values.get("kind", "")
    if raw_kind:
        kind = KINDS.get(raw_kind.lower())
        if kind is None:
            messages.append(f"Kind “{raw_kind}” is neither a person nor an organization.")
            kind = "person"
    else:
        organization_only = values.get("organization_name") and not values.get("last_name")
        kind = "organization" if organization_only else "person"
    status = STATUSES.get(values.get("client_status", "").lower())
    if status is None:
        messages.append(f"Client status “{values['client_status']}” is not one of: prospect, "
                        "active, former (or empty).")  # fmt: skip
        status = ""
    contact = Contact(
        kind=kind,
        first_name=values.get("first_name", "") if kind == "person" else "",
        last_name=values.get("last_name", "") if kind == "person" else "",
        organization_name=values.get("organization_name", "") if kind != "person" else "",
        job_title=values.get("job_title", ""),
        client_status=status,
        notes=values.get("notes", ""),
    )
    if kind == "person" and not contact.last_name:
        messages.append("A person needs a last name.")
    if kind == "organization" and not contact.organization_name:
        messages.append("An organization needs its name.")
    contact.compute_names()
    try:
        contact.clean_fields(exclude=["organization", "created_by", "sort_name", "display_name"])
    except ValidationError as error:
        for field, field_errors in error.message_dict.items():
            label = Contact._meta.get_field(field).verbose_name
            messages.extend(f"{str(label).capitalize()}: {m}" for m in field_errors)
    row: dict[str, Any] = {"contact": contact, "emails": [], "phones": [], "aliases": [],
                           "addresses": []}  # fmt: skip
    email = values.get("email", "").lower()
    if email:
        try:
            _email(email)
            if len(email) > 254:
                raise ValidationError("too long")
            row["emails"].append(email)
        except ValidationError:
            messages.append(f"“{values['email']}” is not an email address.")
    phone = values.get("phone", "")
    if phone:
        digits = "".join(ch for ch in phone if ch.isdigit())
        if not digits or len(phone) > 40:
            messages.append(f"“{phone}” is not a phone number.")
        else:
            row["phones"].append((phone, digits))
    alias = " ".join(values.get("alias", "").split())
    if alias:
        if len(alias) > 300:
            messages.append("Other name: at most 300 characters.")
        elif alias.lower() != contact.display_name.lower():
            row["aliases"].append(alias)
    address = {k: values.get(k, "") for k in ("street", "city", "region", "postal_code",
                                               "country")}  # fmt: skip
    if any(address.values()):
        address["country"] = (address["country"] or "US").upper()
        if not (address["street"] and address["city"]):
            messages.append("An address needs both a street and a city.")
        if len(address["country"]) != 2 or not address["country"].isalpha():
            messages.append(f"Country “{address['country']}”: use the two-letter code, e.g. US.")
        for key, limit in (("street", 300), ("city", 100), ("region", 100), ("postal_code", 20)):
            if len(address[key]) > limit:
                messages.append(
                    f"{key.replace('_', ' ').capitalize()}: at most {limit} characters."
                )
        row["addresses"].append(address)
    return row, messages


def check_contacts(
    actor: User, rows: list[tuple[int, dict[str, str]]]
) -> tuple[dict[int, list[str]], list]:
    errors: dict[int, list[str]] = {}
    prepared = []
    for number, values in rows:
        row, messages = _contact_row(values)
        if messages:
            errors[number] = messages
        else:
            prepared.append((number, row))
    return errors, prepared


def name_keys(names: Sequence[str]) -> list[str]:
    """The folded conflict-check form of each name (casemgr_name_key, in one query)."""
    if not names:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT casemgr_name_key(n) FROM unnest(%s::text[]) WITH ORDINALITY AS t(n, i) "
            "ORDER BY i",
            [list(names)],
        )
        return [r[0] or "" for r in cursor.fetchall()]


def contacts_by_key(keys: Sequence[str]) -> dict[str, list[tuple[int, str]]]:
    """Existing contacts whose folded name is one of ``keys``: key → [(id, name)]."""
    found: dict[str, list[tuple[int, str]]] = {}
    wanted = sorted({k for k in keys if k})
    for start in range(0, len(wanted), 5000):
        for pk, key, name in Contact.objects.filter(
            name_key__in=wanted[start : start + 5000]
        ).values_list("pk", "name_key", "display_name"):
            found.setdefault(key, []).append((pk, name))
    return found


def contact_duplicates(prepared: list) -> list[dict[str, Any]]:
    """Rows that look like a contact the firm has (same folded name, or the same
    email) or like an earlier row of the file: reported, not refused."""
    names = [row["contact"].display_name for _, row in prepared]
    keys = name_keys(names)
    existing = contacts_by_key(keys)
    emails = {e for _, row in prepared for e in row["emails"]}
    email_owner = dict(
        ContactEmail.objects.filter(email__in=emails).values_list("email", "contact__display_name")
    ) if emails else {}  # fmt: skip
    seen: dict[str, int] = {}
    found = []
    for (number, row), key in zip(prepared, keys, strict=True):
        similar = [name for _, name in existing.get(key, [])[:3]]
        similar += [f"{owner} (same email)" for e in row["emails"] if (owner := email_owner.get(e))]
        if key in seen:
            similar.append(f"row {seen[key]} of this file")
        seen.setdefault(key, number)
        if similar:
            found.append({"row": number, "name": row["contact"].display_name, "similar": similar})
    return found


def write_contacts(actor: User, prepared: list, job: ImportJob) -> int:
    return len(
        services.contact_import(
            actor=actor, rows=[row for _, row in prepared], source=str(job), duplicates_ok=True
        )
    )


CONTACT_FIELDS = (
    ImportField("kind", "Kind (person or organization)", headers=("type",)),
    ImportField("first_name", "First name", headers=("first", "given name", "forename")),
    ImportField("last_name", "Last name", headers=("last", "surname", "family name")),
    ImportField(
        "organization_name",
        "Organization name",
        headers=("organization", "organisation", "company"),
    ),  # fmt: skip
    ImportField("job_title", "Job title", headers=("title", "position")),
    ImportField("client_status", "Client status", headers=("status",)),
    ImportField("email", "Email", headers=("e-mail", "email address")),
    ImportField("phone", "Phone", headers=("telephone", "phone number", "mobile")),
    ImportField("alias", "Other name (alias, former name)", headers=("aka", "former name")),
    ImportField("street", "Street", headers=("address", "street address")),
    ImportField("city", "City", headers=("town",)),
    ImportField("region", "State / region", headers=("state", "province")),
    ImportField("postal_code", "Postal code", headers=("zip", "zip code", "postcode")),
    ImportField("country", "Country (two letters)"),
    ImportField("notes", "Notes"),
)

CONTACTS = Importer(
    kind=ImportJob.Kind.CONTACTS,
    noun="contacts",
    fields=CONTACT_FIELDS,
    permissions=("clients.add_contact",),
    check_task="clients.tasks.contact_import_check",
    run_task="clients.tasks.contact_import_run",
    check=check_contacts,
    write=write_contacts,
    duplicates=contact_duplicates,
    url_namespace="clients",
    required_any=("last_name", "organization_name"),
)
