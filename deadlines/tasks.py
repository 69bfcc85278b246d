"""Thin Celery wrappers: the reminder sweep reads the schedule from the database."""

from celery import shared_task

from deadlines import reminders


@shared_task(acks_late=True, ignore_result=True)
def reminder_sweep() -> None:
    """Run every five minutes by beat; safe to run twice at once or after a crash."""
    reminders.sweep()


@shared_task(acks_late=True)
def reminder_sweep_report(chunk: int | None = None) -> dict[str, int]:
    """The same sweep, returning its counts (for operators and tests); ``chunk``
    makes the delivery threads take smaller batches."""
    if chunk is None:
        return vars(reminders.sweep())
    return vars(reminders.sweep(chunk=max(1, int(chunk))))
