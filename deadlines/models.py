"""Trigger events, the deadlines they produce, court closures, reminders and feeds.

A deadline is a date in the court's time zone (plus a time where the rule says
so: an e-filing deadline ends at midnight there, FRCP 6(a)(4)(A)). Every
computed deadline keeps the citation, the rule-set version it was computed
under and the calculator's explanation, step by step.
"""

from __future__ import annotations

import datetime
import zoneinfo
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q

from access.querysets import MatterScopedQuerySet

if TYPE_CHECKING:
    pass

SERVICE_CHOICES = [
    ("personal", "Personal delivery"),
    ("mail", "Mail"),
    ("electronic", "Electronic service"),
]
JURISDICTION_CHOICES = [
    ("US-FED", "U.S. federal court"),
    ("US-FED-CA", "U.S. federal court in California"),
    ("US-CA", "California state court"),
    ("US-TX", "Texas state court"),
    ("US-NY", "New York state court"),
    ("US-FL", "Florida state court"),
    ("US-IL", "Illinois state court"),
]
# Reminder offsets (days before the due date) for users who chose none.
DEFAULT_REMINDER_OFFSETS = [30, 7, 1, 0]
MAX_REMINDER_OFFSET = 365


def default_reminder_offsets() -> list[int]:
    return list(DEFAULT_REMINDER_OFFSETS)


class TriggerEventQuerySet(MatterScopedQuerySet["TriggerEvent"]):
    """Rows of matters: ``restrict(user, action)`` is the one door to them."""


class TriggerEvent(models.Model):
    """Something that happened (or is set) in a matter and starts court deadlines."""

    matter = models.ForeignKey(
        "cases.Matter", on_delete=models.CASCADE, related_name="trigger_events"
    )
    ruleset = models.CharField(max_length=20, help_text="The rule set used, e.g. US-FED.")
    jurisdiction = models.CharField(
        max_length=20, choices=JURISDICTION_CHOICES, help_text="The court calendar used."
    )
    event_key = models.CharField(max_length=80)
    event_name = models.CharField(max_length=300)
    trigger_date = models.DateField()
    service = models.CharField(max_length=20, choices=SERVICE_CHOICES, default="personal")
    ruleset_version = models.DateField(help_text="Effective date of the rule-set version used.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = TriggerEventQuerySet.as_manager()

    class Meta:
        ordering = ["-trigger_date", "-id"]
        indexes = [models.Index(fields=["matter", "-trigger_date"], name="trigger_matter_date")]

    def __str__(self) -> str:
        return f"{self.event_name} on {self.trigger_date.isoformat()}"


class DeadlineQuerySet(MatterScopedQuerySet["Deadline"]):
    def open(self) -> DeadlineQuerySet:
        return self.filter(status=Deadline.Status.OPEN)


class Deadline(models.Model):
    class Kind(models.TextChoices):
        COURT = "court", "Court deadline"
        HEARING = "hearing", "Hearing"
        STATUTE = "statute", "Statute of limitations"
        INTERNAL = "internal", "Internal"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        WAIVED = "waived", "Waived"

    # Kinds a court (or the law) sets: missing one is malpractice, so overdue
    # ones escalate to the responsible attorney.
    ESCALATING_KINDS = (Kind.COURT, Kind.STATUTE)

    matter = models.ForeignKey("cases.Matter", on_delete=models.CASCADE, related_name="deadlines")
    trigger_event = models.ForeignKey(
        TriggerEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="deadlines"
    )
    depends_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="dependents"
    )
    rule_key = models.CharField(max_length=80, blank=True)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COURT)
    due_date = models.DateField()
    due_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64, help_text="The court's time zone: the due date is a day there."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    waived_reason = models.TextField(blank=True)
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="responsible_deadlines"
    )
    citation = models.CharField(max_length=300, blank=True)
    note = models.TextField(blank=True)
    ruleset_version = models.DateField(null=True, blank=True)
    computed_due_date = models.DateField(
        null=True, blank=True, help_text="What the rule gives, before any manual override."
    )
    steps = models.JSONField(default=list, blank=True)  # [{date, text, citation}]
    warnings = models.JSONField(default=list, blank=True)  # [text]
    overridden_at = models.DateTimeField(null=True, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_reason = models.TextField(blank=True)
    reminder_offsets = ArrayField(
        models.PositiveSmallIntegerField(),
        null=True,
        blank=True,
        help_text="Days before the due date to remind; empty means each person's defaults.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "due_time", "id"]
        indexes = [
            # The calendar and the reminder sweep scan open deadlines by date.
            models.Index(fields=["due_date"], condition=Q(status="open"), name="deadline_open_due"),
            # ... and the sweep reads there all it needs of them (an index-only
            # scan: the rows themselves are wide, with their computation steps).
            models.Index(
                fields=["due_date"],
                include=["id", "time_zone", "reminder_offsets", "kind", "due_time", "matter"],
                condition=Q(status="open"),
                name="deadline_open_reminding",
            ),
            models.Index(fields=["matter", "due_date"], name="deadline_matter_due"),
            models.Index(fields=["due_date", "matter"], name="deadline_due_matter"),
            # The sweep reads the largest per-deadline reminder offset in use.
            models.Index(
                fields=["id"],
                condition=Q(status="open", reminder_offsets__isnull=False),
                name="deadline_own_reminders",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", completed_at__isnull=False) | ~Q(status="done"),
                name="deadline_done_has_a_time",
            ),
            models.CheckConstraint(
                condition=Q(status="waived") & ~Q(waived_reason="") | ~Q(status="waived"),
                name="deadline_waived_has_a_reason",
            ),
            models.CheckConstraint(
                condition=Q(overridden_at__isnull=True) | ~Q(override_reason=""),
                name="deadline_override_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date.isoformat()})"

    @property
    def is_overridden(self) -> bool:
        return self.overridden_at is not None

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone or settings.FIRM_TIME_ZONE)

    @property
    def due_at(self) -> datetime.datetime:
        """The last moment to act, aware, in the court's zone (end of day if untimed)."""
        when = self.due_time or datetime.time(23, 59, 59)
        return datetime.datetime.combine(self.due_date, when, tzinfo=self.zone)

    @property
    def zone_abbreviation(self) -> str:
        return self.due_at.tzname() or self.time_zone

    @property
    def explanation(self) -> str:
        return self.explain(self.steps)

    @staticmethod
    def explain(steps: list[dict[str, str]]) -> str:
        """The computation's steps in one line, each with its citation."""
        return " · ".join(
            f"{s['text']} ({s['citation']})" if s.get("citation") else s["text"] for s in steps
        )


class CourtClosure(models.Model):
    """A day the firm knows a court was (or will be) closed beyond the holiday data."""

    jurisdiction = models.CharField(max_length=20, choices=JURISDICTION_CHOICES)
    date = models.DateField()
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "date"], name="closure_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} closed {self.date.isoformat()}: {self.reason}"


class ReminderPreference(models.Model):
    """A user's reminder defaults; users without a row get DEFAULT_REMINDER_OFFSETS."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    offsets = ArrayField(models.PositiveSmallIntegerField(), default=default_reminder_offsets)
    email = models.BooleanField(default=True, help_text="Send reminders by email too.")
    daily_digest = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"reminders for {self.user}: {self.offsets}"


class ReminderDeliveryQuerySet(MatterScopedQuerySet["ReminderDelivery"]):
    matter_path = "deadline__matter"


class ReminderDelivery(models.Model):
    """One reminder to one person: inserted before it is sent, so it goes out once.

    The unique constraint is what makes two concurrent sweeps harmless; the
    row stays unsent (sent_at null) until the email and notification are out,
    so a worker that dies mid-send leaves it for the next sweep.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", "Reminder"
        OVERDUE = "overdue", "Overdue escalation"

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REMINDER)
    offset_days = models.SmallIntegerField()
    due_date = models.DateField(help_text="The deadline's due date this reminder was for.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    skipped = models.BooleanField(
        default=False, help_text="Not sent: the deadline was closed or the person lost access."
    )
    attempts = models.PositiveSmallIntegerField(default=0)

    objects = ReminderDeliveryQuerySet.as_manager()

    class Meta:
        constraints = [
            # Led by the due date: the sweep reads the history of the deadlines
            # due soon as one range of it (and inserts land in that range).
            models.UniqueConstraint(
                fields=["due_date", "deadline", "user", "kind", "offset_days"],
                name="reminder_delivered_once",
            )
        ]
        indexes = [
            # Delivery takes the unsent rows person by person (one access check
            # per person and batch).
            models.Index(
                fields=["user", "id"], condition=Q(sent_at__isnull=True), name="reminder_unsent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.offset_days}d for {self.deadline_id} to {self.user_id}"


class DigestDelivery(models.Model):
    """The daily digest of one user for one day: sent once, like reminders."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"digest {self.day} for {self.user_id}"


class Notification(models.Model):
    """An in-app notification (reminders and escalations)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    deadline = models.ForeignKey(
        Deadline, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"], name="notif_user")]

    def __str__(self) -> str:
        return self.text


class CalendarFeed(models.Model):
    """A user's secret iCal feed token; only its SHA-256 is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"
