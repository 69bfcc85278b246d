"""The demo firm's contacts and parties, seeded once."""

import pytest

from casemgr import demo
from cases.models import Party
from clients import conflicts
from clients.models import Contact, ContactAlias

pytestmark = pytest.mark.django_db


def test_seeding_twice_creates_the_demo_contacts_and_parties_once():
    demo.seed()
    contacts, parties = Contact.objects.count(), Party.objects.count()
    assert contacts >= 20
    assert set(Contact.objects.values_list("client_status", flat=True)) == {
        "",
        "prospect",
        "active",
        "former",
    }
    assert ContactAlias.objects.filter(kind="former").exists()
    assert Party.objects.filter(role="opposing_party").count() >= 2
    assert (
        Contact.objects.get(display_name="Helen Park").organization.display_name
        == "Sterling & Vance LLP"
    )
    # the conflict check finds the demo prospect for a misspelled name
    report = conflicts.conflict_search([conflicts.CheckName("John Smith")])
    names = [h["display_name"] for h in report["names"][0]["hits"]]
    assert "Jon Smyth" in names
    demo.seed()
    assert (Contact.objects.count(), Party.objects.count()) == (contacts, parties)
