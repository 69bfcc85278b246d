"""Per-user time zone: the firm's by default, chosen on the user's settings page,
active on every page (the audit log's "When" names the zone it shows)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from casemgr import audit
from casemgr.models import AuditEvent

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 11, 26, 18, 30, tzinfo=datetime.UTC)


@pytest.fixture
def event(alice):
    with time_machine.travel(MOMENT, tick=False):
        return audit.record(actor=alice, action=audit.Action.VIEW, obj=alice, summary="a line")


def test_a_new_user_reads_times_in_the_firms_zone(alice, settings):
    assert alice.time_zone == ""
    assert alice.zone_name == settings.FIRM_TIME_ZONE


def test_the_audit_log_says_the_zone_its_times_are_in(client, dana, event):
    client.force_login(dana)
    html = client.get(reverse("firm:audit")).content.decode()
    assert "When (UTC)" not in html
    assert "When (America/Los_Angeles)" in html
    assert "2026-11-26 10:30:00" in html  # 18:30 UTC is 10:30 in Los Angeles


def test_a_chosen_zone_is_used_on_every_page(client, dana, event):
    client.force_login(dana)
    response = client.post(reverse("user_settings"), {"time_zone": "Europe/Berlin"}, follow=True)
    assert "Saved: times are shown in Europe/Berlin." in response.content.decode()
    dana.refresh_from_db()
    assert dana.time_zone == "Europe/Berlin"
    html = client.get(reverse("firm:audit")).content.decode()
    assert "When (Europe/Berlin)" in html
    assert "2026-11-26 19:30:00" in html
    assert AuditEvent.objects.filter(
        actor_id=dana.pk, changes__time_zone=["", "Europe/Berlin"]
    ).exists()
    # Back to the firm's.
    client.post(reverse("user_settings"), {"time_zone": ""})
    assert "When (America/Los_Angeles)" in client.get(reverse("firm:audit")).content.decode()


def test_the_zone_does_not_leak_into_the_next_request_of_someone_else(client, alice, dana, event):
    alice.time_zone = "Asia/Tokyo"
    alice.save(update_fields=["time_zone"])
    client.force_login(alice)
    client.get(reverse("user_settings"))
    client.force_login(dana)
    assert "When (America/Los_Angeles)" in client.get(reverse("firm:audit")).content.decode()


def test_an_unknown_zone_gets_a_field_message(client, bob):
    client.force_login(bob)
    response = client.post(reverse("user_settings"), {"time_zone": "Mars/Olympus_Mons\x00"})
    assert response.status_code == 200
    assert response.context["form"].errors["time_zone"]
    bob.refresh_from_db()
    assert bob.time_zone == ""


def test_the_settings_page_preselects_the_users_zone_and_needs_a_sign_in(client, bob):
    assert client.get(reverse("user_settings")).status_code == 302
    bob.time_zone = "America/Chicago"
    bob.save(update_fields=["time_zone"])
    client.force_login(bob)
    html = client.get(reverse("user_settings")).content.decode()
    assert '<option value="America/Chicago" selected>' in html
    assert f'href="{reverse("user_settings")}"' in html  # the name in the header links here
