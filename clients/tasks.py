"""Thin Celery wrappers around clients services."""

from celery import shared_task

from clients import imports, intake


@shared_task(acks_late=True, ignore_result=True, queue="heavy", max_retries=3,
             autoretry_for=(OSError,), retry_backoff=True)  # fmt: skip
def render_decline_letter(intake_id: int) -> None:
    """PDF rendering runs on the heavy queue, never in a web request."""
    intake.intake_letter_render(intake_id=intake_id)


@shared_task(acks_late=True, ignore_result=True)
def contact_import_check(job_id: int) -> None:
    """Check every row of a contacts import (the page polls the job's progress)."""
    imports.import_job_check(importer=imports.CONTACTS, job_id=job_id)


@shared_task(acks_late=True, ignore_result=True)
def contact_import_run(job_id: int) -> None:
    """Import a checked file's contacts, all or none."""
    imports.import_job_run(importer=imports.CONTACTS, job_id=job_id)
