"""Trigger events, deadline actions and the date calculator through the API:
the same services as the Deadlines tab, the trigger pages and the calculator page."""

import datetime

import pytest
from django.urls import reverse

from deadlines import services
from deadlines.models import Deadline, TriggerEvent
from tests.api_helpers import assert_flat_queries, post, read_only_token, viewer_of
from tests.factories import DeadlineFactory, open_matter

pytestmark = pytest.mark.django_db

SERVED = datetime.date(2026, 11, 5)


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


def served(matter, actor, day=SERVED):
    return services.trigger_event_create(
        actor=actor, matter=matter, event_key="complaint_served", trigger_date=day,
        service="personal",
    )  # fmt: skip


def event_data(matter, **kwargs):
    return {"matter": matter.pk, "event_key": "complaint_served",
            "trigger_date": SERVED.isoformat(), "service": "personal", **kwargs}  # fmt: skip


# --- Trigger events ---------------------------------------------------------------


def test_bob_previews_then_confirms_a_trigger_event(client, bob, matter):
    client.force_login(bob)
    preview = post(client, reverse("trigger-event-preview"), event_data(matter))
    assert preview.status_code == 200, preview.json()
    body = preview.json()
    answer = next(d for d in body["deadlines"] if d["key"] == "answer")
    assert answer["due_date"] == "2026-11-27"
    assert answer["steps"][-1]["citation"] == "FRCP 6(a)(1)(C)"
    assert not TriggerEvent.objects.exists()  # a preview saves nothing
    created = post(client, reverse("trigger-event-list"), event_data(matter))
    assert created.status_code == 201, created.json()
    event = TriggerEvent.objects.get()
    assert created.json()["id"] == event.pk
    assert {d["rule_key"] for d in created.json()["deadlines"]} == {
        d["key"] for d in body["deadlines"]
    }
    assert client.get(reverse("trigger-event-list"), {"matter": matter.pk}).json()["count"] == 1


def test_trigger_event_validation_errors(client, bob, matter):
    client.force_login(bob)
    for url in (reverse("trigger-event-preview"), reverse("trigger-event-list")):
        response = post(
            client, url,
            {"matter": matter.pk, "event_key": "moon_landing", "trigger_date": "9999-01-01",
             "service": "pigeon"},
        )  # fmt: skip
        assert response.status_code == 400
        assert {"trigger_date", "service"} <= set(response.json()["errors"])
        response = post(client, url, event_data(matter, event_key="moon_landing"))
        assert response.status_code == 400
        assert "event_key" in response.json()["errors"]
        response = post(client, url, event_data(matter, hearing_time="09:30"))
        assert response.status_code == 400  # the service's rule: this event sets no hearing
        assert "hearing_time" in response.json()["errors"]
    assert not TriggerEvent.objects.exists()


def test_changing_a_trigger_date_is_previewed_then_applied(client, bob, matter):
    event = served(matter, bob)
    client.force_login(bob)
    new = {"new_date": "2026-11-12"}
    preview = post(client, reverse("trigger-event-change-date-preview", args=[event.pk]), new)
    assert preview.status_code == 200, preview.json()
    assert any(m["days"] for m in preview.json()["moves"])
    event.refresh_from_db()
    assert event.trigger_date == SERVED
    applied = post(
        client, reverse("trigger-event-change-date", args=[event.pk]), {**new, "version": 1}
    )
    assert applied.status_code == 200, applied.json()
    event.refresh_from_db()
    assert (event.trigger_date, event.version) == (datetime.date(2026, 11, 12), 2)
    stale = post(
        client, reverse("trigger-event-change-date", args=[event.pk]),
        {"new_date": "2026-11-20", "version": 1},
    )  # fmt: skip
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    bad = post(client, reverse("trigger-event-change-date", args=[event.pk]), {"new_date": "x"})
    assert bad.status_code == 400
    assert {"new_date", "version"} <= set(bad.json()["errors"])


def test_charlie_gets_404_on_trigger_events(client, bob, charlie, matter):
    event = served(matter, bob)
    client.force_login(charlie)
    assert client.get(reverse("trigger-event-list")).json()["count"] == 0
    assert client.get(reverse("trigger-event-detail", args=[event.pk])).status_code == 404
    for name in ("trigger-event-change-date-preview", "trigger-event-change-date"):
        url = reverse(name, args=[event.pk])
        assert post(client, url, {"new_date": "2026-11-12", "version": 1}).status_code == 404
    response = post(client, reverse("trigger-event-preview"), event_data(matter))
    assert response.status_code == 400  # the matter does not exist for him
    assert "matter" in response.json()["errors"]
    assert TriggerEvent.objects.count() == 1


def test_a_viewer_and_a_read_only_token_cannot_enter_or_move_events(client, bob, matter):
    event = served(matter, bob)
    change = reverse("trigger-event-change-date", args=[event.pk])
    client.force_login(viewer_of(matter))
    assert client.get(reverse("trigger-event-detail", args=[event.pk])).status_code == 200
    assert post(client, reverse("trigger-event-list"), event_data(matter)).status_code == 403
    assert post(client, reverse("trigger-event-preview"), event_data(matter)).status_code == 403
    assert post(client, change, {"new_date": "2026-11-12", "version": 1}).status_code == 403
    client.logout()
    headers = read_only_token(bob)
    response = post(client, reverse("trigger-event-list"), event_data(matter), **headers)
    assert response.status_code == 403
    assert (
        post(client, change, {"new_date": "2026-11-12", "version": 1}, **headers).status_code == 403
    )
    assert TriggerEvent.objects.get().trigger_date == SERVED


def test_the_trigger_event_list_costs_the_same_queries_for_2_and_20(client, bob, matter):
    client.force_login(bob)
    assert_flat_queries(
        client,
        reverse("trigger-event-list"),
        lambda n: [served(matter, bob, SERVED + datetime.timedelta(days=i)) for i in range(n)],
        lambda body: body["count"],
    )


# --- Deadline actions -------------------------------------------------------------


def act(client, name, deadline, data, **extra):
    return post(client, reverse(f"deadline-{name}", args=[deadline.pk]), data, **extra)


def test_bob_completes_reopens_waives_overrides_and_sets_reminders(client, bob, matter):
    deadline = DeadlineFactory(matter=matter, due_date=datetime.date(2026, 12, 1))
    client.force_login(bob)
    done = act(client, "complete", deadline, {"version": 1})
    assert done.status_code == 200, done.json()
    assert (done.json()["status"], done.json()["version"]) == ("done", 2)
    reopened = act(client, "reopen", deadline, {"version": 2})
    assert reopened.json()["status"] == "open"
    waived = act(client, "waive", deadline, {"version": 3, "reason": "Stipulated away"})
    assert (waived.json()["status"], waived.json()["waived_reason"]) == (
        "waived",
        "Stipulated away",
    )
    act(client, "reopen", deadline, {"version": 4})
    moved = act(client, "override", deadline,
                {"version": 5, "due_date": "2026-12-15", "reason": "Order of 2026-11-20"})  # fmt: skip
    assert moved.status_code == 200, moved.json()
    assert (moved.json()["due_date"], moved.json()["overridden"]) == ("2026-12-15", True)
    reminded = act(client, "reminders", deadline, {"version": 6, "offsets": [1, 7, 7, 0]})
    assert reminded.status_code == 200, reminded.json()
    deadline.refresh_from_db()
    assert deadline.reminder_offsets == [7, 1, 0]
    act(client, "reminders", deadline, {"version": 7, "offsets": None})
    deadline.refresh_from_db()
    assert deadline.reminder_offsets is None


def test_deadline_action_validation_errors(client, bob, matter):
    deadline = DeadlineFactory(matter=matter)
    client.force_login(bob)
    assert "version" in act(client, "complete", deadline, {}).json()["errors"]
    response = act(client, "waive", deadline, {"version": 1, "reason": ""})
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    response = act(client, "override", deadline, {"version": 1, "due_date": "9999-12-31"})
    assert {"due_date", "reason"} <= set(response.json()["errors"])
    response = act(client, "reminders", deadline, {"version": 1, "offsets": [-1, 10**9]})
    assert response.status_code == 400
    assert "offsets" in response.json()["errors"]
    response = act(client, "reopen", deadline, {"version": 1})
    assert response.status_code == 400  # already open: the service's rule
    deadline.refresh_from_db()
    assert deadline.version == 1


def test_stale_deadline_actions_are_409(client, bob, matter):
    deadline = DeadlineFactory(matter=matter)
    services.deadline_set_reminders(actor=bob, deadline=deadline, offsets=[3], expected_version=1)
    client.force_login(bob)
    for name, data in [
        ("complete", {}), ("waive", {"reason": "x"}),
        ("override", {"due_date": "2027-01-04", "reason": "x"}), ("reminders", {"offsets": [1]}),
    ]:  # fmt: skip
        response = act(client, name, deadline, {"version": 1, **data})
        assert response.status_code == 409, name
    deadline.refresh_from_db()
    assert (deadline.status, deadline.reminder_offsets, deadline.version) == ("open", [3], 2)


def test_deadline_actions_are_404_for_charlie_and_403_for_readers(client, bob, charlie, matter):
    deadline = DeadlineFactory(matter=matter)
    client.force_login(charlie)
    assert act(client, "complete", deadline, {"version": 1}).status_code == 404
    assert act(client, "reminders", deadline, {"version": 1, "offsets": [1]}).status_code == 404
    client.force_login(viewer_of(matter))
    assert act(client, "complete", deadline, {"version": 1}).status_code == 403
    assert act(client, "waive", deadline, {"version": 1, "reason": "x"}).status_code == 403
    client.logout()
    headers = read_only_token(bob)
    assert act(client, "complete", deadline, {"version": 1}, **headers).status_code == 403
    deadline.refresh_from_db()
    assert (deadline.status, deadline.version) == (Deadline.Status.OPEN, 1)


# --- The date calculator ------------------------------------------------------------


CALC = {"trigger_date": "2026-11-05", "days": 21, "direction": "after", "unit": "calendar",
        "jurisdiction": "US-FED", "service": "personal"}  # fmt: skip


def test_the_calculator_gives_the_pages_answer_with_its_explanation(client, charlie):
    client.force_login(charlie)  # reads no matter: anyone signed in
    response = client.get(reverse("calculator"), CALC)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["due_date"] == "2026-11-27"  # Thanksgiving rolls to Friday
    assert "Thanksgiving" in body["explanation"]
    assert body["steps"][-1]["citation"] == "FRCP 6(a)(1)(C)"


def test_the_calculator_refuses_bad_input_with_field_errors(client, bob):
    client.force_login(bob)
    response = client.get(reverse("calculator"))
    assert response.status_code == 400
    assert {"trigger_date", "days", "jurisdiction"} <= set(response.json()["errors"])
    bad = {**CALC, "trigger_date": "9999-01-01", "days": 10**12, "unit": "moons"}
    response = client.get(reverse("calculator"), bad)
    assert response.status_code == 400
    assert {"trigger_date", "days", "unit"} <= set(response.json()["errors"])
    client.logout()
    assert client.get(reverse("calculator"), CALC).status_code == 401


# --- A deadline entered by hand ---------------------------------------------------------


def test_bob_adds_a_deadline_by_hand(client, bob, matter):
    client.force_login(bob)
    response = post(client, reverse("deadline-list"),
                    {"matter": matter.pk, "title": " File the joint statement ",
                     "due_date": "2026-12-14", "kind": "internal"})  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["due_date"], body["kind"], body["status"]) == (
        "File the joint statement",
        "2026-12-14",
        "internal",
        "open",
    )
    deadline = Deadline.objects.get(pk=body["id"])
    assert deadline.matter == matter
    assert deadline.created_by == bob


def test_adding_a_deadline_by_hand_refuses_bad_input_with_field_errors(client, bob, matter):
    client.force_login(bob)
    base = {"matter": matter.pk, "title": "Statement", "due_date": "2026-12-14"}
    for data, field in [({"title": ""}, "title"), ({"due_date": "9999-12-31"}, "due_date"),
                        ({"kind": "whenever"}, "kind"), ({"matter": 10**12}, "matter"),
                        ({"kind": "statute"}, "citation"), ({"title": "a\x00b"}, "title"),
                        ({"due_time": "25:99"}, "due_time")]:  # fmt: skip
        response = post(client, reverse("deadline-list"), {**base, **data})
        assert response.status_code == 400, (data, response.content)
        assert field in response.json()["errors"], (data, response.json())
    assert not matter.deadlines.exists()


def test_charlie_cannot_add_a_deadline_and_a_reader_gets_403(client, bob, charlie, matter):
    data = {"matter": matter.pk, "title": "Sneaky", "due_date": "2026-12-14"}
    client.force_login(charlie)
    # Charlie cannot see the matter: it "does not exist" for him, as a missing id.
    response = post(client, reverse("deadline-list"), data)
    assert response.status_code == 400
    assert "matter" in response.json()["errors"]
    client.force_login(viewer_of(matter))
    assert post(client, reverse("deadline-list"), data).status_code == 403
    client.logout()
    assert post(client, reverse("deadline-list"), data, **read_only_token(bob)).status_code == 403
    assert not matter.deadlines.exists()
