"""Steps the browser tests share."""

import functools
from pathlib import Path

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


# axe-core (MPL-2.0, vendored from the npm registry: tests/browser/vendor/) checks a
# page against WCAG 2.1 A and AA. It is evaluated through the DevTools protocol,
# which the page's Content-Security-Policy does not govern (a <script> tag would be).
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " " + n.failureSummary),
  }));
}"""


def axe_violations(page, impacts=BLOCKING):
    """axe-core's WCAG 2.1 AA violations of the page as it is now, of these impacts."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_AXE_SOURCE())
    found = page.evaluate(_RUN_AXE, WCAG_AA)
    return [v for v in found if v["impact"] in impacts]


@functools.cache
def _AXE_SOURCE():  # noqa: N802 -- a constant, read once
    return AXE.read_text()


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )
