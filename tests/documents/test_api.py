"""The documents API: reads, versions, search and upload, through the one door."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import services
from documents.models import Document
from tests.documents import files
from tests.documents.conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(matter, bob):
    document = services.document_upload(
        actor=bob, matter=matter, content=ContentFile(b"Wombat easement dispute"),
        filename="easement.txt",
    )  # fmt: skip
    services.version_extract(version_id=document.current_version_id)
    return document


def test_bob_reads_documents_versions_and_searches(client, bob, filed):
    client.force_login(bob)
    listing = client.get(reverse("document-list")).json()
    assert [d["id"] for d in listing["results"]] == [filed.pk]
    detail = client.get(reverse("document-detail", args=[filed.pk])).json()
    assert detail["current_version"]["file_type"] == "txt"
    versions = client.get(reverse("document-versions", args=[filed.pk])).json()
    assert [v["number"] for v in versions] == [1]
    hits = client.get(reverse("document-search"), {"q": "wombat"}).json()
    assert hits["count"] == 1
    assert "<mark>Wombat</mark>" in hits["results"][0]["snippet"]


def test_charlie_gets_404_and_empty_results(client, charlie, filed):
    client.force_login(charlie)
    assert client.get(reverse("document-list")).json()["count"] == 0
    assert client.get(reverse("document-detail", args=[filed.pk])).status_code == 404
    assert client.get(reverse("document-versions", args=[filed.pk])).status_code == 404
    hits = client.get(reverse("document-search"), {"q": "wombat"}).json()
    assert (hits["count"], hits["results"]) == (0, [])
    response = client.post(reverse("document-upload"),
                           {"matter": filed.matter_id, "file": SimpleUploadedFile("a.txt", b"x")})  # fmt: skip
    assert response.status_code == 404


def test_upload_through_the_api_and_a_structured_400_for_a_bad_file(client, bob, matter):
    client.force_login(bob)
    ok = client.post(reverse("document-upload"), {
        "matter": matter.pk, "file": SimpleUploadedFile("memo.docx", files.docx("Memo")),
        "category": "research",
    })  # fmt: skip
    assert ok.status_code == 201, ok.content
    assert ok.json()["category"] == "research"
    bad = client.post(reverse("document-upload"), {
        "matter": matter.pk, "file": SimpleUploadedFile("page.pdf", files.HTML_PAGE)})  # fmt: skip
    assert bad.status_code == 400
    assert "web page" in bad.json()["errors"]["file"][0]
    assert Document.objects.count() == 1
    assert len(stored_files()) == 1


def test_search_without_words_is_a_400(client, bob):
    client.force_login(bob)
    assert client.get(reverse("document-search")).status_code == 400
