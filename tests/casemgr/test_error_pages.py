"""403, 404 and 500 are pages of casemgr (base.html, the navigation); under /api/
they are JSON. A 404 never tells "missing" from "not yours"."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from casemgr.settings import BASE_DIR
from tests.factories import open_matter

pytestmark = pytest.mark.django_db

NOT_FOUND = "not found or not available to you"


@pytest.fixture
def errors_urlconf(settings):
    settings.ROOT_URLCONF = "tests.casemgr.error_urls"


def _without_csrf(response):
    tokens = r'[A-Za-z0-9]{64}|name="_form_token" value="[^"]*"'
    return re.sub(tokens, "TOKEN", response.content.decode())


def _is_casemgr_page(response):
    html = response.content.decode()
    assert "css/app.css" in html  # base.html
    assert 'aria-label="Main"' in html  # the navigation
    return html


def test_a_hidden_matter_and_a_missing_one_get_the_same_styled_404(client, alice, charlie):
    matter = open_matter(actor=alice)
    client.force_login(charlie)
    hidden = client.get(reverse("cases:matter_detail", args=[matter.pk]))
    missing = client.get(reverse("cases:matter_detail", args=[matter.pk + 1000]))
    assert hidden.status_code == missing.status_code == 404
    assert NOT_FOUND in _is_casemgr_page(hidden)
    assert NOT_FOUND in _is_casemgr_page(missing)
    # The same page, byte for byte, but for the per-response CSRF and form tokens.
    assert _without_csrf(hidden) == _without_csrf(missing)


def test_an_unknown_address_gets_the_styled_404(client, charlie):
    client.force_login(charlie)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert NOT_FOUND in _is_casemgr_page(response)


def test_an_anonymous_404_is_styled_without_navigation(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()
    assert "css/app.css" in response.content.decode()


def test_the_api_answers_json_for_an_unknown_route_and_a_hidden_matter(client, alice, charlie):
    matter = open_matter(actor=alice)
    client.force_login(charlie)
    unknown = client.get("/api/no-such-thing/")
    assert unknown.status_code == 404
    assert unknown["Content-Type"] == "application/json"
    assert unknown.json() == {"detail": "Not found.", "code": "not_found"}
    hidden = client.get(f"/api/matters/{matter.pk}/")
    assert hidden.status_code == 404
    # The same body as an unknown route: one 404 for missing and hidden alike.
    assert hidden.json() == {"detail": "Not found.", "code": "not_found"}


def test_a_403_is_a_styled_page_and_json_under_the_api(client, charlie, errors_urlconf):
    client.force_login(charlie)
    page = client.get("/forbidden/")
    assert page.status_code == 403
    assert "You may not do this." in _is_casemgr_page(page)
    api = client.get("/api/forbidden/")
    assert api.status_code == 403
    assert api.json() == {
        "detail": "You do not have permission to perform this action.",
        "code": "permission_denied",
    }


def test_a_csrf_failure_is_the_styled_403_saying_what_to_do(charlie):
    client = Client(enforce_csrf_checks=True)
    client.force_login(charlie)
    response = client.post(reverse("clients:contact_create"), {"name": "x"})
    assert response.status_code == 403
    assert "reload the page" in _is_casemgr_page(response)


def test_a_500_is_a_styled_page_with_the_navigation(charlie, errors_urlconf):
    client = Client(raise_request_exception=False)
    client.force_login(charlie)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = _is_casemgr_page(response)
    assert "Something went wrong" in html
    assert "Matters" in html
    assert "Traceback" not in html
    assert "a bug" not in html


def test_the_500_handler_itself_runs_no_query(rf, charlie, django_assert_num_queries):
    from accounts.views.errors import server_error

    request = rf.get("/matters/")
    request._cached_user = charlie
    request.user = charlie
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Sign out" in response.content.decode()


def test_an_api_500_is_json(charlie, errors_urlconf):
    client = Client(raise_request_exception=False)
    client.force_login(charlie)
    response = client.get("/api/boom/")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "Server error: the request could not be completed.",
        "code": "server_error",
    }


# --- With PostgreSQL down: a real closed port, in a fresh process -----------------------

_DOWN_SCRIPT = """
import json
from django.test import Client
client = Client(raise_request_exception=False)
client.cookies["sessionid"] = "a" * 32
out = {}
for path in ("/matters/", "/api/matters/", "/healthz"):
    response = client.get(path)
    out[path] = [response.status_code, response["Content-Type"], response.content.decode()]
print(json.dumps(out))
"""


def _with_database_down(script):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        {
            # Nothing listens on port 1: every connection attempt is refused.
            "DATABASE_URL": f"postgres://{connection.settings_dict['USER']}@127.0.0.1:1/down",
            "ALLOWED_HOSTS": "testserver",
            "HTTPS": "false",
            "SECRET_KEY": "down-" + "0123456789abcdefghijklmnopqrstuvwxyz" * 2,
            "DJANGO_SETTINGS_MODULE": "casemgr.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_with_the_database_down_pages_api_and_healthz_still_answer_properly():
    answers = _with_database_down(_DOWN_SCRIPT)
    status, content_type, body = answers["/matters/"]
    assert status == 500
    assert content_type.startswith("text/html")
    assert "Something went wrong" in body
    assert "css/app.css" in body
    status, content_type, body = answers["/api/matters/"]
    assert status == 500
    assert content_type == "application/json"
    status, content_type, body = answers["/healthz"]
    assert status == 503
    assert content_type == "application/json"
    assert '"database"' in body
    assert '"failing": ["database"' in body
