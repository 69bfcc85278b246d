"""Tasks on a matter, recurring follow-ups, and the task templates a practice
area applies when a matter opens."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When

from access.querysets import MatterScopedQuerySet
from cases.models.matter import Matter, PracticeArea, TeamMembership

if TYPE_CHECKING:
    pass


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


# Most pressing first when two tasks fall due on the same day.
PRIORITY_RANK = Case(
    When(priority=Priority.URGENT, then=Value(0)),
    When(priority=Priority.HIGH, then=Value(1)),
    When(priority=Priority.NORMAL, then=Value(2)),
    default=Value(3),
    output_field=models.IntegerField(),
)


class TaskTemplate(models.Model):
    """A task every new matter of a practice area gets when it opens."""

    practice_area = models.ForeignKey(
        PracticeArea, on_delete=models.CASCADE, related_name="task_templates"
    )
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    due_after_days = models.PositiveIntegerField(
        default=0, help_text="The task is due this many days after the matter opens."
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    assignee_role = models.CharField(
        max_length=20,
        choices=TeamMembership.Role.choices,
        blank=True,
        help_text="Assign the task to the team member with this role (blank: unassigned).",
    )
    recur_every_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Make it a follow-up that recurs every N days."
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["practice_area", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recur_every_days__isnull=True) | Q(recur_every_days__gt=0),
                name="task_template_recurs_after_a_day_or_more",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.practice_area}: {self.title}"


class TaskQuerySet(MatterScopedQuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.filter(status=Task.Status.OPEN)

    def overdue(self, today: datetime.date) -> TaskQuerySet:
        return self.open().filter(due_on__lt=today)

    def due_between(self, first: datetime.date, last: datetime.date) -> TaskQuerySet:
        return self.open().filter(due_on__gte=first, due_on__lte=last)

    def by_due_date(self) -> TaskQuerySet:
        """Soonest first, undated last; the most pressing first within a day."""
        return self.alias(priority_rank=PRIORITY_RANK).order_by(
            F("due_on").asc(nulls_last=True), "priority_rank", "id"
        )


class Task(models.Model):
    Priority = Priority

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tasks",
    )
    due_on = models.DateField(null=True, blank=True)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    recur_every_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Completing the task creates the next one N days later."
    )
    recurrence_stopped = models.BooleanField(default=False)
    # The occurrence this one follows; one-to-one, so completing an occurrence
    # twice (a double click, a retried request) can never create two successors.
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_occurrence"
    )
    template = models.ForeignKey(
        TaskTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["matter", "status", "due_on"], name="task_matter_status_due"),
            models.Index(fields=["assignee", "status", "due_on"], name="task_assignee_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recur_every_days__isnull=True) | Q(recur_every_days__gt=0),
                name="task_recurs_after_a_day_or_more",
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_at__isnull=False)
                | (~Q(status="done") & Q(done_at__isnull=True)),
                name="task_done_at_iff_done",
            ),
            # A template applies once per matter: opening twice cannot duplicate.
            models.UniqueConstraint(
                fields=["matter", "template"],
                condition=Q(template__isnull=False, previous__isnull=True),
                name="task_template_applied_once_per_matter",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def recurs(self) -> bool:
        return bool(self.recur_every_days) and not self.recurrence_stopped

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today
