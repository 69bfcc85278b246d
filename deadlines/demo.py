"""Demo deadlines: trigger events on some demo matters (idempotent)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from cases.models import Matter
from deadlines import services
from deadlines.models import Deadline, TriggerEvent

# (matter title, event key, days from today, service)
EVENTS = [
    ("Harper v. Northwind Logistics", "discovery_requests_served", -10, "mail"),
    ("Harper v. Northwind Logistics", "trial_date_set", 200, "personal"),
    ("Lopez wrongful termination", "complaint_served", -12, "personal"),
    ("Greenleaf Foods contract dispute", "complaint_served", -5, "personal"),
    ("Okafor Industries trade secrets", "judgment_entered", -3, "electronic"),
]
# (matter title, title, kind, days from today, time, citation)
MANUAL = [
    ("Harper v. Northwind Logistics", "Hearing on motion to compel", "hearing", 9,
     datetime.time(9, 30), "N.D. Cal. Civ. L.R. 7-2"),
    ("Lopez wrongful termination", "Statute of limitations: FEHA civil action", "statute", 300,
     None, "Gov. Code § 12965(c)(1)(C)"),
    ("Chen v. Bayview Apartments", "Send demand letter follow-up", "internal", 6, None, ""),
]  # fmt: skip


def _weekday(day: datetime.date) -> datetime.date:
    """Courts sit on weekdays: move a demo date off Saturday or Sunday."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def seed_deadlines(firm: Any) -> None:
    today = timezone.localdate()
    actor = firm.users["dana"]
    matters = {m.title: m for m in Matter.objects.filter(title__in={e[0] for e in EVENTS + MANUAL})}
    for title, key, days, service in EVENTS:
        matter = matters.get(title)
        if matter is None or TriggerEvent.objects.filter(matter=matter, event_key=key).exists():
            continue
        services.trigger_event_create(
            actor=actor, matter=matter, event_key=key,
            trigger_date=today + datetime.timedelta(days=days), service=service,
        )  # fmt: skip
        firm.count("trigger events")
    for title, name, kind, days, at, citation in MANUAL:
        matter = matters.get(title)
        if matter is None or Deadline.objects.filter(matter=matter, title=name).exists():
            continue
        services.deadline_create(
            actor=actor, matter=matter, title=name, kind=kind,
            due_date=_weekday(today + datetime.timedelta(days=days)), due_time=at, citation=citation,
            responsible=[matter.responsible_attorney],
        )  # fmt: skip
        firm.count("deadlines")
