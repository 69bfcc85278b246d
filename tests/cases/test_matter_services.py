"""Opening, editing, staging, closing and reopening matters."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404

from casemgr.models import AuditEvent, FirmSettings
from cases import services
from cases.models import Matter
from tests.factories import ContactFactory, PracticeAreaFactory, UserFactory, open_matter

pytestmark = pytest.mark.django_db


def test_opening_a_matter_numbers_it_by_the_firm_pattern_and_audits_it(alice, bob):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")])
    assert matter.number == f"{matter.opened_on.year}-0001"
    assert matter.stage == "intake"
    assert set(matter.team.values_list("user__email", "role")) == {
        (alice.email, "lead"),
        (bob.email, "paralegal"),
    }
    assert matter.parties.get().role == "client"
    assert matter.client.client_status == "active"
    assert AuditEvent.objects.filter(
        matter_id=matter.pk, action="create", object_type="cases.matter"
    ).exists()


def test_numbers_follow_a_custom_pattern_and_are_never_reused(alice):
    settings = FirmSettings.load()
    settings.matter_number_pattern = "{practice}-{year}-{seq:05d}"
    settings.save()
    first = open_matter(actor=alice)
    # A matter opened on a conflict check cannot be deleted (the check is kept and
    # protects it), so the one deleted here opens on an admin's override.
    admin = UserFactory(role="Firm admin")
    second = open_matter(actor=admin, responsible_attorney=alice, override_reason="to delete")
    year = first.opened_on.year
    assert (first.number, second.number) == (f"LIT-{year}-00001", f"LIT-{year}-00002")
    Matter.objects.filter(pk=second.pk).delete()
    assert open_matter(actor=alice).number == f"LIT-{year}-00003"


def test_a_paralegal_without_the_role_permission_cannot_open_matters():
    outsider = UserFactory()  # no role
    with pytest.raises(PermissionDenied):
        open_matter(actor=outsider, responsible_attorney=UserFactory(role="Attorney"))


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(alice, bob):
    matter = open_matter(actor=alice, team=[(bob, "paralegal")])
    loaded_by_bob = Matter.objects.get(pk=matter.pk)
    services.matter_update(
        actor=alice, matter=matter, expected_version=1, title="Doe v. Acme (amended)"
    )
    with pytest.raises(services.StaleEdit, match="changed by someone else"):
        services.matter_update(
            actor=bob, matter=loaded_by_bob, expected_version=loaded_by_bob.version, judge="Hon. X"
        )
    matter.refresh_from_db()
    assert matter.title == "Doe v. Acme (amended)"
    assert matter.judge == ""
    assert matter.version == 2


def test_an_edit_records_what_changed(alice):
    matter = open_matter(actor=alice)
    services.matter_update(
        actor=alice, matter=matter, expected_version=1, docket_number="3:26-cv-01234"
    )
    event = AuditEvent.objects.filter(matter_id=matter.pk, action="change").first()
    assert event.changes == {"docket_number": ["", "3:26-cv-01234"]}


def test_charlie_cannot_edit_a_matter_he_cannot_see(alice, charlie):
    matter = open_matter(actor=alice)
    with pytest.raises(Http404):
        services.matter_update(actor=charlie, matter=matter, expected_version=1, title="x")


def test_stage_changes_follow_the_practice_area(alice):
    matter = open_matter(actor=alice)
    matter = services.matter_change_stage(
        actor=alice, matter=matter, stage="discovery", expected_version=1
    )
    assert matter.stage == "discovery"
    with pytest.raises(ValidationError, match="not a stage"):
        services.matter_change_stage(actor=alice, matter=matter, stage="party", expected_version=2)


def test_closing_and_reopening(alice):
    matter = open_matter(actor=alice)
    matter = services.matter_close(
        actor=alice, matter=matter, expected_version=1, outcome="settled"
    )
    assert (matter.is_closed, matter.stage, matter.outcome) == (True, "closed", "settled")
    with pytest.raises(ValidationError, match="already closed"):
        services.matter_close(actor=alice, matter=matter, expected_version=2, outcome="settled")
    matter = services.matter_reopen(actor=alice, matter=matter, expected_version=2)
    assert (matter.is_closed, matter.stage, matter.outcome) == (False, "open", "")


def test_parties_cannot_be_added_twice_in_the_same_role(alice):
    matter = open_matter(actor=alice)
    opposing = ContactFactory()
    services.party_add(actor=alice, matter=matter, contact=opposing, role="opposing_party")
    with pytest.raises(ValidationError, match="already a party"):
        services.party_add(actor=alice, matter=matter, contact=opposing, role="opposing_party")
    services.party_add(actor=alice, matter=matter, contact=opposing, role="witness")


def test_the_responsible_attorney_cannot_leave_the_team(alice):
    matter = open_matter(actor=alice)
    with pytest.raises(ValidationError, match="responsible attorney"):
        services.team_member_remove(actor=alice, matter=matter, user=alice)


@pytest.mark.django_db(transaction=True)
def test_concurrent_openings_get_distinct_numbers():
    alice = UserFactory(role="Attorney")
    area = PracticeAreaFactory()
    clients = [ContactFactory() for _ in range(6)]
    numbers, errors = [], []
    barrier = threading.Barrier(len(clients))

    def open_one(client):
        try:
            barrier.wait(timeout=10)
            numbers.append(open_matter(actor=alice, client=client, practice_area=area).number)
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_one, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(numbers)) == len(clients)
