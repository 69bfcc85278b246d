"""Helpers shared by the API endpoint tests: a read-only viewer of a matter, a
read-only token's headers, JSON calls, and the flat-query-count check of a list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm

from accounts import tokens
from tests.factories import UserFactory


def viewer_of(matter: Any, **kwargs: Any) -> Any:
    """Someone granted only a look at the matter (view, not change)."""
    kwargs.setdefault("full_name", "Vera Viewer")
    kwargs.setdefault("role", "Paralegal")
    user = UserFactory(**kwargs)
    assign_perm("cases.view_matter", user, matter)
    return user


def read_only_token(user: Any) -> dict[str, str]:
    """Headers of a request made with a read-only personal API token of ``user``."""
    _token, key = tokens.token_create(user=user, name="Read only", scope="read")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client: Any, url: str, data: Any = None, **extra: Any) -> Any:
    return client.post(url, data or {}, content_type="application/json", **extra)


def patch(client: Any, url: str, data: Any = None, **extra: Any) -> Any:
    return client.patch(url, data or {}, content_type="application/json", **extra)


def queries_of(client: Any, url: str, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(queries)


def assert_flat_queries(
    client: Any,
    url: str,
    add_rows: Callable[[int], None],
    count_rows: Callable[[Any], int],
    params: dict[str, Any] | None = None,
) -> None:
    """The list at ``url`` costs as many SQL queries with 20 rows as with 2."""
    add_rows(2)
    response = client.get(url, params or {})
    assert count_rows(response.json()) == 2, response.json()
    small = queries_of(client, url, params)
    add_rows(18)
    response = client.get(url, params or {})
    assert count_rows(response.json()) == 20
    large = queries_of(client, url, params)
    assert large == small, f"{small} queries for 2 rows, {large} for 20"
