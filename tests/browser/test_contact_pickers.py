"""The search-then-choose pickers in a real browser: htmx fills the matches as
one types, the choice is a radio button, and the form saves it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clients.models import Contact
from tests.browser.helpers import sign_in
from tests.factories import ContactFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_paralegal_types_an_employer_and_chooses_it_then_changes_it(live_server, page):
    bob = UserFactory(full_name="Bob Lindqvist", role="Paralegal")
    OrganizationFactory(organization_name="Bayview Holdings")
    OrganizationFactory(organization_name="Bayside Freight")
    ContactFactory(first_name="Bay", last_name="Person")  # a person: never offered

    sign_in(page, live_server, bob)
    page.goto(f"{live_server.url}{reverse('clients:contact_create')}")
    page.get_by_label("First name").fill("Olga")
    page.get_by_label("Last name").fill("Mendez")
    results = page.locator("#id_organization_results")
    page.get_by_label("Works for").press_sequentially("Bayv")
    results.get_by_label("Bayview Holdings").check()  # filled in by htmx as she typed
    expect(results).not_to_contain_text("Bay Person")
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Olga Mendez")
    expect(page.get_by_role("link", name="Bayview Holdings")).to_be_visible()
    olga = Contact.objects.get(last_name="Mendez")
    assert olga.organization.display_name == "Bayview Holdings"

    # On edit the employer shows as chosen; a new search offers the others.
    page.goto(f"{live_server.url}{reverse('clients:contact_edit', args=[olga.pk])}")
    expect(page.get_by_label("Bayview Holdings")).to_be_checked()
    page.get_by_label("Works for").press_sequentially("Bays")
    results.get_by_label("Bayside Freight").check()
    expect(results.get_by_label("Bayview Holdings")).to_have_count(0)  # not listed twice
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("link", name="Bayside Freight")).to_be_visible()
    olga.refresh_from_db()
    assert olga.organization.display_name == "Bayside Freight"
