"""From an incoming document (an order, a served motion) a user enters the
trigger event it records, or a deadline it sets, in one step; the result is
linked to the document, through the door, audited."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from casemgr.models import AuditEvent
from cases import services as case_services
from deadlines.models import Deadline, TriggerEvent
from documents import services
from documents.models import Document
from tests.factories import open_matter

pytestmark = pytest.mark.django_db

SERVED = datetime.date(2026, 11, 5)  # the answer's 21st day is Thanksgiving


@pytest.fixture
def matter(alice, bob):
    return open_matter(
        actor=alice, team=[(bob, "paralegal")], title="Doe v. Acme Corp.", jurisdiction="US-FED-CA"
    )


@pytest.fixture
def complaint(matter, bob):
    return services.document_upload(
        actor=bob, matter=matter, content=ContentFile(b"Summons and complaint, served today."),
        filename="Served complaint.txt", category="pleading", document_date=SERVED,
    )  # fmt: skip


def trigger_data(**overrides):
    return {"trigger-event_key": "complaint_served", "trigger-trigger_date": "2026-11-05",
            "trigger-service": "personal", **overrides}  # fmt: skip


def deadline_data(**overrides):
    return {"deadline-title": "Respond to the order to show cause", "deadline-kind": "court",
            "deadline-due_date": "2026-12-01", "deadline-citation": "Order of Nov. 5, 2026",
            "deadline-note": "", **overrides}  # fmt: skip


def test_the_service_enters_the_event_and_its_chain_linked_to_the_document(complaint, bob):
    event = services.document_trigger_event_create(
        actor=bob, document=complaint, event_key="complaint_served", trigger_date=SERVED,
        service="personal",
    )  # fmt: skip
    complaint.refresh_from_db()
    assert complaint.trigger_event == event
    assert complaint.version == 2
    assert [(d.rule_key, d.due_date) for d in event.deadlines.order_by("due_date")] == [
        ("answer_draft_review", datetime.date(2026, 11, 20)),
        ("answer", datetime.date(2026, 11, 27)),
    ]
    line = AuditEvent.objects.get(object_type="documents.document", object_id=str(complaint.pk),
                                  action="change")  # fmt: skip
    assert "complaint served" in line.summary.lower()
    assert "2 deadline(s)" in line.summary
    assert AuditEvent.objects.filter(object_type="deadlines.triggerevent").count() == 1


def test_bob_enters_the_trigger_event_from_the_document_page(client, bob, complaint, matter):
    client.force_login(bob)
    page = client.get(reverse("documents:detail", args=[complaint.pk])).content.decode()
    assert 'name="trigger-event_key"' in page
    assert 'value="2026-11-05"' in page  # the document's date is the event's first guess
    response = client.post(
        reverse("documents:trigger_event_add", args=[complaint.pk]), trigger_data()
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    event = TriggerEvent.objects.get(matter=matter)
    assert complaint.trigger_event == event
    page = client.get(reverse("documents:detail", args=[complaint.pk])).content.decode()
    assert "2026-11-27" in page
    assert "FRCP 12(a)(1)(A)(i)" in page


def test_bob_enters_one_deadline_from_the_document_page(client, bob, alice, complaint, matter):
    client.force_login(bob)
    response = client.post(reverse("documents:deadline_add", args=[complaint.pk]), deadline_data())
    assert response.status_code == 302
    complaint.refresh_from_db()
    deadline = Deadline.objects.get(matter=matter)
    assert complaint.deadline == deadline
    assert (deadline.title, deadline.due_date, deadline.kind) == (
        "Respond to the order to show cause", datetime.date(2026, 12, 1), "court",
    )  # fmt: skip
    assert deadline.note == "Entered from the document “Served complaint”."
    assert set(deadline.responsible.all()) == {alice, bob}
    assert AuditEvent.objects.filter(
        object_type="documents.document", object_id=str(complaint.pk), action="change",
        summary__contains="Respond to the order to show cause",
    ).exists()  # fmt: skip
    page = client.get(reverse("documents:detail", args=[complaint.pk])).content.decode()
    assert "Respond to the order to show cause (2026-12-01)" in page


@pytest.mark.parametrize(
    ("url_name", "data", "message"),
    [
        ("trigger_event_add", trigger_data(**{"trigger-trigger_date": "9999-99-99"}), "valid date"),
        ("trigger_event_add", trigger_data(**{"trigger-event_key": "no_such"}), "valid choice"),
        ("trigger_event_add", trigger_data(**{"trigger-trigger_date": "1850-01-01"}), "Give a date between"),
        ("deadline_add", deadline_data(**{"deadline-title": "a\x00b"}), "Null characters"),
        ("deadline_add", deadline_data(**{"deadline-kind": "statute", "deadline-citation": ""}),
         "Cite the statute"),
        ("deadline_add", deadline_data(**{"deadline-due_date": "99999-01-01"}), "valid date"),
    ],
    ids=["bad-date", "unknown-event", "before-the-rules", "nul", "statute-uncited", "huge-year"],
)  # fmt: skip
def test_bad_input_is_a_clear_message_and_nothing_is_written(
    client, bob, complaint, url_name, data, message
):
    client.force_login(bob)
    response = client.post(reverse(f"documents:{url_name}", args=[complaint.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TriggerEvent.objects.exists()
    assert not Deadline.objects.exists()
    complaint.refresh_from_db()
    assert (complaint.trigger_event, complaint.deadline, complaint.version) == (None, None, 1)


def test_charlie_gets_404_and_nothing_is_written(client, charlie, complaint):
    client.force_login(charlie)
    for url, data in [
        (reverse("documents:trigger_event_add", args=[complaint.pk]), trigger_data()),
        (reverse("documents:deadline_add", args=[complaint.pk]), deadline_data()),
    ]:
        assert client.post(url, data).status_code == 404, url
    assert not TriggerEvent.objects.exists()
    assert not Deadline.objects.exists()


def test_a_walled_admin_gets_404_and_a_get_is_refused(client, dana, bob, complaint, matter):
    case_services.wall_create(actor=dana, name="Globex conflict", matter=matter, users=[dana],
                              reason="Advised Globex", notice="Screened")  # fmt: skip
    client.force_login(dana)
    url = reverse("documents:deadline_add", args=[complaint.pk])
    assert client.post(url, deadline_data()).status_code == 404
    client.force_login(bob)
    assert client.get(url).status_code == 405
    assert not Deadline.objects.exists()


def test_the_service_refuses_an_outsider(complaint, charlie):
    from django.http import Http404

    with pytest.raises(Http404):
        services.document_deadline_create(
            actor=charlie, document=complaint, title="x", due_date=SERVED
        )
    assert Document.objects.get(pk=complaint.pk).deadline is None


def test_a_reader_who_may_not_change_the_matter_gets_403_and_no_form(client, complaint, matter):
    from guardian.shortcuts import assign_perm

    from tests.factories import UserFactory

    reader = UserFactory(role="Paralegal")
    assign_perm("cases.view_matter", reader, matter)
    client.force_login(reader)
    page = client.get(reverse("documents:detail", args=[complaint.pk])).content.decode()
    assert "trigger-event_key" not in page
    url = reverse("documents:trigger_event_add", args=[complaint.pk])
    assert client.post(url, trigger_data()).status_code == 403
    assert not TriggerEvent.objects.exists()
