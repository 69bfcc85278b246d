"""The reminder sweep: the database is the schedule, each reminder goes out once.

Every five minutes (CELERY_BEAT_SCHEDULE) ``sweep()``:

1. **schedules** in one SQL statement the reminders now due: for each open
   deadline and each responsible person, the reminder offsets are the
   deadline's own, else the person's defaults, else 30/7/1/0 days. The
   reminder due is the smallest offset not below the days left (so a deadline
   entered five days out gets its 7-day reminder, not a stale 30-day one).
   Rows are inserted into ReminderDelivery with ``ON CONFLICT DO NOTHING`` on
   the unique (deadline, user, kind, offset, due date) and committed before
   anything is sent. Two sweeps at once insert each row once.
   Overdue court deadlines and statutes of limitations get one "overdue" row
   for the matter's responsible attorney.
2. **delivers** every unsent row: each in its own transaction that locks the
   row with ``FOR UPDATE SKIP LOCKED`` (a concurrent sweep skips it), sends the
   email, writes the in-app Notification and marks the row sent, then commits.
   A worker that dies mid-send rolls back: the row stays unsent and the next
   sweep delivers it; the Notification is never doubled. Rows are read in
   batches (``DELIVERY_CHUNK``) that share one visibility query, one preference
   query and one SMTP connection; a sweep delivers for at most
   ``DELIVERY_BUDGET_SECONDS`` and leaves the rest to the next one. (Email itself is
   at-least-once only in the instant between the mail server accepting the
   message and our commit; no protocol closes that gap.)
3. sends the optional **daily digest**, once per user per day, the same way.

The candidate query scans open deadlines by due date (partial index
``deadline_open_due``) within the largest offset in use, so its cost follows
the deadlines due soon, not the size of the table (see ``_due_reminders_select``).
"""

from __future__ import annotations

import datetime
import logging
import time
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import connection, transaction
from django.db.models import BigIntegerField, F, Value
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from cases.models import Matter
from deadlines.models import (
    DEFAULT_REMINDER_OFFSETS,
    Deadline,
    DigestDelivery,
    Notification,
    ReminderDelivery,
    ReminderPreference,
)

logger = logging.getLogger(__name__)

# Overdue deadlines older than this are not escalated any more (they were, when
# they became overdue); it keeps the escalation scan small.
OVERDUE_LOOKBACK_DAYS = 14
MAX_ATTEMPTS = 10
DIGEST_HOUR = 7  # in the firm's zone
DIGEST_DAYS = 7
# Delivery: rows read (and their visibility checked) per batch, and how long one
# sweep keeps delivering; the beat runs every 300 s, and what is left when the
# budget is spent goes out at the next sweep.
DELIVERY_CHUNK = 1000
DELIVERY_BUDGET_SECONDS = 150.0
VISIBILITY_USERS_PER_QUERY = 100
DIGESTS_PER_SWEEP = 500


@dataclass
class SweepResult:
    scheduled: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    digests: int = 0


def _max_offset() -> int:
    """The largest reminder offset anyone uses (bounds the date range scanned)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT GREATEST(
                (SELECT max(o) FROM {ReminderPreference._meta.db_table} p, unnest(p.offsets) o),
                (SELECT max(o) FROM {Deadline._meta.db_table} d, unnest(d.reminder_offsets) o
                 WHERE d.status = 'open' AND d.reminder_offsets IS NOT NULL)
            )
            """  # noqa: S608 -- table names only, from model metadata
        )
        found = cursor.fetchone()[0]
    return max(found or 0, *DEFAULT_REMINDER_OFFSETS)


def _due_reminders_select() -> str:
    """The reminders due now and not delivered yet: (deadline_id, user_id,
    due_date, offset_days) rows. Parameters: now, defaults, first, last.

    Each open deadline in the date window is read once with its days left
    (a MATERIALIZED CTE over the partial index ``deadline_open_due``); its
    responsible people are joined by index; the offset due is computed once
    per (deadline, person) in a LATERAL subquery, and rows without one (days
    left beyond every offset of theirs) are dropped before the delivery
    history is probed, by the unique key ``reminder_delivered_once``, for
    just the remaining rows."""
    deadline_t = Deadline._meta.db_table
    resp_t = Deadline.responsible.through._meta.db_table
    pref_t = ReminderPreference._meta.db_table
    user_t = User._meta.db_table
    delivery_t = ReminderDelivery._meta.db_table
    return f"""
        WITH open_soon AS MATERIALIZED (
            SELECT d.id, d.due_date, d.reminder_offsets,
                   d.due_date - (%(now)s AT TIME ZONE d.time_zone)::date AS days_left
            FROM {deadline_t} d
            WHERE d.status = 'open' AND d.due_date BETWEEN %(first)s AND %(last)s
        )
        SELECT c.id AS deadline_id, r.user_id, c.due_date, o.offset_days
        FROM open_soon c
        JOIN {resp_t} r ON r.deadline_id = c.id
        JOIN {user_t} u ON u.id = r.user_id AND u.is_active
        LEFT JOIN {pref_t} p ON p.user_id = r.user_id
        CROSS JOIN LATERAL (
            SELECT min(x) AS offset_days
            FROM unnest(COALESCE(c.reminder_offsets, p.offsets, %(defaults)s::smallint[])) x
            WHERE x >= c.days_left
        ) o
        WHERE c.days_left >= 0 AND o.offset_days IS NOT NULL
          AND NOT EXISTS (
              SELECT 1 FROM {delivery_t} x
              WHERE x.deadline_id = c.id AND x.user_id = r.user_id
                AND x.kind = 'reminder' AND x.offset_days = o.offset_days
                AND x.due_date = c.due_date)
    """  # noqa: S608 -- table names only, from model metadata


def schedule_due(now: datetime.datetime) -> int:
    """Insert the reminder and escalation rows now due; return how many are new."""
    deadline_t = Deadline._meta.db_table
    user_t = User._meta.db_table
    matter_t = Matter._meta.db_table
    delivery_t = ReminderDelivery._meta.db_table
    due_sql = _due_reminders_select()
    utc_today = now.astimezone(datetime.UTC).date()
    params = {
        "now": now,
        "defaults": list(DEFAULT_REMINDER_OFFSETS),
        # Court zones are within a day of UTC: these bounds only let the index work.
        "first": utc_today - datetime.timedelta(days=1),
        "last": utc_today + datetime.timedelta(days=_max_offset() + 1),
        "overdue_first": utc_today - datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS),
        "overdue_last": utc_today + datetime.timedelta(days=1),
        "escalating": list(Deadline.ESCALATING_KINDS),
    }
    reminders_sql = f"""
        INSERT INTO {delivery_t}
            (deadline_id, user_id, kind, offset_days, due_date, created_at, skipped, attempts)
        SELECT due.deadline_id, due.user_id, 'reminder', due.offset_days, due.due_date,
               %(now)s, false, 0
        FROM ({due_sql}) due
        ON CONFLICT ON CONSTRAINT reminder_delivered_once DO NOTHING
    """  # noqa: S608 -- table names only, from model metadata
    overdue_sql = f"""
        INSERT INTO {delivery_t}
            (deadline_id, user_id, kind, offset_days, due_date, created_at, skipped, attempts)
        SELECT d.id, m.responsible_attorney_id, 'overdue', 0, d.due_date, %(now)s, false, 0
        FROM {deadline_t} d
        JOIN {matter_t} m ON m.id = d.matter_id
        JOIN {user_t} u ON u.id = m.responsible_attorney_id AND u.is_active
        WHERE d.status = 'open' AND d.kind = ANY(%(escalating)s)
          AND d.due_date BETWEEN %(overdue_first)s AND %(overdue_last)s
          AND ((d.due_date + COALESCE(d.due_time, time '23:59:59'))
               AT TIME ZONE d.time_zone) < %(now)s
          AND NOT EXISTS (
              SELECT 1 FROM {delivery_t} x
              WHERE x.deadline_id = d.id AND x.user_id = m.responsible_attorney_id
                AND x.kind = 'overdue' AND x.offset_days = 0 AND x.due_date = d.due_date)
        ON CONFLICT ON CONSTRAINT reminder_delivered_once DO NOTHING
    """  # noqa: S608 -- table names only, from model metadata
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(reminders_sql, params)
        count = cursor.rowcount
        cursor.execute(overdue_sql, params)
        count += cursor.rowcount
    return count


def _still_visible(deadline: Deadline, user: User) -> bool:
    return (
        deadline.status == Deadline.Status.OPEN
        and Matter.objects.visible_to(user).filter(pk=deadline.matter_id).exists()
    )


def _message(row: ReminderDelivery) -> tuple[str, str, str]:
    """(notification text, email subject, email body)."""
    d = row.deadline
    when = d.due_date.strftime("%a %Y-%m-%d")
    if d.due_time:
        when += f" {d.due_time:%H:%M} {d.zone_abbreviation}"
    context = {"deadline": d, "matter": d.matter, "user": row.user, "when": when, "row": row}
    if row.kind == ReminderDelivery.Kind.OVERDUE:
        text = f"OVERDUE: {d.title} was due {when} ({d.matter.number})"
        template = "emails/deadline_overdue.txt"
    else:
        left = "today" if row.offset_days == 0 else f"in {row.offset_days} days"
        if row.offset_days == 1:
            left = "tomorrow"
        text = f"{d.title} is due {left}, {when} ({d.matter.number})"
        template = "emails/deadline_reminder.txt"
        context["left"] = left
    return text, f"[casemgr] {text}"[:200], render_to_string(template, context)


def deliver(delivery_id: int) -> str:
    """Send one reminder if nobody else is; returns "sent", "skipped", "busy" or "failed"."""
    try:
        with transaction.atomic():
            row = (
                ReminderDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("deadline__matter", "user")
                .filter(pk=delivery_id, sent_at__isnull=True)
                .first()
            )
            if row is None:
                return "busy"  # sent already, or another sweep is sending it now
            now = timezone.now()
            if not _still_visible(row.deadline, row.user):
                row.sent_at, row.skipped = now, True
                row.save(update_fields=["sent_at", "skipped"])
                return "skipped"
            text, subject, body = _message(row)
            Notification.objects.create(user=row.user, deadline=row.deadline, text=text[:500])
            pref = ReminderPreference.objects.filter(user=row.user).first()
            if pref is None or pref.email:
                send_mail(subject, body, None, [row.user.email])
            row.sent_at = now
            row.attempts += 1
            row.save(update_fields=["sent_at", "attempts"])
            return "sent"
    except Exception:
        logger.exception("reminder %s could not be sent; the next sweep retries it", delivery_id)
        ReminderDelivery.objects.filter(pk=delivery_id, sent_at__isnull=True).update(
            attempts=F("attempts") + 1
        )
        return "failed"


def pending_ids(limit: int = 500) -> list[int]:
    return list(
        ReminderDelivery.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )


def _visible_pairs(rows: list[ReminderDelivery]) -> set[tuple[int, int]]:
    """The (user id, matter id) pairs of ``rows`` whose person may still see the
    matter: one query for a whole batch (a UNION ALL of each person's
    ``Matter.objects.visible_to`` restricted to the batch's matters)."""
    matters: dict[int, set[int]] = {}
    users: dict[int, User] = {}
    for row in rows:
        matters.setdefault(row.user_id, set()).add(row.deadline.matter_id)
        users[row.user_id] = row.user
    parts = []
    for user_id, matter_ids in matters.items():
        qs = Matter.objects.visible_to(users[user_id])
        if qs.query.is_empty():
            continue  # inactive: sees nothing
        parts.append(
            qs.filter(pk__in=sorted(matter_ids))
            .annotate(_reminded=Value(user_id, output_field=BigIntegerField()))
            .order_by()
            .values_list("_reminded", "pk")
        )
    visible: set[tuple[int, int]] = set()
    for start in range(0, len(parts), VISIBILITY_USERS_PER_QUERY):
        chunk = parts[start : start + VISIBILITY_USERS_PER_QUERY]
        query = chunk[0].union(*chunk[1:], all=True) if len(chunk) > 1 else chunk[0]
        visible.update((int(u), int(m)) for u, m in query)
    return visible


def _lock_unsent(cursor, delivery_id: int) -> str | None:
    """Lock one unsent delivery row (skipping it if a concurrent sweep holds it);
    return its deadline's status, or None if it is sent or locked."""
    cursor.execute(
        f"""
        SELECT d.status FROM {ReminderDelivery._meta.db_table} r
        JOIN {Deadline._meta.db_table} d ON d.id = r.deadline_id
        WHERE r.id = %s AND r.sent_at IS NULL
        FOR UPDATE OF r SKIP LOCKED
        """,  # noqa: S608 -- table names only, from model metadata
        [delivery_id],
    )
    found = cursor.fetchone()
    return found[0] if found else None


def deliver_batch(rows: list[ReminderDelivery], result: SweepResult) -> None:
    """Deliver ``rows`` (read with their deadline, matter and user) exactly as
    ``deliver`` does one: each row in its own transaction that locks it
    (``SKIP LOCKED``), writes the Notification, sends the email and marks it
    sent before committing, so a crash resends at most the message in flight.
    What is shared across the batch: one visibility query, one preference
    query, and one SMTP connection."""
    if not rows:
        return
    visible = _visible_pairs(rows)
    no_email = set(
        ReminderPreference.objects.filter(
            user_id__in={row.user_id for row in rows}, email=False
        ).values_list("user_id", flat=True)
    )
    now = timezone.now()
    hidden = [
        row.pk
        for row in rows
        if row.deadline.status != Deadline.Status.OPEN
        or (row.user_id, row.deadline.matter_id) not in visible
    ]
    if hidden:
        # Nothing is sent for these: mark them in one statement (rows a
        # concurrent sweep holds are left to it).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {ReminderDelivery._meta.db_table} SET sent_at = %s, skipped = true
                WHERE id IN (SELECT id FROM {ReminderDelivery._meta.db_table}
                             WHERE id = ANY(%s) AND sent_at IS NULL
                             FOR UPDATE SKIP LOCKED)
                """,  # noqa: S608 -- table names only, from model metadata
                [now, hidden],
            )
            result.skipped += cursor.rowcount
    hidden_ids = set(hidden)
    mailer = None
    try:
        for row in rows:
            if row.pk in hidden_ids:
                continue
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    status = _lock_unsent(cursor, row.pk)
                    if status is None:
                        continue  # sent already, or another sweep is sending it now
                    now = timezone.now()
                    if status != Deadline.Status.OPEN:
                        # Closed since the batch was read.
                        ReminderDelivery.objects.filter(pk=row.pk).update(sent_at=now, skipped=True)
                        result.skipped += 1
                        continue
                    text, subject, body = _message(row)
                    Notification.objects.create(
                        user_id=row.user_id, deadline_id=row.deadline_id, text=text[:500]
                    )
                    if row.user_id not in no_email:
                        if mailer is None:
                            mailer = get_connection()
                            mailer.open()
                        EmailMessage(
                            subject, body, None, [row.user.email], connection=mailer
                        ).send()
                    cursor.execute(
                        f"UPDATE {ReminderDelivery._meta.db_table}"  # noqa: S608 -- table name
                        " SET sent_at = %s, attempts = attempts + 1 WHERE id = %s",
                        [now, row.pk],
                    )
                result.sent += 1
            except Exception:
                logger.exception("reminder %s could not be sent; the next sweep retries it", row.pk)
                ReminderDelivery.objects.filter(pk=row.pk, sent_at__isnull=True).update(
                    attempts=F("attempts") + 1
                )
                result.failed += 1
                if mailer is not None:  # the connection may be broken: open a new one
                    _close_quietly(mailer)
                    mailer = None
    finally:
        if mailer is not None:
            _close_quietly(mailer)


def _close_quietly(mailer) -> None:
    try:
        mailer.close()
    except Exception:  # noqa: BLE001 -- a dead connection is closed already
        logger.warning("closing the SMTP connection failed", exc_info=True)


def deliver_pending(result: SweepResult, *, chunk: int, budget: float) -> None:
    """Deliver the unsent rows in id order, ``chunk`` at a time, until none is
    left or ``budget`` seconds have passed. Each row is tried at most once per
    sweep (a failed one waits for the next sweep, as before)."""
    started = time.monotonic()
    after = 0
    while time.monotonic() - started < budget:
        rows = list(
            ReminderDelivery.objects.filter(
                sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, pk__gt=after
            )
            .select_related("deadline__matter", "user")
            .order_by("id")[:chunk]
        )
        if not rows:
            return
        after = rows[-1].pk
        deliver_batch(rows, result)


# --- Daily digest -------------------------------------------------------------------


def schedule_digests(now: datetime.datetime) -> int:
    local = now.astimezone(zoneinfo.ZoneInfo(settings.FIRM_TIME_ZONE))
    if local.hour < DIGEST_HOUR:
        return 0
    users = ReminderPreference.objects.filter(daily_digest=True, user__is_active=True)
    rows = [
        DigestDelivery(user_id=uid, day=local.date())
        for uid in users.values_list("user_id", flat=True)
    ]
    with transaction.atomic():
        created = DigestDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def deliver_digest(digest_id: int) -> bool:
    from deadlines import selectors

    with transaction.atomic():
        row = (
            DigestDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("user")
            .filter(pk=digest_id, sent_at__isnull=True)
            .first()
        )
        if row is None:
            return False
        until = row.day + datetime.timedelta(days=DIGEST_DAYS)
        deadlines = list(
            selectors.scoped_deadlines(row.user, scope="mine")
            .filter(due_date__lte=until)
            .select_related("matter")
            .order_by("due_date", "due_time")[:200]
        )
        if deadlines:
            body = render_to_string(
                "emails/deadline_digest.txt",
                {"user": row.user, "day": row.day, "deadlines": deadlines, "until": until},
            )
            send_mail(f"[casemgr] Your deadlines for {row.day:%a %Y-%m-%d}", body, None,
                      [row.user.email])  # fmt: skip
        row.sent_at = timezone.now()
        row.save(update_fields=["sent_at"])
        return True


# --- The sweep ------------------------------------------------------------------------


def sweep(
    *,
    now: datetime.datetime | None = None,
    chunk: int = DELIVERY_CHUNK,
    budget: float = DELIVERY_BUDGET_SECONDS,
) -> SweepResult:
    """Schedule what is due, deliver the unsent reminders ``chunk`` at a time
    for at most ``budget`` seconds (well within the beat period; what is left
    goes out at the next sweep), then the digests."""
    now = now or timezone.now()
    result = SweepResult(scheduled=schedule_due(now))
    deliver_pending(result, chunk=chunk, budget=budget)
    schedule_digests(now)
    for pk in DigestDelivery.objects.filter(sent_at__isnull=True).values_list("id", flat=True)[
        :DIGESTS_PER_SWEEP
    ]:
        result.digests += deliver_digest(pk)
    return result
