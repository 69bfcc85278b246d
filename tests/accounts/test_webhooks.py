"""Webhooks: a firm admin registers an endpoint; services emit events; each
delivery is signed (Standard Webhooks), logged, retried after a failure,
replayable, and built for the endpoint's owner at delivery time (walls apply)."""

from __future__ import annotations

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from accounts import tasks, webhooks
from accounts.models import WebhookDelivery, WebhookEndpoint
from cases import services as case_services
from deadlines import services as deadline_services
from tests.factories import UserFactory, open_matter

pytestmark = pytest.mark.django_db


class Receiver:
    """An HTTP server on 127.0.0.1 that records what it gets and answers the
    next status in ``answers`` (then 200)."""

    def __init__(self, answers=()):
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.answers = list(answers)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers.items()), body))
                code = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/casemgr"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def deliver_due(django_capture_on_commit_callbacks):
    """What the worker does: run every due delivery (the task body, in-process)."""
    outcomes = []
    for pk in webhooks.due_deliveries():
        outcomes.append(tasks.webhook_deliver.apply(args=[pk]).get())
    return outcomes


@pytest.fixture
def endpoint_for(dana):
    def make(url, events=("matter.stage_changed", "note.added", "matter.opened")):
        return webhooks.endpoint_create(
            actor=dana, url=url, events=list(events), allow_private=True
        )

    return make


def test_a_loopback_url_is_refused_unless_the_admin_allows_it(dana):
    for url in ("https://127.0.0.1:9/x", "https://localhost/x", "https://169.254.169.254/",
                "https://10.1.2.3/", "https://[::1]/", "https://[::ffff:127.0.0.1]/"):  # fmt: skip
        with pytest.raises(ValidationError, match="private, loopback or link-local"):
            webhooks.endpoint_create(actor=dana, url=url, events=["matter.opened"])
    with pytest.raises(ValidationError, match="https"):
        webhooks.endpoint_create(actor=dana, url="http://93.184.216.34/", events=["matter.opened"])
    assert not WebhookEndpoint.objects.exists()
    endpoint = webhooks.endpoint_create(
        actor=dana, url="http://127.0.0.1:9/x", events=["matter.opened"], allow_private=True
    )
    assert endpoint.secret.startswith("whsec_")


def test_only_firm_admins_register_endpoints(client, bob, dana):
    with pytest.raises(Exception, match="Only firm admins"):
        webhooks.endpoint_create(actor=bob, url="https://x.test/", events=["matter.opened"])
    client.force_login(bob)
    assert client.get(reverse("firm:webhooks")).status_code == 404


def test_the_admin_page_registers_an_endpoint_and_refuses_a_private_one(client, dana):
    client.force_login(dana)
    data = {"url": "http://127.0.0.1:9/hook", "events": ["matter.opened"], "active": "on"}
    response = client.post(reverse("firm:webhook_create"), data)
    assert response.status_code == 200
    assert "private, loopback" in response.content.decode()
    response = client.post(reverse("firm:webhook_create"), {**data, "allow_private": "on"})
    endpoint = WebhookEndpoint.objects.get()
    assert response["Location"] == reverse("firm:webhook_detail", args=[endpoint.pk])
    page = client.get(response["Location"]).content.decode()
    assert endpoint.secret in page


def test_a_delivery_is_signed_retried_after_a_500_logged_and_replayable(
    alice, bob, dana, endpoint_for, client, django_capture_on_commit_callbacks
):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")])
    with Receiver(answers=[500]) as receiver:
        endpoint = endpoint_for(receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            case_services.matter_change_stage(
                actor=alice, matter=matter, stage=matter.practice_area.stages[1],
                expected_version=matter.version,
            )  # fmt: skip
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert delivery.event == "matter.stage_changed"
        # First attempt: the receiver answers 500; the row schedules a retry.
        assert deliver_due(django_capture_on_commit_callbacks) == ["retrying"]
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
            "retrying",
            1,
            500,
        )
        assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=3)
        assert deliver_due(django_capture_on_commit_callbacks) == []  # not due yet
        # Time passes: the sweep finds it due and the redelivery succeeds.
        WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
        assert deliver_due(django_capture_on_commit_callbacks) == ["delivered"]
        # A second run of the same task does nothing (the row is the idempotency key).
        assert tasks.webhook_deliver.apply(args=[delivery.pk]).get() == "not due or taken"
        assert len(receiver.received) == 2
        for headers, body in receiver.received:
            payload = Webhook(endpoint.secret).verify(body, headers)
            assert payload["type"] == "matter.stage_changed"
            assert payload["data"]["matter"]["number"] == matter.number
            assert payload["data"]["matter"]["stage"] == matter.practice_area.stages[1]
            assert headers["webhook-id"] == delivery.message_id
        # A tampered body fails the verifier.
        with pytest.raises(Exception, match="signature"):
            Webhook(endpoint.secret).verify(receiver.received[0][1] + b" ", receiver.received[0][0])
        delivery.refresh_from_db()
        assert delivery.status == "delivered"
        log = list(delivery.log.values_list("status_code", flat=True))
        assert log == [500, 200]
        assert all(ms is not None for ms in delivery.log.values_list("response_ms", flat=True))
        # The admin sees the log and replays the delivery.
        client.force_login(dana)
        page = client.get(reverse("firm:webhook_detail", args=[endpoint.pk])).content.decode()
        assert delivery.message_id in page
        with django_capture_on_commit_callbacks(execute=False):
            client.post(reverse("firm:webhook_replay", args=[delivery.pk]))
        assert deliver_due(django_capture_on_commit_callbacks) == ["delivered"]
        assert len(receiver.received) == 3


def test_nothing_is_sent_for_a_matter_the_owner_has_since_been_walled_from(
    alice, bob, dana, endpoint_for, django_capture_on_commit_callbacks
):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")])
    with Receiver() as receiver:
        endpoint_for(receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            case_services.note_create(actor=bob, matter=matter, kind="note", subject="Called court")
        # Before the delivery runs, a wall screens the endpoint's owner (dana).
        other_admin = UserFactory(full_name="Erin Admin", role="Firm admin")
        case_services.wall_create(
            actor=other_admin, name="Harper screen", matter=matter, users=[dana],
            reason="Dana advised the other side", notice="Do not discuss this matter.",
        )  # fmt: skip
        assert deliver_due(django_capture_on_commit_callbacks) == ["skipped"]
        assert receiver.received == []
        delivery = WebhookDelivery.objects.get()
        assert delivery.payload is None
        assert "may not see" in delivery.last_error


def test_an_event_of_a_rolled_back_write_is_not_queued(alice, endpoint_for):
    endpoint_for("http://127.0.0.1:9/x")
    matter = open_matter(actor=alice)
    # No on_commit ran (the test transaction never commits): no delivery rows.
    case_services.note_create(actor=alice, matter=matter, kind="note", subject="x")
    assert not WebhookDelivery.objects.exists()


def test_the_sweep_queues_only_due_deliveries(
    alice, endpoint_for, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for("http://127.0.0.1:9/x")
    matter = open_matter(actor=alice)
    with django_capture_on_commit_callbacks(execute=True):
        case_services.note_create(actor=alice, matter=matter, kind="note", subject="x")
    later = WebhookDelivery.objects.get(endpoint=endpoint)
    WebhookDelivery.objects.filter(pk=later.pk).update(
        status="retrying", next_attempt_at=timezone.now() + datetime.timedelta(hours=2)
    )
    assert webhooks.due_deliveries() == []
    assert sum(webhooks.RETRY_DELAYS) >= 24 * 3600
    json.dumps(webhooks.EVENTS)


def test_deadline_events_reach_a_registered_endpoint(
    alice, bob, endpoint_for, django_capture_on_commit_callbacks
):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")])
    with Receiver() as receiver:
        endpoint = endpoint_for(receiver.url, events=("deadline.created", "deadline.changed"))
        with django_capture_on_commit_callbacks(execute=True):
            event = deadline_services.trigger_event_create(
                actor=bob, matter=matter, event_key="complaint_served",
                trigger_date=datetime.date(2026, 11, 5), service="personal",
            )  # fmt: skip
        chain = set(event.deadlines.values_list("pk", flat=True))
        created = WebhookDelivery.objects.filter(endpoint=endpoint, event="deadline.created")
        assert chain
        assert set(created.values_list("object_id", flat=True)) == chain
        # Moving the trigger date: one deadline.changed per deadline that moved.
        with django_capture_on_commit_callbacks(execute=True):
            preview = deadline_services.trigger_event_change_apply(
                actor=bob, event=event, new_date=datetime.date(2026, 11, 12),
                expected_version=event.version,
            )  # fmt: skip
        moved = {move.deadline.pk for move in preview.moving if move.days}
        changed = WebhookDelivery.objects.filter(endpoint=endpoint, event="deadline.changed")
        assert moved
        assert set(changed.values_list("object_id", flat=True)) == moved
        # Complete, reopen, waive, reopen, override: one deadline.changed each.
        deadline = event.deadlines.order_by("pk").first()
        steps = [
            lambda d: deadline_services.deadline_complete(actor=bob, deadline=d, expected_version=d.version),
            lambda d: deadline_services.deadline_reopen(actor=bob, deadline=d, expected_version=d.version),
            lambda d: deadline_services.deadline_waive(actor=bob, deadline=d, reason="Stipulated", expected_version=d.version),
            lambda d: deadline_services.deadline_reopen(actor=bob, deadline=d, expected_version=d.version),
            lambda d: deadline_services.deadline_override(
                actor=bob, deadline=d, due_date=datetime.date(2027, 1, 8), reason="Order of 2 Dec",
                expected_version=d.version),
        ]  # fmt: skip
        before = changed.filter(object_id=deadline.pk).count()
        for step in steps:
            deadline.refresh_from_db()
            with django_capture_on_commit_callbacks(execute=True):
                step(deadline)
        assert changed.filter(object_id=deadline.pk).count() == before + len(steps)
        total = WebhookDelivery.objects.filter(endpoint=endpoint).count()
        assert deliver_due(django_capture_on_commit_callbacks) == ["delivered"] * total
        assert len(receiver.received) == total
        types = []
        for headers, body in receiver.received:
            payload = Webhook(endpoint.secret).verify(body, headers)
            types.append(payload["type"])
            assert payload["data"]["deadline"]["id"] in chain
        assert types.count("deadline.created") == len(chain)
        assert types.count("deadline.changed") == len(moved) + len(steps)
