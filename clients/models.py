"""People and organizations the firm deals with.

A contact is a client through its client status; the role a contact plays in a
particular matter (client, opposing party, witness, …) belongs to the link
between the contact and the matter (cases.Party), so one contact can be the
client in one matter and adverse in another.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone


class NameKey(models.Func):
    """The folded form of a name that conflict checks compare: ``casemgr_name_key``
    (migration clients 0002), an IMMUTABLE SQL function, so the same one folding
    serves the stored columns, their trigram indexes and the searched names:
    accents dropped ("José Núñez" → "jose nunez"), case and punctuation folded
    ("L.P." → "lp"), a leading "The" and trailing corporate suffixes removed
    ("ACME Corporation" and "Acme Corp." → "acme")."""

    function = "casemgr_name_key"
    output_field = models.TextField()


class NameCapacity(models.TextChoices):
    """What a name checked for conflicts is to the new matter."""

    PROSPECT = "prospect", "Prospective client"
    RELATED = "related", "Related to the prospect"
    ADVERSE = "adverse", "Adverse party"
    ADVERSE_RELATED = "adverse_related", "Related to an adverse party"
    ADVERSE_COUNSEL = "adverse_counsel", "Adverse party's counsel"
    OTHER = "other", "Other party"


class Contact(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"

    class ClientStatus(models.TextChoices):
        NONE = "", "Not a client"
        PROSPECT = "prospect", "Prospect"
        ACTIVE = "active", "Active client"
        FORMER = "former", "Former client"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    organization_name = models.CharField(max_length=200, blank=True)
    # "Last, First" for people, the name for organizations: what lists sort by.
    sort_name = models.CharField(max_length=300, editable=False, db_index=True)
    display_name = models.CharField(max_length=300, editable=False)
    name_key = models.GeneratedField(
        expression=NameKey("display_name"), output_field=models.TextField(), db_persist=True
    )
    organization = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        limit_choices_to={"kind": "organization"},
        help_text="The organization this person works for.",
    )
    job_title = models.CharField(max_length=200, blank=True)
    client_status = models.CharField(
        max_length=20, choices=ClientStatus.choices, default=ClientStatus.NONE, blank=True
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sort_name", "id"]
        indexes = [
            GinIndex(fields=["display_name"], name="contact_name_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["client_status", "sort_name"], name="contact_status_name"),
            GinIndex(fields=["name_key"], name="contact_key_trgm", opclasses=["gin_trgm_ops"]),
        ]
        permissions = [
            (
                "review_conflicts",
                "Can review conflict checks, including matches in matters they are not on",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="person") & ~Q(last_name="") & Q(organization_name=""))
                | (Q(kind="organization") & ~Q(organization_name="")),
                name="contact_has_a_name_for_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.compute_names()  # derived columns kept in step with the name fields
        super().save(*args, **kwargs)

    def compute_names(self) -> None:
        if self.kind == self.Kind.PERSON:
            self.display_name = " ".join(p for p in (self.first_name, self.last_name) if p)
            self.sort_name = ", ".join(p for p in (self.last_name, self.first_name) if p)
        else:
            self.display_name = self.sort_name = self.organization_name

    @property
    def is_client(self) -> bool:
        return self.client_status in {self.ClientStatus.PROSPECT, self.ClientStatus.ACTIVE}


class ContactAlias(models.Model):
    class Kind(models.TextChoices):
        ALIAS = "alias", "Also known as"
        FORMER = "former", "Former name"
        TRADE = "trade", "Trade name (d/b/a)"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ALIAS)
    name_key = models.GeneratedField(
        expression=NameKey("name"), output_field=models.TextField(), db_persist=True
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["name"], name="alias_name_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["name_key"], name="alias_key_trgm", opclasses=["gin_trgm_ops"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["contact", "name"], name="alias_unique_per_contact")
        ]

    def __str__(self) -> str:
        return self.name


class ContactEmail(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="emails")
    label = models.CharField(max_length=30, blank=True, default="work")
    email = models.EmailField()
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "id"]
        indexes = [models.Index(fields=["email"], name="contact_email_idx")]

    def __str__(self) -> str:
        return self.email


class ContactPhone(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    label = models.CharField(max_length=30, blank=True, default="work")
    number = models.CharField(max_length=40)
    # Digits only, so "(415) 555-0100" and "415.555.0100" find each other.
    digits = models.CharField(max_length=40, editable=False, db_index=True)
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        self.digits = "".join(ch for ch in self.number if ch.isdigit())
        super().save(*args, **kwargs)


class ContactAddress(models.Model):
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(max_length=30, blank=True, default="work")
    street = models.CharField(max_length=300)
    city = models.CharField(max_length=100)
    region = models.CharField("state / region", max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US")

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "contact addresses"

    def __str__(self) -> str:
        return f"{self.street}, {self.city} {self.region} {self.postal_code}".strip()


# --- Intake and conflict clearance ------------------------------------------------


def _random_name(folder: str, filename: str) -> str:
    """Stored files get a random name, never the one uploaded."""
    suffix = ".pdf" if filename.lower().endswith(".pdf") else ""
    return f"{folder}/{uuid.uuid4().hex}{suffix}"


def intake_letter_path(instance: models.Model, filename: str) -> str:
    return _random_name("intake-letters", filename)


def conflict_waiver_path(instance: models.Model, filename: str) -> str:
    return _random_name("conflict-waivers", filename)


class Intake(models.Model):
    """A prospective client's first contact with the firm, from the interview to
    an open matter (or a declined or referred-out inquiry)."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        IN_REVIEW = "in_review", "In review"
        CONFLICT_CHECK = "conflict_check", "Conflict check"
        ACCEPTED = "accepted", "Accepted (matter opened)"
        DECLINED = "declined", "Declined"
        REFERRED = "referred", "Referred out"

    CLOSED_STATUSES = frozenset({Status.ACCEPTED, Status.DECLINED, Status.REFERRED})

    class Urgency(models.TextChoices):
        LOW = "low", "Low"
        NORMAL = "normal", "Normal"
        HIGH = "high", "High"
        EMERGENCY = "emergency", "Emergency (deadline within days)"

    class Source(models.TextChoices):
        STAFF = "staff", "Interview by staff"
        ONLINE = "online", "Online intake form"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.STAFF)
    prospect_kind = models.CharField(
        "the prospect is", max_length=20, choices=Contact.Kind.choices, default=Contact.Kind.PERSON
    )
    prospect_first_name = models.CharField("first name", max_length=100, blank=True)
    prospect_last_name = models.CharField("last name", max_length=100, blank=True)
    prospect_organization_name = models.CharField("organization name", max_length=200, blank=True)
    prospect_email = models.EmailField("email", blank=True)
    prospect_phone = models.CharField("phone", max_length=40, blank=True)
    prospect = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.PROTECT, related_name="intakes",
        help_text="The contact the prospect is (set when the matter opens, or chosen).",
    )  # fmt: skip
    summary = models.TextField("what happened", blank=True)
    incident_date = models.DateField(null=True, blank=True)
    limitation_date = models.DateField("limitation deadline", null=True, blank=True)
    limitation_basis = models.CharField(
        "limitation statute", max_length=300, blank=True,
        help_text="The statute that sets the period, e.g. CCP § 335.1 (2 years).",
    )  # fmt: skip
    forum = models.CharField("forum / court", max_length=200, blank=True)
    jurisdiction = models.CharField(max_length=20, blank=True)
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    referral_source = models.CharField(max_length=200, blank=True)
    interview_notes = models.TextField(blank=True)
    practice_area = models.ForeignKey(
        "cases.PracticeArea", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text="Decides the conflict check with the conflicts reviewers.",
    )  # fmt: skip
    decline_reason = models.TextField(blank=True)
    decline_letter = models.FileField(upload_to=intake_letter_path, blank=True)
    referred_to = models.CharField(max_length=300, blank=True)
    matter = models.OneToOneField(
        "cases.Matter", null=True, blank=True, on_delete=models.PROTECT, related_name="intake"
    )
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="intake_status_recent"),
            models.Index(fields=["-created_at", "-id"], name="intake_recent"),
            GinIndex(
                fields=["prospect_last_name"], name="intake_last_trgm", opclasses=["gin_trgm_ops"]
            ),
            GinIndex(
                fields=["prospect_organization_name"],
                name="intake_org_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(prospect_kind="person") & ~Q(prospect_last_name=""))
                | (Q(prospect_kind="organization") & ~Q(prospect_organization_name="")),
                name="intake_prospect_has_a_name",
                violation_error_message="Give the prospect's name: a last name for a person, "
                "the name of an organization.",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(matter__isnull=False),
                name="intake_accepted_has_a_matter",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="intake_declined_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Intake #{self.pk}: {self.prospect_name}"

    @property
    def prospect_name(self) -> str:
        if self.prospect_kind == Contact.Kind.ORGANIZATION:
            return self.prospect_organization_name
        return " ".join(p for p in (self.prospect_first_name, self.prospect_last_name) if p)

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATUSES


class IntakeName(models.Model):
    """A name the interview recorded besides the prospect's own: the prospect's
    aliases and related entities (parent company, officers), the adverse parties,
    their related entities and their counsel. Every one is conflict-checked."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="names")
    capacity = models.CharField(max_length=20, choices=NameCapacity.choices)
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=Contact.Kind.choices, default=Contact.Kind.PERSON
    )
    relation = models.CharField(
        max_length=200, blank=True, help_text="e.g. parent company, CEO, counsel for Acme"
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["intake", "capacity", "name"], name="intake_name_unique_per_capacity"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ConflictCheck(models.Model):
    """One conflict check as it stood: the names, the full report, and the
    decision with who and when. Append-only in the database (trigger in migration
    clients 0003): once decided nothing changes, except that a cleared check is
    linked, once, to the matter it opened. A new check is a new row."""

    class Decision(models.TextChoices):
        PENDING = "", "Awaiting a decision"
        CLEARED = "cleared", "Cleared"
        WAIVED = "waived", "Cleared with waiver"
        DECLINED = "declined", "Declined"

    CLEARING = frozenset({Decision.CLEARED, Decision.WAIVED})

    intake = models.ForeignKey(
        Intake, null=True, blank=True, on_delete=models.PROTECT, related_name="conflict_checks"
    )
    names = models.JSONField(help_text="[{name, capacity}] as checked")
    report = models.JSONField(help_text="The full report (clients.conflicts.conflict_search)")
    needs_review = models.BooleanField(
        default=False, help_text="Hits in matters the person who ran it cannot see."
    )
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=20, choices=Decision.choices, default="", blank=True)
    decision_reason = models.TextField(blank=True)
    waiver = models.FileField(upload_to=conflict_waiver_path, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    matter = models.OneToOneField(
        "cases.Matter", null=True, blank=True, on_delete=models.PROTECT,
        related_name="conflict_check",
    )  # fmt: skip

    class Meta:
        ordering = ["-run_at", "-id"]
        indexes = [
            models.Index(fields=["intake", "-run_at", "-id"], name="check_intake_latest"),
            models.Index(
                fields=["-run_at"],
                name="check_needs_review",
                condition=Q(needs_review=True, decision=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="check_decision_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(decision="waived") | (~Q(decision_reason="") & ~Q(waiver="")),
                name="check_waiver_has_reason_and_file",
            ),
            models.CheckConstraint(
                condition=~Q(decision="declined") | ~Q(decision_reason=""),
                name="check_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(matter__isnull=True) | Q(decision__in=["cleared", "waived"]),
                name="check_only_cleared_opens_a_matter",
            ),
        ]

    def __str__(self) -> str:
        return f"Conflict check #{self.pk}"

    @property
    def is_cleared(self) -> bool:
        return self.decision in self.CLEARING


class IntakeFormLink(models.Model):
    """The firm's shareable online intake form (one row): off until a firm admin
    turns it on; rotating the token retires every link given out before."""

    enabled = models.BooleanField(default=False)
    token = models.CharField(max_length=64, unique=True)
    rotated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="intake_link_singleton")]

    def __str__(self) -> str:
        return "Online intake form"

    @classmethod
    def load(cls) -> IntakeFormLink:
        obj, _ = cls.objects.get_or_create(pk=1, defaults={"token": secrets.token_urlsafe(32)})
        return obj


class ImportJob(models.Model):
    """One CSV import (contacts, or past matters' parties through cases): the
    file's text, the column mapping, the check of every row and the import,
    with the progress a page polls. Nothing is imported while any row is invalid."""

    class Kind(models.TextChoices):
        CONTACTS = "contacts", "Contacts"
        PARTIES = "parties", "Parties of past matters"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Waiting for the column mapping"
        CHECKING = "checking", "Checking the rows"
        CHECKED = "checked", "Checked"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    filename = models.CharField(max_length=200)
    data = models.TextField(help_text="The file as uploaded (text), read again by each step.")
    header = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, help_text="{field: column index}")
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, help_text="[{row, messages}] of every invalid row")
    duplicates = models.JSONField(default=list, help_text="[{row, name, similar}]")
    preview = models.JSONField(default=list, help_text="The first rows as mapped")
    imported = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.get_kind_display().lower()}, {self.filename})"

    @property
    def percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.CHECKING, self.Status.IMPORTING}
