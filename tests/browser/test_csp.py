"""The Content-Security-Policy breaks nothing: Chromium reports no violation (and no
console error at all) while a user signs in, browses every app, switches matter tabs
through htmx and searches a contact picker."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import DeadlineFactory, UserFactory, add_task, open_matter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_page_reports_a_csp_violation_and_htmx_still_works(live_server, page):
    alice = UserFactory(full_name="Alice Moreno", role="Attorney")
    matter = open_matter(actor=alice, jurisdiction="US-CA")
    add_task(actor=alice, matter=matter, title="Call the client")
    DeadlineFactory(matter=matter, title="Answer due").responsible.set([alice])
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{message.type}: {message.text} at {message.location['url']}")
            if message.type in ("error", "warning") or "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))

    page.goto(f"{live_server.url}{reverse('login')}")
    sign_in(page, live_server, alice)
    for url in (
        reverse("home"),
        reverse("cases:matter_list"),
        reverse("clients:contact_list"),
        reverse("deadlines:calendar"),
        reverse("deadlines:feed_settings"),
        "/no-such-page/",
    ):
        page.goto(f"{live_server.url}{url}")
        expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    # A feed address to copy: selected by static/js/app.js, not an inline handler.
    page.goto(f"{live_server.url}{reverse('deadlines:feed_settings')}")
    page.get_by_role("button", name="Create a feed address").click()
    address = page.get_by_label("Feed address")
    address.click()
    assert address.evaluate("el => el.selectionEnd - el.selectionStart") > 20

    # Matter tabs are htmx swaps: the tasks tab arrives without a page load.
    page.goto(f"{live_server.url}{reverse('cases:matter_detail', args=[matter.pk])}")
    page.evaluate("window.__sameDocument = true")
    tabs = page.get_by_role("navigation", name="Matter sections")
    with page.expect_response(lambda r: r.url.endswith(f"/matters/{matter.pk}/tasks/")):
        tabs.get_by_role("link", name="Tasks").click()
    expect(page.get_by_text("Call the client")).to_be_visible()
    assert page.evaluate("window.__sameDocument") is True  # swapped by htmx, no reload
    # htmx did not inject its indicator <style> (the CSP would have refused it).
    assert page.evaluate("document.querySelectorAll('style').length") == 0

    # The one expected console error: the 404 page's own status.
    expected = [p for p in problems if p.endswith("/no-such-page/") and "404" in p]
    assert len(expected) == 1
    assert [p for p in problems if p not in expected] == []
