"""Schemathesis against the live API: every operation of the OpenAPI description
(drf-spectacular, /api/schema/) gets generated requests from a signed-in user,
and none of them is answered with a server error, a status code the schema does
not document, or a body that does not match the documented schema. Bounded: a few examples per
operation, so the whole run stays within a minute."""

from __future__ import annotations

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import ContactFactory, PracticeAreaFactory, UserFactory, open_matter

CSRF = "schemathesisCsrfSecret0123456789ab"[:32]  # a CSRF secret is 32 characters


@pytest.fixture
def signed_in(transactional_db, live_server, settings):
    """A paralegal's session cookie on the live server, with matters to read."""
    settings.RATELIMIT_ENABLE = False  # the limits are tested on their own
    settings.ALLOWED_HOSTS = ["*"]
    alice = UserFactory(full_name="Alice Moreno", role="Attorney")
    bob = UserFactory(full_name="Bob Lindqvist", role="Paralegal")
    PracticeAreaFactory()
    ContactFactory()
    open_matter(actor=alice, team=[(bob, "paralegal")])
    client = Client()
    client.force_login(bob)
    return {
        "Cookie": f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}",
        "X-CSRFToken": CSRF,
        "Referer": live_server.url + "/",
    }


# schemathesis' own pytest integration (schemathesis.pytest.from_fixture) reads
# the private ``Item._nodeid`` that pytest 9 removed, so the operations are run
# here with Hypothesis directly: each one, valid and invalid data, a few examples.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_the_api_keeps_its_contract(signed_in, live_server, mode):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/", headers=signed_in)
    operations = [result.ok() for result in schema.get_all_operations()]
    statuses: list[int] = []
    assert len(operations) >= 15, "the schema lost its operations"
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            response = case.call(base_url=live_server.url, headers=signed_in, timeout=10)
            statuses.append(response.status_code)
            case.validate_response(
                response,
                checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
            )

        run()
    # Signed in for real: the generated requests reached the views, not the sign-in.
    assert len(statuses) > 50
    if mode == GenerationMode.POSITIVE:
        assert any(200 <= status < 300 for status in statuses)
