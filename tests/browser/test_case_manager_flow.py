"""A case manager runs a new matter through the browser; the responsible attorney
then sees the work on her dashboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import sign_in
from tests.factories import (
    ContactFactory,
    OrganizationFactory,
    PracticeAreaFactory,
    TaskTemplateFactory,
    UserFactory,
    cleared_check,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pick_contact(page, field, search, name):
    page.locator(f"#id_{field}_q").fill(search)
    page.get_by_label(name).check()


def open_tab(page, label):
    """Switch tabs as a user does, then wait until htmx has swapped the tab in and
    settled it: typing into a field in the instant between its insertion and
    htmx wiring it up would be lost (a race of the test, not of a person)."""
    link = page.get_by_role("navigation", name="Matter sections").get_by_role("link", name=label)
    href = link.evaluate("a => a.href")
    with page.expect_response(lambda response: response.url == href):
        link.click()
    page.wait_for_function(
        "() => !document.querySelector('#tab-panel.htmx-swapping, #tab-panel.htmx-settling')"
    )
    expect(page.get_by_role("heading", level=2).first).to_be_visible()


def test_case_manager_runs_a_matter_and_the_attorney_sees_it_on_her_dashboard(live_server, page):
    alice = UserFactory(full_name="Alice Moreno", role="Attorney")
    carol = UserFactory(full_name="Carol Nguyen", role="Case manager")
    area = PracticeAreaFactory(name="Civil litigation", code="LIT")
    TaskTemplateFactory(practice_area=area, title="Send engagement letter", due_after_days=2,
                        assignee_role="case_manager", priority="high")  # fmt: skip
    TaskTemplateFactory(practice_area=area, title="Review the complaint", due_after_days=3,
                        assignee_role="lead")  # fmt: skip
    ContactFactory(first_name="Harriet", last_name="Quinn", client_status="active")
    check = cleared_check(decided_by=alice, names=["Harriet Quinn", "Bayview Holdings"])
    OrganizationFactory(organization_name="Bayview Holdings")
    ContactFactory(first_name="Olga", last_name="Mendez")

    # Carol opens the matter for the existing client.
    sign_in(page, live_server, carol)
    page.goto(f"{live_server.url}/matters/open/")
    page.get_by_label("Title").fill("Quinn v. Bayview Holdings")
    pick_contact(page, "client", "Quinn", "Harriet Quinn")
    page.get_by_label("Practice area").select_option(label="Civil litigation")
    page.get_by_label("Responsible attorney").select_option(label="Alice Moreno")
    page.get_by_label("Conflict check").select_option(value=str(check.pk))
    page.get_by_role("button", name="Open the matter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quinn v. Bayview Holdings")
    number = page.locator(".matter-meta .badge").first.inner_text()
    matter_url = page.url

    # Parties: the opposing party and opposing counsel.
    open_tab(page, "Parties")
    for search, name, role in (
        ("Bayview", "Bayview Holdings", "Opposing party"),
        ("Mendez", "Olga Mendez", "Opposing counsel"),
    ):
        pick_contact(page, "contact", search, name)
        page.get_by_label("Role").select_option(label=role)
        page.get_by_role("button", name="Add party").click()
        expect(page.get_by_role("row", name=re.compile(name))).to_contain_text(role)

    # Tasks: the practice area's template gave Carol a task; she completes it inline.
    open_tab(page, "Tasks")
    row = page.get_by_role("row", name=re.compile("Send engagement letter"))
    expect(row).to_contain_text("Carol Nguyen")
    row.get_by_role("button", name="Complete “Send engagement letter”").click()
    expect(page.get_by_role("row", name=re.compile("Send engagement letter"))).to_contain_text(
        "Done"
    )
    assert page.url.rstrip("/").endswith("/tasks")  # swapped in place, no reload

    # Notes: she logs a call with opposing counsel.
    open_tab(page, "Notes")
    form = page.locator("form.note-form")
    form.get_by_label(re.compile(r"^Kind")).select_option(label="Call")
    form.get_by_label("Direction (calls, emails, letters)").select_option(label="Outgoing")
    form.get_by_label("Subject").fill("Called opposing counsel about early mediation")
    form.get_by_label("Olga Mendez").check()
    form.get_by_label("Body").fill("Olga is open to mediation in January.")
    form.get_by_role("button", name="Save entry").click()
    expect(page.locator("#notes-panel")).to_contain_text("Logged the call")
    expect(page.locator("ol.note-log")).to_contain_text(
        "Called opposing counsel about early mediation"
    )

    # Negotiation: our demand, then the other side's counter-offer.
    open_tab(page, "Negotiation")
    offer_form = page.locator("form.offer-form")
    offer_form.get_by_label("From").select_option(label="Our client")
    offer_form.get_by_label("Amount (USD)").fill("500000")
    offer_form.get_by_label("Terms").fill("Lump sum, mutual release")
    page.get_by_role("button", name="Record offer").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded the offer of USD 500,000.00")
    offer_form = page.locator("form.offer-form")
    offer_form.get_by_label("From").select_option(label="Opposing party")
    offer_form.get_by_label("Amount (USD)").fill("150000")
    offer_form.get_by_label("Counter-offer to").select_option(index=1)
    page.get_by_role("button", name="Record offer").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded the counter-offer")
    expect(page.locator("table.offers-table")).to_contain_text("Countered")
    expect(page.locator("dl.negotiation-position")).to_contain_text("USD 350,000.00")

    page.get_by_role("button", name="Sign out").click()

    # Alice, the responsible attorney, signs in and finds it all on her dashboard.
    sign_in(page, live_server, alice)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Alice")
    stages = page.locator(".dash-stages")
    expect(stages).to_contain_text("Intake")
    week = page.locator(".dash-week")
    expect(week).to_contain_text("Review the complaint")
    expect(week).not_to_contain_text("Send engagement letter")  # Carol completed it
    negotiations = page.locator(".dash-negotiations")
    expect(negotiations).to_contain_text(number)
    expect(negotiations.get_by_role("row", name=re.compile(number))).to_contain_text("350,000.00")
    activity = page.locator(".dash-activity")
    expect(activity).to_contain_text("logged a call")
    expect(activity).to_contain_text("recorded a counter-offer of USD 150,000.00")
    expect(activity).to_contain_text("completed the task “Send engagement letter”")
    page.locator(".dash-negotiations").get_by_role("link", name=number).click()
    expect(page.locator("dl.negotiation-position")).to_contain_text("USD 350,000.00")
    assert page.url.startswith(matter_url.rstrip("/"))
