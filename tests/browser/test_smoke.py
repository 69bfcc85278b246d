"""Smoke test: a demo user signs in through the real login page of a live server."""

import pytest

from casemgr import demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_paralegal_signs_in_and_sees_the_navigation(live_server, page):
    demo.seed()
    bob = next(p for p in demo.PERSONAS if p.key == "bob")

    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    page.get_by_label("Email").fill(bob.email)
    page.get_by_label("Password").fill(bob.password)
    page.get_by_role("button", name="Sign in").click()

    nav = page.get_by_role("navigation", name="Main")
    for label in ("Matters", "Clients", "Deadlines"):
        assert nav.get_by_role("link", name=label).is_visible()
    assert nav.get_by_role("link", name="Documents").is_visible()
    assert nav.get_by_role("link", name="Admin").count() == 0

    page.get_by_role("button", name="Sign out").click()
    assert "/accounts/login/" in page.url


def test_a_wrong_password_keeps_the_user_on_the_login_page_with_a_message(live_server, page):
    demo.seed()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("bob@demo.casemgr.test")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text().startswith("That email and password do not match")
