"""The hostile-input sweep: every URL pattern and API route, enumerated from the
resolver, with path ids of real objects, gets hostile values in every parameter
it reads, and answers each without a 5xx, in under a second.

Which parameters a view reads is learned, not listed: a first request records
every key the view looks up in the query string (GET) or the form body (POST),
then each key is sent NUL, 100,000 characters, dates 0001-01-01 and 9999-12-31,
huge and negative numbers and wrong types. A form set the view reads is posted
with 5,000 forms. A new page is swept the day it is added.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.http import QueryDict
from django.urls import get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases import services
from clients.models import Contact
from tests.factories import ContactFactory, UserFactory, open_matter
from tests.test_access_matrix import _extra_ids
from tests.timing import over_budget, timed

pytestmark = pytest.mark.django_db

HOSTILE = [
    "a\x00b",
    "x" * 100_000,
    "0001-01-01",
    "9999-12-31",
    "9223372036854775808",
    "-9223372036854775809",
    "-1",
    "not-a-number",
]
# Posted to every field at once (a form validates every field in one pass).
HOSTILE_POST = ["a\x00b", "x" * 100_000, "9999-12-31", "9223372036854775808", "-1"]
# Routes whose POST would end the sweep's own session; their GET is still swept.
NO_POST = {"logout"}
PROBE = "_probe"


@contextmanager
def recording_reads():
    """Record every key a view reads from a QueryDict (request.GET / request.POST)."""
    keys: set[str] = set()
    originals = {
        name: getattr(QueryDict, name) for name in ("get", "__getitem__", "getlist", "__contains__")
    }

    def wrap(name):
        original = originals[name]

        def read(self, key, *args, **kwargs):
            if isinstance(key, str):
                keys.add(key)
            return original(self, key, *args, **kwargs)

        return read

    for name in originals:
        setattr(QueryDict, name, wrap(name))
    try:
        yield keys
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)


@pytest.fixture
def world(alice, bob, dana):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")])
    party = services.party_add(actor=alice, matter=matter, contact=ContactFactory(), role="witness")
    wall_matter = open_matter(actor=alice, title="Walled")
    from accounts import services as account_services

    wall = account_services.wall_create(
        actor=dana, name="Screen", reason="r", notice="n", matter=wall_matter,
        users=[UserFactory(role="Paralegal")],
    )  # fmt: skip
    ids = {"matter": matter.pk, "party_pk": party.pk, "user_pk": bob.pk, "wall": wall.pk}
    ids.update(_extra_ids(matter=matter, alice=alice, bob=bob))
    ids["contact"] = Contact.objects.order_by("pk").first().pk
    ids["user"] = bob.pk
    ids["totp"] = TOTPDevice.objects.create(user=bob, name="phone", confirmed=True).pk
    return ids


def _path_kwargs(name: str, pattern: str, params: list[str], ids: dict, callback) -> dict:
    """Real ids for the path's converters, chosen by the route."""
    kwargs: dict[str, str] = {}
    for param in params:
        if param == "format":
            kwargs[param] = "json"
        elif param == "object_id" and hasattr(callback, "model_admin"):
            # Django admin: an object of that admin's model
            model = callback.model_admin.model
            first = model._default_manager.order_by("pk").first()
            kwargs[param] = str(first.pk if first else 1)
        elif param in {"uidb64", "token"}:
            kwargs[param] = "bm90LWEtdXNlcg" if param == "uidb64" else "not-a-token"
        elif param == "pk":
            kwargs[param] = str(_pk_for(name, pattern, ids))
        elif param == "app_label":
            kwargs[param] = "cases"
        elif param in {"content_type_id", "object_id"}:
            kwargs[param] = "1"
        elif param in ids:
            kwargs[param] = str(ids[param])
        else:
            kwargs[param] = "1"
    return kwargs


def _pk_for(name: str, pattern: str, ids: dict) -> int:
    for prefix, key in (
        ("firm:user", "user"),
        ("firm:wall", "wall"),
        ("clients:", "contact"),
        ("contact-", "contact"),
        ("deadlines:deadline_", "deadline"),
        ("deadline-", "deadline"),
        ("task-", "task_pk"),
        ("research-memo-", "memo_pk"),
        ("admin:otp_totp_", "totp"),
    ):
        if name.startswith(prefix):
            return ids[key]
    return ids["matter"]


def _routes():
    """Every named route: (name, pattern, its path parameters, callback)."""
    from django.urls import URLPattern, URLResolver

    def walk(patterns, prefix="", namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else (entry.name or "")
                pattern = prefix + str(entry.pattern)
                # path() converters, or the named groups of DRF's regex routes
                params = re.findall(r"<(?:[a-z_]+:)?([a-z_]+)>", pattern)
                yield name, pattern, params, entry.callback

    yield from walk(get_resolver().url_patterns)


def _concrete(pattern: str, kwargs: dict) -> str:
    """The path of a route pattern (path() or DRF's regex) with these values."""
    path = pattern.lstrip("^")
    for key, value in kwargs.items():
        path = re.sub(rf"<(?:[a-z_]+:)?{key}>", value, path)
        path = re.sub(rf"\(\?P<{key}>[^)]*\)", value, path)
    path = path.replace("\\.", ".").replace("/?$", "/").rstrip("$")
    return "/" + path


def test_no_hostile_input_makes_a_5xx_or_takes_a_second(client, world, dana, settings):
    settings.RATELIMIT_ENABLE = False  # the limits are tested on their own; here, the input
    client.raise_request_exception = False  # a 500 is counted, not raised
    client.force_login(dana)
    failures: list[str] = []
    seen: set[str] = set()
    swept = 0

    def check(method: str, path: str, what: str, response, elapsed: list[float]) -> None:
        nonlocal swept
        swept += 1
        if response.status_code >= 500 and not (path == "/healthz" and response.status_code == 503):
            # /healthz answers 503 when the Celery heartbeat is missing, as in tests.
            failures.append(f"{method} {path} {what}: {response.status_code}")
        slow = over_budget(*elapsed)
        if slow:
            failures.append(f"{method} {path} {what}: {slow}")

    for name, pattern, params, callback in _routes():
        if "format" in params:  # DRF's format-suffix twins of the same views
            continue
        kwargs = _path_kwargs(name, pattern, params, world, callback)
        path = _concrete(pattern, kwargs)
        if path in seen or "<" in path or "(?P" in path:
            continue
        seen.add(path)
        admin = path.startswith("/django-admin/")

        # GET: learn the parameters, then each one hostile.
        with recording_reads() as read:
            response, *elapsed = timed(lambda p=path: client.get(p, {PROBE: "1"}))
        check("GET", path, "baseline", response, elapsed)
        keys, values = sorted(read - {PROBE}), HOSTILE
        if admin:  # Django's own pages: the changelists' search, page and order, briefly
            changelist = path.count("/") == 4  # /django-admin/<app>/<model>/
            keys, values = (["q", "p", "o"] if changelist else []), [HOSTILE[0], HOSTILE[4]]
        for key in keys:
            for value in values:
                response, *elapsed = timed(lambda p=path, k=key, v=value: client.get(p, {k: v}))
                check("GET", path, f"{key}={value[:20]!r}", response, elapsed)
            if not admin:
                response, *elapsed = timed(
                    lambda p=path, k=key: client.get(p + f"?{k}=1&{k}=2&{k}[]=x")
                )
                check("GET", path, f"{key} repeated", response, elapsed)

        if "(?P<pk>" in pattern:  # the API's ids are strings in the path: hostile ones too
            for bad in ("0", "-1", "abc", "9" * 30, "1%00"):
                bad_path = _concrete(pattern, {**kwargs, "pk": bad})
                response, *elapsed = timed(lambda p=bad_path: client.get(p))
                check("GET", bad_path, "hostile id", response, elapsed)

        if name in NO_POST or admin:
            continue
        # POST: learn the form's fields, then all of them hostile, then 5,000 forms.
        with recording_reads() as read:
            response, *elapsed = timed(lambda p=path: client.post(p, {PROBE: "1"}))
        check("POST", path, "baseline", response, elapsed)
        fields = sorted(read - {PROBE})
        for value in HOSTILE_POST:
            data = dict.fromkeys(fields, value)
            response, *elapsed = timed(lambda p=path, d=data: client.post(p, d))
            check("POST", path, f"every field {value[:20]!r}", response, elapsed)
        prefixes = sorted(
            f.removesuffix("-TOTAL_FORMS") for f in fields if f.endswith("-TOTAL_FORMS")
        )
        if prefixes:
            data = dict.fromkeys(fields, "")
            for prefix in prefixes:
                data |= {f"{prefix}-TOTAL_FORMS": "5000", f"{prefix}-INITIAL_FORMS": "0"}
            response, *elapsed = timed(lambda p=path, d=data: client.post(p, d))
            check("POST", path, f"5,000 forms in {', '.join(prefixes)}", response, elapsed)
        client.force_login(dana)  # a sign-in form posted above may have changed the session

    print(f"swept {swept} requests")
    assert swept > 1200, f"only {swept} requests: the sweep lost its routes"
    assert not failures, "\n".join(failures)
