"""A paralegal enters "citation and petition served" in a Texas matter and finds the
answer on the calendar at 10:00 a.m. on the Monday next after 20 days (TRCP 99(b)),
with the explanation of how the date was computed."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import UserFactory, open_matter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# TRCP 99(b): served Mon 2027-03-01, the 20th day is Sun 2027-03-21; the answer is
# due at 10:00 a.m. on the Monday next after it, Mon 2027-03-22 (daylight time by
# then in Houston: CDT).
SERVED = datetime.date(2027, 3, 1)
ANSWER_DAY = datetime.date(2027, 3, 22)
ANSWER = "Answer due (10:00 a.m. on the Monday next after 20 days)"


def test_paralegal_enters_service_in_a_texas_matter_and_sees_the_answer_at_ten(live_server, page):
    alice = UserFactory(full_name="Alice Moreno", role="Attorney")
    bob = UserFactory(full_name="Bob Lindqvist", role="Paralegal")
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-TX",
                         title="Garza v. Lone Star Freight")  # fmt: skip

    sign_in(page, live_server, bob)
    page.goto(f"{live_server.url}/matters/{matter.pk}/")
    page.get_by_role("navigation", name="Matter sections").get_by_role(
        "link", name="Deadlines"
    ).click()
    page.get_by_role("link", name="Enter trigger event").click()
    expect(page.get_by_text("Texas civil practice (TRCP / TRAP)")).to_be_visible()
    page.get_by_label("Trigger event").select_option(label="Citation and petition served")
    page.get_by_label("Date of the event").fill(SERVED.isoformat())
    page.get_by_role("button", name="Preview deadlines").click()

    expect(page.get_by_role("heading", name="Check the deadlines")).to_be_visible()
    preview = page.locator("li.dl-item").filter(has=page.get_by_text(ANSWER, exact=True))
    expect(preview.locator("time.dl-date")).to_have_text("Mon 2027-03-22 10:00 a.m.")
    expect(preview.get_by_text("TRCP 99(b); TRCP 4").first).to_be_visible()
    page.get_by_role("button", name="Confirm and create 2 deadlines").click()
    expect(
        page.get_by_text("Entered “Citation and petition served” and 2 deadlines.")
    ).to_be_visible()

    # The calendar, on the month of the answer: the chip starts with its time.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Deadlines").click()
    page.get_by_label("Show").select_option("team")
    page.get_by_label("Date").fill(ANSWER_DAY.isoformat())
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_role("heading", name="Deadlines")).to_be_visible()
    day_cell = page.locator("td").filter(has=page.locator(f'time[datetime="{ANSWER_DAY}"]'))
    expect(day_cell.get_by_role("link", name=f"10:00 a.m. {ANSWER}")).to_be_visible()

    # The list view: the time in the court's zone and the explanation.
    page.get_by_role("navigation", name="Calendar views").get_by_role("link", name="List").click()
    row = page.locator("tr").filter(has=page.get_by_role("link", name=ANSWER))
    expect(row).to_contain_text("Mon 2027-03-22 10:00 a.m. CDT")
    expect(row).to_contain_text(matter.number)
    row.get_by_text("How this date was computed").click()
    expect(
        row.get_by_text(
            "20 days after 2027-03-01 → 2027-03-21 (TRCP 4) · the Monday next after the period "
            "expires on Sunday 2027-03-21 → 2027-03-22 (TRCP 99(b); TRCP 4)"
        )
    ).to_be_visible()

    # Following the chip's link lands on the deadline in the matter, with its steps.
    row.get_by_role("link", name=ANSWER).click()
    answer = page.locator("li.dl-item").filter(has=page.get_by_text(ANSWER, exact=True))
    expect(answer.locator("time.dl-date")).to_contain_text("10:00 a.m. CDT")
    answer.get_by_text("How this date was computed").click()
    expect(answer.get_by_text("the Monday next after the period expires")).to_be_visible()
