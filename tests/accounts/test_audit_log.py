"""The audit log page: filters, pagination, CSV export (itself audited), and the
denied-access lines written by the one door."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from django.http import Http404
from django.urls import reverse

from access.kernel import matter_for
from casemgr import audit
from casemgr.models import AuditEvent
from cases import services
from tests.factories import UserFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


def rows_of(response):
    return list(response.context["page_obj"].object_list)


def test_filters_by_user_action_object_type_and_matter(client, dana, alice, bob, matter):
    audit.record(actor=bob, action=audit.Action.VIEW, obj=matter, summary="bob read it")
    client.force_login(dana)
    url = reverse("firm:audit")
    by_bob = rows_of(client.get(url, {"actor": bob.pk}))
    assert by_bob
    assert all(e.actor_id == bob.pk for e in by_bob)
    views = rows_of(client.get(url, {"action": "view"}))
    assert [e.summary for e in views] == ["bob read it"]
    matters = rows_of(client.get(url, {"object_type": "cases.matter", "matter_id": matter.pk}))
    assert matters
    assert all(e.matter_id == matter.pk for e in matters)
    assert rows_of(client.get(url, {"matter_id": 999_999})) == []


def test_filters_by_date_range_in_the_firms_days(client, dana, alice, matter):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 18, tzinfo=datetime.UTC)):
        audit.record(actor=alice, action=audit.Action.VIEW, obj=matter, summary="in march")
    with time_machine.travel(datetime.datetime(2026, 5, 2, 18, tzinfo=datetime.UTC)):
        audit.record(actor=alice, action=audit.Action.VIEW, obj=matter, summary="in may")
    client.force_login(dana)
    march = rows_of(
        client.get(reverse("firm:audit"), {"since": "2026-03-01", "until": "2026-03-31"})
    )
    assert [e.summary for e in march] == ["in march"]


def test_the_log_pages_fifty_at_a_time(client, dana, alice, matter):
    for n in range(60):
        audit.record(actor=alice, action=audit.Action.VIEW, obj=matter, summary=f"read {n}")
    client.force_login(dana)
    first = client.get(reverse("firm:audit"), {"action": "view"})
    assert len(rows_of(first)) == 50
    second = client.get(reverse("firm:audit"), {"action": "view", "page": 2})
    assert len(rows_of(second)) == 10


def test_the_csv_export_streams_the_filtered_rows_and_is_audited(client, dana, bob, matter):
    audit.record(actor=bob, action=audit.Action.DOWNLOAD, obj=matter, summary="bob downloaded")
    client.force_login(dana)
    response = client.get(reverse("firm:audit_export"), {"action": "download"})
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert table[0][:3] == ["at", "actor_email", "action"]
    assert [row[2] for row in table[1:]] == ["download"]
    export = AuditEvent.objects.get(action="export")
    assert export.actor_id == dana.pk
    assert export.changes == {"filters": {"action": "download"}, "rows": 1}


def test_lines_about_a_matter_walled_from_the_reader_are_left_out(client, dana, alice, matter):
    other_admin = UserFactory(role="Firm admin")
    services.wall_create(
        actor=other_admin, name="Dana screen", reason="r", notice="n", matter=matter, users=[dana]
    )
    audit.record(actor=alice, action=audit.Action.VIEW, obj=matter, summary="secret read")
    client.force_login(dana)
    assert all(e.matter_id != matter.pk for e in rows_of(client.get(reverse("firm:audit"))))
    body = b"".join(client.get(reverse("firm:audit_export")).streaming_content).decode()
    assert "secret read" not in body


def test_an_invalid_filter_shows_an_error_and_does_not_export(client, dana):
    client.force_login(dana)
    page = client.get(reverse("firm:audit"), {"since": "not-a-date"})
    assert page.status_code == 200
    assert client.get(reverse("firm:audit_export"), {"since": "not-a-date"}).status_code == 400


# --- Denied access (access.kernel.matter_for) ------------------------


def test_charlie_asking_for_a_matter_he_may_not_see_is_recorded_as_denied(matter, charlie):
    matter.refresh_from_db()
    before = matter.last_activity_at
    with pytest.raises(Http404) as forbidden:
        matter_for(charlie, matter.pk)
    line = AuditEvent.objects.get(action="denied")
    # The refusal names the id asked for, but touches nothing of the matter: no
    # matter on the line (so no feed of its team shows it), no activity moved.
    assert (line.actor_id, line.matter_id, line.object_type, line.object_id) == (
        charlie.pk,
        None,
        "cases.matter",
        str(matter.pk),
    )
    matter.refresh_from_db()
    assert matter.last_activity_at == before
    with pytest.raises(Http404) as missing:
        matter_for(charlie, 999_999)
    assert str(missing.value) == str(forbidden.value)
    assert AuditEvent.objects.filter(action="denied").count() == 1  # a missing id is no line


def test_the_denied_response_is_the_same_404_page_as_a_missing_one(client, matter, charlie):
    client.force_login(charlie)
    seen = client.get(reverse("cases:matter_detail", args=[matter.pk]))
    missing = client.get(reverse("cases:matter_detail", args=[999_999]))
    assert seen.status_code == missing.status_code == 404
    # The same page (casemgr's 404 with the navigation) but for the masked CSRF
    # token and the one-time form token, which differ in every response.
    token = re.compile(rb'[A-Za-z0-9]{64}|name="_form_token" value="[^"]*"')
    assert token.sub(b"T", seen.content) == token.sub(b"T", missing.content)
    assert AuditEvent.objects.filter(action="denied", actor_id=charlie.pk).count() == 1
