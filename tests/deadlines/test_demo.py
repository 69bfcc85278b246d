"""The demo firm gets trigger events and deadlines, once."""

import pytest

from casemgr import demo
from deadlines.models import Deadline, TriggerEvent

pytestmark = pytest.mark.django_db


def test_seeding_twice_creates_the_demo_deadlines_once():
    demo.seed()
    events, deadlines = TriggerEvent.objects.count(), Deadline.objects.count()
    assert events >= 4
    assert deadlines > events
    assert Deadline.objects.filter(kind="hearing").exists()
    assert Deadline.objects.filter(kind="statute").exists()
    demo.seed()
    assert (TriggerEvent.objects.count(), Deadline.objects.count()) == (events, deadlines)
