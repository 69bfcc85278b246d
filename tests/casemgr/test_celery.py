"""A real Celery worker consumes tasks from the real Redis broker."""

import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from casemgr import tasks
from casemgr.celery import app
from casemgr.models import Heartbeat


@pytest.fixture
def worker_queue(transactional_db):
    # A queue of its own, so a `make run` worker on the same Redis cannot take our tasks.
    queue = f"test-{uuid.uuid4().hex}"
    with start_worker(
        app, pool="solo", queues=[queue], perform_ping_check=False, loglevel="WARNING"
    ):
        yield queue


def test_a_task_sent_through_redis_is_executed_by_a_real_worker(worker_queue):
    result = tasks.ping.apply_async(args=["hello from the test"], queue=worker_queue)
    assert result.get(timeout=20) == "hello from the test"


def test_the_heartbeat_task_records_the_beat_in_the_database(worker_queue):
    assert not Heartbeat.objects.exists()
    result = tasks.heartbeat.apply_async(queue=worker_queue, ignore_result=False)
    result.get(timeout=20)
    beat = Heartbeat.objects.get(name="celery")
    assert beat.worker


def test_celery_is_configured_for_late_acks_and_a_heartbeat_schedule():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.broker_url.startswith(("redis", "rediss"))
    assert app.conf.beat_schedule["heartbeat"]["task"] == "casemgr.tasks.heartbeat"
