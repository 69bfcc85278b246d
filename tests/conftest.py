"""Shared test setup: real PostgreSQL and Redis, fast hashing, personas."""

from __future__ import annotations

import os
import shutil
import uuid

import pytest
from django.test import override_settings

from tests import factories

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session", autouse=True)
def _test_settings():
    # Static files straight from the finders (no collectstatic needed), a fast
    # password hasher, and mail kept in memory where tests can read it.
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        WHITENOISE_USE_FINDERS=True,
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # force_login cannot pass a second factor; tests about sign-in turn this
        # back on (tests/accounts/conftest.py).
        TWO_FACTOR_ENFORCED=False,
        # The test client and the live server speak plain HTTP, also when
        # DATABASE_URL makes the settings a server's (HTTPS on by default);
        # the HTTPS settings themselves are tested in subprocesses
        # (tests/casemgr/test_settings.py).
        SECURE_SSL_REDIRECT=False,
    ):
        yield


# --- Personas (STYLE.md): alice the attorney, bob her paralegal, charlie who
# works at the firm without access, dana a firm admin. ---------------------------


@pytest.fixture
def alice(db):
    return factories.UserFactory(full_name="Alice Moreno", role="Attorney")


@pytest.fixture
def bob(db):
    return factories.UserFactory(full_name="Bob Lindqvist", role="Paralegal")


@pytest.fixture
def charlie(db):
    return factories.UserFactory(full_name="Charlie Brandt", role="Paralegal")


@pytest.fixture
def dana(db):
    return factories.UserFactory(full_name="Dana Whitfield", role="Firm admin", is_staff=True)


# --- Browser tests ---------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install chromium, or set CHROMIUM_PATH)."
        )
    # Playwright's sync API runs an event loop in this thread; Django's guard
    # against ORM calls from async code must be told this thread is synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _own_rate_limit_counts(settings):
    # Rate limits count in Redis, which outlives a test: each test counts afresh.
    settings.RATE_LIMIT_SALT = f":{uuid.uuid4().hex}"
