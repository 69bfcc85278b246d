"""One rule for input (casemgr.params): the inputs issue #12 found to answer a 500
are refused with a 400 that says what was wrong, on pages and in the API."""

import pytest
from django.urls import reverse

from casemgr.params import DATE_MAX, DATE_MIN
from cases.models import Matter
from tests.factories import ContactFactory, PracticeAreaFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-FED-CA")


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("research-memo-list", {"q": "a\x00b"}),
        ("contact-conflict-check", {"name": "a\x00b"}),
        ("matter-list", {"q": "a\x00b"}),
        ("contact-list", {"q": "x" * 100_000}),
        ("deadline-list", {"due_to": "9999-12-31"}),
        ("research-memo-list", {"matter": "9223372036854775808"}),
    ],
)
def test_the_api_answers_a_structured_400_to_hostile_parameters(client, bob, name, params):
    client.force_login(bob)
    response = client.get(reverse(name), params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"].startswith("The request has invalid")
    assert set(body["errors"]) == set(params)


def _api(name):
    return reverse(name.removeprefix(""))


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("cases:research_search", {"q": "a\x00b"}, "Null characters are not allowed."),
        ("clients:conflict_check", {"name": "a\x00b"}, "Null characters are not allowed."),
        ("deadlines:calendar", {"date": "0001-01-01"}, "Give a date between 1900-01-01"),
        ("deadlines:calendar", {"date": "9999-12-31"}, "Give a date between 1900-01-01"),
        ("cases:matter_list", {"page": "9223372036854775807"}, "less than or equal to 10000"),
        ("cases:matter_list", {"page": "abc"}, "Enter a whole number."),
        ("clients:contact_list", {"q": "x" * 300}, "at most 200 characters"),
        ("deadlines:calendar", {"matter": "-1"}, "greater than or equal to 1"),
    ],
)
def test_a_page_answers_a_400_that_says_what_was_wrong(client, bob, url, params, message):
    client.force_login(bob)
    response = client.get(reverse(url), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(params)[0] in response.content.decode()


def test_the_audit_log_and_its_csv_refuse_dates_past_the_sane_range(client, dana):
    client.force_login(dana)
    page = client.get(reverse("firm:audit"), {"until": "9999-12-31"})
    assert page.status_code == 200  # the filter form shows the error next to the field
    assert "Give a date between 1900-01-01 and 2199-12-31." in page.content.decode()
    export = client.get(reverse("firm:audit_export"), {"until": "9999-12-31"})
    assert export.status_code == 400
    assert "Give a date between" in export.content.decode()
    fine = client.get(reverse("firm:audit_export"), {"until": f"{DATE_MAX:%Y-%m-%d}"})
    assert fine.status_code == 200


def test_the_calendar_opens_at_both_ends_of_the_sane_range(client, bob):
    client.force_login(bob)
    for day in (DATE_MIN, DATE_MAX):
        assert (
            client.get(reverse("deadlines:calendar"), {"date": f"{day:%Y-%m-%d}"}).status_code
            == 200
        )


def test_a_trigger_event_dated_9999_is_a_field_error(client, bob, matter):
    client.force_login(bob)
    data = {"event_key": "complaint_served", "trigger_date": "9999-12-31", "service": "personal"}
    url = reverse("deadlines:trigger_event", args=[matter.pk])
    for post in (data, {**data, "confirm": "1"}):
        response = client.post(url, post)
        assert response.status_code == 200
        assert "Give a date between 1900-01-01 and 2199-12-31." in response.content.decode()
    assert not matter.trigger_events.exists()


def test_the_deadline_api_refuses_a_filter_date_out_of_range(client, bob):
    client.force_login(bob)
    response = client.get(reverse("deadline-list"), {"due_from": "0001-01-01"})
    assert response.status_code == 400
    assert "due_from" in response.json()["errors"]


def test_a_missing_row_looked_up_by_a_third_party_admin_page_is_a_404(client, dana):
    dana.is_superuser = True
    dana.save(update_fields=["is_superuser"])
    client.raise_request_exception = False
    client.force_login(dana)
    url = reverse("admin:otp_totp_totpdevice_config", args=[987654])
    assert client.get(url).status_code == 404


def test_a_paralegal_opening_a_matter_for_an_attorney_through_the_api_can_read_it(
    client, alice, bob
):
    from tests.factories import cleared_check

    PracticeAreaFactory()
    client.force_login(bob)
    check = cleared_check(decided_by=alice)
    response = client.post(
        reverse("matter-list"),
        {"title": "Doe v. Acme", "client": ContactFactory().pk, "practice_area": "LIT",
         "responsible_attorney": alice.email, "conflict_check": check.pk},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    body = response.json()
    assert {m["user"]: m["role"] for m in body["team"]} == {
        alice.email: "lead",
        bob.email: "paralegal",
    }
    assert client.get(reverse("matter-detail", args=[body["id"]])).status_code == 200


def test_opening_a_matter_on_the_page_and_in_the_service_puts_the_opener_on_the_team(
    client, alice, bob, charlie
):
    matter = open_matter(actor=bob, responsible_attorney=alice)
    assert set(matter.team.values_list("user__email", "role")) == {
        (alice.email, "lead"),
        (bob.email, "paralegal"),
    }
    assert Matter.objects.visible_to(bob).filter(pk=matter.pk).exists()
    assert not Matter.objects.visible_to(charlie).filter(pk=matter.pk).exists()
