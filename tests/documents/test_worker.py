"""Case summaries and extraction run by a real `celery worker` process on the
real Redis broker, on a queue of the test's own; files in a shared folder."""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from casemgr.models import AuditEvent
from cases import services as case_services
from documents import selectors, services
from documents.models import CaseSummary, Document
from tests.documents import files
from tests.factories import ContactFactory, DeadlineFactory, open_matter

pytestmark = pytest.mark.django_db(transaction=True)

CELERY = str(Path(sys.executable).with_name("celery"))
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def worker(tmp_path):
    """A worker subprocess on a fresh queue; both processes store files in tmp_path."""
    queue = f"test-heavy-{uuid.uuid4().hex}"
    media = tmp_path / "media"
    media.mkdir()
    env = {**os.environ, "DATABASE_NAME": connection.settings_dict["NAME"],
           "MEDIA_ROOT": str(media), "DOCUMENTS_QUEUE": queue}  # fmt: skip
    proc = subprocess.Popen(
        [CELERY, "-A", "casemgr", "worker", "--pool=solo", "-Q", queue, "--without-gossip",
         "--without-mingle", "--without-heartbeat", "-l", "WARNING"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    storages = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    try:
        with override_settings(STORAGES=storages, DOCUMENTS_QUEUE=queue):
            yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def wait_for(predicate, timeout=90, what="the worker"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def litigated(alice, bob):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], title="Doe v. Acme Corp.")
    acme = ContactFactory(kind="organization", first_name="", last_name="",
                          organization_name="Acme Widgets Inc")  # fmt: skip
    case_services.party_add(actor=alice, matter=matter, contact=acme, role="opposing_party")
    DeadlineFactory(matter=matter, title="Answer to the complaint",
                    due_date=datetime.date.today() + datetime.timedelta(days=10),
                    citation="FRCP 12(a)(1)(A)(i)")  # fmt: skip
    DeadlineFactory(matter=matter, title="Initial disclosures", due_date=datetime.date(2026, 1, 5),
                    status="done", completed_at=datetime.datetime(2026, 1, 5, 18, tzinfo=datetime.UTC),
                    citation="FRCP 26(a)(1)(C)")  # fmt: skip
    return matter


def test_a_worker_renders_the_case_summary_pdf_for_alice(worker, alice, litigated, client):
    summary = services.case_summary_request(actor=alice, matter=litigated)
    wait_for(lambda: CaseSummary.objects.get(pk=summary.pk).finished, what="the summary")
    summary.refresh_from_db()
    assert summary.status == "done", summary.error
    document = summary.document
    assert (document.category, document.matter_id, document.privileged) == (
        "report",
        litigated.pk,
        True,
    )
    assert AuditEvent.objects.filter(action="pdf", object_id=str(document.pk)).exists()
    client.force_login(alice)
    status = client.get(reverse("documents:summary", args=[summary.pk]), HTTP_HX_REQUEST="true")
    assert "download the PDF" in status.content.decode()
    response = client.get(reverse("documents:download", args=[document.current_version_id]))
    text = "\n".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    )
    for expected in [litigated.number, "Acme Widgets Inc", "Answer to the complaint",
                     "FRCP 12(a)(1)(A)(i)", "Initial disclosures", "Alice Moreno", "Bob Lindqvist"]:  # fmt: skip
        assert expected in text, expected


def test_a_wall_raised_before_the_worker_runs_denies_bob_his_summary(
    worker, bob, dana, litigated, client
):
    worker.send_signal(signal.SIGSTOP)  # the request waits in the queue
    try:
        summary = services.case_summary_request(actor=bob, matter=litigated)
        case_services.wall_create(actor=dana, name="Acme conflict", matter=litigated, users=[bob],
                                  reason="Bob worked for Acme", notice="Screened")  # fmt: skip
    finally:
        worker.send_signal(signal.SIGCONT)
    wait_for(lambda: CaseSummary.objects.get(pk=summary.pk).finished, what="the summary")
    summary.refresh_from_db()
    assert summary.status == "failed"
    assert summary.error == "You can no longer see this matter."
    assert not Document.objects.filter(category="report").exists()
    client.force_login(bob)
    assert client.get(reverse("documents:summary", args=[summary.pk])).status_code == 404


def test_the_worker_extracts_an_uploaded_scan_on_commit(worker, bob, litigated):
    document = services.document_upload(
        actor=bob, matter=litigated, content=ContentFile(files.scanned_pdf("MINUTE ORDER", "Sanctions denied")),
        filename="minute order.pdf",
    )  # fmt: skip
    version = document.current_version
    wait_for(lambda: type(version).objects.get(pk=version.pk).extraction_state != "pending",
             what="the extraction")  # fmt: skip
    hits = selectors.document_search(user=bob, q="sanctions", filters=selectors.DocumentFilters())
    assert [v.document_id for v in hits] == [document.pk]
