"""Steps the browser tests share."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD


def sign_in(page, live_server, user):
    """Sign in through the login form, as a person does, and wait for the page after it."""
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
