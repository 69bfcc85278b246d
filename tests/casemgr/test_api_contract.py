"""The API's contract: versioned paths (/api/v1/ with /api/ aliases), one JSON
error body for every status, rate limits with Retry-After, and the OpenAPI
schema with token auth, its Swagger UI and Redoc served from this site."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts import tokens
from tests.factories import open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], title="Harper v. Northwind")


@pytest.fixture
def bob_key(bob):
    return tokens.token_create(user=bob, name="Sync", scope="write")[1]


def auth(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_v1_and_the_alias_serve_the_same_rows(bob_key, matter):
    v1 = reverse("v1:matter-list")
    alias = reverse("matter-list")
    assert v1 != alias
    assert v1.endswith(alias.removeprefix(reverse("api-root")))
    api = Client()
    assert api.get(v1, **auth(bob_key)).json() == api.get(alias, **auth(bob_key)).json()


@pytest.mark.parametrize("prefix", ["v1:", ""])
def test_every_error_is_json_with_detail_and_code(prefix, bob_key, matter, charlie):
    api = Client()
    # 404: unknown route, missing object, hidden object: one body.
    root = reverse(f"{prefix}api-root")
    unknown = api.get(root + "no-such-thing/", **auth(bob_key))
    missing = api.get(reverse(f"{prefix}matter-detail", args=[matter.pk + 999]), **auth(bob_key))
    charlie_key = tokens.token_create(user=charlie, name="c", scope="write")[1]
    hidden = api.get(reverse(f"{prefix}matter-detail", args=[matter.pk]), **auth(charlie_key))
    for response in (unknown, missing, hidden):
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "Not found.", "code": "not_found"}
    # 400: field → messages.
    bad = api.post(
        reverse(f"{prefix}task-list"), {"matter": matter.pk}, content_type="application/json",
        **auth(bob_key),
    )  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid"
    assert "title" in bad.json()["errors"]
    # 401 and 403.
    assert api.get(reverse(f"{prefix}matter-list")).json()["code"] == "not_authenticated"
    read_key = tokens.token_create(user=charlie, name="r", scope="read")[1]
    refused = api.delete(reverse(f"{prefix}matter-detail", args=[matter.pk]), **auth(read_key))
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"


def test_a_stale_write_is_409_with_the_same_body(alice, matter):
    key = tokens.token_create(user=alice, name="a", scope="write")[1]
    url = reverse("v1:matter-detail", args=[matter.pk])
    api = Client()
    first = api.patch(
        url, {"version": 1, "judge": "A"}, content_type="application/json", **auth(key)
    )
    assert first.status_code == 200
    stale = api.patch(
        url, {"version": 1, "judge": "B"}, content_type="application/json", **auth(key)
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    assert set(stale.json()) == {"detail", "code"}


def test_each_token_has_its_own_rate_limit_and_a_429_says_when_to_retry(
    settings, bob, charlie, matter
):
    settings.API_RATE_LIMIT = "3/minute"
    cache.clear()
    bob_key = tokens.token_create(user=bob, name="b", scope="read")[1]
    other_key = tokens.token_create(user=bob, name="b2", scope="read")[1]
    api = Client()
    url = reverse("v1:matter-list")
    codes = [api.get(url, **auth(bob_key)).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
    limited = api.get(url, **auth(bob_key))
    assert limited.status_code == 429
    assert 0 < int(limited["Retry-After"]) <= 60
    assert limited.json()["code"] == "throttled"
    assert limited.json()["retry_after"] == int(limited["Retry-After"])
    # Another token (even of the same user) counts on its own.
    assert api.get(url, **auth(other_key)).status_code == 200
    # The count lives in Redis (the default cache), under the token's prefix.
    keys = [k.decode() for k in cache._cache.get_client().keys("*")]
    assert any(f"throttle:api:token:{bob_key.split('.')[0]}" in k for k in keys), keys
    cache.clear()


def test_a_browser_session_is_limited_per_user(settings, client, bob, matter):
    settings.API_RATE_LIMIT = "2/minute"
    cache.clear()
    client.force_login(bob)
    url = reverse("v1:matter-list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 429]
    cache.clear()


def test_the_schema_describes_v1_with_token_auth(client):
    response = client.get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"
    paths = list(schema["paths"])
    assert paths
    assert all(p.startswith("/api/v1/") for p in paths)
    assert "/api/v1/matters/" in paths
    operation = schema["paths"]["/api/v1/matters/"]["get"]
    assert {"tokenAuth": []} in operation["security"]
    assert client.get(reverse("v1:api-schema"), {"format": "json"}).json() == schema


@pytest.mark.parametrize("name", ["api-docs", "api-redoc", "v1:api-docs"])
def test_the_docs_pages_load_and_use_only_local_assets(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert "<style" not in html
    assert "<script>" not in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    for asset in assets:
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset


def test_the_swagger_init_script_is_served_from_the_site(client):
    response = client.get(reverse("api-docs"), {"script": ""})
    assert response.status_code == 200
    assert "SwaggerUIBundle" in response.content.decode()
    assert reverse("api-schema") in response.content.decode()
