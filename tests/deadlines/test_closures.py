"""Court closures entered by firm admins on their own page: list by court, add,
remove, with messages and audit; 404 for everyone else; and a closure entered
there moves the deadlines computed afterwards."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from casemgr.models import AuditEvent
from deadlines import services
from deadlines.models import CourtClosure, Deadline
from tests.factories import open_matter

pytestmark = pytest.mark.django_db

# A Monday in Texas that is no court holiday (Veterans Day is Wednesday the 11th).
MONDAY = datetime.date(2026, 11, 9)


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(datetime.datetime(2026, 10, 1, 18, tzinfo=datetime.UTC)):
        yield


def _add(client, **data):
    data = {"jurisdiction": "US-TX", "date": MONDAY.isoformat(),
            "reason": "Harris County courthouse closed: water main break", **data}  # fmt: skip
    return client.post(reverse("deadlines:closures"), data)


def test_dana_enters_a_closure_and_finds_it_listed_and_audited(client, dana):
    client.force_login(dana)
    response = _add(client)
    assert response.status_code == 302
    assert response.url == f"{reverse('deadlines:closures')}?jurisdiction=US-TX"
    closure = CourtClosure.objects.get()
    assert (closure.jurisdiction, closure.date, closure.created_by) == ("US-TX", MONDAY, dana)
    page = client.get(response.url).content.decode()
    assert "Texas state court closed on Mon 2026-11-09 is entered" in page
    assert "Harris County courthouse closed: water main break" in page
    event = AuditEvent.objects.get(object_type="deadlines.courtclosure", action="create")
    assert event.actor_id == dana.pk
    assert event.matter_id is None
    assert "US-TX on 2026-11-09" in event.summary


def test_the_firm_admin_home_links_to_the_closures_page(client, dana):
    client.force_login(dana)
    body = client.get(reverse("firm:home")).content.decode()
    assert f'href="{reverse("deadlines:closures")}"' in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "2026-11-07"}, "date", "Saturday 2026-11-07 is a weekend day"),
        # Christmas Day is a Texas court holiday already (Gov't Code § 662.003(a)).
        ({"date": "2026-12-25"}, "date", "already a closed day in the US-TX court calendar"),
        ({"date": "2010-03-01"}, "date", "casemgr computes US-TX deadlines from"),
        ({"date": "9999-12-31"}, "date", "up to two years ahead"),
        ({"date": "10000-01-01"}, "date", "Enter a valid date"),
        ({"date": ""}, "date", "Give the day the court is closed"),
        ({"reason": "   "}, "reason", "Say why the court is closed"),
        ({"reason": "closed\x00"}, "reason", "Null characters are not allowed"),
        ({"reason": "x" * 301}, "reason", "at most 300 characters"),
        ({"jurisdiction": "US-XX"}, "jurisdiction", "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(client, dana, data, field, message):
    client.force_login(dana)
    response = _add(client, **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field])
    assert message.split(" ")[0] in response.content.decode()
    assert not CourtClosure.objects.exists()


def test_a_day_entered_twice_is_refused(client, dana):
    client.force_login(dana)
    _add(client)
    response = _add(client, reason="Again")
    assert "is already entered" in " ".join(response.context["form"].errors["date"])
    assert CourtClosure.objects.count() == 1


def test_the_same_day_may_be_closed_in_two_court_systems(client, dana):
    client.force_login(dana)
    _add(client)
    assert _add(client, jurisdiction="US-FED").status_code == 302
    assert CourtClosure.objects.count() == 2


def test_the_list_is_paginated_and_filtered_by_court(client, dana):
    day = datetime.date(2026, 1, 5)
    for _ in range(30):
        CourtClosure.objects.create(jurisdiction="US-TX", date=day, reason=f"TX {day}")
        day += datetime.timedelta(days=7)
    CourtClosure.objects.create(jurisdiction="US-NY", date=MONDAY, reason="NY snow")
    client.force_login(dana)
    url = reverse("deadlines:closures")

    first = client.get(url, {"jurisdiction": "US-TX"})
    assert len(first.context["page_obj"].object_list) == 25
    assert first.context["page_obj"].paginator.count == 30
    assert "NY snow" not in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    # Latest first.
    assert first.context["page_obj"].object_list[0].date == datetime.date(2026, 7, 27)
    second = client.get(url, {"jurisdiction": "US-TX", "page": "2"})
    assert len(second.context["page_obj"].object_list) == 5

    everything = client.get(url)
    assert everything.context["page_obj"].paginator.count == 31
    assert client.get(url, {"jurisdiction": "US-NY"}).context["page_obj"].paginator.count == 1
    # A court that does not exist is a filter ignored, not an error.
    assert client.get(url, {"jurisdiction": "nope", "page": "x"}).status_code == 200


def test_dana_removes_a_closure_audited(client, dana):
    closure = CourtClosure.objects.create(jurisdiction="US-TX", date=MONDAY, reason="Flood")
    client.force_login(dana)
    url = reverse("deadlines:closure_delete", args=[closure.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert not CourtClosure.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Removed the closure of Texas state court on Mon 2026-11-09" in page
    event = AuditEvent.objects.get(object_type="deadlines.courtclosure", action="delete")
    assert (event.actor_id, event.object_id) == (dana.pk, str(closure.pk))
    assert client.post(url).status_code == 404  # gone


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie"])
def test_everyone_but_a_firm_admin_gets_404(client, request, persona):
    closure = CourtClosure.objects.create(jurisdiction="US-TX", date=MONDAY, reason="Flood")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("deadlines:closures")).status_code == 404
    assert _add(client, date="2026-11-16").status_code == 404
    assert client.post(reverse("deadlines:closure_delete", args=[closure.pk])).status_code == 404
    assert CourtClosure.objects.get().reason == "Flood"
    assert CourtClosure.objects.count() == 1


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("deadlines:closures"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_services_refuse_anyone_but_a_firm_admin(alice, dana):
    with pytest.raises(PermissionDenied):
        services.court_closure_create(
            actor=alice, jurisdiction="US-TX", date=MONDAY, reason="Flood"
        )
    closure = services.court_closure_create(
        actor=dana, jurisdiction="US-TX", date=MONDAY, reason="Flood"
    )
    with pytest.raises(PermissionDenied):
        services.court_closure_delete(actor=alice, closure=closure)
    assert CourtClosure.objects.filter(pk=closure.pk).exists()


# --- The calculator counts it ------------------------------------------------------------


def test_a_closure_entered_on_the_page_moves_the_texas_answer_deadline(client, dana, alice, bob):
    # TRCP 99(b): served Wed 2026-10-14, the 20th day is Tue 2026-11-03 and the
    # answer is due at 10:00 a.m. on the Monday next after it, Mon 2026-11-09.
    # With the courthouse closed that Monday, TRCP 4 gives the next day the
    # clerk's office is open: Tue 2026-11-10, still 10:00 a.m.
    matter = open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-TX")
    served = datetime.date(2026, 10, 14)

    def answer():
        preview = services.trigger_event_preview(
            actor=bob, matter=matter, event_key="complaint_served", trigger_date=served,
            service="personal",
        )  # fmt: skip
        return next(d for d in preview.deadlines if d.key == "answer")

    before = answer()
    assert (before.due_date, before.due_time) == (MONDAY, datetime.time(10, 0))

    client.force_login(dana)
    assert _add(client).status_code == 302

    after = answer()
    assert (after.due_date, after.due_time) == (datetime.date(2026, 11, 10), datetime.time(10))
    assert "water main break" in after.computation.explanation

    event = services.trigger_event_create(
        actor=bob, matter=matter, event_key="complaint_served", trigger_date=served,
        service="personal",
    )  # fmt: skip
    stored = event.deadlines.get(rule_key="answer")
    assert stored.due_date == datetime.date(2026, 11, 10)
    assert "water main break" in stored.explanation


def test_removing_the_closure_lets_the_next_computation_count_the_day(client, dana, alice):
    matter = open_matter(actor=alice, jurisdiction="US-FED")
    # FRCP 12(a)(1)(A)(i): served Fri 2026-10-16, 21 days → Fri 2026-11-06.
    closure = services.court_closure_create(
        actor=dana, jurisdiction="US-FED", date=datetime.date(2026, 11, 6),
        reason="Clerk's office inaccessible (FRCP 6(a)(3))",
    )  # fmt: skip
    first = services.trigger_event_create(
        actor=alice, matter=matter, event_key="complaint_served",
        trigger_date=datetime.date(2026, 10, 16), service="personal",
    )  # fmt: skip
    assert first.deadlines.get(rule_key="answer").due_date == MONDAY
    client.force_login(dana)
    client.post(reverse("deadlines:closure_delete", args=[closure.pk]))
    second = open_matter(actor=alice, jurisdiction="US-FED")
    event = services.trigger_event_create(
        actor=alice, matter=second, event_key="complaint_served",
        trigger_date=datetime.date(2026, 10, 16), service="personal",
    )  # fmt: skip
    assert event.deadlines.get(rule_key="answer").due_date == datetime.date(2026, 11, 6)
    # The deadline computed while the closure stood keeps its date.
    assert Deadline.objects.get(pk=first.deadlines.get(rule_key="answer").pk).due_date == MONDAY


def test_the_django_admin_only_shows_closures_the_page_and_its_audit_trail_own_the_writes(
    client, dana
):
    client.force_login(dana)
    assert client.get(reverse("admin:deadlines_courtclosure_changelist")).status_code == 200
    assert client.get(reverse("admin:deadlines_courtclosure_add")).status_code == 403
