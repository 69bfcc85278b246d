"""Form sets have an absolute maximum, and a body or form larger than any page
sends is refused early with a clear 4xx, never a 500 or a 30-second request."""

import pytest
from django.urls import reverse

from cases.views.research import MAX_AUTHORITIES
from clients.forms import MAX_DETAIL_ROWS
from tests.factories import open_matter
from tests.timing import over_budget, timed

pytestmark = pytest.mark.django_db


def _management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_a_memo_claiming_2000_authorities_is_refused_quickly_with_a_message(client, alice):
    matter = open_matter(actor=alice)
    client.force_login(alice)
    data = {"title": "t", "question": "q", "memo_date": "2026-11-01", "author": alice.pk}
    data |= _management("authorities", 2000)
    url = reverse("cases:research_memo_create", args=[matter.pk])
    client.get(url)  # templates compiled: the timing is the post's own
    response, wall, cpu = timed(lambda: client.post(url, data))
    assert over_budget(wall, cpu) is None
    assert response.status_code == 400  # the memo page answers a form with errors so
    assert f"Please submit at most {MAX_AUTHORITIES} forms." in response.content.decode()
    assert not matter.research_memos.exists()


def test_a_contact_with_2000_rows_in_each_form_set_is_refused_quickly(client, alice):
    client.force_login(alice)
    data = {"kind": "person", "first_name": "Ann", "last_name": "Lee"}
    for prefix in ("emails", "phones", "aliases", "addresses"):
        data |= _management(prefix, 2000)
    client.get(reverse("clients:contact_create"))
    response, wall, cpu = timed(lambda: client.post(reverse("clients:contact_create"), data))
    assert over_budget(wall, cpu) is None
    assert response.status_code == 200
    assert f"Please submit at most {MAX_DETAIL_ROWS} forms." in response.content.decode()


def test_a_form_with_more_fields_than_any_page_sends_is_a_clear_400(client, alice, settings):
    client.force_login(alice)
    data = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("clients:contact_create"), data)
    assert response.status_code == 400
    assert "no page sends that many" in response.content.decode()


def test_a_body_larger_than_the_limit_is_refused_before_the_view(client, alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(alice)
    response = client.post(
        reverse("matter-list"), {"title": "x" * 20_000}, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json()["errors"]["body"] == ["The request body is larger than 10,000 bytes."]
    page = client.post(reverse("clients:contact_create"), {"first_name": "x" * 20_000})
    assert page.status_code == 413
    assert "larger than 10,000 bytes" in page.content.decode()


def test_a_query_string_with_a_nul_byte_anywhere_is_a_400_naming_the_parameter(client, alice):
    client.force_login(alice)
    response = client.get(reverse("cases:contact_picker"), {"scope": "x", "client_q": "a\x00"})
    assert response.status_code == 400
    assert "client_q" in response.content.decode()
    api = client.get(reverse("matter-list"), {"whatever": "a\x00"})
    assert api.status_code == 400
    assert api.json()["errors"] == {"whatever": ["Null characters are not allowed."]}


def test_the_400_page_keeps_the_navigation_of_the_signed_in_user(client, alice):
    client.force_login(alice)
    response = client.get(reverse("cases:matter_list"), {"q": "a\x00"})
    assert response.status_code == 400
    assert alice.full_name in response.content.decode()
