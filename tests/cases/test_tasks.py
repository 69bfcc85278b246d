"""Tasks: the services, templates, recurring follow-ups, the Tasks tab and /api/tasks/."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casemgr.models import AuditEvent
from cases import services
from cases.models import Task
from tests.api_helpers import patch, post, read_only_token, viewer_of
from tests.factories import (
    PracticeAreaFactory,
    TaskTemplateFactory,
    UserFactory,
    add_task,
    open_matter,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def _frozen_time():
    with time_machine.travel(
        datetime.datetime(2026, 11, 26, 17, 0, tzinfo=datetime.UTC), tick=False
    ):
        yield


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


# --- Services ------------------------------------------------------------------------


def test_a_paralegal_on_the_team_adds_a_task_and_it_is_audited_on_the_matter(matter, bob):
    task = add_task(actor=bob, matter=matter, title="Request medical records", assignee=bob,
                    due_on=TODAY, priority="high")  # fmt: skip
    assert (task.status, task.assignee, task.priority) == ("open", bob, "high")
    event = AuditEvent.objects.get(object_type="cases.task", object_id=str(task.pk))
    assert event.matter_id == matter.pk
    assert "Request medical records" in event.summary


def test_charlie_cannot_add_a_task_to_a_matter_he_cannot_see(matter, charlie):
    with pytest.raises(Http404):
        add_task(actor=charlie, matter=matter)
    assert not Task.objects.exists()


def test_a_task_cannot_be_assigned_to_someone_without_access(matter, alice, charlie):
    with pytest.raises(ValidationError, match="no access"):
        add_task(actor=alice, matter=matter, assignee=charlie)


def test_a_viewer_without_change_permission_may_not_add_tasks(matter, dana, alice):
    viewer = UserFactory(role="Paralegal")
    from guardian.shortcuts import assign_perm

    assign_perm("cases.view_matter", viewer, matter)
    with pytest.raises(PermissionDenied):
        add_task(actor=viewer, matter=matter)


def test_completing_records_who_and_when_and_reopening_clears_it(matter, bob):
    task = add_task(actor=bob, matter=matter)
    done = services.task_complete(actor=bob, task=task)
    assert (done.status, done.done_by) == ("done", bob)
    assert done.done_at is not None
    again = services.task_complete(actor=bob, task=task)  # a double click changes nothing
    assert again.done_at == done.done_at
    reopened = services.task_reopen(actor=bob, task=task)
    assert (reopened.status, reopened.done_by, reopened.done_at) == ("open", None, None)


def test_update_changes_details_and_audits_the_difference(matter, alice, bob):
    task = add_task(actor=alice, matter=matter, title="Draft complaint")
    updated = services.task_update(actor=alice, task=task, assignee=bob, due_on=TODAY)
    assert (updated.assignee, updated.due_on) == (bob, TODAY)
    event = AuditEvent.objects.filter(object_type="cases.task", action="change").get()
    assert set(event.changes) == {"assignee", "due_on"}
    with pytest.raises(TypeError):
        services.task_update(actor=alice, task=task, status="done")


def test_a_cancelled_task_cannot_be_completed_until_reopened(matter, alice):
    task = add_task(actor=alice, matter=matter)
    services.task_cancel(actor=alice, task=task)
    with pytest.raises(ValidationError):
        services.task_complete(actor=alice, task=task)
    services.task_reopen(actor=alice, task=task)
    assert services.task_complete(actor=alice, task=task).status == "done"


# --- Recurring follow-ups ------------------------------------------------------------


def test_completing_a_recurring_task_schedules_the_next_from_the_previous_due_date(matter, bob):
    task = add_task(actor=bob, matter=matter, title="Status call with client",
                    due_on=datetime.date(2026, 11, 20), recur_every_days=14, assignee=bob)  # fmt: skip
    services.task_complete(actor=bob, task=task)
    follow_up = Task.objects.get(previous=task)
    assert follow_up.due_on == datetime.date(2026, 12, 4)  # 20 Nov + 14, not today + 14
    assert (follow_up.status, follow_up.assignee, follow_up.recur_every_days) == ("open", bob, 14)
    # Reopening and completing again does not create a second follow-up.
    services.task_reopen(actor=bob, task=task)
    services.task_complete(actor=bob, task=task)
    assert Task.objects.filter(matter=matter).count() == 2


def test_a_stopped_recurrence_ends_the_chain(matter, bob):
    task = add_task(actor=bob, matter=matter, due_on=TODAY, recur_every_days=7)
    services.task_update(actor=bob, task=task, recurrence_stopped=True)
    services.task_complete(actor=bob, task=task)
    assert Task.objects.filter(matter=matter).count() == 1


def test_cancelling_a_recurring_task_stops_the_recurrence(matter, bob):
    task = add_task(actor=bob, matter=matter, due_on=TODAY, recur_every_days=7)
    cancelled = services.task_cancel(actor=bob, task=task)
    assert cancelled.recurrence_stopped
    assert Task.objects.filter(matter=matter).count() == 1


# --- Templates -------------------------------------------------------------------------


def test_opening_a_matter_applies_its_practice_area_templates(alice, bob):
    area = PracticeAreaFactory(name="Personal injury", code="PI")
    TaskTemplateFactory(practice_area=area, title="Send engagement letter", due_after_days=2,
                        assignee_role="paralegal", priority="high")  # fmt: skip
    TaskTemplateFactory(practice_area=area, title="Review statute of limitations",
                        due_after_days=5, assignee_role="lead")  # fmt: skip
    TaskTemplateFactory(practice_area=area, title="Client status call", due_after_days=30,
                        recur_every_days=30)  # fmt: skip
    TaskTemplateFactory(practice_area=area, title="Retired template", is_active=False)
    TaskTemplateFactory(title="Another practice area's task")
    matter = open_matter(actor=alice, practice_area=area, team=[(bob, "paralegal")])
    tasks = {t.title: t for t in matter.tasks.all()}
    assert set(tasks) == {
        "Send engagement letter",
        "Review statute of limitations",
        "Client status call",
    }
    assert (tasks["Send engagement letter"].assignee, tasks["Send engagement letter"].due_on) == (
        bob, matter.opened_on + datetime.timedelta(days=2))  # fmt: skip
    assert tasks["Review statute of limitations"].assignee == alice
    assert tasks["Client status call"].assignee is None
    assert tasks["Client status call"].recur_every_days == 30
    # Applying again adds nothing: a template applies once per matter.
    assert services.task_templates_apply(matter=matter, actor=alice) == []
    assert matter.tasks.count() == 3


def test_charlie_cannot_apply_templates_to_a_matter_he_cannot_see(matter, charlie):
    with pytest.raises(Http404):
        services.task_templates_apply(matter=matter, actor=charlie)


# --- Visibility ---------------------------------------------------------------------------


def test_tasks_are_visible_only_through_their_matter(matter, alice, bob, charlie, dana):
    task = add_task(actor=alice, matter=matter)
    assert list(Task.objects.visible_to(bob)) == [task]
    assert list(Task.objects.visible_to(dana)) == [task]
    assert list(Task.objects.visible_to(charlie)) == []


# --- The Tasks tab ----------------------------------------------------------------------


def test_the_tasks_tab_lists_open_tasks_with_a_constant_number_of_queries(client, matter, bob):
    client.force_login(bob)
    url = reverse("cases:matter_tasks", args=[matter.pk])
    add_task(actor=bob, matter=matter, title="First", assignee=bob, due_on=TODAY)
    client.get(url)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.status_code == 200
    for n in range(10):
        add_task(actor=bob, matter=matter, title=f"Task {n}", assignee=bob, due_on=TODAY)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    body = response.content.decode()
    assert "First" in body
    assert "Task 9" in body


def test_charlie_gets_404_on_the_tasks_tab_and_every_task_action(client, matter, alice, charlie):
    task = add_task(actor=alice, matter=matter)
    client.force_login(charlie)
    assert client.get(reverse("cases:matter_tasks", args=[matter.pk])).status_code == 404
    assert (
        client.post(reverse("cases:task_add", args=[matter.pk]), {"title": "x"}).status_code == 404
    )
    for name in ("task_complete", "task_reopen", "task_cancel", "task_edit"):
        response = client.post(reverse(f"cases:{name}", args=[matter.pk, task.pk]))
        assert response.status_code == 404, name
    task.refresh_from_db()
    assert task.status == "open"


def test_adding_a_task_through_the_plain_form_redirects_to_the_tab(client, matter, bob):
    client.force_login(bob)
    response = client.post(
        reverse("cases:task_add", args=[matter.pk]),
        {"title": "File proof of service", "assignee": bob.pk, "due_on": "2026-11-30",
         "priority": "urgent", "notes": ""},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:matter_tasks", args=[matter.pk])
    task = matter.tasks.get()
    assert (task.title, task.priority, task.assignee) == ("File proof of service", "urgent", bob)


def test_an_invalid_task_form_shows_the_message_next_to_the_field(client, matter, bob):
    client.force_login(bob)
    response = client.post(
        reverse("cases:task_add", args=[matter.pk]), {"title": "", "priority": "normal"}
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not matter.tasks.exists()


def test_completing_a_task_by_htmx_returns_the_updated_row(client, matter, bob):
    task = add_task(actor=bob, matter=matter, title="Calendar the hearing")
    client.force_login(bob)
    response = client.post(
        reverse("cases:task_complete", args=[matter.pk, task.pk]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="task-{task.pk}"' in body
    assert "<html" not in body
    assert "Done" in body
    task.refresh_from_db()
    assert task.status == "done"


def test_completing_a_task_without_htmx_redirects_back_to_the_tab(client, matter, bob):
    task = add_task(actor=bob, matter=matter)
    client.force_login(bob)
    response = client.post(reverse("cases:task_complete", args=[matter.pk, task.pk]))
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "done"


def test_a_task_of_another_matter_is_404_under_this_matter(client, matter, alice, bob):
    other = open_matter(actor=alice, title="Other v. Matter")
    task = add_task(actor=alice, matter=other)
    client.force_login(alice)
    response = client.post(reverse("cases:task_complete", args=[matter.pk, task.pk]))
    assert response.status_code == 404


def test_editing_a_task_stops_its_recurrence(client, matter, bob):
    task = add_task(
        actor=bob, matter=matter, title="Weekly check", due_on=TODAY, recur_every_days=7
    )
    client.force_login(bob)
    url = reverse("cases:task_edit", args=[matter.pk, task.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Weekly check", "priority": "normal", "due_on": "2026-11-26",
                                 "recur_every_days": "7", "recurrence_stopped": "on", "notes": ""})  # fmt: skip
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.recurrence_stopped


# --- The API ------------------------------------------------------------------------------


def test_the_api_lists_tasks_of_visible_matters_only(client, matter, alice, bob, charlie):
    mine = add_task(actor=alice, matter=matter, title="Mine", assignee=bob)
    add_task(actor=alice, matter=matter, title="Alice's", assignee=alice)
    hidden_matter = open_matter(actor=alice, title="Secret v. Matter")
    add_task(actor=alice, matter=hidden_matter, title="Secret")

    client.force_login(bob)
    response = client.get(reverse("task-list"))
    assert {t["title"] for t in response.json()["results"]} == {"Mine", "Alice's"}
    response = client.get(reverse("task-list"), {"assignee": "me"})
    assert [t["id"] for t in response.json()["results"]] == [mine.pk]
    response = client.get(reverse("task-list"), {"matter": hidden_matter.pk})
    assert response.json()["results"] == []

    client.force_login(charlie)
    assert client.get(reverse("task-list")).json()["results"] == []
    assert client.get(reverse("task-detail", args=[mine.pk])).status_code == 404


def test_the_api_creates_and_completes_a_task(client, matter, bob):
    client.force_login(bob)
    response = client.post(
        reverse("task-list"),
        {"matter": matter.pk, "title": "Serve subpoena", "assignee": bob.pk, "due_on": "2026-12-01",
         "priority": "high"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    task_id = response.json()["id"]
    response = client.post(reverse("task-complete", args=[task_id]))
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert response.json()["done_by"] == bob.pk


def test_charlie_cannot_create_or_complete_tasks_through_the_api(client, matter, alice, charlie):
    task = add_task(actor=alice, matter=matter)
    client.force_login(charlie)
    response = client.post(reverse("task-list"), {"matter": matter.pk, "title": "Sneaky"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert "matter" in response.json()["errors"]
    assert client.post(reverse("task-complete", args=[task.pk])).status_code == 404
    assert matter.tasks.count() == 1


def test_the_api_gives_a_structured_400_for_bad_input(client, matter, alice, charlie):
    client.force_login(alice)
    response = client.post(reverse("task-list"),
                           {"matter": matter.pk, "title": "x", "assignee": charlie.pk},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400
    assert "assignee" in response.json()["errors"]


def test_anonymous_api_requests_are_refused(client):
    assert client.get(reverse("task-list")).status_code in (401, 403)


def test_adding_a_task_by_htmx_returns_the_panel_with_the_new_row(client, matter, bob):
    client.force_login(bob)
    response = client.post(
        reverse("cases:task_add", args=[matter.pk]),
        {"title": "Prepare exhibit list", "priority": "normal"},
        headers={"HX-Request": "true", "HX-Target": "tasks-panel"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="tasks-panel"' in body
    assert "<html" not in body
    assert "Prepare exhibit list" in body
    assert matter.tasks.get().title == "Prepare exhibit list"


def test_switching_to_the_tasks_tab_by_htmx_renders_the_tab_alone(client, matter, bob):
    client.force_login(bob)
    response = client.get(
        reverse("cases:matter_tasks", args=[matter.pk]),
        headers={"HX-Request": "true", "HX-Target": "tab-panel"},
    )
    body = response.content.decode()
    assert 'id="tasks-panel"' in body
    assert "<html" not in body


def test_completing_a_recurring_task_by_htmx_returns_the_row_and_its_follow_up(client, matter, bob):
    task = add_task(actor=bob, matter=matter, title="Weekly call", due_on=TODAY, recur_every_days=7)
    client.force_login(bob)
    response = client.post(
        reverse("cases:task_complete", args=[matter.pk, task.pk]), headers={"HX-Request": "true"}
    )
    follow_up = Task.objects.get(previous=task)
    body = response.content.decode()
    assert f'id="task-{task.pk}"' in body
    assert f'id="task-{follow_up.pk}"' in body


def test_a_firm_admin_manages_task_templates_in_the_admin(client, dana):
    TaskTemplateFactory(title="Send engagement letter")
    client.force_login(dana)
    response = client.get(reverse("admin:cases_tasktemplate_changelist"))
    assert response.status_code == 200
    assert "Send engagement letter" in response.content.decode()


# --- The API: edit, cancel, reopen -----------------------------------------------------


def test_the_api_edits_cancels_and_reopens_a_task(client, matter, alice, bob):
    task = add_task(actor=alice, matter=matter, title="Draft", assignee=alice)
    client.force_login(bob)
    response = patch(client, reverse("task-detail", args=[task.pk]),
                     {"title": "  Draft the answer ", "assignee": bob.pk, "due_on": "2026-12-03",
                      "priority": "high"})  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["assignee"], body["due_on"], body["priority"]) == (
        "Draft the answer",
        bob.pk,
        "2026-12-03",
        "high",
    )
    assert AuditEvent.objects.filter(object_id=str(task.pk), summary__contains="changed").exists()
    response = post(client, reverse("task-cancel", args=[task.pk]))
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    # The service's rule answers as a structured 400.
    response = post(client, reverse("task-complete", args=[task.pk]))
    assert response.status_code == 400
    assert "reopen it first" in response.json()["errors"]["non_field_errors"][0]
    response = post(client, reverse("task-reopen", args=[task.pk]))
    assert response.status_code == 200
    assert response.json()["status"] == "open"


def test_editing_a_task_through_the_api_refuses_bad_input_with_field_errors(
    client, matter, alice, charlie
):
    task = add_task(actor=alice, matter=matter, title="Draft")
    client.force_login(alice)
    url = reverse("task-detail", args=[task.pk])
    for data, field in [({"title": ""}, "title"), ({"assignee": charlie.pk}, "assignee"),
                        ({"due_on": "9999-99-99"}, "due_on"), ({"priority": "urgent!"}, "priority"),
                        ({"recur_every_days": 10**12}, "recur_every_days"),
                        ({"title": "a\x00b"}, "title")]:  # fmt: skip
        response = patch(client, url, data)
        assert response.status_code == 400, (data, response.content)
        assert field in response.json()["errors"], (data, response.json())
    task.refresh_from_db()
    assert task.title == "Draft"


def test_charlie_gets_404_and_a_reader_403_on_task_edit_cancel_and_reopen(
    client, matter, alice, bob, charlie
):
    task = add_task(actor=alice, matter=matter, title="Draft")
    calls = [
        lambda **extra: patch(client, reverse("task-detail", args=[task.pk]), {"title": "X"}, **extra),
        lambda **extra: post(client, reverse("task-cancel", args=[task.pk]), **extra),
        lambda **extra: post(client, reverse("task-reopen", args=[task.pk]), **extra),
    ]  # fmt: skip
    client.force_login(charlie)
    assert [call().status_code for call in calls] == [404, 404, 404]
    client.force_login(viewer_of(matter))
    assert [call().status_code for call in calls] == [403, 403, 403]
    client.logout()
    token = read_only_token(bob)
    assert [call(**token).status_code for call in calls] == [403, 403, 403]
    task.refresh_from_db()
    assert (task.title, task.status) == ("Draft", "open")
