"""The reminder delivery guarantee with real `celery worker` processes on the real
Redis broker: none lost, in-app notifications exactly once, and at most one
duplicate email per worker crash, carrying the first one's Message-ID.

Workers are killed with SIGKILL (their email backend is made slow through
tests/deadlines/worker_settings.py, only in those subprocesses): the first while
a message is being handed over (before the mail server has it), the second after
the mail server accepted a message and before the commit that records it, while
its three delivery threads all hold claimed reminders. A last worker then runs two
sweeps at once and delivers the rest.
"""

import collections
import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from deadlines import tasks
from deadlines.models import Notification, ReminderDelivery
from tests.factories import DeadlineFactory, open_matter

pytestmark = pytest.mark.django_db(transaction=True)

CELERY = str(Path(sys.executable).with_name("celery"))
ROOT = Path(__file__).resolve().parents[2]


def _start_worker(
    queue: str, outbox: Path, *, delay: float, delay_after: float = 0, pool: str = "solo"
) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.deadlines.worker_settings",
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "OUTBOX_DIR": str(outbox),
        "OUTBOX_DELAY": str(delay),
        "OUTBOX_DELAY_AFTER": str(delay_after),
    }
    args = [CELERY, "-A", "casemgr", "worker", f"--pool={pool}", "-Q", queue,
            "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "WARNING"]  # fmt: skip
    if pool == "threads":
        args.append("--concurrency=2")
    return subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def _wait_for(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def _kill(proc: subprocess.Popen) -> None:
    try:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        _stop(proc)


def _emails(sent: Path) -> list[tuple[str, str, str]]:
    """(subject, recipient, Message-ID) of every email the mail server accepted."""
    return [tuple(line.split("\t")) for line in sent.read_text().splitlines()]


def test_worker_crashes_lose_nothing_double_no_notification_and_resend_the_same_message(
    alice, bob, tmp_path
):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-CA")
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    for i in range(5):
        DeadlineFactory(matter=matter, title=f"Brief {i}", due_date=tomorrow).responsible.set(
            [alice, bob]
        )
    expected = 10  # 5 deadlines x 2 people, the 7-day reminder each
    queue = f"test-reminders-{uuid.uuid4().hex}"
    sending, sent = tmp_path / "sending.log", tmp_path / "sent.log"

    # Crash 1: killed while handing a message over; the mail server never got it.
    first = _start_worker(queue, tmp_path, delay=120)
    try:
        tasks.reminder_sweep.apply_async(queue=queue)
        _wait_for(sending.exists, 60, "the first worker to start sending")
        # Mid-send: the rows are scheduled and committed, none is marked sent.
        assert ReminderDelivery.objects.count() == expected
    finally:
        _kill(first)
    assert not sent.exists()  # the slow send never finished
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 0
    assert Notification.objects.count() == 0  # rolled back with the dead worker's transaction

    # Crash 2: killed after the mail server accepted a message, before the commit.
    # Batches of 2 give each of the sweep's three delivery threads reminders of its
    # own: they claim them side by side, but only one may be past the hand-over.
    second = _start_worker(queue, tmp_path, delay=0, delay_after=120)
    try:
        tasks.reminder_sweep_report.apply_async(kwargs={"chunk": 2}, queue=queue)
        _wait_for(sent.exists, 60, "the second worker's mail server to accept a message")
        time.sleep(2)  # the other delivery threads reach the hand-over meanwhile
        accepted_before_crash = len(_emails(sent))
    finally:
        _kill(second)
    assert accepted_before_crash == 1  # the crash window is one message per worker
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 0
    assert Notification.objects.count() == 0

    last = _start_worker(queue, tmp_path, delay=0.05, pool="threads")
    try:
        # Two sweeps at once on one worker with two threads.
        results = [tasks.reminder_sweep_report.apply_async(queue=queue) for _ in range(2)]
        counts = [r.get(timeout=90) for r in results]
    finally:
        _stop(last)
    assert sum(c["sent"] for c in counts) == expected

    # Counted, not assumed: lost reminders, doubled notifications, doubled emails.
    rows = ReminderDelivery.objects.all()
    assert rows.count() == expected
    lost = rows.filter(sent_at__isnull=True).count()
    notifications = collections.Counter(Notification.objects.values_list("user", "deadline"))
    duplicate_notifications = sum(n - 1 for n in notifications.values())
    emails = _emails(sent)
    by_message = collections.defaultdict(list)
    for subject, recipient, message_id in emails:
        by_message[(subject, recipient)].append(message_id)
    duplicate_emails = len(emails) - len(by_message)
    assert lost == 0
    assert len(by_message) == expected  # every reminder reached its person by email
    assert duplicate_notifications == 0
    assert len(notifications) == expected
    assert duplicate_emails <= 2  # at most one per crash ...
    assert duplicate_emails == 1  # ... and here exactly the one accepted before crash 2
    for message_ids in by_message.values():
        assert len(set(message_ids)) == 1  # a resend carries the first one's Message-ID
    ids = [ids[0] for ids in by_message.values()]
    assert len(set(ids)) == expected  # and different reminders have different ones
    assert all(i.startswith("<casemgr.reminder.") and i.endswith(">") for i in ids)
