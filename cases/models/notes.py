"""The notes and communications log of a matter: calls, meetings, emails, letters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from access.querysets import MatterScopedQuerySet
from cases.models.matter import Matter

if TYPE_CHECKING:
    pass


class NoteQuerySet(MatterScopedQuerySet["Note"]):
    """Rows of matters: ``restrict(user, action)`` is the one door to them."""


class Note(models.Model):
    class Kind(models.TextChoices):
        CALL = "call", "Call"
        MEETING = "meeting", "Meeting"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        NOTE = "note", "Note"

    class Direction(models.TextChoices):
        NONE = "", "—"
        INCOMING = "incoming", "Incoming"
        OUTGOING = "outgoing", "Outgoing"

    # Only communications that travel one way have a direction.
    DIRECTED_KINDS = frozenset({Kind.CALL, Kind.EMAIL, Kind.LETTER})

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    occurred_at = models.DateTimeField("date and time", default=timezone.now)
    direction = models.CharField(
        max_length=10, choices=Direction.choices, blank=True, default=Direction.NONE
    )
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    participants = models.CharField(
        max_length=500, blank=True, help_text="Who took part, in your own words."
    )
    contacts = models.ManyToManyField(
        "clients.Contact", blank=True, related_name="matter_notes", help_text="Parties involved."
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Counts saves: an edit made on an older version is refused."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["matter", "-occurred_at"], name="note_matter_occurred"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction="") | Q(kind__in=["call", "email", "letter"]),
                name="note_direction_only_for_calls_emails_letters",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"
