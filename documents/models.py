"""Documents of a matter, their versions (files, hashes, extracted text and its
search vector) and the PDF case summaries workers render for a user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from access.querysets import MatterScopedQuerySet

if TYPE_CHECKING:
    pass


class DocumentQuerySet(MatterScopedQuerySet["Document"]):
    """Rows of matters (on their own matter column): ``restrict(user, action)``."""


class Document(models.Model):
    class Category(models.TextChoices):
        PLEADING = "pleading", "Pleading"
        MOTION = "motion", "Motion"
        ORDER = "order", "Order"
        DISCOVERY = "discovery", "Discovery"
        EXHIBIT = "exhibit", "Evidence / exhibit"
        CORRESPONDENCE = "correspondence", "Correspondence"
        CONTRACT = "contract", "Contract"
        RESEARCH = "research", "Research"
        REPORT = "report", "Report"
        OTHER = "other", "Other"

    matter = models.ForeignKey("cases.Matter", on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    document_date = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    privileged = models.BooleanField(
        default=False, help_text="Attorney-client privileged or work product."
    )
    deadline = models.ForeignKey(
        "deadlines.Deadline",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text="The deadline this document relates to.",
    )
    trigger_event = models.ForeignKey(
        "deadlines.TriggerEvent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text="The trigger event entered from this document (e.g. the order it records).",
    )
    task = models.ForeignKey(
        "cases.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text="The task this document relates to.",
    )
    current_version = models.ForeignKey(
        "DocumentVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An email filed on the matter: its headers as fields (filled by extraction).
    email_from = models.CharField("from", max_length=500, blank=True)
    email_to = models.TextField("to", blank=True)
    email_cc = models.TextField("cc", blank=True)
    email_date = models.DateTimeField("sent", null=True, blank=True)
    email_subject = models.CharField("subject", max_length=500, blank=True)
    # An attachment of a filed email is a document of its own, linked to it; the
    # (version, index) pair makes a second extraction run a no-op.
    source_version = models.ForeignKey(
        "DocumentVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachment_documents",
    )
    source_index = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Counts saves: an edit made on an older version is refused."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["matter", "-created_at", "-id"], name="document_matter_created"),
            models.Index(fields=["-created_at", "-id"], name="document_created"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_version", "source_index"],
                condition=Q(source_version__isnull=False),
                name="document_attachment_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_email(self) -> bool:
        return bool(self.email_from or self.email_subject)


class DocumentVersionQuerySet(MatterScopedQuerySet["DocumentVersion"]):
    """Rows of matters (on their own matter column): ``restrict(user, action)``."""


def version_file_name(instance: DocumentVersion, filename: str) -> str:
    # Never the client's name: services pass a generated one.
    return filename


class DocumentVersion(models.Model):
    class Extraction(models.TextChoices):
        PENDING = "pending", "Pending"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        NO_TEXT = "no_text", "No text"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    # The document's matter, repeated so the one door and search filter the
    # version rows by their own column.
    matter = models.ForeignKey("cases.Matter", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField()
    is_current = models.BooleanField(default=True)
    file = models.FileField(upload_to=version_file_name, max_length=255)
    original_filename = models.CharField(max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=120)
    file_type = models.CharField(max_length=10)  # pdf, docx, eml, ... (documents.filetypes)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    extraction_state = models.CharField(
        max_length=10, choices=Extraction.choices, default=Extraction.PENDING
    )
    extraction_note = models.CharField(
        max_length=500, blank=True, help_text="Why extraction failed, or what it left out."
    )
    extraction_method = models.CharField(max_length=20, blank=True)  # "text", "ocr"
    extracted_at = models.DateTimeField(null=True, blank=True)
    extracted_text = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        indexes = [
            GinIndex(
                fields=["search_vector"], name="docversion_search", condition=Q(is_current=True)
            ),
            models.Index(fields=["matter", "sha256"], name="docversion_matter_sha"),
            models.Index(
                fields=["extraction_state"],
                name="docversion_pending",
                condition=Q(extraction_state="pending"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="docversion_number_once"),
            models.UniqueConstraint(
                fields=["document"], condition=Q(is_current=True), name="docversion_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_filename} (v{self.number})"


class SummaryBatch(models.Model):
    """Case summaries of several matters asked for at once (overall progress)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return (
            f"Case summaries requested by {self.requested_by} at {self.created_at:%Y-%m-%d %H:%M}"
        )


class CaseSummaryQuerySet(MatterScopedQuerySet["CaseSummary"]):
    """Rows of matters (on their own matter column): ``restrict(user, action)``."""


class CaseSummary(models.Model):
    """One request for a PDF case summary, rendered by a worker for its requester."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Rendering"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    matter = models.ForeignKey("cases.Matter", on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    batch = models.ForeignKey(
        SummaryBatch, null=True, blank=True, on_delete=models.CASCADE, related_name="summaries"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.CharField(max_length=500, blank=True)
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    render_seconds = models.FloatField(null=True, blank=True)

    objects = CaseSummaryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["matter", "-created_at"], name="summary_matter_created")]

    def __str__(self) -> str:
        return f"Case summary of matter {self.matter_id} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
