"""The case strategy: one versioned record per matter, its history, the Strategy tab."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casemgr.models import AuditEvent
from cases import services
from cases.models import CaseStrategy, StrategyRevision
from cases.models.strategy import revision_changes
from cases.services import StaleEdit
from tests.factories import UserFactory, open_matter

pytestmark = pytest.mark.django_db

FULL = {
    "objectives": "Reinstatement or 18 months' pay.",
    "key_issues": "Was the termination retaliatory?\nTiming of the complaint.",
    "theory_of_case": "Fired nine days after reporting wage theft.",
    "risks": "Two prior written warnings.",
    "expected_outcome": "Settlement after the deposition of the plant manager.",
    "likelihood_percent": 65,
    "budget": Decimal("85000.00"),
}


@pytest.fixture
def matter(alice, bob):
    return open_matter(actor=alice, team=[(bob, "paralegal")])


def form_data(version, **overrides):
    data = {**FULL, "version": version, **overrides}
    return {k: "" if v is None else str(v) for k, v in data.items()}


# --- The service ------------------------------------------------------------------


def test_the_first_save_writes_version_one_and_keeps_a_revision(matter, alice):
    strategy = services.strategy_save(actor=alice, matter=matter, expected_version=0, **FULL)
    assert strategy.version == 1
    assert strategy.updated_by == alice
    revision = StrategyRevision.objects.get(matter=matter)
    assert (revision.version, revision.saved_by) == (1, alice)
    assert revision.content() == FULL
    event = AuditEvent.objects.get(object_type="cases.casestrategy")
    assert event.matter_id == matter.pk
    assert event.action == "create"


def test_every_changing_save_keeps_the_full_content_of_that_revision(matter, alice, bob):
    services.strategy_save(actor=alice, matter=matter, expected_version=0, **FULL)
    services.strategy_save(
        actor=bob, matter=matter, expected_version=1, likelihood_percent=55, risks="Two warnings."
    )
    strategy = CaseStrategy.objects.get(matter=matter)
    assert (strategy.version, strategy.likelihood_percent, strategy.updated_by) == (2, 55, bob)
    second = StrategyRevision.objects.get(matter=matter, version=2)
    assert second.saved_by == bob
    assert second.content() == {**FULL, "likelihood_percent": 55, "risks": "Two warnings."}
    first = StrategyRevision.objects.get(matter=matter, version=1)
    assert first.content() == FULL
    changed = {c.name: (c.old, c.new) for c in revision_changes(first, second)}
    assert changed == {"risks": (FULL["risks"], "Two warnings."), "likelihood_percent": (65, 55)}


def test_a_save_that_changes_nothing_keeps_no_new_revision(matter, alice):
    services.strategy_save(actor=alice, matter=matter, expected_version=0, **FULL)
    again = services.strategy_save(actor=alice, matter=matter, expected_version=1, **FULL)
    assert again.version == 1
    assert StrategyRevision.objects.filter(matter=matter).count() == 1


def test_a_stale_save_is_refused_and_nothing_is_overwritten(matter, alice, bob):
    services.strategy_save(actor=alice, matter=matter, expected_version=0, **FULL)
    services.strategy_save(actor=alice, matter=matter, expected_version=1, objectives="Settle.")
    with pytest.raises(StaleEdit, match="saved by someone else"):
        services.strategy_save(actor=bob, matter=matter, expected_version=1, objectives="Trial.")
    strategy = CaseStrategy.objects.get(matter=matter)
    assert (strategy.version, strategy.objectives) == (2, "Settle.")
    assert StrategyRevision.objects.filter(matter=matter).count() == 2


def test_a_second_first_save_is_stale_too(matter, alice, bob):
    services.strategy_save(actor=alice, matter=matter, expected_version=0, **FULL)
    with pytest.raises(StaleEdit):
        services.strategy_save(actor=bob, matter=matter, expected_version=0, objectives="Trial.")
    assert CaseStrategy.objects.get(matter=matter).objectives == FULL["objectives"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("likelihood_percent", 101), ("likelihood_percent", -1), ("budget", Decimal("-5.00"))],
)
def test_likelihood_must_be_a_percent_and_the_budget_not_negative(matter, alice, field, value):
    with pytest.raises(ValidationError) as error:
        services.strategy_save(actor=alice, matter=matter, expected_version=0, **{field: value})
    assert field in error.value.error_dict
    assert not CaseStrategy.objects.filter(matter=matter).exists()
    assert not StrategyRevision.objects.exists()


def test_charlie_cannot_save_the_strategy_of_a_matter_he_cannot_see(matter, charlie):
    with pytest.raises(Http404):
        services.strategy_save(actor=charlie, matter=matter, expected_version=0, **FULL)


def test_a_viewer_without_change_permission_cannot_save(matter, alice):
    from guardian.shortcuts import assign_perm

    reader = UserFactory()
    assign_perm("cases.view_matter", reader, matter)
    with pytest.raises(PermissionDenied):
        services.strategy_save(actor=reader, matter=matter, expected_version=0, **FULL)


# --- The Strategy tab ----------------------------------------------------------------


def test_the_tab_shows_the_form_and_the_history_with_what_changed(client, matter, alice, bob):
    services.strategy_save(actor=alice, matter=matter, expected_version=0, **FULL)
    services.strategy_save(actor=bob, matter=matter, expected_version=1, likelihood_percent=40,
                           key_issues="Was the termination retaliatory?\nWho decided.")  # fmt: skip
    client.force_login(alice)
    response = client.get(reverse("cases:matter_strategy", args=[matter.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="version" value="2"' in html
    assert "Version 2" in html
    assert "Version 1" in html
    assert "<del>65</del> → <ins>40</ins>" in html
    assert "- Timing of the complaint." in html
    assert "+ Who decided." in html


def test_saving_through_the_tab_redirects_with_a_new_version(client, matter, bob):
    client.force_login(bob)
    url = reverse("cases:matter_strategy", args=[matter.pk])
    response = client.post(url, form_data(0))
    assert response.status_code == 302
    assert CaseStrategy.objects.get(matter=matter).budget == Decimal("85000.00")


def test_a_stale_save_through_the_tab_shows_why_and_keeps_the_typed_text(
    client, matter, alice, bob
):
    services.strategy_save(actor=alice, matter=matter, expected_version=0, **FULL)
    services.strategy_save(actor=alice, matter=matter, expected_version=1, objectives="Settle.")
    client.force_login(bob)
    url = reverse("cases:matter_strategy", args=[matter.pk])
    response = client.post(url, form_data(1, objectives="Go to trial."))
    assert response.status_code == 400
    html = response.content.decode()
    assert "saved by someone else" in html
    assert "Go to trial." in html
    assert CaseStrategy.objects.get(matter=matter).objectives == "Settle."


def test_an_out_of_range_likelihood_is_shown_next_to_the_field(client, matter, alice):
    client.force_login(alice)
    url = reverse("cases:matter_strategy", args=[matter.pk])
    response = client.post(url, form_data(0, likelihood_percent=150))
    assert response.status_code == 400
    assert "less than or equal to 100" in response.content.decode()
    assert not CaseStrategy.objects.filter(matter=matter).exists()


def test_charlie_gets_404_on_the_strategy_tab_and_its_form(client, matter, alice, charlie):
    services.strategy_save(actor=alice, matter=matter, expected_version=0, **FULL)
    client.force_login(charlie)
    url = reverse("cases:matter_strategy", args=[matter.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(1, objectives="x")).status_code == 404
    assert CaseStrategy.objects.get(matter=matter).objectives == FULL["objectives"]


def test_htmx_gets_the_tab_alone(client, matter, alice):
    client.force_login(alice)
    url = reverse("cases:matter_strategy", args=[matter.pk])
    response = client.get(url, headers={"HX-Request": "true", "HX-Target": "tab-panel"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Case strategy" in response.content.decode()


def test_the_tab_runs_the_same_queries_however_long_the_history(client, matter, alice):
    client.force_login(alice)
    url = reverse("cases:matter_strategy", args=[matter.pk])
    services.strategy_save(actor=alice, matter=matter, expected_version=0, **FULL)
    client.get(url)  # warm the session and the content types
    with CaptureQueriesContext(connection) as short:
        assert client.get(url).status_code == 200
    for version in range(1, 8):
        services.strategy_save(actor=alice, matter=matter, expected_version=version,
                               likelihood_percent=version * 10)  # fmt: skip
    with CaptureQueriesContext(connection) as long:
        assert client.get(url).status_code == 200
    assert len(long) == len(short)


# --- Demo data -------------------------------------------------------------------------


def test_the_demo_step_seeds_strategies_and_research_once():
    from casemgr.demo import DemoFirm, seed_users
    from cases.demo import seed_matters
    from cases.demo_strategy import seed_strategy
    from cases.models import ResearchMemo

    firm = DemoFirm()
    seed_users(firm)
    seed_matters(firm)
    seed_strategy(firm)
    assert firm.created["case strategies"] == 2
    assert firm.created["research memos"] == 4
    harper = CaseStrategy.objects.get(matter__title="Harper v. Northwind Logistics")
    assert harper.version == 2
    assert ResearchMemo.objects.search("Carmack preemption").exists()
    again = DemoFirm(users=firm.users)
    seed_strategy(again)
    assert again.created == {}
    assert StrategyRevision.objects.count() == 3
