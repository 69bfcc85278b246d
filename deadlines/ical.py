"""The iCal (RFC 5545) feed of a user's open deadlines, built on request.

Each deadline is one VEVENT with a stable UID (the deadline's id and the site),
so calendar apps update the event in place when its date changes; SEQUENCE is
the deadline's version. Untimed deadlines are all-day events (DTSTART;VALUE=DATE,
DTEND the next day); timed ones carry the court's zone as TZID with a VTIMEZONE.
A hearing set by a trigger event is one of them (kind "hearing", at its time).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from deadlines import selectors
from deadlines.models import Deadline

PRODID = "-//casemgr//deadlines//EN"
UID_DOMAIN = "casemgr.deadlines"


def uid_for(deadline: Deadline) -> str:
    return f"deadline-{deadline.pk}@{UID_DOMAIN}"


def _event(deadline: Deadline, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", uid_for(deadline))
    event.add("dtstamp", stamp)
    event.add("last-modified", deadline.updated_at)
    event.add("sequence", deadline.version)
    event.add("summary", f"{deadline.title} — {deadline.matter.number}")
    if deadline.due_time is None:
        event.add("dtstart", deadline.due_date)
        event.add("dtend", deadline.due_date + datetime.timedelta(days=1))
    else:
        start = deadline.due_at
        event.add("dtstart", start)
        event.add("dtend", start)
    lines = [f"Matter: {deadline.matter.number} {deadline.matter.title}"]
    if deadline.citation:
        lines.append(f"Rule: {deadline.citation}")
    if deadline.steps:
        lines.append(f"How it was computed: {deadline.explanation}")
    if deadline.is_overridden:
        lines.append(f"Date set by hand: {deadline.override_reason}")
    if deadline.kind == Deadline.Kind.HEARING and deadline.note:
        lines.append(deadline.note)
    event.add("description", "\n".join(lines))
    event.add("categories", [deadline.get_kind_display()])
    # A hearing takes the people to court: it shows as busy time. A deadline
    # is a moment by which something is due, not time spent.
    event.add("transp", "OPAQUE" if deadline.kind == Deadline.Kind.HEARING else "TRANSPARENT")
    return event


def render_feed(user: Any) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"casemgr deadlines — {user.full_name or user.email}")
    cal.add("x-wr-timezone", settings.FIRM_TIME_ZONE)
    stamp = timezone.now()
    zones: set[str] = set()
    for deadline in selectors.feed_deadlines(user):
        cal.add_component(_event(deadline, stamp))
        if deadline.due_time is not None:
            zones.add(deadline.time_zone)
    for name in sorted(zones):
        cal.add_component(Timezone.from_tzid(name))
    return cal.to_ical()
