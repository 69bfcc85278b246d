"""A paralegal narrows the calendar to one matter, and follows "+N more" on a busy day."""

import datetime

import pytest

from deadlines.selectors import CELL_LIMIT
from tests.browser.helpers import sign_in
from tests.factories import DeadlineFactory, UserFactory, open_matter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paralegal_picks_one_matter_and_opens_a_busy_day(live_server, page):
    alice = UserFactory(full_name="Alice Moreno", role="Attorney")
    bob = UserFactory(full_name="Bob Lindqvist", role="Paralegal")
    harper = open_matter(actor=alice, team=[(bob, "paralegal")], title="Harper v. Northwind")
    other = open_matter(actor=alice, team=[(bob, "paralegal")], title="Roe v. Widget")
    busy = datetime.date.today() + datetime.timedelta(days=1)
    for i in range(CELL_LIMIT + 2):
        DeadlineFactory(matter=harper, title=f"Harper filing {i}", due_date=busy)
    DeadlineFactory(matter=other, title="Roe filing", due_date=busy)

    sign_in(page, live_server, bob)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Deadlines").click()

    # Without "One matter" there is no matter to pick; choosing it brings the picker in.
    assert page.get_by_label("Matter").count() == 0
    page.get_by_label("Show").select_option("matter")
    page.get_by_label("Matter").select_option(label=f"{harper.number} Harper v. Northwind")
    page.get_by_label("Date").fill(busy.isoformat())
    page.get_by_role("button", name="Show", exact=True).click()

    assert page.get_by_role("link", name="Harper filing 0").is_visible()
    assert page.get_by_text("Roe filing").count() == 0
    page.get_by_role("link", name=f"+2 more on {busy:%b} {busy.day}").click()

    assert (
        page.get_by_role("navigation", name="Calendar views")
        .get_by_role("link", name="List")
        .get_attribute("aria-current")
        == "page"
    )
    for i in range(CELL_LIMIT + 2):
        assert page.get_by_role("link", name=f"Harper filing {i}").is_visible()
    assert page.get_by_text("Roe filing").count() == 0
