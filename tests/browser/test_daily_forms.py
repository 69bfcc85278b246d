"""Daily-use forms in a real browser: "Add another" adds a row in place (no
round trip), and a contact picker that finds nothing creates the contact
without leaving the matter."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from clients.models import Contact
from tests.browser.helpers import sign_in
from tests.factories import UserFactory, open_matter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_another_email_adds_a_row_in_the_page_and_both_are_saved(live_server, page):
    bob = UserFactory(full_name="Bob Lindqvist", role="Paralegal")
    sign_in(page, live_server, bob)
    url = f"{live_server.url}{reverse('clients:contact_create')}"
    page.goto(url)
    page.get_by_label("First name").fill("Maria")
    page.get_by_label("Last name").fill("Lopez")
    page.locator("#id_emails-0-email").fill("maria@lopez.test")
    page.locator("[data-formset-add='emails']").click()
    # Added by static/js/app.js: still on the same page, nothing posted yet.
    expect(page.locator("#id_emails-1-email")).to_be_focused()
    assert page.url == url
    assert page.locator("#id_emails-TOTAL_FORMS").input_value() == "2"
    page.locator("#id_emails-1-email").fill("m.lopez@work.test")
    page.get_by_role("button", name="Add contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maria Lopez")
    maria = Contact.objects.get(last_name="Lopez")
    assert sorted(maria.emails.values_list("email", flat=True)) == [
        "m.lopez@work.test",
        "maria@lopez.test",
    ]


def test_a_party_nobody_has_entered_is_created_from_the_picker(live_server, page):
    alice = UserFactory(full_name="Alice Moreno", role="Attorney")
    matter = open_matter(actor=alice, title="Harper v. Northwind")
    sign_in(page, live_server, alice)
    page.goto(f"{live_server.url}{reverse('cases:matter_parties', args=[matter.pk])}")
    results = page.locator("#id_contact_results")
    page.locator("#id_contact_q").press_sequentially("Zebulon Quark")
    expect(results).to_contain_text("Nothing matches")
    expect(results.locator("#id_contact_new-last_name")).to_have_value("Quark")
    results.get_by_role("button", name="Create contact").click()
    expect(results).to_contain_text("Created Zebulon Quark and chose it.")
    expect(results.get_by_label("Zebulon Quark")).to_be_checked()
    page.get_by_label("Role").select_option("witness")
    page.get_by_role("button", name="Add party").click()
    quark = Contact.objects.get(last_name="Quark")
    assert matter.parties.filter(contact=quark, role="witness").exists()
