"""Where the files of documents live, chosen by environment variables.

By default the filesystem under ``MEDIA_ROOT``. With ``DOCUMENTS_S3_BUCKET`` set,
an S3-compatible bucket through django-storages (AWS S3, MinIO, Ceph, Wasabi,
...). Either way the files are stored under generated names and only ever
reach a browser through the download view (documents.views.version_download),
which checks the door and audits: nothing here makes a file public.

Settings build ``STORAGES["default"]`` with :func:`default_storage_from_env`;
this module imports nothing from Django but its exception, so settings may
import it. Bad values are refused at start-up with the variable's name.

Variables (README, "Documents"):

- ``DOCUMENTS_S3_BUCKET``: the bucket; unset or empty keeps the filesystem.
- ``DOCUMENTS_S3_ENDPOINT_URL``: an http(s) URL for an S3-compatible server
  other than AWS (e.g. ``https://minio.internal:9000``).
- ``DOCUMENTS_S3_REGION``: e.g. ``eu-central-1``.
- ``DOCUMENTS_S3_PREFIX``: a folder inside the bucket (e.g. ``casemgr/``).
- ``DOCUMENTS_S3_ADDRESSING_STYLE``: ``auto`` (default), ``path`` (most
  self-hosted servers) or ``virtual``.
- Credentials come from boto3's usual chain: ``AWS_ACCESS_KEY_ID`` and
  ``AWS_SECRET_ACCESS_KEY``, a profile, or the machine's role.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
ADDRESSING_STYLES = ("auto", "path", "virtual")


def default_storage_from_env(environ: Mapping[str, str], *, media_root: str) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry the environment asks for."""
    bucket = environ.get("DOCUMENTS_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": FILESYSTEM_BACKEND, "OPTIONS": {"location": media_root}}
    if not (3 <= len(bucket) <= 63) or any(c.isspace() or c == "/" for c in bucket):
        raise ImproperlyConfigured(
            f"DOCUMENTS_S3_BUCKET must be a bucket name (3-63 characters, no slashes or "
            f"spaces), got {bucket!r}"
        )
    options: dict[str, Any] = {
        "bucket_name": bucket,
        # Generated names never collide, but a collision must never replace a file.
        "file_overwrite": False,
        # No ACL is sent: the bucket's own (private) policy applies; signed URLs
        # only, though casemgr never hands out a storage URL at all.
        "default_acl": None,
        "querystring_auth": True,
    }
    endpoint = environ.get("DOCUMENTS_S3_ENDPOINT_URL", "").strip()
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ImproperlyConfigured(
                f"DOCUMENTS_S3_ENDPOINT_URL must be an http(s) URL, got {endpoint!r}"
            )
        options["endpoint_url"] = endpoint
    region = environ.get("DOCUMENTS_S3_REGION", "").strip()
    if region:
        options["region_name"] = region
    prefix = environ.get("DOCUMENTS_S3_PREFIX", "").strip().strip("/")
    if prefix:
        if ".." in prefix.split("/"):
            raise ImproperlyConfigured(f"DOCUMENTS_S3_PREFIX must not contain '..', got {prefix!r}")
        options["location"] = prefix
    style = environ.get("DOCUMENTS_S3_ADDRESSING_STYLE", "").strip().lower() or "auto"
    if style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"DOCUMENTS_S3_ADDRESSING_STYLE must be one of {', '.join(ADDRESSING_STYLES)}, "
            f"got {style!r}"
        )
    if style != "auto":
        options["addressing_style"] = style
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
