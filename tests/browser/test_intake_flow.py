"""Intake through the browser: the interview, a conflict check with a hit in a
matter the paralegal cannot see, a reviewer's sign-off, the matter opened from
the intake, and the conflict report on the matter's page."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import PracticeAreaFactory, UserFactory, new_contact, open_matter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_intake_check_sign_off_and_open(live_server, page, browser):
    alice = UserFactory(full_name="Alice Moreno", role="Attorney")
    bob = UserFactory(full_name="Bob Lindqvist", role="Paralegal")
    dana = UserFactory(full_name="Dana Whitfield", role="Firm admin", is_staff=True)
    PracticeAreaFactory(name="Civil litigation", code="LIT")
    okafor = new_contact(actor=alice, kind="organization", organization_name="Okafor Industries")
    secret = open_matter(actor=alice, client=okafor, title="Okafor supply dispute")

    sign_in(page, live_server, bob)
    page.get_by_role("link", name="Intake").click()
    page.get_by_role("link", name="New intake").click()
    page.get_by_label("The prospect is").select_option("organization")
    page.get_by_label("Organization name").fill("Northwind Traders")
    page.get_by_label("What happened").fill("Okafor stopped deliveries.")
    page.get_by_label("Adverse parties").fill("Okafor Industries Inc.")
    page.get_by_label("Responsible attorney").select_option(label="Alice Moreno")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Northwind Traders")
    intake_url = page.url
    page.get_by_role("button", name="Run the conflict check").click()
    expect(page.locator(".hidden-matches")).to_contain_text("1 matter you cannot see")
    expect(page.locator(".conflict-results")).to_contain_text("Direct conflict")
    assert secret.number not in page.content()

    # Dana, a conflicts reviewer, sees the matter and clears the check with a reason.
    context = browser.new_context()
    admin = context.new_page()
    sign_in(admin, live_server, dana)
    admin.goto(intake_url)
    expect(admin.locator(".conflict-results")).to_contain_text(secret.number)
    admin.get_by_label("Cleared", exact=True).check()
    admin.locator(".decision-form").get_by_label("Reason").fill(
        "Same client, unrelated matter; no adversity"
    )
    admin.get_by_role("button", name="Record the decision").click()
    expect(admin.locator(".check-decision")).to_have_text("Cleared")
    context.close()

    # Bob opens the matter from the intake in one action.
    page.goto(intake_url)
    page.locator("form[action$='/open/']").get_by_label("Title").fill("Northwind v. Okafor")
    page.get_by_label("Practice area").select_option(label="Civil litigation")
    page.locator("form[action$='/open/']").get_by_label("Responsible attorney").select_option(
        label="Alice Moreno"
    )
    page.get_by_role("button", name="Open the matter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northwind v. Okafor")
    report = page.locator(".matter-conflict-report")
    expect(report).to_contain_text("Cleared")
    expect(report).to_contain_text("Okafor Industries")
    expect(report).to_contain_text("1 matter you cannot see")
