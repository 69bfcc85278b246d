"""The Deadlines tab, trigger events, the calendar, the calculator and notifications."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deadlines import services
from deadlines.models import Deadline, Notification, TriggerEvent
from tests.factories import DeadlineFactory, open_matter

pytestmark = pytest.mark.django_db

SERVED = datetime.date(2026, 11, 5)


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-FED-CA")


def _enter(client, matter, **extra):
    data = {"event_key": "complaint_served", "trigger_date": "2026-11-05", "service": "personal"}
    return client.post(reverse("deadlines:trigger_event", args=[matter.pk]), {**data, **extra})


def test_bob_previews_then_confirms_a_trigger_event(client, matter, bob):
    client.force_login(bob)
    preview = _enter(client, matter)
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "Answer or Rule 12 motion due" in body
    assert "Thanksgiving" in body
    assert "2026-11-27" in body
    assert not TriggerEvent.objects.exists()

    confirmed = _enter(client, matter, confirm="1")
    assert confirmed.status_code == 302
    assert Deadline.objects.filter(matter=matter).count() == 2
    tab = client.get(reverse("deadlines:matter_deadlines", args=[matter.pk]))
    assert "FRCP 12(a)(1)(A)(i)" in tab.content.decode()


def test_the_trigger_form_offers_the_events_of_the_matters_rule_set(client, alice):
    matter = open_matter(actor=alice, jurisdiction="US-CA")
    client.force_login(alice)
    body = client.get(reverse("deadlines:trigger_event", args=[matter.pk])).content.decode()
    assert "Summary judgment" in body or "summary_judgment_hearing" in body
    assert "rule_26f_conference_held" not in body


def test_a_bad_trigger_date_is_shown_next_to_the_field(client, matter, bob):
    client.force_login(bob)
    response = _enter(client, matter, trigger_date="2010-01-04")
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not TriggerEvent.objects.exists()


def test_charlie_gets_404_on_every_matter_deadline_page(client, matter, charlie, bob):
    deadline = DeadlineFactory(matter=matter)
    event = services.trigger_event_create(
        actor=bob, matter=matter, event_key="complaint_served", trigger_date=SERVED,
        service="personal",
    )  # fmt: skip
    client.force_login(charlie)
    assert client.get(reverse("deadlines:matter_deadlines", args=[matter.pk])).status_code == 404
    assert client.get(reverse("deadlines:trigger_event", args=[matter.pk])).status_code == 404
    assert _enter(client, matter).status_code == 404
    change = reverse("deadlines:trigger_change", args=[matter.pk, event.pk])
    assert client.get(change).status_code == 404
    for name in ("deadline_complete", "deadline_reopen", "deadline_waive", "deadline_override"):
        url = reverse(f"deadlines:{name}", args=[deadline.pk])
        assert (
            client.post(url, {"version": 1, "reason": "x", "due_date": "2026-12-02"}).status_code
            == 404
        )
    missing = reverse("deadlines:deadline_complete", args=[999999])
    assert client.post(missing, {"version": 1}).status_code == 404
    add = reverse("deadlines:deadline_add", args=[matter.pk])
    assert (
        client.post(add, {"title": "x", "kind": "internal", "due_date": "2026-12-01"}).status_code
        == 404
    )
    deadline.refresh_from_db()
    assert deadline.status == "open"
    assert deadline.version == 1


def test_complete_and_a_stale_second_click_says_so(client, matter, bob):
    deadline = DeadlineFactory(matter=matter)
    client.force_login(bob)
    url = reverse("deadlines:deadline_complete", args=[deadline.pk])
    assert client.post(url, {"version": 1}).status_code == 302
    response = client.post(url, {"version": 1}, follow=True)
    assert "changed by someone else" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.status == "done"
    assert deadline.version == 2


def test_override_and_waive_through_the_tab(client, matter, bob):
    deadline = DeadlineFactory(matter=matter)
    client.force_login(bob)
    client.post(
        reverse("deadlines:deadline_override", args=[deadline.pk]),
        {"version": 1, "due_date": "2026-12-15", "reason": "Order of 2026-11-01"},
    )
    deadline.refresh_from_db()
    assert deadline.due_date == datetime.date(2026, 12, 15)
    assert deadline.is_overridden
    client.post(
        reverse("deadlines:deadline_waive", args=[deadline.pk]),
        {"version": 2, "reason": "Stipulated"},
    )
    deadline.refresh_from_db()
    assert deadline.status == "waived"


def test_change_trigger_date_preview_then_confirm(client, matter, bob):
    event = services.trigger_event_create(
        actor=bob, matter=matter, event_key="complaint_served", trigger_date=SERVED,
        service="personal",
    )  # fmt: skip
    client.force_login(bob)
    url = reverse("deadlines:trigger_change", args=[matter.pk, event.pk])
    preview = client.post(url, {"new_date": "2026-11-12", "version": 1})
    body = preview.content.decode()
    assert "2026-12-03" in body
    assert "Confirm" in body
    assert Deadline.objects.get(rule_key="answer").due_date == datetime.date(2026, 11, 27)
    client.post(url, {"new_date": "2026-11-12", "version": 1, "confirm": "1"})
    assert Deadline.objects.get(rule_key="answer").due_date == datetime.date(2026, 12, 3)


def test_adding_a_statute_of_limitations_by_hand(client, matter, alice):
    client.force_login(alice)
    client.post(
        reverse("deadlines:deadline_add", args=[matter.pk]),
        {"title": "SOL: negligence", "kind": "statute", "due_date": "2028-03-01",
         "citation": "CCP § 335.1"},
    )  # fmt: skip
    assert Deadline.objects.get(kind="statute").citation == "CCP § 335.1"


def test_the_tab_runs_a_fixed_number_of_queries(client, matter, bob):
    client.force_login(bob)
    url = reverse("deadlines:matter_deadlines", args=[matter.pk])
    DeadlineFactory(matter=matter).responsible.add(bob)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(8):
        DeadlineFactory(matter=matter).responsible.add(bob)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


@time_machine.travel(datetime.datetime(2026, 11, 10, 18, tzinfo=datetime.UTC))
def test_the_calendar_shows_visible_deadlines_only_in_constant_queries(
    client, matter, bob, charlie
):
    DeadlineFactory(
        matter=matter, title="Answer due", due_date=datetime.date(2026, 11, 27)
    ).responsible.add(bob)
    hidden = (
        open_matter(actor=charlie, title="Charlie's own")
        if charlie.has_perm("cases.add_matter")
        else None
    )
    if hidden:
        DeadlineFactory(
            matter=hidden, title="Secret deadline", due_date=datetime.date(2026, 11, 20)
        )
    client.force_login(bob)
    url = reverse("deadlines:calendar")
    for view in ("month", "week", "list"):
        response = client.get(url, {"view": view, "scope": "all", "date": "2026-11-24"})
        assert response.status_code == 200
        body = response.content.decode()
        assert "Answer due" in body
        assert "Secret deadline" not in body
    client.force_login(charlie)
    assert "Answer due" not in client.get(url, {"scope": "all"}).content.decode()

    client.force_login(bob)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"scope": "team"})
    for i in range(6):
        DeadlineFactory(matter=matter, due_date=datetime.date(2026, 11, 3 + i)).responsible.add(bob)
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"scope": "team"})
    assert len(many) == len(few)


@time_machine.travel(datetime.datetime(2026, 11, 10, 18, tzinfo=datetime.UTC))
def test_two_hearings_of_one_attorney_on_one_day_are_flagged(client, alice, matter):
    other = open_matter(actor=alice, title="Roe v. Widget")
    for m in (matter, other):
        services.deadline_create(
            actor=alice, matter=m, title="Motion hearing", kind="hearing",
            due_date=datetime.date(2026, 11, 18), due_time=datetime.time(9, 0),
        )  # fmt: skip
    client.force_login(alice)
    body = client.get(reverse("deadlines:calendar"), {"scope": "mine"}).content.decode()
    assert "Hearing conflicts" in body
    assert "Alice Moreno has 2 hearings on Wed 2026-11-18" in body


def test_the_calendar_filters_mine_team_and_one_matter(client, matter, alice, bob):
    mine = DeadlineFactory(matter=matter, title="Bob's", due_date=datetime.date(2026, 11, 20))
    mine.responsible.add(bob)
    DeadlineFactory(
        matter=matter, title="Alice's", due_date=datetime.date(2026, 11, 20)
    ).responsible.add(alice)
    client.force_login(bob)
    url = reverse("deadlines:calendar")
    args = {"date": "2026-11-01", "view": "list"}
    body = client.get(url, {**args, "scope": "mine"}).content.decode()
    assert "Bob&#x27;s" in body
    assert "Alice&#x27;s" not in body
    body = client.get(url, {**args, "scope": "team"}).content.decode()
    assert "Bob&#x27;s" in body
    assert "Alice&#x27;s" in body
    body = client.get(url, {**args, "scope": "matter", "matter": matter.pk}).content.decode()
    assert "Alice&#x27;s" in body


def test_the_calendar_needs_a_login(client):
    response = client.get(reverse("deadlines:calendar"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_calculator_explains_every_step(client, charlie):
    client.force_login(charlie)
    response = client.get(
        reverse("deadlines:calculator"),
        {"trigger_date": "2026-11-05", "days": 21, "direction": "after", "unit": "calendar",
         "jurisdiction": "US-FED", "service": "personal"},
    )  # fmt: skip
    body = response.content.decode()
    assert "2026-11-27" in body
    assert "Thanksgiving" in body
    assert "FRCP 6(a)(1)(C)" in body


def test_the_calculator_reports_bad_input_next_to_the_field(client, charlie):
    client.force_login(charlie)
    response = client.get(
        reverse("deadlines:calculator"),
        {"trigger_date": "2001-01-01", "days": 21, "direction": "after", "unit": "calendar",
         "jurisdiction": "US-FED", "service": "personal"},
    )  # fmt: skip
    assert "not supported" in response.content.decode()


def test_notifications_page_lists_only_visible_ones_and_marks_read(client, matter, bob, charlie):
    deadline = DeadlineFactory(matter=matter)
    Notification.objects.create(user=bob, deadline=deadline, text="Reminder: due soon")
    Notification.objects.create(user=charlie, deadline=deadline, text="Leaked reminder")
    client.force_login(charlie)
    assert "Leaked reminder" not in client.get(reverse("deadlines:notifications")).content.decode()
    client.force_login(bob)
    assert "Reminder: due soon" in client.get(reverse("deadlines:notifications")).content.decode()
    client.post(reverse("deadlines:notifications"))
    assert not Notification.objects.filter(user=bob, read_at__isnull=True).exists()


def test_reminder_settings_are_saved(client, bob):
    client.force_login(bob)
    client.post(reverse("deadlines:reminder_settings"), {"offsets": "14, 2, 0", "email": "on"})
    assert bob.reminder_preference.offsets == [14, 2, 0]


def test_the_navigation_counts_unread_notifications_and_links_to_them(client, alice):
    Notification.objects.create(user=alice, text="Answer due in 3 days")
    Notification.objects.create(user=alice, text="Read already", read_at="2026-11-01T00:00Z")
    client.force_login(alice)
    html = client.get(reverse("clients:contact_list")).content.decode()
    link = f'<a class="notifications-link" href="{reverse("deadlines:notifications")}">'
    assert f'{link}Notifications <span class="badge" aria-label="1 unread">1</span></a>' in html
    client.post(reverse("deadlines:notifications"))  # mark all read
    html = client.get(reverse("clients:contact_list")).content.decode()
    assert f"{link}Notifications</a>" in html


def test_the_count_is_one_query_made_once_per_page(client, alice):
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("clients:contact_list"))
    counted = [q for q in queries.captured_queries if "deadlines_notification" in q["sql"]]
    assert len(counted) == 1


def test_charlie_is_not_counted_alices_notifications(client, alice, charlie):
    Notification.objects.create(user=alice, text="Answer due in 3 days")
    client.force_login(charlie)
    html = client.get(reverse("clients:contact_list")).content.decode()
    assert 'aria-label="1 unread"' not in html
    assert ">Notifications</a>" in html
