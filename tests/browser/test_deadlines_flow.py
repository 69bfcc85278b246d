"""A paralegal enters a trigger event, confirms the chain and finds it on the calendar."""

import datetime

import pytest

from tests.browser.helpers import sign_in
from tests.factories import UserFactory, open_matter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paralegal_enters_a_trigger_event_and_sees_the_deadlines_on_the_calendar(live_server, page):
    alice = UserFactory(full_name="Alice Moreno", role="Attorney")
    bob = UserFactory(full_name="Bob Lindqvist", role="Paralegal")
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-FED-CA",
                         title="Harper v. Northwind")  # fmt: skip
    served = datetime.date.today() + datetime.timedelta(days=3)

    sign_in(page, live_server, bob)

    page.goto(f"{live_server.url}/matters/{matter.pk}/")
    page.get_by_role("navigation", name="Matter sections").get_by_role(
        "link", name="Deadlines"
    ).click()
    page.get_by_role("link", name="Enter trigger event").click()
    page.get_by_label("Trigger event").select_option("complaint_served")
    page.get_by_label("Date of the event").fill(served.isoformat())
    page.get_by_role("button", name="Preview deadlines").click()

    assert page.get_by_role("heading", name="Check the deadlines").is_visible()
    assert page.get_by_text("Answer or Rule 12 motion due", exact=True).is_visible()
    assert page.get_by_text("FRCP 12(a)(1)(A)(i)").first.is_visible()
    page.get_by_role("button", name="Confirm and create 2 deadlines").click()

    assert page.get_by_text("Entered “Summons and complaint served” and 2 deadlines.").is_visible()
    answer = page.locator("li.dl-item").filter(
        has=page.get_by_text("Answer or Rule 12 motion due", exact=True)
    )
    answer.get_by_text("How this date was computed").click()
    assert answer.get_by_text("21 days after").is_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Deadlines").click()
    page.get_by_label("Show").select_option("team")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("navigation", name="Calendar views").get_by_role("link", name="List").click()
    assert page.get_by_role("link", name="Answer or Rule 12 motion due").is_visible()
    assert page.get_by_role("link", name=matter.number).first.is_visible()
