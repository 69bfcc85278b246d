"""Daily use (issue 16): every main page, as each persona, at a phone's 390 px and a
laptop's 1366 px, has no horizontal scrolling and no serious or critical WCAG 2.1
AA violation (axe-core); the matter dashboard answers "where does this matter
stand" without leaving the page.

One seeded world serves the whole sweep: each page is loaded once per persona at
1366 px, checked, then narrowed to 390 px (the media queries apply on resize)
and checked again."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cases import services
from clients import intake as intake_services
from tests.browser.helpers import axe_violations, horizontal_overflow, sign_in
from tests.factories import (
    DeadlineFactory,
    UserFactory,
    add_offer,
    add_task,
    new_contact,
    open_matter,
    write_memo,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)
LONG_WORD = "Unbroken" * 25  # 200 characters without a space


def seed_world():
    """Alice's matter with a bit of everything, a matter with a 200-character
    unbroken title, an intake, and a wall; the four personas."""
    today = timezone.localdate()
    alice = UserFactory(full_name="Alice Moreno", role="Attorney")
    bob = UserFactory(full_name="Bob Lindqvist", role="Paralegal")
    charlie = UserFactory(full_name="Charlie Brandt", role="Paralegal")
    dana = UserFactory(full_name="Dana Whitfield", role="Firm admin", is_staff=True)
    client = new_contact(
        actor=alice, first_name="Harriet", last_name="Quinn", client_status="active",
        emails=[{"email": "harriet.quinn@example.com", "label": "home", "is_primary": True}],
        phones=[{"number": "+1 415 555 0100", "label": "mobile", "is_primary": True}],
    )  # fmt: skip
    opposing = new_contact(actor=alice, kind="organization", organization_name="Bayview Holdings")
    matter = open_matter(actor=alice, title="Quinn v. Bayview Holdings", client=client,
                         team=[(bob, "paralegal")], jurisdiction="US-CA",
                         docket_number="CGC-26-612345")  # fmt: skip
    services.party_add(actor=alice, matter=matter, contact=opposing, role="opposing_party")
    services.matter_change_stage(actor=alice, matter=matter, stage="discovery",
                                 expected_version=matter.version)  # fmt: skip
    days = datetime.timedelta
    DeadlineFactory(matter=matter, title="Overdue meet and confer letter", due_date=today - days(3))
    DeadlineFactory(matter=matter, title="Responses to form interrogatories",
                    due_date=today + days(6))  # fmt: skip
    DeadlineFactory(matter=matter, title="Case management conference", kind="hearing",
                    due_date=today + days(40))  # fmt: skip
    add_task(actor=alice, matter=matter, title="Draft the discovery plan", assignee=alice,
             due_on=today + days(2), priority="high")  # fmt: skip
    add_task(actor=alice, matter=matter, title="Collect the repair invoices", assignee=bob,
             due_on=today - days(1))  # fmt: skip
    add_task(actor=alice, matter=matter, title=LONG_WORD, assignee=bob)
    demand = add_offer(actor=bob, matter=matter, side="client", amount="500000",
                       terms="Lump sum, mutual release")  # fmt: skip
    counter = add_offer(actor=bob, matter=matter, side="opposing", amount="150000",
                        responds_to=demand)  # fmt: skip
    add_offer(actor=bob, matter=matter, side="client", amount="425000", responds_to=counter)
    services.strategy_save(
        actor=alice, matter=matter, expected_version=0,
        theory_of_case="Bayview knew of the leak for months and did nothing.",
        objectives="Repairs paid and damages for the lost use.",
        risks="The waiver clause in the lease.", likelihood_percent=65,
    )  # fmt: skip
    services.note_create(actor=bob, matter=matter, kind="call", direction="outgoing",
                         subject="Called opposing counsel about mediation",
                         body="They are open to mediation in January.")  # fmt: skip
    write_memo(actor=alice, matter=matter)
    long_matter = open_matter(actor=alice, title=LONG_WORD, team=[(bob, "paralegal")])
    services.wall_create(actor=dana, name="Screen for Charlie", reason="Former opposing counsel",
                         notice="Do not discuss.", matter=long_matter, users=[charlie])  # fmt: skip
    intake_services.intake_create(
        actor=bob, prospect_kind="person", prospect_first_name="Ines", prospect_last_name="Ortiz",
        summary="Water damage in a rented flat.", responsible_attorney=alice,
    )  # fmt: skip
    return {"alice": alice, "bob": bob, "charlie": charlie, "dana": dana,
            "matter": matter, "long_matter": long_matter, "client": client}  # fmt: skip


def main_pages(world, persona):
    """(what, url) for every main page this persona uses."""
    matter = world["matter"]
    pages = [
        ("home", reverse("home")),
        ("matter list", reverse("cases:matter_list")),
        ("calendar month", reverse("deadlines:calendar") + "?view=month"),
        ("calendar list", reverse("deadlines:calendar") + "?view=list"),
        ("contacts", reverse("clients:contact_list")),
        ("contact", reverse("clients:contact_detail", args=[world["client"].pk])),
        ("documents", reverse("documents:list")),
        ("intake list", reverse("clients:intake_list")),
        ("research search", reverse("cases:research_search") + "?q=limitations"),
        ("notifications", reverse("deadlines:notifications")),
    ]
    if persona != "charlie":
        from cases.tabs import TABS

        pages += [(f"matter {t.key}", reverse(t.url_name, args=[matter.pk])) for t in TABS]
        pages.append(("long title", reverse("cases:matter_detail", args=[world["long_matter"].pk])))
    else:  # the matter does not exist for Charlie: he gets the 404 page, which must hold too
        pages.append(("hidden matter", reverse("cases:matter_detail", args=[matter.pk])))
    if persona == "dana":
        pages += [(name, reverse(f"firm:{name}")) for name in ("home", "users", "walls", "audit")]
    return pages


def test_every_main_page_fits_a_phone_and_a_laptop_and_passes_axe(live_server, browser):
    world = seed_world()
    problems = []
    for persona in ("alice", "bob", "charlie", "dana"):
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
        page = context.new_page()
        page.set_default_timeout(20_000)
        sign_in(page, live_server, world[persona])
        for what, url in main_pages(world, persona):
            response = page.goto(f"{live_server.url}{url}")
            expected = 404 if what == "hidden matter" else 200
            if response.status != expected:
                problems.append(f"{persona} {what}: HTTP {response.status}")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                wider = horizontal_overflow(page)
                if wider:
                    problems.append(f"{persona} {what} at {width} px: {wider} px too wide")
                for v in axe_violations(page):
                    problems.append(f"{persona} {what} at {width} px: {v}")
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        context.close()
    assert problems == [], "\n".join(problems)


def test_the_matter_dashboard_answers_where_the_matter_stands(live_server, browser):
    world = seed_world()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server, world["alice"])
    url = f"{live_server.url}{reverse('cases:matter_detail', args=[world['matter'].pk])}"
    page.goto(url)

    deadlines = page.get_by_role("region", name="Court deadlines")
    expect(deadlines.locator(".ov-next-deadlines li").first).to_contain_text(
        "Responses to form interrogatories"
    )
    expect(deadlines).to_contain_text("Overdue meet and confer letter")
    negotiation = page.get_by_role("region", name="Negotiation")
    expect(negotiation.locator(".ov-gap")).to_have_text("USD 275,000.00")
    expect(negotiation).to_contain_text("narrowing")
    tasks = page.get_by_role("region", name=re.compile("^Open tasks"))
    for text in ("Alice Moreno", "Draft the discovery plan", "Bob Lindqvist",
                 "Collect the repair invoices", "1 overdue"):  # fmt: skip
        expect(tasks).to_contain_text(text)
    notes = page.get_by_role("region", name="Latest notes and communications")
    expect(notes).to_contain_text("Called opposing counsel about mediation")
    expect(page.get_by_role("region", name="Strategy")).to_contain_text("waiver clause")
    assert page.url == url  # all of it without leaving the page
    assert horizontal_overflow(page) == 0

    # Each block leads to its tab.
    negotiation.get_by_role("link", name="Offer log").click()
    expect(page.locator("table.offers-table")).to_contain_text("425,000.00")
    context.close()


def test_the_tabs_and_the_dashboard_are_usable_from_the_keyboard(live_server, browser):
    world = seed_world()
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server, world["bob"])
    page.goto(f"{live_server.url}{reverse('cases:matter_detail', args=[world['matter'].pk])}")
    # The skip link comes first and lands on the content.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    # The tabs are links: focus one and press Enter to open it.
    tab = page.get_by_role("navigation", name="Matter sections").get_by_role("link", name="Tasks")
    tab.focus()
    with page.expect_response(lambda r: r.url.endswith("/tasks/")):
        page.keyboard.press("Enter")
    expect(page.locator("table.tasks-table")).to_contain_text("Collect the repair invoices")
    expect(tab).to_have_attribute("aria-current", "page")
    expect(tab).to_be_focused()  # the swap keeps the keyboard where it was
    # A visible focus ring on the focused control (WCAG 2.4.7).
    outline = tab.evaluate("a => getComputedStyle(a).outlineStyle")
    assert outline != "none"
    context.close()


def test_the_checks_would_notice_a_wide_page_and_an_unlabelled_field(live_server, browser):
    """The sweep's two checks can fail: a 600 px wide box at 390 px, and a text
    field without a label on white text (a critical and a serious violation)."""
    world = seed_world()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live_server, world["bob"])
    page.goto(f"{live_server.url}{reverse('home')}")
    assert horizontal_overflow(page) == 0
    assert axe_violations(page) == []
    # Through the DevTools protocol, as the checks themselves run (the CSP forbids inline code).
    page.evaluate(
        """() => {
          const main = document.querySelector('main');
          const wide = document.createElement('div');
          wide.style.width = '600px';
          wide.textContent = 'A box wider than a phone';
          const field = document.createElement('input');
          field.type = 'text';
          const faint = document.createElement('p');
          faint.textContent = 'Barely readable';
          faint.style.color = '#eeeeee';
          main.append(wide, field, faint);
        }"""
    )
    assert horizontal_overflow(page) > 0
    found = {v["id"] for v in axe_violations(page)}
    assert {"label", "color-contrast"} <= found
    context.close()
