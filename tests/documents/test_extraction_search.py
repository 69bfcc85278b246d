"""Text extraction (the service the heavy-queue task calls) and full-text search:
real files, each found by a word inside it; nothing of a hidden matter leaks."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from cases import services as case_services
from documents import selectors, services
from documents.models import Document, DocumentVersion
from tests.documents import files
from tests.documents.conftest import stored_files
from tests.factories import open_matter

pytestmark = pytest.mark.django_db


def wall(admin, matter, users):
    return case_services.wall_create(actor=admin, name="Globex conflict", matter=matter,
                                     users=users, reason="Advised Globex", notice="Screened")  # fmt: skip


def file_and_extract(actor, matter, data, filename, **kwargs):
    document = services.document_upload(
        actor=actor, matter=matter, content=ContentFile(data), filename=filename, **kwargs
    )
    state = services.version_extract(version_id=document.current_version_id)
    document.refresh_from_db()
    return document, state


def search(user, q, **filters):
    return list(
        selectors.document_search(user=user, q=q, filters=selectors.DocumentFilters(**filters))
    )


def test_a_text_pdf_is_found_by_a_word_inside(matter, bob):
    document, state = file_and_extract(
        bob,
        matter,
        files.text_pdf("The court grants the motion for summary judgment."),
        "order.pdf",
    )
    assert state == "done"
    assert document.current_version.extraction_method == "text"
    assert [v.document for v in search(bob, "summary judgment")] == [document]
    assert search(bob, "nonexistentword") == []


def test_a_scanned_pdf_is_ocrd_and_found(matter, bob):
    document, state = file_and_extract(
        bob, matter, files.scanned_pdf("ORDER GRANTING CONTINUANCE", "Hearing moved to April"),
        "scan.pdf",
    )  # fmt: skip
    version = document.current_version
    assert (state, version.extraction_method) == ("done", "ocr")
    assert "CONTINUANCE" in version.extracted_text.upper()
    assert [v.document for v in search(bob, "continuance")] == [document]


def test_an_image_is_ocrd(matter, bob):
    document, state = file_and_extract(
        bob, matter, files.png("Exhibit twelve photograph"), "exhibit.png"
    )
    assert state == "done"
    assert [v.document for v in search(bob, "photograph")] == [document]


def test_a_docx_is_found_by_a_word_and_a_phrase(matter, bob):
    document, _ = file_and_extract(
        bob, matter, files.docx("Indemnification clause", "The lessee shall pay rent monthly."),
        "lease.docx",
    )  # fmt: skip
    assert [v.document for v in search(bob, "indemnification")] == [document]
    assert [v.document for v in search(bob, '"shall pay rent"')] == [document]
    assert search(bob, '"rent shall pay"') == []


def test_an_email_is_filed_with_its_headers_and_its_attachment_becomes_a_document(matter, bob):
    attachment = files.docx("Proposed stipulation regarding discovery deadlines")
    data = files.eml(subject="Stipulation draft", body="Please review the attached zanzibar draft.",
                     attachments=[("stipulation.docx", attachment,
                                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                                  ("run.exe", files.executable(), "application/octet-stream")])  # fmt: skip
    email_doc, state = file_and_extract(bob, matter, data, "mail.eml")
    assert state == "done"
    assert email_doc.email_from == "Olga Counsel <olga@opposing.test>"
    assert "bob@firm.test" in email_doc.email_to
    assert email_doc.email_cc == "clerk@court.test"
    assert email_doc.email_subject == "Stipulation draft"
    assert email_doc.title == "Stipulation draft"
    assert email_doc.category == "correspondence"
    assert email_doc.email_date == datetime.datetime(2026, 3, 3, 22, 5, tzinfo=datetime.UTC)
    assert "run.exe" in email_doc.current_version.extraction_note
    child = Document.objects.get(source_version=email_doc.current_version)
    assert child.title == "stipulation"
    assert child.current_version.file_type == "docx"
    services.version_extract(version_id=child.current_version_id)
    assert [v.document for v in search(bob, "zanzibar")] == [email_doc]
    assert [v.document for v in search(bob, "stipulation discovery")] == [child]
    # A second run (a redelivered task) changes nothing.
    services.version_extract(version_id=email_doc.current_version_id)
    assert Document.objects.count() == 2


def test_an_outlook_msg_is_sniffed_filed_with_its_fields_and_found_by_a_word(matter, bob):
    data = files.msg(
        subject="Served: motion to compel",
        body="Defendant's motion to compel is served today; the hearing is set for the 14th.\n"
        "Kindly note the capybara exhibit.",
        to=[("Alice Moreno", "alice@firm.test"), ("Bob Lindqvist", "bob@firm.test")],
        attachments=[("proposed order.txt", b"Proposed order granting the axolotl motion.")],
    )
    assert data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # an OLE compound file
    email_doc, state = file_and_extract(bob, matter, data, "Served motion.msg")
    version = email_doc.current_version
    assert (version.file_type, version.content_type) == ("msg", "application/vnd.ms-outlook")
    assert state == "done"
    assert email_doc.email_from == "Olga Counsel <olga@opposing.test>"
    assert email_doc.email_to == ("Alice Moreno <alice@firm.test>; Bob Lindqvist <bob@firm.test>")
    assert email_doc.email_cc == "Court Clerk <clerk@court.test>"
    assert email_doc.email_subject == "Served: motion to compel"
    assert email_doc.email_date == datetime.datetime(2026, 3, 3, 22, 5, tzinfo=datetime.UTC)
    assert (email_doc.title, email_doc.category) == ("Served: motion to compel", "correspondence")
    assert email_doc.document_date == datetime.date(2026, 3, 3)
    assert "From: Olga Counsel" in version.extracted_text
    assert [v.document for v in search(bob, "capybara")] == [email_doc]
    assert [v.document for v in search(bob, '"motion to compel"')] == [email_doc]
    assert [v.document for v in search(bob, "lindqvist")] == [email_doc]  # a recipient
    child = Document.objects.get(source_version=version)
    assert child.current_version.original_filename == "proposed order.txt"
    services.version_extract(version_id=child.current_version_id)
    assert [v.document for v in search(bob, "axolotl")] == [child]
    assert search(bob, "capybara", category="pleading") == []


def test_a_damaged_msg_is_refused_at_upload(matter, bob):
    data = files.msg(subject="x", body="y")
    with pytest.raises(ValidationError, match="damaged"):
        services.document_upload(
            actor=bob, matter=matter, content=ContentFile(data[:700]), filename="cut.msg"
        )
    assert Document.objects.count() == 0


def test_extraction_runs_once_and_a_broken_file_fails_with_its_reason(matter, bob):
    document, state = file_and_extract(bob, matter, b"%PDF-1.4\nthis is not really a pdf", "x.pdf")
    version = document.current_version
    assert state == "failed"
    assert version.extraction_note.startswith("The file could not be read")
    assert services.version_extract(version_id=version.pk) == "failed"


def test_a_file_without_text_is_marked_no_text(matter, bob):
    blank = files.png()
    document, state = file_and_extract(bob, matter, blank, "blank.png")
    assert state == "no_text"


def test_search_filters_and_title_matches(matter, bob):
    pleading, _ = file_and_extract(bob, matter, b"Complaint for breach of contract", "complaint.txt",
                                   category="pleading", privileged=True)  # fmt: skip
    file_and_extract(bob, matter, b"Letter about breach", "letter.txt", category="correspondence")
    assert len(search(bob, "breach")) == 2
    assert [v.document for v in search(bob, "breach", category="pleading")] == [pleading]
    assert [v.document for v in search(bob, "breach", privileged=True)] == [pleading]
    assert len(search(bob, "breach", file_type="pdf")) == 0
    assert [v.document for v in search(bob, "complaint")] == [pleading]  # by title


def test_only_the_current_version_is_searched(matter, bob):
    document, _ = file_and_extract(bob, matter, b"draft mentions pelican", "memo.txt")
    version = services.document_version_add(actor=bob, document=document,
                                            content=ContentFile(b"final mentions heron"),
                                            filename="memo.txt")  # fmt: skip
    services.version_extract(version_id=version.pk)
    assert search(bob, "pelican") == []
    assert [v.document for v in search(bob, "heron")] == [document]
    services.document_version_restore(
        actor=bob, version=DocumentVersion.objects.get(document=document, number=1)
    )
    assert [v.document for v in search(bob, "pelican")] == [document]


def test_charlie_and_a_walled_admin_find_nothing_of_the_matter(matter, bob, charlie, dana, alice):
    file_and_extract(bob, matter, b"secret merger terms with Globex", "terms.txt")
    assert len(search(bob, "globex")) == 1
    assert len(search(dana, "globex")) == 1  # a firm admin sees every matter
    assert search(charlie, "globex") == []
    wall(dana, matter, [dana])
    assert search(dana, "globex") == []
    own = open_matter(actor=charlie, title="Charlie's own")
    file_and_extract(charlie, own, b"globex appears here too", "own.txt")
    assert [v.matter_id for v in search(charlie, "globex")] == [own.pk]


def test_a_failure_partway_through_an_emails_attachments_leaves_no_file_behind(
    matter, bob, monkeypatch
):
    data = files.eml(subject="Two exhibits", body="See both.", attachments=[
        ("one.txt", b"Exhibit one: the ocelot ledger.", "text/plain"),
        ("two.txt", b"Exhibit two: the tapir invoice.", "text/plain"),
    ])  # fmt: skip
    email_doc = services.document_upload(
        actor=bob, matter=matter, content=ContentFile(data), filename="mail.eml"
    )
    real_write, writes = services._write, []

    def storage_fails_on_the_second_attachment(content, **kwargs):
        writes.append(kwargs)
        if len(writes) == 2:
            raise OSError("No space left on device")
        return real_write(content, **kwargs)

    monkeypatch.setattr(services, "_write", storage_fails_on_the_second_attachment)
    with pytest.raises(OSError, match="No space left"):
        services.version_extract(version_id=email_doc.current_version_id)
    # The first attachment's rows were rolled back, and so was its file.
    assert stored_files() == [email_doc.current_version.file.name]
    assert Document.objects.count() == 1
    email_doc.current_version.refresh_from_db()
    assert email_doc.current_version.extraction_state == "pending"  # the task retries
    monkeypatch.setattr(services, "_write", real_write)
    assert services.version_extract(version_id=email_doc.current_version_id) == "done"
    assert Document.objects.count() == 3
    assert len(stored_files()) == 3
