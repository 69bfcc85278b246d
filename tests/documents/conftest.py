import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.test import override_settings

from tests.factories import open_matter


@pytest.fixture(autouse=True)
def _empty_storage():
    """A fresh in-memory storage for each test, so tests can count its files."""
    fresh = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    with override_settings(STORAGES=fresh):
        yield


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], title="Doe v. Acme Corp.")


def stored_files(path: str = "") -> list[str]:
    """Every file in the default storage (the tests' in-memory one)."""
    try:
        folders, files = default_storage.listdir(path)
    except FileNotFoundError:
        return []
    found = [f"{path}/{name}".lstrip("/") for name in files]
    for folder in folders:
        found += stored_files(f"{path}/{folder}".lstrip("/"))
    return found
