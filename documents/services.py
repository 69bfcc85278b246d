"""The writes of the documents app: uploads, versions, edits, deletions, text
extraction and case summaries. Each checks access through the one door, runs
in a transaction, writes its audit line and enqueues work with on_commit.

A rejected upload leaves nothing behind: the file is judged (size, name, type
sniffed from its bytes, hash) before anything is written, and a file written
to storage is removed again if the rows cannot be saved.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce, Substr
from django.http import Http404
from django.utils import timezone

from access.kernel import require
from accounts.webhooks import emit
from casemgr import audit
from casemgr.versioning import stale_edit
from cases.models import Matter, Task
from deadlines import services as deadline_services
from deadlines.models import Deadline, TriggerEvent
from documents import filetypes
from documents.extraction import ExtractionError, extract
from documents.models import CaseSummary, Document, DocumentVersion, SummaryBatch

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

# Only the first this many characters of a version's text go into its search
# vector (PostgreSQL caps a tsvector at 1 MB); the note on the version says so.
SEARCH_TEXT_LIMIT = 300_000
MAX_TEXT_CHARS = 5_000_000
DOCUMENT_FIELDS = (
    "title", "category", "document_date", "description", "tags", "privileged", "deadline", "task",
)  # fmt: skip
SEARCH_CONFIG = "english"


class DuplicateFile(ValidationError):
    """The same bytes are already in the matter."""

    def __init__(self, existing: DocumentVersion) -> None:
        self.existing = existing
        super().__init__(
            {
                "file": (
                    f"This file is already in the matter: “{existing.document.title}”, version "
                    f"{existing.number}, uploaded {existing.uploaded_at:%Y-%m-%d}. Nothing was "
                    "stored; tick “Store it anyway” to keep a second copy."
                )
            }
        )


# --- Judging a file before anything is written -------------------------------------------


@dataclass(frozen=True)
class Judged:
    filename: str
    kind: filetypes.FileKind
    sha256: str
    size: int


def _max_bytes() -> int:
    return settings.MAX_UPLOAD_BYTES


def _human(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def judge_file(content: IO[bytes] | File, *, filename: str) -> Judged:
    """Size, name, type and hash of an upload; a ValidationError on "file" if
    casemgr refuses it. Reads the file, writes nothing."""
    limit = _max_bytes()
    declared = getattr(content, "size", None)
    if declared is not None and declared > limit:
        raise filetypes.refuse(
            f"The file is {_human(declared)}; the largest file casemgr accepts is {_human(limit)}."
        )
    name = filetypes.clean_filename(filename)
    digest = hashlib.sha256()
    size = 0
    content.seek(0)
    while chunk := content.read(1024 * 1024):
        size += len(chunk)
        if size > limit:
            raise filetypes.refuse(
                f"The file is larger than {_human(limit)}, the largest file casemgr accepts."
            )
        digest.update(chunk)
    content.seek(0)
    kind = filetypes.sniff(content, filename=name)
    return Judged(filename=name, kind=kind, sha256=digest.hexdigest(), size=size)


def _duplicate(matter: Matter, sha256: str) -> DocumentVersion | None:
    return (
        DocumentVersion.objects.filter(matter=matter, sha256=sha256)
        .select_related("document")
        .order_by("uploaded_at")
        .first()
    )


def _write(content: IO[bytes] | File, *, matter: Matter, kind: filetypes.FileKind) -> str:
    """Store the bytes under a generated name (never the client's); the name used."""
    name = f"matters/{matter.pk}/{uuid.uuid4().hex}.{kind.extension}"
    content.seek(0)
    return default_storage.save(name, content if isinstance(content, File) else File(content))


class _Stored:
    """Removes the files written in the block it guards if the block fails.

    Entered *before* the transaction it guards (``with _Stored() as stored,
    transaction.atomic():``) so that a failure anywhere inside, and a failed
    commit, both reach it after the rollback: the rows are gone, then so are
    the files. Every file written in the transaction must be recorded in the
    one guard of its outermost block (see ``version_extract``)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __enter__(self) -> _Stored:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None:
            for name in self.names:
                default_storage.delete(name)


def _refresh_vectors(version_ids: Iterable[int]) -> None:
    # An UPDATE cannot join (document__title): read the titles per version.
    versions = DocumentVersion.objects.filter(pk__in=list(version_ids))
    for version_id, title in versions.values_list("pk", "document__title"):
        DocumentVersion.objects.filter(pk=version_id).update(
            search_vector=SearchVector(Value(title), weight="A", config=SEARCH_CONFIG)
            + SearchVector("original_filename", weight="A", config=SEARCH_CONFIG)
            + SearchVector(
                Coalesce(Substr("extracted_text", 1, SEARCH_TEXT_LIMIT), Value("")),
                weight="B",
                config=SEARCH_CONFIG,
            )
        )


def _enqueue_extraction(version: DocumentVersion) -> None:
    from documents import tasks  # tasks import this module

    version_id = version.pk
    transaction.on_commit(
        lambda: tasks.extract_version.apply_async(args=[version_id], queue=settings.DOCUMENTS_QUEUE)
    )


def _check_links(matter: Matter, deadline: Deadline | None, task: Task | None) -> None:
    errors = {}
    if deadline is not None and deadline.matter_id != matter.pk:
        errors["deadline"] = "That deadline belongs to another matter."
    if task is not None and task.matter_id != matter.pk:
        errors["task"] = "That task belongs to another matter."
    if errors:
        raise ValidationError(errors)


def _clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned = []
    for tag in tags:
        tag = " ".join(str(tag).split())[:50]
        if tag and tag.lower() not in {t.lower() for t in cleaned}:
            cleaned.append(tag)
    return cleaned[:30]


def _add_version(
    *,
    document: Document,
    content: IO[bytes] | File,
    judged: Judged,
    actor: User | None,
    stored: _Stored,
) -> DocumentVersion:
    number = (
        DocumentVersion.objects.filter(document=document).order_by("-number")
        .values_list("number", flat=True).first() or 0
    ) + 1  # fmt: skip
    name = _write(content, matter=document.matter, kind=judged.kind)
    stored.names.append(name)
    DocumentVersion.objects.filter(document=document, is_current=True).update(is_current=False)
    version = DocumentVersion.objects.create(
        document=document, matter=document.matter, number=number, is_current=True, file=name,
        original_filename=judged.filename, size=judged.size, sha256=judged.sha256,
        content_type=judged.kind.mime, file_type=judged.kind.key, uploaded_by=actor,
    )  # fmt: skip
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    _refresh_vectors([version.pk])
    _enqueue_extraction(version)
    return version


# --- Uploads -------------------------------------------------------------------------------


def document_upload(
    *,
    actor: User,
    matter: Matter,
    content: IO[bytes] | File,
    filename: str,
    title: str = "",
    category: str = Document.Category.OTHER,
    document_date: datetime.date | None = None,
    description: str = "",
    tags: Iterable[str] = (),
    privileged: bool = False,
    deadline: Deadline | None = None,
    task: Task | None = None,
    allow_duplicate: bool = False,
) -> Document:
    """File a new document on the matter with its first version."""
    require(actor, "change", matter)
    judged = judge_file(content, filename=filename)
    _check_links(matter, deadline, task)
    if not allow_duplicate and (existing := _duplicate(matter, judged.sha256)):
        raise DuplicateFile(existing)
    document = Document(
        matter=matter, title=(title.strip() or _title_from(judged.filename))[:300],
        category=category, document_date=document_date, description=description.strip(),
        tags=_clean_tags(tags), privileged=privileged, deadline=deadline, task=task,
        created_by=actor,
    )  # fmt: skip
    document.full_clean(exclude=["matter", "created_by", "current_version", "deadline", "task"])
    with _Stored() as stored, transaction.atomic():
        document.save()
        version = _add_version(
            document=document, content=content, judged=judged, actor=actor, stored=stored
        )
        audit.record(actor=actor, action=audit.Action.CREATE, obj=document,
                     summary=f"uploaded “{document.title}” ({judged.kind.label}, {_human(judged.size)})",
                     changes={"file": judged.filename, "sha256": judged.sha256,
                              "version": version.number})  # fmt: skip
        emit("document.uploaded", matter_id=matter.pk, object_id=document.pk, build=document_webhook_data)  # fmt: skip
    return document


def _title_from(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return stem.replace("_", " ").strip() or filename


def _locked_document(actor: User, document: Document) -> Document:
    require(actor, "change", document.matter)
    return Document.objects.select_for_update().select_related("matter").get(pk=document.pk)


def document_version_add(
    *,
    actor: User,
    document: Document,
    content: IO[bytes] | File,
    filename: str,
    allow_duplicate: bool = False,
) -> DocumentVersion:
    """Upload a new version: it becomes current; every earlier one is kept."""
    require(actor, "change", document.matter)
    judged = judge_file(content, filename=filename)
    if not allow_duplicate and (existing := _duplicate(document.matter, judged.sha256)):
        raise DuplicateFile(existing)
    with _Stored() as stored, transaction.atomic():
        current = _locked_document(actor, document)
        version = _add_version(
            document=current, content=content, judged=judged, actor=actor, stored=stored
        )
        audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                     summary=f"uploaded version {version.number} of “{current.title}”",
                     changes={"file": judged.filename, "sha256": judged.sha256,
                              "version": version.number})  # fmt: skip
    document.current_version = version
    return version


@transaction.atomic
def document_version_restore(*, actor: User, version: DocumentVersion) -> DocumentVersion:
    """Make an earlier version current again (the later ones are kept)."""
    document = _locked_document(actor, version.document)
    version = DocumentVersion.objects.get(pk=version.pk, document=document)
    if version.is_current:
        return version
    previous = document.current_version_id
    DocumentVersion.objects.filter(document=document, is_current=True).update(is_current=False)
    DocumentVersion.objects.filter(pk=version.pk).update(is_current=True)
    version.is_current = True
    document.current_version = version
    document.version += 1
    document.save(update_fields=["current_version", "version", "updated_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=document,
                 summary=f"made version {version.number} of “{document.title}” current again",
                 changes={"current_version": [previous, version.pk]})  # fmt: skip
    return version


@transaction.atomic
def document_update(
    *, actor: User, document: Document, expected_version: int | None = None, **changes: Any
) -> Document:
    """Change a document's details; a save made on a stale copy is refused."""
    unknown = set(changes) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"document_update got unknown fields: {', '.join(sorted(unknown))}")
    current = _locked_document(actor, document)
    if expected_version is not None and current.version != expected_version:
        raise stale_edit(f"“{current.title}”", expected_version, current.version)
    if "tags" in changes:
        changes["tags"] = _clean_tags(changes["tags"])
    if "title" in changes:
        changes["title"] = changes["title"].strip()
    _check_links(current.matter, changes.get("deadline"), changes.get("task"))
    before = audit.snapshot(current, changes)
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean(exclude=["matter", "created_by", "current_version", "deadline", "task",
                                "source_version"])  # fmt: skip
    delta = audit.diff(before, changes)
    if not delta:
        return current
    current.version += 1
    current.save()
    if "title" in delta:
        _refresh_vectors(current.versions.values_list("pk", flat=True))
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current, changes=delta,
                 summary=f"changed the details of “{current.title}”")  # fmt: skip
    return current


@transaction.atomic
def document_delete(*, actor: User, document: Document) -> None:
    """Delete a document with every version; the files go once the rows are gone."""
    current = _locked_document(actor, document)
    names = list(current.versions.values_list("file", flat=True))
    audit.record(actor=actor, action=audit.Action.DELETE, obj=current,
                 summary=f"deleted “{current.title}” and its {len(names)} version(s)")  # fmt: skip
    Document.objects.filter(source_version__document=current).update(source_version=None)
    current.delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


# --- Docketing from an incoming document ------------------------------------------------
# An order or a served motion starts deadlines running: the user enters the trigger
# event (the deadlines app computes its chain) or a single deadline from the document's
# page, in one step, and the result is linked to the document. The deadlines services
# check the door, validate and audit their own rows; these add the link and its audit.


@transaction.atomic
def document_trigger_event_create(
    *,
    actor: User,
    document: Document,
    event_key: str,
    trigger_date: datetime.date,
    service: str,
) -> TriggerEvent:
    """Enter the trigger event this document records and link it to the document."""
    current = _locked_document(actor, document)
    event = deadline_services.trigger_event_create(
        actor=actor, matter=current.matter, event_key=event_key, trigger_date=trigger_date,
        service=service,
    )  # fmt: skip
    previous = current.trigger_event_id
    current.trigger_event = event
    current.version += 1
    current.save(update_fields=["trigger_event", "version", "updated_at"])
    count = event.deadlines.count()
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 summary=f"entered the trigger event “{event.event_name}” "
                         f"({trigger_date.isoformat()}, {count} deadline(s)) from “{current.title}”",
                 changes={"trigger_event": [previous, event.pk]})  # fmt: skip
    return event


@transaction.atomic
def document_deadline_create(
    *,
    actor: User,
    document: Document,
    title: str,
    due_date: datetime.date,
    kind: str = Deadline.Kind.INTERNAL,
    due_time: datetime.time | None = None,
    citation: str = "",
    note: str = "",
) -> Deadline:
    """Enter a deadline this document sets and link it to the document."""
    current = _locked_document(actor, document)
    deadline = deadline_services.deadline_create(
        actor=actor, matter=current.matter, title=title, due_date=due_date, kind=kind,
        due_time=due_time, citation=citation,
        note=note.strip() or f"Entered from the document “{current.title}”.",
    )  # fmt: skip
    previous = current.deadline_id
    current.deadline = deadline
    current.version += 1
    current.save(update_fields=["deadline", "version", "updated_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 summary=f"entered the deadline “{deadline.title}” due "
                         f"{due_date.isoformat()} from “{current.title}”",
                 changes={"deadline": [previous, deadline.pk]})  # fmt: skip
    return deadline


# --- Reads that are audited --------------------------------------------------------------


def document_viewed(*, actor: User, document: Document) -> None:
    audit.record(actor=actor, action=audit.Action.VIEW, obj=document,
                 summary=f"viewed “{document.title}”")  # fmt: skip


def version_downloaded(*, actor: User, version: DocumentVersion) -> None:
    audit.record(actor=actor, action=audit.Action.DOWNLOAD, obj=version.document,
                 summary=f"downloaded version {version.number} of “{version.document.title}”",
                 changes={"version": version.number, "sha256": version.sha256})  # fmt: skip


# --- Text extraction (a worker runs it, see documents.tasks) ----------------------------


def version_extract(*, version_id: int) -> str:
    """Extract a version's text and index it; the state it ends in. Idempotent:
    a version no longer pending is left alone, and the final write only
    applies to a version still pending (a second run at once writes nothing)."""
    version = (
        DocumentVersion.objects.select_related("document", "uploaded_by")
        .filter(pk=version_id)
        .first()
    )
    if version is None or version.extraction_state != DocumentVersion.Extraction.PENDING:
        return version.extraction_state if version else "missing"
    with default_storage.open(version.file.name, "rb") as handle:
        try:
            result = extract(version.file_type, handle)
        except ExtractionError as error:
            return _finish(version, state=DocumentVersion.Extraction.FAILED, note=str(error))
    text = result.text[:MAX_TEXT_CHARS]
    notes = []
    if len(result.text) > SEARCH_TEXT_LIMIT:
        notes.append(f"Only the first {SEARCH_TEXT_LIMIT:,} characters are searchable.")
    state = DocumentVersion.Extraction.DONE if text else DocumentVersion.Extraction.NO_TEXT
    # One guard around the whole transaction: if anything fails before it commits
    # (the third attachment's write, the commit itself), every attachment file
    # written so far is removed with the rows that named it.
    with _Stored() as stored, transaction.atomic():
        updated = _finish(version, state=state, text=text, method=result.method, notes=notes)
        if updated != state:
            return updated
        if result.email is not None:
            _file_email_fields(version.document, result.email)
        if result.attachments:
            filed, refused = _file_attachments(version, result.attachments, stored=stored)
            if refused:
                notes.append(f"Attachments not filed: {'; '.join(refused)}"[:400])
                DocumentVersion.objects.filter(pk=version.pk).update(
                    extraction_note=" ".join(notes)[:500]
                )
    return state


def _finish(
    version: DocumentVersion,
    *,
    state: str,
    text: str = "",
    method: str = "",
    note: str = "",
    notes: list[str] | None = None,
) -> str:
    rows = DocumentVersion.objects.filter(
        pk=version.pk, extraction_state=DocumentVersion.Extraction.PENDING
    ).update(
        extraction_state=state,
        extracted_text=text,
        extraction_method=method,
        extraction_note=(note or " ".join(notes or []))[:500],
        extracted_at=timezone.now(),
    )
    if not rows:
        return (
            DocumentVersion.objects.filter(pk=version.pk)
            .values_list("extraction_state", flat=True)
            .first()
            or "missing"
        )
    _refresh_vectors([version.pk])
    return state


def _file_email_fields(document: Document, fields: Any) -> None:
    title = document.title
    if (
        fields.subject
        and document.current_version
        and title == _title_from(document.current_version.original_filename)
    ):
        title = fields.subject[:300]
    Document.objects.filter(pk=document.pk).update(
        email_from=fields.sender[:500], email_to=fields.to, email_cc=fields.cc,
        email_date=fields.date, email_subject=fields.subject[:500], title=title,
        category=Document.Category.CORRESPONDENCE
        if document.category == Document.Category.OTHER else document.category,
        document_date=document.document_date or (
            timezone.localdate(fields.date) if fields.date else None),
    )  # fmt: skip
    if title != document.title:
        _refresh_vectors(document.versions.values_list("pk", flat=True))


def _file_attachments(
    version: DocumentVersion, attachments: list[tuple[str, bytes]], *, stored: _Stored
) -> tuple[int, list[str]]:
    """Each attachment of a filed email becomes a document of its own, linked to
    the email; one the upload rules refuse is named in the email's note. The
    files written are recorded in ``stored``, the caller's guard around its
    whole transaction (a later failure rolls back these rows too)."""
    email_doc = version.document
    filed, refused = 0, []
    for index, (name, data) in enumerate(attachments):
        if Document.objects.filter(source_version=version, source_index=index).exists():
            continue
        content = ContentFile(data)
        try:
            judged = judge_file(content, filename=name)
        except ValidationError as error:
            refused.append(f"{name[:60]}: {' '.join(error.messages)}")
            continue
        with transaction.atomic():
            document = Document.objects.create(
                matter=email_doc.matter, title=_title_from(judged.filename)[:300],
                category=Document.Category.OTHER, privileged=email_doc.privileged,
                description=f"Attachment of the email “{email_doc.title}”.",
                source_version=version, source_index=index, created_by=version.uploaded_by,
                document_date=email_doc.document_date,
            )  # fmt: skip
            _add_version(document=document, content=content, judged=judged,
                         actor=version.uploaded_by, stored=stored)  # fmt: skip
            audit.record(actor=version.uploaded_by, action=audit.Action.CREATE, obj=document,
                         summary=f"filed “{document.title}”, an attachment of “{email_doc.title}”")  # fmt: skip
        filed += 1
    return filed, refused


# --- Case summaries -----------------------------------------------------------------------


def _enqueue_summary(summary: CaseSummary) -> None:
    from documents import tasks  # tasks import this module

    summary_id = summary.pk
    transaction.on_commit(
        lambda: tasks.render_case_summary.apply_async(
            args=[summary_id], queue=settings.DOCUMENTS_QUEUE
        )
    )


@transaction.atomic
def case_summary_request(
    *, actor: User, matter: Matter, batch: SummaryBatch | None = None
) -> CaseSummary:
    """Ask a worker for a PDF case summary of the matter, rendered for ``actor``."""
    require(actor, "change", matter)
    summary = CaseSummary.objects.create(matter=matter, requested_by=actor, batch=batch)
    _enqueue_summary(summary)
    return summary


@transaction.atomic
def case_summary_request_all(*, actor: User) -> SummaryBatch:
    """Summaries of every open matter the actor is responsible for (and may change)."""
    matters = list(
        Matter.objects.visible_to(actor)
        .open()
        .filter(responsible_attorney=actor)
        .order_by("number")
    )
    if not matters:
        raise ValidationError("You are not the responsible attorney of any open matter.")
    batch = SummaryBatch.objects.create(requested_by=actor)
    for matter in matters:
        try:
            case_summary_request(actor=actor, matter=matter, batch=batch)
        except (Http404, PermissionDenied):
            continue
    return batch


def case_summary_render(*, summary_id: int) -> str:
    """Render a requested summary as its requester may see the matter now (the
    door is checked again here: a wall raised since the request applies), file
    the PDF as a report on the matter, and audit it. Idempotent: a summary that
    is done or failed is left alone."""
    from documents import pdf  # WeasyPrint is loaded by workers only

    claimed = CaseSummary.objects.filter(
        pk=summary_id, status__in=[CaseSummary.Status.QUEUED, CaseSummary.Status.RUNNING]
    ).update(status=CaseSummary.Status.RUNNING)
    summary = CaseSummary.objects.select_related("requested_by").filter(pk=summary_id).first()
    if summary is None or not claimed:
        return summary.status if summary else "missing"
    user = summary.requested_by
    started = time.monotonic()
    matter = Matter.objects.visible_to(user).filter(pk=summary.matter_id).first()
    if matter is None or not user.is_active:
        return _summary_failed(summary, "You can no longer see this matter.")
    try:
        require(user, "change", matter)
    except (Http404, PermissionDenied):
        return _summary_failed(summary, "You may no longer add documents to this matter.")
    try:
        data = pdf.case_summary_pdf(user=user, matter_id=matter.pk)
    except Exception as error:  # recorded for the requester to read, and logged
        logger.exception("case summary %s could not be rendered", summary.pk)
        return _summary_failed(
            summary, f"The PDF could not be rendered: {type(error).__name__}: {error}"
        )
    filename = f"Case summary {matter.number} {timezone.localdate():%Y-%m-%d}.pdf"
    content = ContentFile(data)
    judged = Judged(filename=filetypes.clean_filename(filename.replace("/", "-")),
                    kind=filetypes.KINDS["pdf"], sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data))  # fmt: skip
    with _Stored() as stored, transaction.atomic():
        locked = CaseSummary.objects.select_for_update().get(pk=summary.pk)
        if locked.status != CaseSummary.Status.RUNNING:
            return locked.status
        document = Document.objects.create(
            matter=matter, title=f"Case summary {matter.number} ({timezone.localdate():%Y-%m-%d})",
            category=Document.Category.REPORT, privileged=True,
            document_date=timezone.localdate(), created_by=user,
            description="Generated by casemgr for " + (user.full_name or user.email) + ".",
        )  # fmt: skip
        _add_version(document=document, content=content, judged=judged, actor=user,
                     stored=stored)  # fmt: skip
        audit.record(actor=user, action=audit.Action.PDF, obj=document,
                     summary=f"generated the case summary of {matter.number}")  # fmt: skip
        emit("summary.ready", matter_id=matter.pk, object_id=document.pk, build=document_webhook_data)  # fmt: skip
        locked.status = CaseSummary.Status.DONE
        locked.document = document
        locked.finished_at = timezone.now()
        locked.render_seconds = time.monotonic() - started
        locked.save(update_fields=["status", "document", "finished_at", "render_seconds"])
    return CaseSummary.Status.DONE


def _summary_failed(summary: CaseSummary, reason: str) -> str:
    CaseSummary.objects.filter(pk=summary.pk).update(
        status=CaseSummary.Status.FAILED, error=reason[:500], finished_at=timezone.now()
    )
    return CaseSummary.Status.FAILED


# --- Webhook payloads (accounts.webhooks calls these at delivery time) ---------


def document_webhook_data(*, owner: User, matter: Matter, object_id: int | None) -> dict | None:
    """The document's description (never its bytes) as the endpoint owner may see it now."""
    row = (
        Document.objects.restrict(owner, "view")
        .filter(pk=object_id, matter=matter)
        .values("id", "title", "category", "privileged", "document_date", "created_at")
        .first()
    )
    return None if row is None else {"document": row}
