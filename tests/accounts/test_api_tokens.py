"""Personal API tokens: created on the user's page (behind the two-factor gate),
shown once, stored hashed, scoped, expiring, revocable by the owner and by firm
admins, and named in every audit line of a request made with them."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import tokens
from accounts.models import ApiToken
from casemgr.models import AuditEvent
from tests.accounts.conftest import give_device
from tests.factories import open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], title="Harper v. Northwind")


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def make_token(user, scope="write", **kwargs):
    return tokens.token_create(user=user, name=kwargs.pop("name", "Sync"), scope=scope, **kwargs)


def test_bob_creates_a_token_on_his_page_and_sees_it_once(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("api_tokens"), {"name": "Accounting sync", "scope": "read", "expires_on": ""}
    )
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=bob)
    assert (token.name, token.scope, token.expiry_date) == ("Accounting sync", "read", None)
    # Stored hashed: the key itself is nowhere in the row.
    assert key not in token.hashed_key
    assert key not in token.pk
    assert token.hashed_key == "sha512$$" + hashlib.sha512(key.encode()).hexdigest()
    # The list shows it again, but never the key.
    page = client.get(reverse("api_tokens")).content.decode()
    assert "Accounting sync" in page
    assert key not in page
    assert AuditEvent.objects.filter(object_type="accounts.apitoken", actor_id=bob.pk).exists()


def test_a_token_in_the_past_or_without_a_name_is_refused_with_field_errors(client, bob):
    client.force_login(bob)
    response = client.post(
        reverse("api_tokens"), {"name": "", "scope": "write", "expires_on": "2001-01-01"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name"}
    response = client.post(
        reverse("api_tokens"), {"name": "x", "scope": "write", "expires_on": "2001-01-01"}
    )
    assert "expires_on" in response.context["form"].errors
    response = client.post(
        reverse("api_tokens"), {"name": "x", "scope": "write", "expires_on": "9999-12-31"}
    )
    assert "expires_on" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_creating_a_token_needs_the_second_factor_where_it_is_owed(client, dana, settings):
    settings.TWO_FACTOR_ENFORCED = True
    give_device(dana)
    client.force_login(dana)  # signed in with the password only
    response = client.post(reverse("api_tokens"), {"name": "x", "scope": "write"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert not ApiToken.objects.exists()


def test_a_token_request_needs_no_second_factor(dana, matter, settings):
    settings.TWO_FACTOR_ENFORCED = True
    give_device(dana)
    _, key = make_token(dana, scope="read")
    response = Client().get(reverse("v1:matter-list"), **bearer(key))
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_token_sees_what_its_user_sees_and_charlie_gets_404(bob, charlie, matter):
    _, bob_key = make_token(bob, scope="read")
    _, charlie_key = make_token(charlie, scope="read")
    api = Client()
    assert api.get(reverse("v1:matter-list"), **bearer(bob_key)).json()["count"] == 1
    assert api.get(reverse("v1:matter-list"), **bearer(charlie_key)).json()["count"] == 0
    detail = reverse("v1:matter-detail", args=[matter.pk])
    assert api.get(detail, **bearer(bob_key)).status_code == 200
    assert api.get(detail, **bearer(charlie_key)).status_code == 404


def test_a_read_only_token_cannot_write(bob, matter):
    _, key = make_token(bob, scope="read")
    response = Client().post(
        reverse("v1:task-list"),
        {"matter": matter.pk, "title": "Serve subpoena"},
        content_type="application/json",
        **bearer(key),
    )
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert "read-only" in response.json()["detail"]
    assert not matter.tasks.filter(title="Serve subpoena").exists()


def test_a_write_token_writes_without_csrf_and_the_audit_names_the_token(bob, matter):
    token, key = make_token(bob, scope="write", name="Zapier")
    response = Client(enforce_csrf_checks=True).post(
        reverse("v1:task-list"),
        {"matter": matter.pk, "title": "Serve subpoena", "assignee": bob.pk},
        content_type="application/json",
        REMOTE_ADDR="203.0.113.9",
        **bearer(key),
    )
    assert response.status_code == 201, response.content
    event = AuditEvent.objects.filter(actor_id=bob.pk, matter_id=matter.pk).latest("at")
    assert f"via token “Zapier” ({token.prefix})" in event.summary
    assert event.ip_address == "203.0.113.9"
    token.refresh_from_db()
    assert token.last_used_ip == "203.0.113.9"
    assert token.last_used_at is not None


def test_a_session_request_is_not_marked_as_a_token_request(client, bob, matter):
    client.force_login(bob)
    response = client.post(
        reverse("task-list"),
        {"matter": matter.pk, "title": "By hand"},
        content_type="application/json",
    )
    assert response.status_code == 201
    event = AuditEvent.objects.filter(actor_id=bob.pk, matter_id=matter.pk).latest("at")
    assert "via token" not in event.summary


def test_expired_revoked_and_unknown_tokens_get_401(bob, matter):
    api = Client()
    url = reverse("v1:matter-list")
    expired, expired_key = make_token(bob, expires_at=timezone.now() + datetime.timedelta(hours=1))
    ApiToken.objects.filter(pk=expired.pk).update(
        expiry_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    revoked, revoked_key = make_token(bob)
    tokens.token_revoke(actor=bob, token_id=revoked.pk)
    _, good_key = make_token(bob)
    forged = good_key[:9] + ("A" if good_key[9] != "A" else "B") + good_key[10:]
    for key, words in [
        (expired_key, "expired"),
        (revoked_key, "revoked"),
        (forged, "Invalid"),
        ("nonsense", "Invalid"),
    ]:
        response = api.get(url, **bearer(key))
        assert response.status_code == 401, key
        assert words in response.json()["detail"]
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert api.get(url, **bearer(good_key)).status_code == 200


def test_a_deactivated_users_token_stops_working(bob, matter):
    _, key = make_token(bob)
    bob.is_active = False
    bob.save()
    assert Client().get(reverse("v1:matter-list"), **bearer(key)).status_code == 401


def test_bob_revokes_his_token_and_charlie_cannot_revoke_it(client, bob, charlie):
    token, _ = make_token(bob)
    client.force_login(charlie)
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert not token.revoked
    client.force_login(bob)
    response = client.post(reverse("api_token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked
    assert token.revoked_by == bob


def test_a_firm_admin_lists_and_revokes_anyones_token(client, bob, dana, charlie):
    token, key = make_token(bob, name="Bob sync")
    client.force_login(dana)
    page = client.get(reverse("firm:api_tokens"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bob sync" in html
    assert bob.email in html
    assert key not in html
    response = client.post(reverse("api_token_revoke", args=[token.pk]), {"next": "firm"})
    assert response["Location"] == reverse("firm:api_tokens")
    token.refresh_from_db()
    assert token.revoked
    assert token.revoked_by == dana
    assert AuditEvent.objects.filter(actor_id=dana.pk, summary__contains=bob.email).exists()
    # Not an admin: the page does not exist.
    client.force_login(charlie)
    assert client.get(reverse("firm:api_tokens")).status_code == 404


def test_anonymous_api_requests_get_401_with_a_bearer_challenge(client):
    response = client.get(reverse("v1:matter-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
