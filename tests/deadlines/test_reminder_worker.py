"""Exactly-once reminders with real `celery worker` processes on the real Redis broker.

A worker is killed with SIGKILL while it is sending (its email backend is made
slow through tests/deadlines/worker_settings.py, only in that subprocess); a
second worker then runs two sweeps at once. Every reminder must be delivered
exactly once: one email, one notification, one delivered row.
"""

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
    queue: str, outbox: Path, *, delay: float, pool: str = "solo"
) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.deadlines.worker_settings",
        "DATABASE_NAME": connection.settings_dict["NAME"],
        "OUTBOX_DIR": str(outbox),
        "OUTBOX_DELAY": str(delay),
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


def test_a_worker_killed_mid_send_loses_and_doubles_nothing(alice, bob, tmp_path):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-CA")
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    for i in range(5):
        DeadlineFactory(matter=matter, title=f"Brief {i}", due_date=tomorrow).responsible.set(
            [alice, bob]
        )
    expected = 10  # 5 deadlines x 2 people, the 7-day reminder each
    queue = f"test-reminders-{uuid.uuid4().hex}"
    sending, sent = tmp_path / "sending.log", tmp_path / "sent.log"

    first = _start_worker(queue, tmp_path, delay=120)
    try:
        tasks.reminder_sweep.apply_async(queue=queue)
        _wait_for(sending.exists, 60, "the first worker to start sending")
        # Mid-send: the rows are scheduled and committed, none is marked sent.
        assert ReminderDelivery.objects.count() == expected
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        _stop(first)
    assert not sent.exists()  # the slow send never finished
    assert ReminderDelivery.objects.filter(sent_at__isnull=False).count() == 0
    assert Notification.objects.count() == 0  # rolled back with the dead worker's transaction

    second = _start_worker(queue, tmp_path, delay=0.05, pool="threads")
    try:
        # Two sweeps at once on one worker with two threads.
        results = [tasks.reminder_sweep_report.apply_async(queue=queue) for _ in range(2)]
        counts = [r.get(timeout=90) for r in results]
    finally:
        _stop(second)
    assert sum(c["sent"] for c in counts) == expected
    assert ReminderDelivery.objects.count() == expected
    assert ReminderDelivery.objects.filter(sent_at__isnull=True).count() == 0
    assert Notification.objects.count() == expected
    lines = sent.read_text().splitlines()
    assert len(lines) == expected
    assert len(set(lines)) == expected
