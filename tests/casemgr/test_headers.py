"""Every kind of answer carries the Content-Security-Policy, Permissions-Policy and
`Cache-Control: no-store`: the public sign-in page, signed-in pages of each app, an
htmx partial, the API, a 404, a CSV export and the iCal feed."""

import pytest
from django.urls import reverse

from deadlines import services as deadline_services
from tests.factories import DeadlineFactory, add_task, open_matter

pytestmark = pytest.mark.django_db

STRICT_CSP = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
}


def _assert_headers(response, what):
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.strip() for part in csp.split(";")}
    assert directives >= STRICT_CSP, f"{what}: CSP is {csp!r}"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "camera=()" in response.headers.get("Permissions-Policy", ""), what
    assert "no-store" in response.headers.get("Cache-Control", ""), what


@pytest.fixture
def matter(alice, bob):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-CA")
    add_task(actor=alice, matter=matter, title="Call the client")
    DeadlineFactory(matter=matter, title="Answer due").responsible.set([alice])
    return matter


def test_the_public_sign_in_page_carries_the_headers(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    _assert_headers(response, "sign-in page")


def test_signed_in_pages_of_every_app_carry_the_headers(client, alice, matter):
    client.force_login(alice)
    pages = {
        "dashboard": reverse("home"),
        "matter list": reverse("cases:matter_list"),
        "matter page": reverse("cases:matter_detail", args=[matter.pk]),
        "tasks tab": reverse("cases:matter_tasks", args=[matter.pk]),
        "contacts": reverse("clients:contact_list"),
        "contact": reverse("clients:contact_detail", args=[matter.client_id]),
        "calendar": reverse("deadlines:calendar"),
        "notifications": reverse("deadlines:notifications"),
    }
    for what, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, what
        _assert_headers(response, what)


def test_firm_admin_pages_and_the_csv_export_carry_the_headers(client, dana):
    client.force_login(dana)
    response = client.get(reverse("firm:home"))
    assert response.status_code == 200
    _assert_headers(response, "firm admin home")
    export = client.get(reverse("firm:audit_export"))
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")
    _assert_headers(export, "audit CSV export")


def test_an_htmx_partial_carries_the_headers(client, alice, matter):
    client.force_login(alice)
    response = client.get(
        reverse("cases:matter_tasks", args=[matter.pk]),
        headers={"HX-Request": "true", "HX-Target": "tab-panel"},
    )
    assert response.status_code == 200
    assert b"<html" not in response.content  # the tab alone, not the whole page
    _assert_headers(response, "htmx partial")


def test_the_api_list_and_detail_carry_the_headers(client, alice, matter):
    client.force_login(alice)
    listing = client.get("/api/matters/")
    assert listing.status_code == 200
    _assert_headers(listing, "API list")
    detail = client.get(f"/api/matters/{matter.pk}/")
    assert detail.status_code == 200
    _assert_headers(detail, "API detail")


def test_a_404_and_an_api_404_carry_the_headers(client, alice, charlie, matter):
    client.force_login(charlie)
    page = client.get(reverse("cases:matter_detail", args=[matter.pk]))
    assert page.status_code == 404
    _assert_headers(page, "404 page")
    api = client.get(f"/api/matters/{matter.pk}/")
    assert api.status_code == 404
    _assert_headers(api, "API 404")


def test_the_ical_feed_carries_the_headers(client, alice, matter):
    token = deadline_services.calendar_feed_regenerate(actor=alice)
    response = client.get(reverse("deadlines:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    _assert_headers(response, "iCal feed")


def test_static_files_keep_their_cache_lifetime_and_skip_no_store(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
