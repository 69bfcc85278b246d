"""Thin Celery wrappers for webhook deliveries (accounts.webhooks does the work).

A delivery row is the idempotency key: an attempt claims it, so a task run twice
(late ack after a lost worker, a sweep re-queueing it) sends at most once per
claim. Failed attempts are re-scheduled on the row, and the beat sweep queues
what is due: no long countdowns in the broker.
"""

from celery import shared_task
from django.db import DatabaseError, InterfaceError

from accounts import webhooks


@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
)
def webhook_deliver(delivery_id: int) -> str:
    outcome = webhooks.delivery_attempt(delivery_id=delivery_id)
    return "not due or taken" if outcome is None else outcome.status


@shared_task(acks_late=True)
def webhook_sweep() -> int:
    """Queue every delivery whose next attempt is due (Celery beat)."""
    due = webhooks.due_deliveries()
    for pk in due:
        webhook_deliver.delay(pk)
    return len(due)
