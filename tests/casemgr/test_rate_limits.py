"""The expensive endpoints are rate-limited per user in Redis: past the limit a
429 page or JSON body with Retry-After, and another user is not affected."""

import pytest
from django.urls import reverse

from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight(settings):
    settings.RATE_LIMITS = {"conflict_check": "3/m", "search": "3/m", "export": "2/m"}


def _exhaust(client, url, params, limit):
    for _ in range(limit):
        assert client.get(url, params).status_code == 200
    return client.get(url, params)


@pytest.mark.parametrize(
    ("url", "params", "limit"),
    [
        ("clients:conflict_check", {"name": "Acme"}, 3),
        ("cases:research_search", {"q": "limitations"}, 3),
        ("cases:matter_list", {"q": "doe"}, 3),
        ("clients:contact_list", {"q": "doe"}, 3),
    ],
)
def test_a_page_past_its_limit_is_a_429_with_retry_after(
    client, tight, alice, bob, url, params, limit
):
    ContactFactory(last_name="Acme")
    client.force_login(alice)
    response = _exhaust(client, reverse(url), params, limit)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many requests" in response.content.decode()
    client.force_login(bob)  # another user has their own count
    assert client.get(reverse(url), params).status_code == 200


@pytest.mark.parametrize(
    ("url", "params", "limit"),
    [
        ("contact-conflict-check", {"name": "Acme"}, 3),
        ("research-memo-list", {"q": "limitations"}, 3),
        ("matter-list", {"q": "doe"}, 3),
        ("contact-list", {"q": "doe"}, 3),
    ],
)
def test_the_api_past_its_limit_is_a_429_json_with_retry_after(
    client, tight, alice, url, params, limit
):
    client.force_login(alice)
    response = _exhaust(client, reverse(url), params, limit)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "throttled" in response.json()["detail"]


def test_a_list_without_a_search_is_not_counted(client, tight, alice):
    client.force_login(alice)
    for _ in range(5):
        assert client.get(reverse("cases:matter_list")).status_code == 200


def test_csv_exports_are_limited(client, tight, dana):
    client.force_login(dana)
    for _ in range(2):
        assert client.get(reverse("firm:audit_export")).status_code == 200
    response = client.get(reverse("firm:audit_export"))
    assert response.status_code == 429
    assert response["Retry-After"]


def test_the_limit_is_configured_by_environment(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from casemgr.settings import env_rate

    monkeypatch.setenv("RATE_LIMIT_SEARCH", "120/m")
    assert env_rate("RATE_LIMIT_SEARCH", "60/m") == "120/m"
    monkeypatch.setenv("RATE_LIMIT_SEARCH", "off")
    assert env_rate("RATE_LIMIT_SEARCH", "60/m") == ""
    monkeypatch.setenv("RATE_LIMIT_SEARCH", "lots")
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT_SEARCH"):
        env_rate("RATE_LIMIT_SEARCH", "60/m")
