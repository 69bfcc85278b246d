"""``field__any``: a list of ids as one array parameter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Matter, TeamMembership
from tests.factories import open_matter

pytestmark = pytest.mark.django_db


def test_any_matches_the_listed_ids_on_a_field_and_on_a_foreign_key(alice, bob):
    first, second, third = (open_matter(actor=alice, title=t) for t in ("One", "Two", "Three"))
    assert set(Matter.objects.filter(pk__any=[first.pk, third.pk])) == {first, third}
    on_team = TeamMembership.objects.filter(matter_id__any=[second.pk])
    assert {m.matter_id for m in on_team} == {second.pk}
    with CaptureQueriesContext(connection) as captured:
        list(Matter.objects.filter(pk__any=[first.pk, second.pk, third.pk]))
    assert "= ANY(" in captured.captured_queries[0]["sql"]


def test_any_of_nothing_matches_nothing(alice):
    open_matter(actor=alice)
    assert list(Matter.objects.filter(pk__any=[])) == []
    assert Matter.objects.exclude(pk__any=[]).count() == 1
