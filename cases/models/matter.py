"""The matter: its number, people and parties. Who may see it is the access kernel's
(access.querysets.MatterScopedQuerySet.restrict)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone

from access.querysets import MatterScopedQuerySet

DEFAULT_STAGES = ["intake", "open", "discovery", "trial", "settlement", "appeal", "closed"]


def default_stages() -> list[str]:
    return list(DEFAULT_STAGES)


class PracticeArea(models.Model):
    name = models.CharField(max_length=100, unique=True)
    code = models.SlugField(max_length=20, unique=True)
    stages = ArrayField(
        models.CharField(max_length=40),
        default=default_stages,
        help_text="The stages of a matter in this practice area, in order.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MatterNumberCounter(models.Model):
    """The last sequence number used for a scope (e.g. the year): never reused."""

    scope = models.CharField(max_length=100, unique=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope}: {self.last_value}"


class MatterQuerySet(MatterScopedQuerySet["Matter"]):
    """Matters: ``restrict(user, action)`` / ``visible_to(user)`` from the
    access kernel apply to the matter's own id and client."""

    matter_path = None

    def open(self) -> MatterQuerySet:
        return self.filter(closed_on__isnull=True)


class Matter(models.Model):
    class Jurisdiction(models.TextChoices):
        US_FED = "US-FED", "U.S. federal court"
        US_FED_CA = "US-FED-CA", "U.S. federal court in California"
        US_CA = "US-CA", "California state court"
        US_TX = "US-TX", "Texas state court"
        US_NY = "US-NY", "New York state court"
        US_FL = "US-FL", "Florida state court"
        US_IL = "US-IL", "Illinois state court"

    class Outcome(models.TextChoices):
        NONE = "", "—"
        SETTLED = "settled", "Settled"
        JUDGMENT_FOR = "won", "Judgment for client"
        JUDGMENT_AGAINST = "lost", "Judgment against client"
        DISMISSED = "dismissed", "Dismissed"
        WITHDRAWN = "withdrawn", "Firm withdrew"
        TRANSFERRED = "transferred", "Transferred"
        OTHER = "other", "Other"

    number = models.CharField(max_length=50, unique=True)
    title = models.CharField(max_length=300)
    client = models.ForeignKey(
        "clients.Contact", on_delete=models.PROTECT, related_name="client_matters"
    )
    practice_area = models.ForeignKey(PracticeArea, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=40, default="intake")
    responsible_attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="responsible_matters"
    )
    originating_attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="originated_matters",
    )
    court = models.CharField(max_length=200, blank=True)
    docket_number = models.CharField(max_length=100, blank=True)
    judge = models.CharField(max_length=200, blank=True)
    jurisdiction = models.CharField(
        max_length=20, choices=Jurisdiction.choices, default=Jurisdiction.US_FED
    )
    opened_on = models.DateField(default=timezone.localdate)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True, default="")
    outcome_notes = models.TextField(blank=True)
    description = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    # When the audit trail last recorded something done on the matter (views and
    # downloads aside): kept by casemgr.audit.record. The dashboard's recent
    # activity reads the events of the few matters most recently active.
    last_activity_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MatterQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        indexes = [
            GinIndex(fields=["title"], name="matter_title_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(
                fields=["docket_number"], name="matter_docket_trgm", opclasses=["gin_trgm_ops"]
            ),
            models.Index(fields=["responsible_attorney", "stage"], name="matter_attorney_stage"),
            models.Index(fields=["-opened_on", "-id"], name="matter_opened"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="matter_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class TeamMembership(models.Model):
    class Role(models.TextChoices):
        LEAD_ATTORNEY = "lead", "Lead attorney"
        ATTORNEY = "attorney", "Attorney"
        PARALEGAL = "paralegal", "Paralegal"
        CASE_MANAGER = "case_manager", "Case manager"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    objects = MatterScopedQuerySet.as_manager()

    class Meta:
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "user"], name="team_member_once_per_matter")
        ]
        indexes = [models.Index(fields=["user", "matter"], name="team_user_matter")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) on {self.matter.number}"


class Party(models.Model):
    class Role(models.TextChoices):
        CLIENT = "client", "Client"
        CO_CLIENT = "co_client", "Co-client"
        OPPOSING_PARTY = "opposing_party", "Opposing party"
        OPPOSING_COUNSEL = "opposing_counsel", "Opposing counsel"
        WITNESS = "witness", "Witness"
        EXPERT = "expert", "Expert"
        COURT = "court", "Court / judge"
        INSURER = "insurer", "Insurer"
        OTHER = "other", "Other"

    ADVERSE_ROLES = frozenset({Role.OPPOSING_PARTY, Role.OPPOSING_COUNSEL})

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="parties")
    contact = models.ForeignKey(
        "clients.Contact", on_delete=models.PROTECT, related_name="matter_roles"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    notes = models.CharField(max_length=300, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    objects = MatterScopedQuerySet.as_manager()

    class Meta:
        ordering = ["role", "contact__sort_name"]
        verbose_name_plural = "parties"
        constraints = [
            models.UniqueConstraint(
                fields=["matter", "contact", "role"], name="party_role_once_per_matter"
            )
        ]
        indexes = [models.Index(fields=["contact", "role"], name="party_contact_role")]

    def __str__(self) -> str:
        return f"{self.contact} ({self.get_role_display()})"
