"""Firm configuration: practice areas with their stages and task templates, on
pages for firm admins only (a 404 for everyone else), through audited services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casemgr.models import AuditEvent
from cases import services
from cases.models import PracticeArea, Task, TaskTemplate
from tests.factories import PracticeAreaFactory, TaskTemplateFactory, open_matter

pytestmark = pytest.mark.django_db


@pytest.fixture
def area(db):
    return PracticeAreaFactory()


@pytest.fixture
def template(area):
    return TaskTemplateFactory(practice_area=area, title="Send the engagement letter")


def urls(area, template):
    return [
        reverse("practice:list"),
        reverse("practice:detail", args=[area.pk]),
        reverse("practice:template_create", args=[area.pk]),
        reverse("practice:template_edit", args=[area.pk, template.pk]),
    ]


def test_every_page_is_a_404_for_alice_bob_and_charlie(client, alice, bob, charlie, area, template):
    for person in (alice, bob, charlie):
        client.force_login(person)
        for url in urls(area, template):
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"name": "X", "code": "X", "stages": "a",
                                     "title": "X", "due_after_days": 1}).status_code == 404  # fmt: skip
    area.refresh_from_db()
    assert area.name == "Civil litigation"
    assert TaskTemplate.objects.count() == 1


def test_every_page_opens_for_dana_and_the_firm_nav_links_there(client, dana, area, template):
    client.force_login(dana)
    for url in urls(area, template):
        assert client.get(url).status_code == 200, url
    html = client.get(reverse("firm:home")).content.decode()
    assert f'href="{reverse("practice:list")}"' in html


def test_dana_adds_a_practice_area_with_ordered_stages(client, dana):
    client.force_login(dana)
    response = client.post(
        reverse("practice:list"),
        {"name": "Employment", "code": "emp", "stages": "intake\n\nopen\n  mediation \nclosed"},
    )
    area = PracticeArea.objects.get(name="Employment")
    assert response.status_code == 302
    assert area.code == "EMP"
    assert area.stages == ["intake", "open", "mediation", "closed"]
    assert AuditEvent.objects.filter(
        object_type="cases.practicearea", object_id=str(area.pk), action="create"
    ).exists()


def test_a_repeated_stage_or_none_at_all_gets_a_field_message(client, dana):
    client.force_login(dana)
    response = client.post(reverse("practice:list"),
                           {"name": "Employment", "code": "EMP", "stages": "open\nOpen"})  # fmt: skip
    assert "“Open” is listed twice." in response.content.decode()
    response = client.post(reverse("practice:list"),
                           {"name": "Employment", "code": "EMP", "stages": " \n "})  # fmt: skip
    assert response.context["form"].errors["stages"]
    assert not PracticeArea.objects.filter(name="Employment").exists()


def test_a_taken_code_is_refused_next_to_the_field(client, dana, area):
    client.force_login(dana)
    response = client.post(reverse("practice:list"),
                           {"name": "Other", "code": "LIT", "stages": "open"})  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["code"]


def test_reordering_and_adding_stages_is_saved_and_audited(client, dana, area):
    client.force_login(dana)
    stages = ["intake", "open", "mediation", "discovery", "trial", "settlement", "appeal", "closed"]
    response = client.post(
        reverse("practice:detail", args=[area.pk]),
        {"name": area.name, "code": area.code, "stages": "\n".join(stages)},
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.stages == stages
    line = AuditEvent.objects.get(object_type="cases.practicearea", action="change")
    assert line.changes["stages"][1] == stages


def test_removing_a_stage_that_matters_are_in_is_refused_with_a_clear_message(
    client, dana, alice, area
):
    open_matter(actor=alice, practice_area=area, stage="discovery")
    client.force_login(dana)
    kept = [s for s in area.stages if s not in ("discovery", "appeal")]
    response = client.post(
        reverse("practice:detail", args=[area.pk]),
        {"name": area.name, "code": area.code, "stages": "\n".join(kept)},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Matters are at stage “discovery”, so it cannot be removed or renamed." in html
    assert "nothing was changed" in html
    area.refresh_from_db()
    assert "discovery" in area.stages
    assert "appeal" in area.stages


def test_a_stage_no_matter_is_in_can_be_removed(dana, alice, area):
    open_matter(actor=alice, practice_area=area)  # at "intake"
    stages = [s for s in area.stages if s != "appeal"]
    updated = services.practice_area_update(
        actor=dana, practice_area=area, name=area.name, code=area.code, stages=stages
    )
    assert "appeal" not in updated.stages


def test_only_firm_admins_may_call_the_services(alice, area, template):
    with pytest.raises(PermissionDenied):
        services.practice_area_create(actor=alice, name="X", code="X", stages=["a"])
    with pytest.raises(PermissionDenied):
        services.task_template_update(actor=alice, template=template, title="Changed")


def test_dana_adds_a_task_template_that_new_matters_get(client, dana, alice, bob, area):
    client.force_login(dana)
    response = client.post(
        reverse("practice:template_create", args=[area.pk]),
        {"title": "Calendar the initial disclosures", "notes": "", "due_after_days": "14",
         "priority": "high", "assignee_role": "paralegal", "recur_every_days": "",
         "is_active": "on", "position": "3"},
    )  # fmt: skip
    assert response.status_code == 302
    template = TaskTemplate.objects.get(title="Calendar the initial disclosures")
    assert (template.due_after_days, template.priority, template.assignee_role) == (
        14, "high", "paralegal",
    )  # fmt: skip
    assert AuditEvent.objects.filter(
        object_type="cases.tasktemplate", object_id=str(template.pk), action="create"
    ).exists()
    matter = open_matter(actor=alice, practice_area=area, team=[(bob, "paralegal")])
    task = Task.objects.get(matter=matter, template=template)
    assert task.assignee == bob
    assert task.priority == "high"


def test_an_inactive_template_is_not_applied_and_edits_are_audited(client, dana, alice, template):
    client.force_login(dana)
    response = client.post(
        reverse("practice:template_edit", args=[template.practice_area_id, template.pk]),
        {"title": template.title, "notes": "", "due_after_days": "7", "priority": "normal",
         "assignee_role": "", "recur_every_days": "", "position": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    template.refresh_from_db()
    assert not template.is_active
    line = AuditEvent.objects.get(object_type="cases.tasktemplate", action="change")
    assert line.changes["is_active"] == [True, False]
    matter = open_matter(actor=alice, practice_area=template.practice_area)
    assert not Task.objects.filter(matter=matter, template=template).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("due_after_days", "-1", "greater than or equal to 0"),
        ("due_after_days", "99999999999", "At most 3650 days"),
        ("recur_every_days", "0", "1 day or more"),
        ("title", "", "This field is required."),
    ],
)
def test_bad_template_input_gets_a_field_message(client, dana, area, field, value, message):
    client.force_login(dana)
    data = {"title": "Call the client", "notes": "", "due_after_days": "7", "priority": "normal",
            "assignee_role": "", "recur_every_days": "", "is_active": "on", "position": "0"}  # fmt: skip
    data[field] = value
    response = client.post(reverse("practice:template_create", args=[area.pk]), data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get(field, []))
    assert not TaskTemplate.objects.exists()


def test_a_template_of_another_practice_area_is_a_404(client, dana, area, template):
    other = PracticeAreaFactory(name="Employment", code="EMP")
    client.force_login(dana)
    url = reverse("practice:template_edit", args=[other.pk, template.pk])
    assert client.get(url).status_code == 404


def test_validation_error_for_service_callers(dana, area):
    with pytest.raises(ValidationError):
        services.practice_area_update(
            actor=dana, practice_area=area, name=area.name, code=area.code, stages=["x" * 41]
        )
