"""Thin Celery wrappers around cases services."""

from celery import shared_task

from cases import imports
from clients.imports import import_job_check, import_job_run


@shared_task(acks_late=True, ignore_result=True)
def party_import_check(job_id: int) -> None:
    """Check every row of a parties import (the page polls the job's progress)."""
    import_job_check(importer=imports.PARTIES, job_id=job_id)


@shared_task(acks_late=True, ignore_result=True)
def party_import_run(job_id: int) -> None:
    """Import a checked file's parties, all or none."""
    import_job_run(importer=imports.PARTIES, job_id=job_id)
