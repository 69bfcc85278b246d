"""Uploads and versions: safe upload rules, duplicates, versions and restore."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import override_settings

from casemgr.models import AuditEvent
from documents import services
from documents.models import Document, DocumentVersion
from tests.documents import files
from tests.documents.conftest import stored_files

pytestmark = pytest.mark.django_db


def upload(actor, matter, data, filename, **kwargs):
    return services.document_upload(
        actor=actor, matter=matter, content=ContentFile(data), filename=filename, **kwargs
    )


def test_bob_uploads_a_pdf_stored_under_a_generated_name_and_audited(matter, bob):
    data = files.text_pdf("The defendant moves to dismiss.")
    document = upload(bob, matter, data, "Motion to dismiss.pdf", category="motion")
    version = document.current_version
    assert (document.title, document.category) == ("Motion to dismiss", "motion")
    assert (version.number, version.file_type, version.content_type) == (
        1,
        "pdf",
        "application/pdf",
    )
    assert version.size == len(data)
    assert len(version.sha256) == 64
    assert version.original_filename == "Motion to dismiss.pdf"
    assert "Motion" not in version.file.name
    assert version.file.name.endswith(".pdf")
    assert stored_files() == [version.file.name]
    assert version.extraction_state == "pending"
    assert AuditEvent.objects.filter(
        object_type="documents.document", object_id=str(document.pk), action="create"
    ).exists()


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (files.executable(), "order.pdf", "executable"),
        (files.HTML_PAGE, "invoice.pdf", "web page"),
        (b"%PDF-1.7 fine", "../../etc/passwd.pdf", "folders"),
        (b"hello", "note\x00.txt", "control characters"),
        (files.zip_bomb_docx(), "contract.docx", "zip bomb"),
        (b"plain words in a text file", "scan.pdf", "named “.pdf”"),
        (b"", "empty.txt", "empty"),
    ],
    ids=[
        "exe-as-pdf",
        "html-as-pdf",
        "path-traversal",
        "nul-in-name",
        "zip-bomb",
        "text-as-pdf",
        "empty",
    ],
)
def test_a_refused_upload_leaves_nothing_behind(matter, bob, data, filename, message):
    audit_before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=message):
        upload(bob, matter, data, filename)
    assert stored_files() == []
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert AuditEvent.objects.count() == audit_before


@override_settings(MAX_UPLOAD_BYTES=2048)
def test_an_oversized_file_is_refused_with_the_limit_in_the_message(matter, bob):
    with pytest.raises(ValidationError, match=r"largest file casemgr accepts is 2\.0 KB"):
        upload(bob, matter, b"x" * 5000, "big.txt")
    assert stored_files() == []
    assert not Document.objects.exists()


def test_an_identical_file_is_flagged_not_stored_twice(matter, bob):
    data = files.docx("Settlement agreement between the parties.")
    first = upload(bob, matter, data, "agreement.docx")
    with pytest.raises(services.DuplicateFile, match="already in the matter: “agreement”"):
        upload(bob, matter, data, "agreement copy.docx")
    assert Document.objects.count() == 1
    assert len(stored_files()) == 1
    second = upload(bob, matter, data, "agreement copy.docx", allow_duplicate=True)
    assert second.current_version.sha256 == first.current_version.sha256


def test_versions_are_kept_and_an_old_one_can_be_made_current_again(matter, alice, bob):
    document = upload(bob, matter, files.docx("First draft"), "brief.docx")
    v1 = document.current_version
    v2 = services.document_version_add(
        actor=alice, document=document, content=ContentFile(files.docx("Second draft")),
        filename="brief v2.docx",
    )  # fmt: skip
    document.refresh_from_db()
    assert document.current_version == v2
    assert list(document.versions.order_by("number").values_list("number", "is_current")) == [
        (1, False), (2, True),
    ]  # fmt: skip
    assert v2.uploaded_by == alice
    services.document_version_restore(actor=bob, version=v1)
    document.refresh_from_db()
    assert document.current_version == v1
    assert DocumentVersion.objects.get(pk=v2.pk).is_current is False
    assert len(stored_files()) == 2


def test_charlie_cannot_upload_to_a_matter_he_cannot_see(matter, charlie):
    with pytest.raises(Http404):
        upload(charlie, matter, b"notes", "notes.txt")
    assert stored_files() == []


def test_a_viewer_without_change_permission_may_not_upload(matter, charlie, alice):
    from guardian.shortcuts import assign_perm

    assign_perm("cases.view_matter", charlie, matter)
    with pytest.raises(PermissionDenied):
        upload(charlie, matter, b"notes", "notes.txt")


def test_update_is_audited_and_refuses_a_stale_edit(matter, bob, alice):
    document = upload(bob, matter, b"hello world", "hello.txt")
    services.document_update(actor=bob, document=document, expected_version=1,
                             title="Greeting", tags=["client", "client", " intake "])  # fmt: skip
    document.refresh_from_db()
    assert (document.title, document.tags, document.version) == (
        "Greeting",
        ["client", "intake"],
        2,
    )
    with pytest.raises(ValidationError, match="changed by someone else"):
        services.document_update(actor=alice, document=document, expected_version=1, title="X")


def test_delete_removes_rows_and_files(matter, bob, django_capture_on_commit_callbacks):
    document = upload(bob, matter, b"hello world", "hello.txt")
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(actor=bob, document=document)
    assert not Document.objects.exists()
    assert stored_files() == []
