"""Demo work for seed_demo: task templates, tasks, a communications log and
negotiations on the demo matters. Idempotent: a second run adds nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from casemgr.demo import DemoFirm
from cases import services
from cases.models import Matter, PracticeArea, TaskTemplate

TEMPLATE_WINDOW_DAYS = 14

# (practice code, title, due after days, priority, assignee role, recur every days)
TEMPLATES = [
    ("LIT", "Send engagement letter", 2, "high", "paralegal", None),
    ("LIT", "Run litigation hold notice", 5, "high", "lead", None),
    ("LIT", "Client status call", 14, "normal", "paralegal", 30),
    ("EMP", "Request personnel file", 7, "normal", "paralegal", None),
    ("EMP", "Calendar EEOC / CRD charge deadline", 3, "urgent", "lead", None),
    ("PI", "Collect medical records", 10, "high", "case_manager", None),
    ("PI", "Client treatment check-in", 14, "normal", "case_manager", 14),
]

# (matter title, actor key, title, assignee key, due in days, priority, recur every days)
TASKS = [
    ("Harper v. Northwind Logistics", "bob", "Serve second set of interrogatories", "bob", 3, "high", None),
    ("Harper v. Northwind Logistics", "bob", "Review Northwind document production", "alice", -2, "urgent", None),
    ("Lopez wrongful termination", "bob", "Draft demand letter", "alice", 6, "normal", None),
    ("Chen v. Bayview Apartments", "carol", "Follow up with insurer adjuster", "carol", 1, "normal", 7),
]  # fmt: skip

# (matter title, actor key, kind, direction, subject, participants, body, days ago)
NOTES = [
    ("Harper v. Northwind Logistics", "bob", "call", "outgoing", "Meet-and-confer on discovery",
     "Opposing counsel (N. Patel)", "Agreed to a two-week extension for the document production.", 3),
    ("Harper v. Northwind Logistics", "alice", "meeting", "", "Strategy meeting with client",
     "Ms. Harper, Alice, Bob", "Walked through deposition schedule and settlement range.", 8),
    ("Chen v. Bayview Apartments", "carol", "email", "incoming", "Adjuster asks for medical specials",
     "Bayview's insurer", "Requested itemized medical bills before responding to the demand.", 2),
]  # fmt: skip

# (matter title, actor key, side, amount, days ago, terms, counters the previous offer)
OFFERS = [
    ("Harper v. Northwind Logistics", "bob", "client", "850000", 40, "Lump sum; mutual release", False),
    ("Harper v. Northwind Logistics", "bob", "opposing", "250000", 25, "Confidentiality; no admission", True),
    ("Harper v. Northwind Logistics", "bob", "client", "700000", 10, "Lump sum within 30 days", True),
    ("Chen v. Bayview Apartments", "carol", "client", "180000", 12, "Policy-limits demand", False),
]  # fmt: skip


def seed_work(firm: DemoFirm) -> None:
    today = timezone.localdate()
    areas = {area.code: area for area in PracticeArea.objects.all()}
    for code, title, due_after, priority, role, recur in TEMPLATES:
        if code not in areas:
            continue
        _, created = TaskTemplate.objects.get_or_create(
            practice_area=areas[code], title=title,
            defaults={"due_after_days": due_after, "priority": priority, "assignee_role": role,
                      "recur_every_days": recur},
        )  # fmt: skip
        if created:
            firm.count("task templates")
    matters = {
        m.title: m for m in Matter.objects.select_related("practice_area", "responsible_attorney")
    }
    # Templates apply when a matter opens; give them to the recently opened demo
    # matters only (on older ones every templated task would be long overdue).
    recent = today - datetime.timedelta(days=TEMPLATE_WINDOW_DAYS)
    for matter in matters.values():
        if matter.opened_on < recent:
            continue
        created = services.task_templates_apply(matter=matter, actor=firm.users["dana"])
        if created:
            firm.count("tasks", len(created))

    for title, actor, task_title, assignee, due_in, priority, recur in TASKS:
        matter = matters.get(title)
        if matter is None or matter.tasks.filter(title=task_title).exists():
            continue
        services.task_create(
            actor=firm.users[actor], matter=matter, title=task_title,
            assignee=firm.users[assignee], due_on=today + datetime.timedelta(days=due_in),
            priority=priority, recur_every_days=recur,
        )  # fmt: skip
        firm.count("tasks")

    now = timezone.now()
    for title, actor, kind, direction, subject, participants, body, days_ago in NOTES:
        matter = matters.get(title)
        if matter is None or matter.notes.filter(subject=subject).exists():
            continue
        services.note_create(
            actor=firm.users[actor], matter=matter, kind=kind, direction=direction,
            subject=subject, participants=participants, body=body,
            occurred_at=now - datetime.timedelta(days=days_ago),
        )  # fmt: skip
        firm.count("notes")

    for title in {row[0] for row in OFFERS}:
        matter = matters.get(title)
        if matter is None or matter.offers.exists():
            continue
        previous = None
        for _, actor, side, amount, days_ago, terms, counters in (
            r for r in OFFERS if r[0] == title
        ):
            previous = services.offer_record(
                actor=firm.users[actor], matter=matter, side=side, amount=Decimal(amount),
                made_on=today - datetime.timedelta(days=days_ago), terms=terms,
                responds_to=previous if counters else None,
            )  # fmt: skip
            firm.count("offers")
