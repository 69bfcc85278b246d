"""Thin Celery wrappers around clients services."""

from celery import shared_task

from clients import intake


@shared_task(acks_late=True, ignore_result=True, queue="heavy", max_retries=3,
             autoretry_for=(OSError,), retry_backoff=True)  # fmt: skip
def render_decline_letter(intake_id: int) -> None:
    """PDF rendering runs on the heavy queue, never in a web request."""
    intake.intake_letter_render(intake_id=intake_id)
