"""Firm configuration of the cases app: practice areas with their stages, and
the task templates a practice area applies when a matter opens. Firm admins
only; every write is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from casemgr import audit
from cases.models import Matter, PracticeArea, TaskTemplate

if TYPE_CHECKING:
    from accounts.models import User

STAGE_MAX_LENGTH = 40
MAX_STAGES = 30
TEMPLATE_FIELDS = (
    "title",
    "notes",
    "due_after_days",
    "priority",
    "assignee_role",
    "recur_every_days",
    "is_active",
    "position",
)


def _require_admin(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.is_firm_admin):
        raise PermissionDenied("Only firm admins configure practice areas.")


def clean_stages(stages: list[str]) -> list[str]:
    """The stages as given, trimmed; refused when empty, repeated or too long."""
    cleaned = [" ".join(str(s).replace("\x00", "").split()) for s in stages]
    cleaned = [s for s in cleaned if s]
    if not cleaned:
        raise ValidationError({"stages": "A practice area needs at least one stage."})
    if len(cleaned) > MAX_STAGES:
        raise ValidationError({"stages": f"At most {MAX_STAGES} stages."})
    too_long = [s for s in cleaned if len(s) > STAGE_MAX_LENGTH]
    if too_long:
        raise ValidationError(
            {
                "stages": f"A stage name is at most {STAGE_MAX_LENGTH} characters: “{too_long[0][:60]}…”."
            }
        )
    seen: set[str] = set()
    for stage in cleaned:
        if stage.lower() in seen:
            raise ValidationError({"stages": f"“{stage}” is listed twice."})
        seen.add(stage.lower())
    return cleaned


def _save(area: PracticeArea) -> None:
    area.full_clean()
    try:
        with transaction.atomic():
            area.save()
    except IntegrityError:  # a concurrent save took the name or code
        raise ValidationError("Another practice area has that name or code.") from None


@transaction.atomic
def practice_area_create(*, actor: User, name: str, code: str, stages: list[str]) -> PracticeArea:
    _require_admin(actor)
    area = PracticeArea(name=name.strip(), code=code.strip().upper(), stages=clean_stages(stages))
    _save(area)
    audit.record(actor=actor, action=audit.Action.CREATE, obj=area,
                 changes={"stages": area.stages},
                 summary=f"created the practice area {area.name} ({area.code})")  # fmt: skip
    return area


@transaction.atomic
def practice_area_update(
    *, actor: User, practice_area: PracticeArea, name: str, code: str, stages: list[str]
) -> PracticeArea:
    """Rename, recode or reorder/add/remove stages. A stage that matters are at
    cannot be removed (nor renamed): they would be at a stage that no longer
    exists; move them first."""
    _require_admin(actor)
    area = PracticeArea.objects.select_for_update().get(pk=practice_area.pk)
    stages = clean_stages(stages)
    removed = [s for s in area.stages if s not in stages]
    if removed:
        in_use = sorted(
            set(
                Matter.objects.filter(practice_area=area, stage__in=removed)
                .values_list("stage", flat=True)
                .distinct()
            )
        )
        if in_use:
            names = ", ".join(f"“{s}”" for s in in_use)
            raise ValidationError(
                {"stages": f"Matters are at {'stage' if len(in_use) == 1 else 'stages'} "
                           f"{names}, so {'it' if len(in_use) == 1 else 'they'} cannot be "
                           "removed or renamed. Move those matters to another stage first; "
                           "nothing was changed."}
            )  # fmt: skip
    changes = {"name": name.strip(), "code": code.strip().upper(), "stages": stages}
    before = audit.snapshot(area, changes)
    for field, value in changes.items():
        setattr(area, field, value)
    delta = audit.diff(before, changes)
    if not delta:
        return area
    _save(area)
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=area, changes=delta,
                 summary=f"changed the practice area {area.name}: " + ", ".join(sorted(delta)))  # fmt: skip
    return area


def _template_values(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(TEMPLATE_FIELDS)
    if unknown:
        raise TypeError(f"task template got unknown fields: {', '.join(sorted(unknown))}")
    values = dict(fields)
    if "title" in values:
        values["title"] = " ".join(str(values["title"]).split())
    if values.get("recur_every_days") == 0:
        raise ValidationError({"recur_every_days": "Recur every 1 day or more, or leave it empty."})
    return values


@transaction.atomic
def task_template_create(
    *, actor: User, practice_area: PracticeArea, **fields: Any
) -> TaskTemplate:
    _require_admin(actor)
    values = _template_values(fields)
    if "position" not in values:
        last = practice_area.task_templates.order_by("-position").first()
        values["position"] = (last.position + 1) if last else 0
    template = TaskTemplate(practice_area=practice_area, **values)
    template.full_clean()
    template.save()
    audit.record(actor=actor, action=audit.Action.CREATE, obj=template,
                 changes={k: getattr(template, k) for k in TEMPLATE_FIELDS},
                 summary=f"added the task template “{template.title}” to {practice_area}")  # fmt: skip
    return template


@transaction.atomic
def task_template_update(*, actor: User, template: TaskTemplate, **fields: Any) -> TaskTemplate:
    """Change a template: matters opened from now on get the new version; tasks
    already made from it stay as they are."""
    _require_admin(actor)
    values = _template_values(fields)
    current = TaskTemplate.objects.select_for_update().get(pk=template.pk)
    before = audit.snapshot(current, values)
    for field, value in values.items():
        setattr(current, field, value)
    current.full_clean()
    delta = audit.diff(before, values)
    if not delta:
        return current
    current.save(update_fields=list(values))
    audit.record(actor=actor, action=audit.Action.CHANGE, obj=current, changes=delta,
                 summary=f"changed the task template “{current.title}”: " + ", ".join(sorted(delta)))  # fmt: skip
    return current
