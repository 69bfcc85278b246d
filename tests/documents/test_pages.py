"""The Documents tab, document page, download, firm-wide list and search pages."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casemgr.models import AuditEvent
from documents import services
from documents.models import Document
from tests.documents import files
from tests.documents.conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(matter, bob):
    document = services.document_upload(
        actor=bob, matter=matter, content=ContentFile(b"The quokka clause governs."),
        filename='quo"te\u00e9.txt', category="contract",
    )  # fmt: skip
    services.version_extract(version_id=document.current_version_id)
    document.refresh_from_db()
    return document


def test_bob_uploads_two_files_with_the_plain_form(client, bob, matter):
    client.force_login(bob)
    url = reverse("documents:matter_documents", args=[matter.pk])
    response = client.post(url, {
        "files": [SimpleUploadedFile("a.docx", files.docx("Alpha")),
                  SimpleUploadedFile("../../b.txt", b"Bravo text")],
        "category": "discovery", "tags": "set one, urgent",
    })  # fmt: skip
    assert response.status_code == 302
    documents = Document.objects.order_by("title")
    assert [d.title for d in documents] == ["a", "b"]
    assert documents[1].current_version.original_filename == "b.txt"  # Django keeps the base name
    assert all(d.category == "discovery" and d.tags == ["set one", "urgent"] for d in documents)
    page = client.get(url)
    assert page.status_code == 200
    assert "a</a>" in page.content.decode()


def test_the_json_upload_answers_each_file_and_a_refusal_clearly(client, bob, matter):
    client.force_login(bob)
    url = reverse("documents:matter_documents", args=[matter.pk])
    ok = client.post(url, {"files": SimpleUploadedFile("c.txt", b"Charlie"), "category": "other"},
                     HTTP_ACCEPT="application/json")  # fmt: skip
    assert ok.status_code == 200
    assert ok.json()["filed"][0]["title"] == "c"
    bad = client.post(url, {"files": SimpleUploadedFile("x.pdf", files.executable()),
                            "category": "other"}, HTTP_ACCEPT="application/json")  # fmt: skip
    assert bad.status_code == 400
    assert "executable" in bad.json()["errors"][0]
    assert Document.objects.count() == 1
    assert len(stored_files()) == 1


def test_download_is_an_audited_nosniff_attachment_with_a_safe_name(client, bob, filed):
    client.force_login(bob)
    response = client.get(reverse("documents:download", args=[filed.current_version_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"The quokka clause governs."
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''quo%22te%C3%A9.txt" in disposition
    assert response["Content-Type"].startswith("text/plain")
    assert AuditEvent.objects.filter(action="download", object_id=str(filed.pk)).count() == 1


def test_viewing_a_document_is_audited_and_shows_its_versions(client, bob, filed):
    client.force_login(bob)
    response = client.get(reverse("documents:detail", args=[filed.pk]))
    assert response.status_code == 200
    assert "v1" in response.content.decode()
    assert AuditEvent.objects.filter(action="view", object_id=str(filed.pk)).count() == 1


def test_charlie_gets_404_everywhere_and_sees_nothing(client, charlie, filed, matter):
    client.force_login(charlie)
    for url in [
        reverse("documents:matter_documents", args=[matter.pk]),
        reverse("documents:detail", args=[filed.pk]),
        reverse("documents:download", args=[filed.current_version_id]),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("documents:restore", args=[filed.current_version_id])).status_code
        == 404
    )
    assert client.post(reverse("documents:delete", args=[filed.pk])).status_code == 404
    assert client.post(reverse("documents:summary_request", args=[matter.pk])).status_code == 404
    listing = client.get(reverse("documents:list")).content.decode()
    assert "quokka" not in listing
    assert "teé" not in listing
    results = client.get(reverse("documents:search"), {"q": "quokka"}).content.decode()
    assert "governs" not in results
    assert "teé" not in results
    assert "No document you can see matches" in results
    assert "in all" not in results
    assert Document.objects.filter(pk=filed.pk).exists()


def test_search_page_ranks_and_highlights_without_trusting_the_text(client, bob, matter):
    document = services.document_upload(
        actor=bob, matter=matter, filename="x.txt",
        content=ContentFile(b"The <b>quokka</b> rule: quokka damages are capped."),
    )  # fmt: skip
    services.version_extract(version_id=document.current_version_id)
    client.force_login(bob)
    page = client.get(reverse("documents:search"), {"q": "quokka", "category": ""}).content.decode()
    assert "<mark>quokka</mark>" in page
    assert "<b>quokka" not in page


def test_the_firm_wide_page_lists_what_bob_may_see(client, bob, filed):
    client.force_login(bob)
    page = client.get(reverse("documents:list"), {"category": "contract"}).content.decode()
    assert "quo&quot;teé" in page


def test_a_nul_in_the_search_is_a_clear_message(client, bob):
    client.force_login(bob)
    response = client.get(reverse("documents:search"), {"q": "a\x00b"})
    assert response.status_code == 400  # the parameter guard (casemgr.params)
    assert "Null characters are not allowed" in response.content.decode()
