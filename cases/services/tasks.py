"""Tasks: create, change, complete (with recurring follow-ups), reopen, cancel,
and the practice area's task templates applied when a matter opens."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from access.kernel import require
from accounts.webhooks import emit
from casemgr import audit
from cases.models import Matter, Task, TaskTemplate, TeamMembership

if TYPE_CHECKING:
    from accounts.models import User

TASK_FIELDS = (
    "title",
    "notes",
    "assignee",
    "due_on",
    "priority",
    "recur_every_days",
    "recurrence_stopped",
)


def _check_assignee(matter: Matter, assignee: User | None) -> None:
    """An assignee must be someone who can see the matter (a wall keeps them off)."""
    if assignee is None:
        return
    if (
        not assignee.is_active
        or not Matter.objects.visible_to(assignee).filter(pk=matter.pk).exists()
    ):
        raise ValidationError({"assignee": f"{assignee} has no access to {matter.number}."})


def _locked(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("matter").get(pk=task.pk)


@transaction.atomic
def task_create(
    *,
    actor: User,
    matter: Matter,
    title: str,
    assignee: User | None = None,
    due_on: datetime.date | None = None,
    priority: str = Task.Priority.NORMAL,
    notes: str = "",
    recur_every_days: int | None = None,
) -> Task:
    require(actor, "change", matter)
    _check_assignee(matter, assignee)
    task = Task(
        matter=matter, title=title.strip(), assignee=assignee, due_on=due_on, priority=priority,
        notes=notes.strip(), recur_every_days=recur_every_days or None, created_by=actor,
    )  # fmt: skip
    task.full_clean()
    task.save()
    audit.record(actor=actor, action=audit.Action.CREATE, obj=task,
                 summary=f"added the task “{task.title}”")  # fmt: skip
    if task.assignee_id:
        emit("task.assigned", matter_id=matter.pk, object_id=task.pk, build=task_webhook_data)
    return task


@transaction.atomic
def task_update(*, actor: User, task: Task, **changes: Any) -> Task:
    """Change a task's details (title, notes, assignee, due date, priority, recurrence)."""
    require(actor, "change", task.matter)
    unknown = set(changes) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"task_update got unknown fields: {', '.join(sorted(unknown))}")
    current = _locked(task)
    if "assignee" in changes:
        _check_assignee(current.matter, changes["assignee"])
    if "title" in changes:
        changes["title"] = changes["title"].strip()
    if changes.get("recur_every_days") == 0:
        changes["recur_every_days"] = None
    before = audit.snapshot(current, changes)
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean()
    delta = audit.diff(before, changes)
    if not delta:
        return current
    current.save(update_fields=[*changes, "updated_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current, changes=delta,
                 summary=f"changed the task “{current.title}”: " + audit.field_labels(Task, delta))  # fmt: skip
    if "assignee" in delta and current.assignee_id:
        emit("task.assigned", matter_id=current.matter_id, object_id=current.pk, build=task_webhook_data)  # fmt: skip
    return current


@transaction.atomic
def task_complete(*, actor: User, task: Task) -> Task:
    """Mark the task done. A recurring task gets its next occurrence, due N days
    after this one's due date (or after today, if it had none)."""
    require(actor, "change", task.matter)
    current = _locked(task)
    if current.status == Task.Status.DONE:
        return current  # a second click changes nothing
    if current.status == Task.Status.CANCELLED:
        raise ValidationError("A cancelled task cannot be completed; reopen it first.")
    current.status = Task.Status.DONE
    current.done_by = actor
    current.done_at = timezone.now()
    current.save(update_fields=["status", "done_by", "done_at", "updated_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={"status": ["open", "done"]},
                 summary=f"completed the task “{current.title}”")  # fmt: skip
    if current.recurs and not Task.objects.filter(previous=current).exists():
        base = current.due_on or timezone.localdate()
        follow_up = Task.objects.create(
            matter=current.matter, title=current.title, notes=current.notes,
            assignee=current.assignee, priority=current.priority,
            due_on=base + datetime.timedelta(days=current.recur_every_days),
            recur_every_days=current.recur_every_days, previous=current,
            template=current.template, created_by=actor,
        )  # fmt: skip
        audit.record(actor=actor, action=audit.Action.CREATE, obj=follow_up,
                     summary=f"scheduled the next “{follow_up.title}” for {follow_up.due_on:%Y-%m-%d}")  # fmt: skip
    return current


@transaction.atomic
def task_reopen(*, actor: User, task: Task) -> Task:
    require(actor, "change", task.matter)
    current = _locked(task)
    if current.status == Task.Status.OPEN:
        return current
    old = current.status
    current.status = Task.Status.OPEN
    current.done_by = None
    current.done_at = None
    current.save(update_fields=["status", "done_by", "done_at", "updated_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={"status": [old, "open"]},
                 summary=f"reopened the task “{current.title}”")  # fmt: skip
    return current


@transaction.atomic
def task_cancel(*, actor: User, task: Task) -> Task:
    """Cancel the task; a recurring one stops recurring."""
    require(actor, "change", task.matter)
    current = _locked(task)
    if current.status == Task.Status.CANCELLED:
        return current
    if current.status == Task.Status.DONE:
        raise ValidationError("A completed task cannot be cancelled; reopen it first.")
    current.status = Task.Status.CANCELLED
    current.recurrence_stopped = True
    current.save(update_fields=["status", "recurrence_stopped", "updated_at"])
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current,
                 changes={"status": ["open", "cancelled"]},
                 summary=f"cancelled the task “{current.title}”")  # fmt: skip
    return current


@transaction.atomic
def task_templates_apply(*, matter: Matter, actor: User, _checked: bool = False) -> list[Task]:
    """Give a matter the tasks its practice area's templates describe.

    ``matter_open`` calls this (with ``_checked``: it has authorized the opening
    already). A template applies once per matter (a unique constraint), so a
    second call adds only templates that are new since.
    """
    if not _checked:
        require(actor, "change", matter)
    templates = list(
        TaskTemplate.objects.filter(practice_area_id=matter.practice_area_id, is_active=True)
        .exclude(tasks__matter=matter)
        .order_by("position", "id")
    )
    if not templates:
        return []
    holders: dict[str, Any] = {}
    for membership in matter.team.select_related("user").order_by("added_at", "id"):
        holders.setdefault(membership.role, membership.user)
    holders.setdefault(TeamMembership.Role.LEAD_ATTORNEY, matter.responsible_attorney)
    created = []
    for template in templates:
        task = Task.objects.create(
            matter=matter, title=template.title, notes=template.notes,
            assignee=holders.get(template.assignee_role) if template.assignee_role else None,
            due_on=matter.opened_on + datetime.timedelta(days=template.due_after_days),
            priority=template.priority, recur_every_days=template.recur_every_days,
            template=template, created_by=actor,
        )  # fmt: skip
        audit.record(actor=actor, action=audit.Action.CREATE, obj=task,
                     summary=f"added the task “{task.title}” (practice area template)")  # fmt: skip
        created.append(task)
    return created


def task_webhook_data(*, owner: User, matter: Matter, object_id: int | None) -> dict | None:
    """The task as the endpoint owner may see it now (None: gone or hidden)."""
    row = (
        Task.objects.restrict(owner, "view")
        .filter(pk=object_id, matter=matter)
        .values("id", "title", "assignee_id", "due_on", "priority", "status")
        .first()
    )
    return None if row is None else {"task": row}
