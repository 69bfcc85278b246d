"""The reminder sweep: the database is the schedule, each reminder goes out once.

Every five minutes (CELERY_BEAT_SCHEDULE) ``sweep()``:

1. **schedules** the reminders now due: for each open deadline and each
   responsible person, the reminder offsets are the deadline's own, else the
   person's defaults, else 30/7/1/0 days. The reminder due is the smallest
   offset not below the days left (so a deadline entered five days out gets
   its 7-day reminder, not a stale 30-day one). Rows are inserted into
   ReminderDelivery with ``ON CONFLICT DO NOTHING`` on the unique (due date,
   deadline, user, kind, offset) and committed before anything is sent. Two
   sweeps at once insert each row once. Overdue court deadlines and statutes
   of limitations get one "overdue" row for the matter's responsible attorney.
   ``SCHEDULE_PARTS`` database sessions share the work by due date (see
   ``schedule_due``); the selection reads indexes only (``_due_reminders_select``).
2. **delivers** every unsent row: each in its own transaction that claims the
   row with ``FOR UPDATE SKIP LOCKED`` (a concurrent sweep skips it), marks it
   sent and writes the in-app Notification (one statement, ``_claim_sql``),
   sends the email, then commits. A worker that dies mid-send rolls back: the
   row stays unsent and the next sweep delivers it; the Notification is never
   doubled. ``DELIVERY_WORKERS`` threads deliver side by side, each on its own
   database and SMTP connection, taking batches of ``DELIVERY_CHUNK`` rows
   person by person; a batch shares one visibility query (the one door,
   ``Matter.objects.visible_to``) and one preference query. A sweep delivers
   for at most ``DELIVERY_BUDGET_SECONDS`` and leaves the rest to the next
   one.

The guarantee, exactly: no reminder is lost; the in-app notification is
written exactly once (it commits with the row that marks the reminder sent);
the email goes out at least once and at most twice, and twice only when the
process dies in the instant between the mail server accepting the message and
our commit. The delivery threads of one process take turns through that
instant (``_SEND_WINDOW``), so a crash doubles at most one email per worker
process; the resend carries the same ``Message-ID`` (``message_id``, derived
from the delivery row), so mail clients and people can recognise it as the
same message. No protocol closes that last gap between SMTP and PostgreSQL.
3. sends the optional **daily digest**, once per user per day, the same way.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
import time
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parseaddr
from typing import TypeVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import BigIntegerField, F, Model, Value
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
T = TypeVar("T")

# Overdue deadlines older than this are not escalated any more (they were, when
# they became overdue); it keeps the escalation scan small.
OVERDUE_LOOKBACK_DAYS = 14
MAX_ATTEMPTS = 10
# Database sessions that schedule side by side (see schedule_due).
SCHEDULE_PARTS = 2
DIGEST_HOUR = 7  # in the firm's zone
DIGEST_DAYS = 7
# Delivery: rows read (and their visibility checked) per batch, and how long one
# sweep keeps delivering; the beat runs every 300 s, and what is left when the
# budget is spent goes out at the next sweep.
DELIVERY_CHUNK = 200
DELIVERY_BUDGET_SECONDS = 150.0
DELIVERY_WORKERS = 3
VISIBILITY_USERS_PER_QUERY = 100
DIGESTS_PER_SWEEP = 500
# Held from just before an email is handed to the mail server until the commit
# that marks it sent: of the delivery threads of one process, only one is ever
# between "the server accepted it" and "the database knows", so a crash leaves
# at most one email that the next sweep sends again.
_SEND_WINDOW = threading.Lock()


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


def _offset_due_sql(days_left: str, offsets: list[int]) -> str:
    """SQL for the smallest of ``offsets`` (constants) not below ``days_left``,
    NULL if there is none: a CASE, so the firm's defaults cost no subquery."""
    if not offsets:
        return "NULL::smallint"
    whens = " ".join(f"WHEN {days_left} <= {int(o)} THEN {int(o)}" for o in sorted(set(offsets)))
    return f"(CASE {whens} END)::smallint"


def _due_reminders_select() -> str:
    """The reminders due now and not delivered yet among the deadlines due on
    ``days``: (deadline_id, user_id, due_date, offset_days) rows, in key order.
    Parameters: now, near, days.

    Its cost follows the open deadlines due within the largest offset in use,
    not the size of the tables, and it never reads the wide deadline rows:

    * the open deadlines due on ``days`` come from the covering partial index
      ``deadline_open_reminding`` (an index-only scan), with their days left
      in their court's zone;
    * their responsible people are looked up by the through table's unique
      (deadline, user) index; a pair is kept if the deadline is
      ``near`` (within the firm's default days), has days of its own, or the
      person's own days reach further (``people.far``);
    * the offset due is the firm default's (a CASE over constants) unless the
      deadline or the person has days of their own;
    * the delivery history of those due dates is one range of the unique key
      ``reminder_delivered_once`` (it leads with the due date), hash
      anti-joined.
    """
    deadline_t = Deadline._meta.db_table
    resp_t = Deadline.responsible.through._meta.db_table
    pref_t = ReminderPreference._meta.db_table
    user_t = User._meta.db_table
    delivery_t = ReminderDelivery._meta.db_table
    default_due = _offset_due_sql("c.days_left", list(DEFAULT_REMINDER_OFFSETS))
    return f"""
        WITH open_soon AS MATERIALIZED (
            SELECT d.id, d.due_date, d.reminder_offsets,
                   d.due_date - (%(now)s AT TIME ZONE d.time_zone)::date AS days_left
            FROM {deadline_t} d
            WHERE d.status = 'open' AND d.due_date = ANY(%(days)s::date[])
        ), people AS MATERIALIZED (
            SELECT u.id, p.offsets,
                   COALESCE((SELECT max(o) FROM unnest(p.offsets) o) > %(near)s, false) AS far
            FROM {user_t} u
            LEFT JOIN {pref_t} p ON p.user_id = u.id
            WHERE u.is_active
        ), pairs AS MATERIALIZED (
            SELECT c.id, r.user_id, c.due_date, c.days_left, c.reminder_offsets, e.offsets
            FROM open_soon c
            JOIN {resp_t} r ON r.deadline_id = c.id
            JOIN people e ON e.id = r.user_id
            WHERE c.days_left >= 0
              AND (c.days_left <= %(near)s OR c.reminder_offsets IS NOT NULL OR e.far)
        ), history AS MATERIALIZED (
            SELECT x.deadline_id, x.user_id, x.offset_days, x.due_date
            FROM {delivery_t} x
            WHERE x.due_date = ANY(%(days)s::date[]) AND x.kind = 'reminder'
        ), due AS (
            SELECT c.id AS deadline_id, c.user_id, c.due_date,
                   CASE WHEN c.reminder_offsets IS NULL AND c.offsets IS NULL THEN {default_due}
                        ELSE (SELECT min(x) FROM unnest(COALESCE(c.reminder_offsets, c.offsets)) x
                              WHERE x >= c.days_left)
                   END AS offset_days
            FROM pairs c
            OFFSET 0
        )
        SELECT due.deadline_id, due.user_id, due.due_date, due.offset_days
        FROM due
        WHERE due.offset_days IS NOT NULL
          AND NOT EXISTS (
              SELECT 1 FROM history x
              WHERE x.due_date = due.due_date AND x.deadline_id = due.deadline_id
                AND x.user_id = due.user_id AND x.offset_days = due.offset_days)
        -- Inserted in key order: concurrent sweeps never wait on each other in a
        -- cycle, and the foreign-key checks at commit walk the deadlines in order.
        ORDER BY due.deadline_id, due.user_id
    """  # noqa: S608 -- table names only, from model metadata


def schedule_due(now: datetime.datetime, *, parts: int = SCHEDULE_PARTS) -> int:
    """Insert the reminder and escalation rows now due; return how many are new.

    ``parts`` database sessions do it side by side, each for every
    ``parts``-th due date of the window in its own transaction: the work (the
    selection, the inserts and their foreign-key checks at commit) is CPU-bound
    in PostgreSQL, where one session uses one core. The shares never overlap
    (the unique key holds the due date), so the sessions never wait for each
    other; a concurrent sweep inserts nothing twice (``ON CONFLICT``). Every
    share commits before delivery starts."""
    deadline_t = Deadline._meta.db_table
    user_t = User._meta.db_table
    matter_t = Matter._meta.db_table
    delivery_t = ReminderDelivery._meta.db_table
    due_sql = _due_reminders_select()
    utc_today = now.astimezone(datetime.UTC).date()
    params = {
        "now": now,
        # Deadlines further out than this are reminded only to people with days of
        # their own beyond the firm's defaults (or with days set on the deadline).
        "near": max(DEFAULT_REMINDER_OFFSETS, default=0),
        "escalating": list(Deadline.ESCALATING_KINDS),
    }
    # Court zones are within a day of UTC: these bounds only let the index work.
    window = _days(
        utc_today - datetime.timedelta(days=1),
        utc_today + datetime.timedelta(days=_max_offset() + 1),
    )
    overdue = _days(
        utc_today - datetime.timedelta(days=OVERDUE_LOOKBACK_DAYS),
        utc_today + datetime.timedelta(days=1),
    )
    parts = max(1, parts)
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
        -- One matter looked up by key per overdue deadline (OFFSET 0 keeps the
        -- planner from hashing the whole matter table for a few thousand).
        CROSS JOIN LATERAL (
            SELECT m.responsible_attorney_id FROM {matter_t} m
            JOIN {user_t} u ON u.id = m.responsible_attorney_id AND u.is_active
            WHERE m.id = d.matter_id
            OFFSET 0
        ) m
        WHERE d.status = 'open' AND d.kind = ANY(%(escalating)s)
          AND d.due_date = ANY(%(overdue_days)s::date[])
          AND ((d.due_date + COALESCE(d.due_time, time '23:59:59'))
               AT TIME ZONE d.time_zone) < %(now)s
          -- Probed by the unique key, one lookup per overdue deadline.
          AND NOT EXISTS (
              SELECT 1 FROM {delivery_t} x
              WHERE x.due_date = d.due_date AND x.deadline_id = d.id
                AND x.user_id = m.responsible_attorney_id
                AND x.kind = 'overdue' AND x.offset_days = 0
              OFFSET 0)
        ON CONFLICT ON CONSTRAINT reminder_delivered_once DO NOTHING
    """  # noqa: S608 -- table names only, from model metadata

    def schedule_part(part: int) -> int:
        # Every ``parts``-th due date: each share has near and far deadlines alike.
        days, overdue_days = window[part::parts], overdue[part::parts]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(reminders_sql, {**params, "days": days})
            count = cursor.rowcount
            cursor.execute(overdue_sql, {**params, "overdue_days": overdue_days})
            count += cursor.rowcount
        return count

    return sum(_side_by_side(schedule_part, parts))


def _days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


# --- Delivery -------------------------------------------------------------------------


def days_left_text(days: int) -> str:
    """How a reminder says when the deadline is: "today", "tomorrow", "in 12 days"."""
    if days <= 0:
        return "today" if days == 0 else f"{-days} days ago"
    return "tomorrow" if days == 1 else f"in {days} days"


def _message(row: ReminderDelivery) -> tuple[str, str, str]:
    """(notification text, email subject, email body)."""
    d = row.deadline
    when = d.due_date.strftime("%a %Y-%m-%d")
    if d.due_time:
        when += f" {d.due_time:%H:%M} {d.zone_abbreviation}"
        # The court's time stays the deadline; the recipient's own beside it.
        due = datetime.datetime.combine(d.due_date, d.due_time, tzinfo=d.zone)
        mine = due.astimezone(row.user.zone)
        if mine.utcoffset() != due.utcoffset() or mine.tzname() != due.tzname():
            when += f" ({mine:%a %H:%M} {mine.tzname()} your time)"
    context = {"deadline": d, "matter": d.matter, "user": row.user, "when": when, "row": row}
    if row.kind == ReminderDelivery.Kind.OVERDUE:
        text = f"OVERDUE: {d.title} was due {when} ({d.matter.number})"
        template = "emails/deadline_overdue.txt"
    else:
        # The days actually left in the court's zone, not the reminder's offset
        # (a deadline entered 12 days out gets its 30-day reminder: "in 12 days").
        left = days_left_text((d.due_date - timezone.now().astimezone(d.zone).date()).days)
        text = f"{d.title} is due {left}, {when} ({d.matter.number})"
        template = "emails/deadline_reminder.txt"
        context["left"] = left
    # Anything the e-mail prints as a time of day is in the recipient's zone.
    with timezone.override(row.user.zone):
        body = render_to_string(template, context)
    return text, f"[casemgr] {text}"[:200], body


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


def _claim_sql() -> str:
    """One statement per reminder, in the reminder's own transaction: lock the
    row unless a concurrent sweep holds it (``SKIP LOCKED``) or it is sent
    already, mark it sent (skipped if its deadline was closed meanwhile) and
    write the in-app notification; returns whether the deadline is open, or no
    row. The email goes out after it and before the commit: a failed send rolls
    all of it back."""
    delivery_t = ReminderDelivery._meta.db_table
    return f"""
        WITH claimed AS (
            SELECT r.id, d.status = %(open)s AS is_open
            FROM {delivery_t} r
            JOIN {Deadline._meta.db_table} d ON d.id = r.deadline_id
            WHERE r.id = %(id)s AND r.sent_at IS NULL
            FOR UPDATE OF r SKIP LOCKED
        ), marked AS (
            UPDATE {delivery_t} r
            SET sent_at = %(now)s, skipped = NOT c.is_open,
                attempts = r.attempts + CASE WHEN c.is_open THEN 1 ELSE 0 END
            FROM claimed c
            WHERE r.id = c.id
        ), noted AS (
            INSERT INTO {Notification._meta.db_table} (user_id, deadline_id, text, created_at)
            SELECT %(user)s, %(deadline)s, %(text)s, %(now)s FROM claimed WHERE is_open
        )
        SELECT is_open FROM claimed
    """  # noqa: S608 -- table names only, from model metadata


def message_id(row: Model) -> str:
    """The Message-ID of the email for a ReminderDelivery or DigestDelivery row:
    the same for every attempt at that row (a resend after a crash is the same
    message), different for every row and, through the row's creation time and
    the sender's domain, for every installation."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    domain = address.rpartition("@")[2] or "casemgr.invalid"
    if isinstance(row, DigestDelivery):
        return f"<casemgr.digest.{row.pk}.{row.day:%Y%m%d}@{domain}>"
    created = int(row.created_at.timestamp() * 1_000_000)
    return f"<casemgr.reminder.{row.pk}.{created}@{domain}>"


class _Mailer:
    """One SMTP connection for a run of sends: opened on first use, closed
    (and opened again on the next send) after a failure."""

    def __init__(self) -> None:
        self._connection = None

    def send(self, subject: str, body: str, to: str, message_id: str) -> None:
        if self._connection is None:
            self._connection = get_connection()
            self._connection.open()
        EmailMessage(
            subject, body, None, [to], connection=self._connection,
            headers={"Message-ID": message_id},
        ).send()  # fmt: skip

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:  # noqa: BLE001 -- a dead connection is closed already
                logger.warning("closing the SMTP connection failed", exc_info=True)
            self._connection = None


def deliver_batch(
    rows: list[ReminderDelivery], result: SweepResult, mailer: _Mailer | None = None
) -> None:
    """Deliver ``rows`` (read with their deadline, matter and user): each row
    in its own transaction that claims it (``_claim_sql``), sends the email and
    commits, so a crash resends at most the message in flight and a concurrent
    sweep never sends the same row. What is shared across the batch: one
    visibility query (the one door), one email-preference query and the SMTP
    connection (``mailer``, or one opened for the batch)."""
    if not rows:
        return
    visible = _visible_pairs(rows)
    no_email = set(
        ReminderPreference.objects.filter(
            user_id__in={row.user_id for row in rows}, email=False
        ).values_list("user_id", flat=True)
    )
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
                [timezone.now(), hidden],
            )
            result.skipped += cursor.rowcount
    hidden_ids = set(hidden)
    claim = _claim_sql()
    own_mailer = mailer is None
    mailer = mailer or _Mailer()
    try:
        for row in rows:
            if row.pk in hidden_ids:
                continue
            try:
                text, subject, body = _message(row)
                # Left in reverse order: the cursor, the transaction (the commit),
                # then the send window, entered just before the email goes out.
                with (
                    contextlib.ExitStack() as send_window,
                    transaction.atomic(),
                    connection.cursor() as cursor,
                ):
                    cursor.execute(claim, {
                        "id": row.pk, "open": Deadline.Status.OPEN, "now": timezone.now(),
                        "user": row.user_id, "deadline": row.deadline_id, "text": text[:500],
                    })  # fmt: skip
                    claimed = cursor.fetchone()
                    if claimed is None:
                        continue  # sent already, or another sweep is sending it now
                    if not claimed[0]:
                        result.skipped += 1  # closed since the batch was read
                        continue
                    if row.user_id not in no_email:
                        send_window.enter_context(_SEND_WINDOW)
                        mailer.send(subject, body, row.user.email, message_id(row))
                result.sent += 1
            except Exception:
                logger.exception("reminder %s could not be sent; the next sweep retries it", row.pk)
                ReminderDelivery.objects.filter(pk=row.pk, sent_at__isnull=True).update(
                    attempts=F("attempts") + 1
                )
                result.failed += 1
                mailer.close()  # the connection may be broken: the next send opens a new one
    finally:
        if own_mailer:
            mailer.close()


def deliver(delivery_id: int) -> str:
    """Send one reminder if nobody else is; returns "sent", "skipped", "busy" or "failed"."""
    rows = list(
        ReminderDelivery.objects.filter(pk=delivery_id, sent_at__isnull=True).select_related(
            "deadline__matter", "user"
        )
    )
    result = SweepResult()
    deliver_batch(rows, result)
    for outcome in ("sent", "skipped", "failed"):
        if getattr(result, outcome):
            return outcome
    return "busy"


class _Unsent:
    """The unsent reminders, handed out ``chunk`` at a time to the delivery
    threads of one sweep, person by person (so a batch checks access for few
    people) and each row at most once per sweep."""

    def __init__(self, chunk: int) -> None:
        self.chunk = chunk
        self._lock = threading.Lock()
        self._after = (0, 0)  # (user id, row id) of the last row handed out
        self._done = False

    def take(self) -> list[ReminderDelivery]:
        """The next batch, read on the calling thread's connection; [] when none is left."""
        with self._lock:
            if self._done:
                return []
            with connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    SELECT user_id, id FROM {ReminderDelivery._meta.db_table}
                    WHERE sent_at IS NULL AND attempts < %s AND (user_id, id) > (%s, %s)
                    ORDER BY user_id, id LIMIT %s
                    """,  # noqa: S608 -- table name only, from model metadata
                    [MAX_ATTEMPTS, *self._after, self.chunk],
                )
                keys = cursor.fetchall()
            if len(keys) < self.chunk:
                self._done = True
            if keys:
                self._after = keys[-1]
        return list(
            ReminderDelivery.objects.filter(pk__in=[pk for _, pk in keys], sent_at__isnull=True)
            .select_related("deadline__matter", "user")
            .order_by("user_id", "id")
        )


def _deliver_until(unsent: _Unsent, result: SweepResult, stop_at: float) -> None:
    mailer = _Mailer()
    try:
        while time.monotonic() < stop_at:
            rows = unsent.take()
            if not rows:
                return
            deliver_batch(rows, result, mailer)
    finally:
        mailer.close()


def deliver_pending(result: SweepResult, *, chunk: int, budget: float, workers: int = 1) -> None:
    """Deliver the unsent rows, ``chunk`` at a time, until none is left or
    ``budget`` seconds have passed; each row is tried at most once per sweep (a
    failed one waits for the next sweep).

    ``workers`` threads deliver side by side, each on its own database and SMTP
    connection, taking batches from one queue; each row is still claimed, sent
    and committed on its own, and the threads take turns between handing an
    email to the mail server and committing (``_SEND_WINDOW``), so at most one
    message is in flight when the process dies.
    """
    stop_at = time.monotonic() + budget
    unsent = _Unsent(chunk)
    parts = [SweepResult() for _ in range(max(1, workers))]
    _side_by_side(lambda n: _deliver_until(unsent, parts[n], stop_at), len(parts))
    for part in parts:
        result.sent += part.sent
        result.skipped += part.skipped
        result.failed += part.failed


def _side_by_side(work: Callable[[int], T], count: int) -> list[T]:
    """``work(0)`` ... ``work(count - 1)``, the first on this thread and the
    others on threads of their own, each with its own database connection
    (closed when it is done); their results, or the first error raised again.
    Inside a caller's transaction (tests) they run one after the other on the
    caller's connection, the only one that sees its uncommitted rows."""
    if count <= 1 or connection.in_atomic_block:
        return [work(n) for n in range(count)]
    results: list[T | None] = [None] * count
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            results[n] = work(n)
        except BaseException as exc:  # noqa: BLE001 -- raised again on the calling thread
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    threads = [
        threading.Thread(target=run, args=(n,), name=f"reminders-{n}") for n in range(1, count)
    ]
    for thread in threads:
        thread.start()
    try:
        results[0] = work(0)
    finally:
        for thread in threads:
            thread.join()
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]


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
            with timezone.override(row.user.zone):  # times in the recipient's zone
                body = render_to_string(
                    "emails/deadline_digest.txt",
                    {"user": row.user, "day": row.day, "deadlines": deadlines, "until": until},
                )
            EmailMessage(
                f"[casemgr] Your deadlines for {row.day:%a %Y-%m-%d}", body, None,
                [row.user.email], headers={"Message-ID": message_id(row)},
            ).send()  # fmt: skip
        row.sent_at = timezone.now()
        row.save(update_fields=["sent_at"])
        return True


# --- The sweep ------------------------------------------------------------------------


def sweep(
    *,
    now: datetime.datetime | None = None,
    chunk: int = DELIVERY_CHUNK,
    budget: float = DELIVERY_BUDGET_SECONDS,
    workers: int = DELIVERY_WORKERS,
) -> SweepResult:
    """Schedule what is due, deliver the unsent reminders ``chunk`` at a time
    on ``workers`` threads for at most ``budget`` seconds (well within the beat
    period; what is left goes out at the next sweep), then the digests."""
    now = now or timezone.now()
    result = SweepResult(scheduled=schedule_due(now))
    deliver_pending(result, chunk=chunk, budget=budget, workers=workers)
    schedule_digests(now)
    for pk in DigestDelivery.objects.filter(sent_at__isnull=True).values_list("id", flat=True)[
        :DIGESTS_PER_SWEEP
    ]:
        result.digests += deliver_digest(pk)
    return result
