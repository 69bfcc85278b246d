"""Entering trigger events, changing their dates, and the life of a deadline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from casemgr.models import AuditEvent
from casemgr.versioning import StaleEdit
from deadlines import services
from deadlines.models import CourtClosure, Deadline, TriggerEvent
from tests.factories import DeadlineFactory, open_matter

pytestmark = pytest.mark.django_db

SERVED = datetime.date(2026, 11, 5)  # the answer's 21st day is Thanksgiving


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")], jurisdiction="US-FED-CA")


def test_preview_computes_the_chain_with_explanations_and_writes_nothing(matter, bob):
    preview = services.trigger_event_preview(
        actor=bob, matter=matter, event_key="complaint_served", trigger_date=SERVED,
        service="personal",
    )  # fmt: skip
    assert [(d.key, d.due_date) for d in preview.deadlines] == [
        ("answer", datetime.date(2026, 11, 27)),
        ("answer_draft_review", datetime.date(2026, 11, 20)),
    ]
    assert preview.ruleset.jurisdiction == "US-FED"
    assert preview.jurisdiction == "US-FED-CA"
    assert "Thanksgiving" in preview.deadlines[0].computation.explanation
    assert not TriggerEvent.objects.exists()
    assert not Deadline.objects.exists()


def test_confirming_writes_the_event_and_its_chained_deadlines_audited(matter, alice, bob):
    event = services.trigger_event_create(
        actor=bob, matter=matter, event_key="complaint_served", trigger_date=SERVED,
        service="personal",
    )  # fmt: skip
    answer, review = event.deadlines.order_by("id")
    assert (answer.due_date, answer.citation, answer.kind) == (
        datetime.date(2026, 11, 27), "FRCP 12(a)(1)(A)(i)", "court",
    )  # fmt: skip
    assert answer.due_time == datetime.time(23, 59)
    assert answer.time_zone == "America/Los_Angeles"
    assert answer.ruleset_version == datetime.date(2016, 12, 1)
    assert answer.steps[-1]["citation"] == "FRCP 6(a)(1)(C)"
    assert review.depends_on == answer
    assert review.kind == "internal"
    assert review.due_time is None
    assert set(answer.responsible.all()) == {alice, bob}
    assert (
        AuditEvent.objects.filter(matter_id=matter.pk, object_type="deadlines.deadline").count()
        == 2
    )
    assert AuditEvent.objects.filter(object_type="deadlines.triggerevent").count() == 1


def test_firm_entered_closures_reach_the_calculator(matter, bob):
    CourtClosure.objects.create(
        jurisdiction="US-FED-CA", date=datetime.date(2026, 11, 27), reason="courthouse flooded"
    )
    preview = services.trigger_event_preview(
        actor=bob, matter=matter, event_key="complaint_served", trigger_date=SERVED,
        service="personal",
    )  # fmt: skip
    assert preview.deadlines[0].due_date == datetime.date(2026, 11, 30)
    assert any("Firm-entered closures" in w for w in preview.deadlines[0].computation.warnings)


def test_california_matters_use_the_california_rule_set(alice):
    matter = open_matter(actor=alice, jurisdiction="US-CA")
    preview = services.trigger_event_preview(
        actor=alice, matter=matter, event_key="complaint_served", trigger_date=SERVED,
        service="personal",
    )  # fmt: skip
    assert preview.ruleset.jurisdiction == "US-CA"
    assert preview.deadlines[0].citation.startswith("CCP")


def test_a_date_before_the_rules_is_a_field_error(matter, bob):
    with pytest.raises(ValidationError) as exc:
        services.trigger_event_preview(
            actor=bob, matter=matter, event_key="complaint_served",
            trigger_date=datetime.date(2010, 1, 4), service="personal",
        )  # fmt: skip
    assert "trigger_date" in exc.value.message_dict


def test_charlie_can_neither_preview_nor_create_on_a_matter_he_cannot_see(matter, charlie):
    with pytest.raises(Http404):
        services.trigger_event_preview(
            actor=charlie, matter=matter, event_key="complaint_served", trigger_date=SERVED,
            service="personal",
        )  # fmt: skip
    with pytest.raises(Http404):
        services.deadline_create(actor=charlie, matter=matter, title="x", due_date=SERVED)


def test_changing_the_trigger_date_moves_open_deadlines_and_leaves_done_and_overridden_alone(
    matter, bob
):
    event = services.trigger_event_create(
        actor=bob, matter=matter, event_key="trial_date_set",
        trigger_date=datetime.date(2027, 3, 1), service="personal",
    )  # fmt: skip
    by_key = {d.rule_key: d for d in event.deadlines.all()}
    services.deadline_complete(actor=bob, deadline=by_key["expert_disclosures"], expected_version=1)
    services.deadline_override(
        actor=bob, deadline=by_key["pretrial_disclosures"], due_date=datetime.date(2027, 2, 8),
        reason="Scheduling order ¶ 4", expected_version=1,
    )  # fmt: skip
    new_date = datetime.date(2027, 4, 5)
    preview = services.trigger_event_change_preview(actor=bob, event=event, new_date=new_date)
    moves = {m.deadline.rule_key: m for m in preview.moves}
    assert moves["expert_disclosures"].left_alone == "done"
    assert moves["pretrial_disclosures"].left_alone == "overridden by hand"
    # A chained deadline whose parent is done runs from the parent's kept date.
    assert not moves["rebuttal_expert_disclosures"].moves
    # ... and one whose parent was overridden runs from the override (14 days later).
    objections = moves["pretrial_disclosure_objections"]
    # (Lincoln's Birthday and Presidents' Day had pushed it to 2027-02-16.)
    assert (objections.old_date, objections.new_date, objections.days) == (
        datetime.date(2027, 2, 16), datetime.date(2027, 2, 22), 6,
    )  # fmt: skip
    assert Deadline.objects.get(pk=objections.deadline.pk).due_date == objections.old_date

    services.trigger_event_change_apply(
        actor=bob, event=event, new_date=new_date, expected_version=1
    )
    event.refresh_from_db()
    assert event.trigger_date == new_date
    assert event.version == 2
    assert Deadline.objects.get(pk=objections.deadline.pk).due_date == datetime.date(2027, 2, 22)
    assert Deadline.objects.get(pk=by_key["pretrial_disclosures"].pk).due_date == datetime.date(
        2027, 2, 8
    )
    moved = AuditEvent.objects.filter(summary__contains="(trigger date changed)")
    assert list(moved.values_list("object_id", flat=True)) == [str(objections.deadline.pk)]


def test_a_stale_trigger_change_is_refused(matter, bob):
    event = services.trigger_event_create(
        actor=bob, matter=matter, event_key="complaint_served", trigger_date=SERVED,
        service="personal",
    )  # fmt: skip
    services.trigger_event_change_apply(
        actor=bob, event=event, new_date=datetime.date(2026, 11, 6), expected_version=1
    )
    with pytest.raises(StaleEdit):
        services.trigger_event_change_apply(
            actor=bob, event=event, new_date=datetime.date(2026, 11, 9), expected_version=1
        )


def test_complete_waive_reopen_and_stale_saves(matter, bob):
    deadline = DeadlineFactory(matter=matter)
    done = services.deadline_complete(actor=bob, deadline=deadline, expected_version=1)
    assert done.status == "done"
    assert done.completed_by == bob
    assert done.version == 2
    with pytest.raises(StaleEdit):
        services.deadline_reopen(actor=bob, deadline=deadline, expected_version=1)
    reopened = services.deadline_reopen(actor=bob, deadline=deadline, expected_version=2)
    assert reopened.status == "open"
    assert reopened.completed_at is None
    with pytest.raises(ValidationError):
        services.deadline_waive(actor=bob, deadline=deadline, reason=" ", expected_version=3)
    waived = services.deadline_waive(
        actor=bob, deadline=deadline, reason="Opposing party stipulated", expected_version=3
    )
    assert waived.status == "waived"
    assert waived.waived_by == bob


def test_a_statute_of_limitations_needs_a_citation(matter, alice):
    with pytest.raises(ValidationError):
        services.deadline_create(
            actor=alice, matter=matter, title="SOL", due_date=SERVED, kind="statute"
        )
    sol = services.deadline_create(
        actor=alice, matter=matter, title="Statute of limitations: negligence",
        due_date=datetime.date(2028, 3, 1), kind="statute", citation="CCP § 335.1",
    )  # fmt: skip
    assert sol.kind == "statute"
    assert list(sol.responsible.all()) == [alice]


def test_read_only_users_may_not_change_deadlines(matter, charlie, alice):
    from cases import services as case_services

    case_services.matter_revoke(actor=alice, matter=matter, user=charlie)
    from guardian.shortcuts import assign_perm

    assign_perm("cases.view_matter", charlie, matter)
    deadline = DeadlineFactory(matter=matter)
    with pytest.raises(PermissionDenied):
        services.deadline_complete(actor=charlie, deadline=deadline, expected_version=1)


def test_visible_to_hides_deadlines_of_invisible_matters(matter, bob, charlie):
    DeadlineFactory(matter=matter)
    assert Deadline.objects.visible_to(bob).count() == 1
    assert Deadline.objects.visible_to(charlie).count() == 0
