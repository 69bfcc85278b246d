"""Dana (firm admin) enrolls her authenticator and makes two-factor sign-in
firm-wide; Bob is then taken to enrollment at his next sign-in."""

import base64

import pytest
from django_otp.oath import TOTP

from casemgr.models import FirmSettings
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base_url, email):
    page.goto(f"{base_url}/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def enroll_from_the_page(page):
    assert "/accounts/two-factor/enroll/" in page.url
    assert page.locator("figure.qr svg").is_visible()
    secret = page.locator("code.secret").get_attribute("data-secret")
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    page.get_by_label("Six-digit code", exact=True).fill(code)
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    # The backup codes, shown once, then on to where the person was going.
    assert page.get_by_role("heading", name="Your backup codes").is_visible()
    assert page.locator("ol.backup-codes li").count() == 10
    assert page.get_by_text("Two-factor sign-in is on for your account.").is_visible()
    page.get_by_role("link", name="I have saved them: continue").click()


def test_dana_requires_two_factor_and_bob_enrolls_at_his_next_sign_in(live_server, page, settings):
    settings.TWO_FACTOR_ENFORCED = True
    dana = UserFactory(full_name="Dana Whitfield", role="Firm admin", email="dana@firm.test")
    bob = UserFactory(full_name="Bob Lindqvist", role="Paralegal", email="bob@firm.test")

    sign_in(page, live_server.url, dana.email)
    enroll_from_the_page(page)
    page.wait_for_url(f"{live_server.url}/")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    page.get_by_role("navigation", name="Firm administration").get_by_role(
        "link", name="Firm settings"
    ).click()
    page.get_by_label("Require two-factor sign-in for everyone").check()
    page.get_by_role("button", name="Save settings").click()
    assert page.get_by_text("Firm settings saved.").is_visible()
    assert FirmSettings.load().require_two_factor
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, bob.email)
    page.wait_for_url("**/accounts/two-factor/enroll/**")
    # Nothing else opens before he enrolls.
    page.goto(f"{live_server.url}/matters/")
    assert "/accounts/two-factor/enroll/" in page.url
    enroll_from_the_page(page)
    # Enrolled, he lands where he was going, signed in and verified.
    page.wait_for_url(f"{live_server.url}/matters/")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Matters").is_visible()
    assert nav.get_by_role("link", name="Admin").count() == 0
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/"
