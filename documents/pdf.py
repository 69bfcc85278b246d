"""The PDF case summary, rendered with WeasyPrint on a worker for one user.

Every query starts from the one door for that user (the matter, and each
matter-owned row through its ``visible_to``), so the PDF holds only what the
requester may see when the worker runs.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from casemgr.models import AuditEvent, FirmSettings
from cases.models import CaseStrategy, Matter, Note, Offer, Task
from cases.models.negotiations import negotiation_positions
from deadlines.models import Deadline
from documents.models import Document

RECENT_NOTES = 10


def case_summary_context(*, user: Any, matter_id: int) -> dict[str, Any]:
    matter = (
        Matter.objects.visible_to(user)
        .select_related("client", "practice_area", "responsible_attorney", "originating_attorney")
        .get(pk=matter_id)
    )
    today = timezone.localdate()
    labels = dict(Document.Category.choices)
    deadlines = list(
        Deadline.objects.visible_to(user)
        .filter(matter_id=matter.pk)
        .order_by("due_date", "due_time", "id")
        .only("title", "kind", "status", "due_date", "due_time", "citation", "matter_id")
    )
    stage_history = [
        {"at": e.at, "who": e.actor_email, "change": e.changes.get("stage")}
        for e in AuditEvent.objects.filter(matter_id=matter.pk, changes__has_key="stage")
        .order_by("at", "id")
        .only("at", "actor_email", "changes")
    ]
    positions = negotiation_positions(
        Offer.objects.visible_to(user).filter(matter_id=matter.pk).latest_open_per_side()
    )
    return {
        "firm": FirmSettings.load(),
        "matter": matter,
        "generated_at": timezone.localtime(),
        "generated_for": user,
        "parties": list(
            matter.parties.select_related("contact").order_by("role", "contact__sort_name")
        ),
        "team": list(matter.team.select_related("user").order_by("role", "user__full_name")),
        "stage_history": stage_history,
        "upcoming": [
            d for d in deadlines if d.status == Deadline.Status.OPEN and d.due_date >= today
        ],
        "overdue": [
            d for d in deadlines if d.status == Deadline.Status.OPEN and d.due_date < today
        ],
        "past": [d for d in deadlines if d.status != Deadline.Status.OPEN],
        "tasks": list(
            Task.objects.visible_to(user)
            .filter(matter_id=matter.pk, status=Task.Status.OPEN)
            .select_related("assignee")
            .order_by("due_on", "id")
        ),
        "notes": list(
            Note.objects.visible_to(user)
            .filter(matter_id=matter.pk)
            .select_related("author")
            .order_by("-occurred_at", "-id")[:RECENT_NOTES]
        ),
        "strategy": CaseStrategy.objects.visible_to(user).filter(matter_id=matter.pk).first(),
        "position": positions.get(matter.pk),
        "documents": [
            {**row, "category_label": labels.get(row["category"], row["category"])}
            for row in Document.objects.visible_to(user)
            .filter(matter_id=matter.pk)
            .order_by("category", "-document_date", "title", "id")
            .values("title", "category", "document_date", "privileged", "created_at")
        ],
    }


def case_summary_pdf(*, user: Any, matter_id: int) -> bytes:
    from weasyprint import HTML  # heavy: loaded on workers only

    html = render_to_string(
        "documents/pdf/case_summary.html", case_summary_context(user=user, matter_id=matter_id)
    )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
