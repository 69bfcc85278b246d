"""Intake and conflict clearance: the services, and the database's refusal to
change a decided check."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, InternalError, ProgrammingError, connection, transaction

from casemgr.models import AuditEvent
from cases.models import Matter
from clients import intake as services
from clients.models import ConflictCheck, Intake, NameCapacity
from tests.factories import PracticeAreaFactory, new_contact, open_matter

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def intake(bob, alice):
    return services.intake_create(
        actor=bob,
        prospect_kind="organization",
        prospect_organization_name="Northwind Traders LLC",
        summary="A supplier stopped deliveries.",
        incident_date=datetime.date(2026, 3, 1),
        limitation_date=datetime.date(2030, 3, 1),
        limitation_basis="CCP § 337 (4 years, written contract)",
        responsible_attorney=alice,
        names=[
            {"capacity": "related", "name": "Northwind Holdings", "kind": "organization",
             "relation": "parent company"},
            {"capacity": "adverse", "name": "Okafor Industries", "kind": "organization"},
            {"capacity": "adverse_counsel", "name": "Helen Park", "relation": "counsel for Okafor"},
        ],
    )  # fmt: skip


@pytest.fixture
def okafor_matter(alice):
    """Okafor Industries is a current client, in a matter only alice is on."""
    okafor = new_contact(actor=alice, kind="organization", organization_name="Okafor Industries")
    return open_matter(actor=alice, client=okafor, title="Okafor supply dispute")


def test_an_intake_is_created_new_and_audited(intake, bob):
    assert intake.status == Intake.Status.NEW
    assert [n.name for n in intake.names.all()] == [
        "Northwind Holdings", "Okafor Industries", "Helen Park",
    ]  # fmt: skip
    assert AuditEvent.objects.filter(object_id=str(intake.pk), actor_id=bob.pk).exists()


def test_the_intake_refuses_a_limitation_date_without_its_statute_and_year_9999(bob):
    with pytest.raises(ValidationError) as error:
        services.intake_create(
            actor=bob, prospect_last_name="Doe", limitation_date=datetime.date(2030, 1, 1)
        )
    assert "limitation_basis" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.intake_create(
            actor=bob, prospect_last_name="Doe", incident_date=datetime.date(9999, 1, 1)
        )
    assert "incident_date" in error.value.message_dict


def test_charlie_without_intake_permission_may_not_record_one():
    from tests.factories import UserFactory

    auditor = UserFactory(role="Auditor")
    with pytest.raises(PermissionDenied):
        services.intake_create(actor=auditor, prospect_last_name="Doe")


def test_the_check_covers_every_name_and_routes_hidden_hits_to_reviewers(
    intake, bob, okafor_matter
):
    check = services.conflict_check_run(actor=bob, intake=intake)
    assert [n["name"] for n in check.names] == [
        "Northwind Traders LLC", "Northwind Holdings", "Okafor Industries", "Helen Park",
    ]  # fmt: skip
    assert check.needs_review  # bob is not on the Okafor matter
    intake.refresh_from_db()
    assert intake.status == Intake.Status.CONFLICT_CHECK
    # the stored report is the full one, so a reviewer sees it as it stood
    [okafor_name] = [n for n in check.report["names"] if n["name"] == "Okafor Industries"]
    assert okafor_name["hits"][0]["roles"][0]["number"] == okafor_matter.number


def test_a_paralegal_may_not_decide_and_the_attorney_cannot_clear_what_she_cannot_see(
    intake, bob, alice, dana, okafor_matter, charlie
):
    check = services.conflict_check_run(actor=bob, intake=intake)
    with pytest.raises(PermissionDenied):
        services.conflict_check_decide(actor=bob, check=check, decision="cleared")
    # alice is the responsible attorney and on the Okafor matter: she sees it all
    decided = services.conflict_check_decide(
        actor=alice, check=check, decision="waived", reason="Both consented in writing",
        waiver=SimpleUploadedFile("w.pdf", PDF, content_type="application/pdf"),
    )  # fmt: skip
    assert decided.decision == "waived"
    assert decided.waiver.name.startswith("conflict-waivers/")


def test_a_responsible_attorney_with_hidden_hits_must_leave_it_to_a_reviewer(
    bob, charlie, dana, okafor_matter
):
    from tests.factories import UserFactory

    attorney = UserFactory(role="Attorney")
    intake = services.intake_create(
        actor=bob, prospect_last_name="Doe", responsible_attorney=attorney,
        names=[{"capacity": "adverse", "name": "Okafor Industries"}],
    )  # fmt: skip
    check = services.conflict_check_run(actor=bob, intake=intake)
    with pytest.raises(ValidationError, match="a conflicts reviewer"):
        services.conflict_check_decide(actor=attorney, check=check, decision="cleared")
    services.conflict_check_decide(actor=attorney, check=check, decision="declined", reason="x")


def test_a_waiver_needs_a_reason_and_a_real_pdf(intake, bob, dana):
    check = services.conflict_check_run(actor=bob, intake=intake)
    with pytest.raises(ValidationError, match="reason"):
        services.conflict_check_decide(actor=dana, check=check, decision="waived")
    fake = SimpleUploadedFile("w.pdf", b"<script>", content_type="application/pdf")
    with pytest.raises(ValidationError, match="not one"):
        services.conflict_check_decide(
            actor=dana, check=check, decision="waived", reason="r", waiver=fake
        )


def test_a_decided_check_cannot_be_decided_again(intake, bob, dana):
    check = services.conflict_check_run(actor=bob, intake=intake)
    services.conflict_check_decide(actor=dana, check=check, decision="cleared")
    with pytest.raises(ValidationError, match="already decided"):
        services.conflict_check_decide(actor=dana, check=check, decision="declined", reason="r")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE clients_conflictcheck SET decision = 'declined', decision_reason = 'x' WHERE id = %s",
        "UPDATE clients_conflictcheck SET report = '{}'::jsonb WHERE id = %s",
        "UPDATE clients_conflictcheck SET needs_review = NOT needs_review WHERE id = %s",
        "DELETE FROM clients_conflictcheck WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_decided_check(intake, bob, dana, sql):
    check = services.conflict_check_run(actor=bob, intake=intake)
    services.conflict_check_decide(actor=dana, check=check, decision="cleared")
    with (
        pytest.raises((InternalError, ProgrammingError, IntegrityError), match="cannot be changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [check.pk])
    check.refresh_from_db()
    assert check.decision == "cleared"


def test_the_database_refuses_to_rewrite_the_report_of_an_undecided_check(intake, bob):
    check = services.conflict_check_run(actor=bob, intake=intake)
    with pytest.raises(ProgrammingError), transaction.atomic():
        ConflictCheck.objects.filter(pk=check.pk).update(report={"names": []})


def test_the_orm_cannot_edit_a_stored_decision_either(intake, bob, dana):
    check = services.conflict_check_run(actor=bob, intake=intake)
    decided = services.conflict_check_decide(actor=dana, check=check, decision="cleared")
    decided.decision_reason = "edited later"
    with pytest.raises(ProgrammingError), transaction.atomic():
        decided.save()


def test_a_matter_does_not_open_before_clearance_and_opens_after(
    intake, bob, alice, dana, okafor_matter
):
    area = PracticeAreaFactory()
    kwargs = {"title": "Northwind v. Okafor", "practice_area": area, "responsible_attorney": alice}
    with pytest.raises(ValidationError, match="not cleared"):
        services.intake_open_matter(actor=bob, intake=intake, **kwargs)
    check = services.conflict_check_run(actor=bob, intake=intake)
    with pytest.raises(ValidationError, match="not cleared"):
        services.intake_open_matter(actor=bob, intake=intake, **kwargs)
    services.conflict_check_decide(actor=dana, check=check, decision="cleared")
    matter = services.intake_open_matter(actor=bob, intake=intake, **kwargs)
    intake.refresh_from_db()
    check.refresh_from_db()
    assert (intake.status, intake.matter, check.matter) == ("accepted", matter, matter)
    assert matter.client.display_name == "Northwind Traders LLC"
    assert set(matter.parties.values_list("contact__display_name", "role")) >= {
        ("Northwind Traders LLC", "client"),
        ("Okafor Industries", "opposing_party"),
        ("Helen Park", "opposing_counsel"),
        ("Northwind Holdings", "other"),
    }
    assert "Incident date: 2026-03-01" in matter.description
    statute = matter.deadlines.get(kind="statute")
    assert (statute.due_date, statute.citation) == (
        datetime.date(2030, 3, 1), "CCP § 337 (4 years, written contract)",
    )  # fmt: skip


def test_a_newer_check_must_be_cleared_too(intake, bob, dana, alice):
    first = services.conflict_check_run(actor=bob, intake=intake)
    services.conflict_check_decide(actor=dana, check=first, decision="cleared")
    services.conflict_check_run(actor=bob, intake=intake)  # pending
    with pytest.raises(ValidationError, match="not cleared"):
        services.intake_open_matter(
            actor=bob, intake=intake, title="T", practice_area=PracticeAreaFactory(),
            responsible_attorney=alice,
        )  # fmt: skip


def test_changing_the_names_after_clearance_needs_a_new_check(intake, bob, dana, alice):
    check = services.conflict_check_run(actor=bob, intake=intake)
    services.conflict_check_decide(actor=dana, check=check, decision="cleared")
    services.intake_update(
        actor=bob, intake=intake,
        names=[{"capacity": NameCapacity.ADVERSE, "name": "Someone Else"}],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="names changed"):
        services.intake_open_matter(
            actor=bob, intake=intake, title="T", practice_area=PracticeAreaFactory(),
            responsible_attorney=alice,
        )  # fmt: skip


def test_an_admin_override_needs_a_reason_and_is_audited(intake, bob, dana, alice):
    kwargs = {"title": "T", "practice_area": PracticeAreaFactory(), "responsible_attorney": alice}
    with pytest.raises(PermissionDenied):
        services.intake_open_matter(actor=bob, intake=intake, override_reason="hurry", **kwargs)
    matter = services.intake_open_matter(
        actor=dana, intake=intake, override_reason="TRO hearing at 9am", **kwargs
    )
    assert AuditEvent.objects.filter(
        matter_id=matter.pk, actor_id=dana.pk, summary__contains="TRO hearing at 9am"
    ).exists()
    assert not Matter.objects.filter(conflict_check__isnull=False).exists()


def test_declining_files_a_non_engagement_letter_pdf(
    intake, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        declined = services.intake_decline(actor=bob, intake=intake, reason="Outside our practice")
    assert len(callbacks) == 1  # the letter is rendered by a worker, not in the request
    assert (declined.status, declined.decline_reason) == ("declined", "Outside our practice")
    services.intake_letter_render(intake_id=intake.pk)
    intake.refresh_from_db()
    with intake.decline_letter.open("rb") as letter:
        assert letter.read(5) == b"%PDF-"
    name = intake.decline_letter.name
    services.intake_letter_render(intake_id=intake.pk)  # idempotent
    intake.refresh_from_db()
    assert intake.decline_letter.name == name
    with pytest.raises(ValidationError, match="already declined"):
        services.intake_refer_out(actor=bob, intake=intake, referred_to="Smith & Co")


def test_referring_out_needs_to_whom(intake, bob):
    with pytest.raises(ValidationError):
        services.intake_refer_out(actor=bob, intake=intake, referred_to=" ")
    referred = services.intake_refer_out(actor=bob, intake=intake, referred_to="Legal Aid SF")
    assert referred.status == "referred"
