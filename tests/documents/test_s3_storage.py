"""Document files in an S3-compatible bucket (django-storages), chosen by
environment variables, against a real S3-protocol server: moto in server mode,
started by these tests in a subprocess and stopped by its process id."""

import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from casemgr.storage import default_storage_from_env
from documents import selectors, services
from documents.models import Document
from tests.documents import files

pytestmark = pytest.mark.django_db

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "casemgr-test", "AWS_SECRET_ACCESS_KEY": "casemgr-test",
               "AWS_EC2_METADATA_DISABLED": "true"}  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 -- our own interpreter, fixed arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1).close()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the moto S3 server did not start") from None
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, monkeypatch, tmp_path):
    """A fresh bucket, configured the way an operator would: environment variables."""
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    name = f"casemgr-{uuid.uuid4().hex[:12]}"
    s3 = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=name)
    environ = {"DOCUMENTS_S3_BUCKET": name, "DOCUMENTS_S3_ENDPOINT_URL": s3_endpoint,
               "DOCUMENTS_S3_REGION": "us-east-1", "DOCUMENTS_S3_PREFIX": "/firm-docs/",
               "DOCUMENTS_S3_ADDRESSING_STYLE": "path"}  # fmt: skip
    default = default_storage_from_env(environ, media_root=str(tmp_path))
    storages = {"default": default,
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # fmt: skip
    with override_settings(STORAGES=storages):
        yield s3, name


def keys(s3, bucket_name):
    listing = s3.list_objects_v2(Bucket=bucket_name)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_a_document_goes_to_the_bucket_is_extracted_found_and_downloaded(
    client, bob, matter, bucket
):
    s3, name = bucket
    client.force_login(bob)
    data = files.docx("The ocelot indemnity survives termination.")
    response = client.post(reverse("documents:matter_documents", args=[matter.pk]),
                           {"files": SimpleUploadedFile("lease.docx", data), "category": "contract"})  # fmt: skip
    assert response.status_code == 302
    document = Document.objects.get()
    version = document.current_version
    assert keys(s3, name) == [f"firm-docs/{version.file.name}"]
    assert s3.get_object(Bucket=name, Key=f"firm-docs/{version.file.name}")["Body"].read() == data
    assert services.version_extract(version_id=version.pk) == "done"
    found = selectors.document_search(user=bob, q="ocelot", filters=selectors.DocumentFilters())
    assert [v.document_id for v in found] == [document.pk]
    download = client.get(reverse("documents:download", args=[version.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_refused_upload_leaves_nothing_in_the_bucket(bob, matter, bucket):
    s3, name = bucket
    with pytest.raises(Exception, match="executable"):
        services.document_upload(actor=bob, matter=matter, content=ContentFile(files.executable()),
                                 filename="order.pdf")  # fmt: skip
    assert keys(s3, name) == []
    assert not Document.objects.exists()


def test_deleting_a_document_removes_its_objects_once_committed(
    bob, matter, bucket, django_capture_on_commit_callbacks
):
    s3, name = bucket
    document = services.document_upload(actor=bob, matter=matter, content=ContentFile(b"v1 text"),
                                        filename="memo.txt")  # fmt: skip
    services.document_version_add(actor=bob, document=document, content=ContentFile(b"v2 text"),
                                  filename="memo.txt")  # fmt: skip
    assert len(keys(s3, name)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(actor=bob, document=document)
    assert keys(s3, name) == []


def test_charlie_cannot_download_a_file_kept_in_the_bucket(client, bob, charlie, matter, bucket):
    document = services.document_upload(actor=bob, matter=matter, content=ContentFile(b"secret"),
                                        filename="memo.txt")  # fmt: skip
    client.force_login(charlie)
    url = reverse("documents:download", args=[document.current_version_id])
    assert client.get(url).status_code == 404


def test_without_a_bucket_the_filesystem_under_media_root_is_used():
    assert default_storage_from_env({}, media_root="/srv/documents") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": "/srv/documents"},
    }
    assert default_storage_from_env({"DOCUMENTS_S3_BUCKET": "  "}, media_root="/m")["BACKEND"] == (
        "django.core.files.storage.FileSystemStorage"
    )


def test_the_s3_settings_never_overwrite_and_send_no_public_acl():
    options = default_storage_from_env({"DOCUMENTS_S3_BUCKET": "firm-bucket"}, media_root="/m")[
        "OPTIONS"
    ]
    assert options == {"bucket_name": "firm-bucket", "file_overwrite": False, "default_acl": None,
                       "querystring_auth": True}  # fmt: skip


@pytest.mark.parametrize(
    ("environ", "variable"),
    [
        ({"DOCUMENTS_S3_BUCKET": "a/b"}, "DOCUMENTS_S3_BUCKET"),
        ({"DOCUMENTS_S3_BUCKET": "ok-bucket", "DOCUMENTS_S3_ENDPOINT_URL": "minio:9000"},
         "DOCUMENTS_S3_ENDPOINT_URL"),
        ({"DOCUMENTS_S3_BUCKET": "ok-bucket", "DOCUMENTS_S3_ADDRESSING_STYLE": "sideways"},
         "DOCUMENTS_S3_ADDRESSING_STYLE"),
        ({"DOCUMENTS_S3_BUCKET": "ok-bucket", "DOCUMENTS_S3_PREFIX": "a/../b"},
         "DOCUMENTS_S3_PREFIX"),
    ],
    ids=["slash-in-bucket", "endpoint-not-a-url", "unknown-style", "prefix-climbs"],
)  # fmt: skip
def test_a_bad_value_is_refused_at_start_up_naming_the_variable(environ, variable):
    with pytest.raises(ImproperlyConfigured, match=variable):
        default_storage_from_env(environ, media_root="/m")
