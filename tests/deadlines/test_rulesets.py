"""Rule-set files: they load, they validate, every chain computes, and versions
are picked by date. Expected dates are reasoned out in comments."""

from __future__ import annotations

import copy
from datetime import date

import pytest
import yaml

from deadlines import rulesets
from deadlines.rulesets import RuleSetError

SHIPPED = rulesets.load_all()


def _all_events():
    for jurisdiction, ruleset in sorted(SHIPPED.items()):
        for version in ruleset.versions:
            for event in version.events:
                yield pytest.param(
                    ruleset,
                    version,
                    event,
                    id=f"{jurisdiction}-{version.effective_from}-{event.key}",
                )


# --------------------------------------------------------------- shipped files


def test_the_federal_and_california_rule_sets_ship_and_load():
    assert set(SHIPPED) >= {"US-FED", "US-CA"}
    for jurisdiction, ruleset in SHIPPED.items():
        assert ruleset.jurisdiction == jurisdiction
        assert ruleset.source_file == f"{jurisdiction}.yaml"
        assert ruleset.versions
        assert all(version.source for version in ruleset.versions)


@pytest.mark.parametrize(("ruleset", "version", "event"), list(_all_events()))
@pytest.mark.parametrize("service", ["personal", "mail", "electronic"])
def test_every_shipped_chain_computes_with_every_service_method(ruleset, version, event, service):
    trigger = date(2026, 3, 2)
    chain = ruleset.compute_chain(
        event.key, trigger, service=service, rules_on=version.effective_from
    )
    assert [d.key for d in chain] == [rule.key for rule in event.deadlines]
    for deadline in chain:
        assert deadline.citation
        assert deadline.version_effective_from == version.effective_from
        assert deadline.ruleset_jurisdiction == ruleset.jurisdiction
        assert deadline.computation.steps
        assert deadline.due_date == deadline.computation.due_date
        if deadline.depends_on is not None:
            parent = next(d for d in chain if d.key == deadline.depends_on)
            assert deadline.trigger_date == parent.due_date


def test_every_court_deadline_in_the_shipped_files_cites_a_rule():
    for ruleset in SHIPPED.values():
        for version in ruleset.versions:
            for event in version.events:
                for rule in event.deadlines:
                    if rule.kind == "court":
                        assert any(
                            mark in rule.citation
                            for mark in (
                                "FRCP",
                                "FRAP",
                                "CCP",
                                "Rules of",
                                "TRCP",
                                "TRAP",
                                "CPLR",
                                "Fla. R.",
                                "Ill. S. Ct. R.",
                                "ILCS",
                            )
                        ), rule


# ------------------------------------------------------------ worked chains


def test_federal_answer_is_due_21_days_after_service_of_the_summons():
    # FRCP 12(a)(1)(A)(i): 21 days after Tue 2026-03-10 -> Tue 2026-03-31. The
    # internal review reminder is 7 days before that -> Tue 2026-03-24.
    chain = rulesets.get("US-FED").compute_chain("complaint_served", date(2026, 3, 10))
    by_key = {d.key: d for d in chain}
    assert by_key["answer"].due_date == date(2026, 3, 31)
    assert by_key["answer"].citation == "FRCP 12(a)(1)(A)(i)"
    assert by_key["answer_draft_review"].kind == "internal"
    assert by_key["answer_draft_review"].due_date == date(2026, 3, 24)


def test_the_federal_rule_set_in_a_california_district_counts_state_holidays():
    # Same answer in a district court in California: Mar 31 is Cesar Chavez Day, a
    # legal holiday there under FRCP 6(a)(6)(C) -> Wed 2026-04-01.
    chain = rulesets.get("US-FED").compute_chain(
        "complaint_served", date(2026, 3, 10), jurisdiction="US-FED-CA"
    )
    assert chain[0].due_date == date(2026, 4, 1)
    assert chain[0].computation.jurisdiction == "US-FED-CA"


def test_objections_to_pretrial_disclosures_are_chained_from_the_disclosure_deadline():
    # Trial Mon 2026-03-02. Pretrial disclosures (26(a)(3)(B)): 30 days before is
    # Sat 2026-01-31 -> 6(a)(5) -> Fri 2026-01-30. Objections: 14 days after the
    # disclosures, if made that day -> Fri 2026-02-13. Expert disclosures
    # (26(a)(2)(D)(i)): 90 days before -> Tue 2025-12-02; rebuttal 30 days after
    # that is Thu 2026-01-01 (New Year's Day) -> Fri 2026-01-02.
    chain = rulesets.get("US-FED").compute_chain("trial_date_set", date(2026, 3, 2))
    by_key = {d.key: d for d in chain}
    assert by_key["pretrial_disclosures"].due_date == date(2026, 1, 30)
    objections = by_key["pretrial_disclosure_objections"]
    assert objections.depends_on == "pretrial_disclosures"
    assert objections.trigger_date == date(2026, 1, 30)
    assert objections.due_date == date(2026, 2, 13)
    assert any("recompute" in note for note in objections.notes)
    assert by_key["expert_disclosures"].due_date == date(2025, 12, 2)
    assert by_key["rebuttal_expert_disclosures"].due_date == date(2026, 1, 2)
    keys = [d.key for d in chain]
    assert keys.index("pretrial_disclosures") < keys.index("pretrial_disclosure_objections")


def test_the_rule_26f_conference_must_be_held_21_days_before_the_scheduling_conference():
    # FRCP 26(f)(1): 21 days before Mon 2026-03-02 -> Mon 2026-02-09. Initial
    # disclosures and the report run 14 days from the conference actually held:
    # Mon 2026-02-09 + 14 -> Mon 2026-02-23 (26(a)(1)(C), 26(f)(2)).
    fed = rulesets.get("US-FED")
    conference = fed.compute_chain("scheduling_conference_set", date(2026, 3, 2))
    assert conference[0].due_date == date(2026, 2, 9)
    held = fed.compute_chain("rule_26f_conference_held", date(2026, 2, 9))
    assert {d.key: d.due_date for d in held} == {
        "initial_disclosures": date(2026, 2, 23),
        "rule_26f_report": date(2026, 2, 23),
    }


def test_federal_post_judgment_deadlines_run_from_entry_of_judgment():
    # Entered Fri 2026-10-30: Rules 50(b)/52(b)/59 motions 28 days -> Fri 2026-11-27;
    # notice of appeal (FRAP 4(a)(1)(A)) 30 days -> Sun 2026-11-29 -> Mon 2026-11-30.
    chain = rulesets.get("US-FED").compute_chain("judgment_entered", date(2026, 10, 30))
    assert {d.key: d.due_date for d in chain} == {
        "post_judgment_motions": date(2026, 11, 27),
        "notice_of_appeal": date(2026, 11, 30),
    }


def test_discovery_responses_get_three_more_days_only_when_served_by_mail():
    # FRCP 33(b)(2)/34(b)(2)(A)/36(a)(3): 30 days after Mon 2026-03-02 -> Wed
    # 2026-04-01. By mail, 6(d) adds 3 days -> Sat Apr 4 -> Mon 2026-04-06.
    fed = rulesets.get("US-FED")
    personal = fed.compute_chain("discovery_requests_served", date(2026, 3, 2))
    mailed = fed.compute_chain("discovery_requests_served", date(2026, 3, 2), service="mail")
    assert {d.due_date for d in personal} == {date(2026, 4, 1)}
    assert {d.due_date for d in mailed} == {date(2026, 4, 6)}


def test_service_by_mail_does_not_extend_deadlines_whose_rule_says_it_does_not():
    # The answer runs from service of process (Rule 4), not Rule 5 service: no 6(d).
    chain = rulesets.get("US-FED").compute_chain(
        "complaint_served", date(2026, 3, 10), service="mail"
    )
    assert chain[0].due_date == date(2026, 3, 31)
    assert chain[0].computation.service == "personal"
    assert any("does not extend" in note for note in chain[0].notes)


def test_california_motion_papers_count_court_days_back_from_the_hearing():
    # Hearing Mon 2026-03-02. Court days back: Feb 27..17 are 9 (Mon Feb 16,
    # Presidents' Day, skipped), Feb 13, 11, 10, 9, 6, 5, 4 (Thu Feb 12, Lincoln's
    # Birthday, skipped) -> notice Wed 2026-02-04 (16 court days, CCP § 1005(b)).
    # Opposition: 9 court days -> Tue 2026-02-17. Reply: 5 -> Mon 2026-02-23.
    # Mail service of the notice adds 5 calendar days counted backward (§ 12c(b)):
    # Fri 2026-01-30; the opposition and reply are not extended (§ 1005(c)).
    ca = rulesets.get("US-CA")
    personal = {d.key: d.due_date for d in ca.compute_chain("motion_hearing", date(2026, 3, 2))}
    assert personal == {
        "motion_notice": date(2026, 2, 4),
        "motion_opposition": date(2026, 2, 17),
        "motion_reply": date(2026, 2, 23),
    }
    mailed = {
        d.key: d.due_date
        for d in ca.compute_chain("motion_hearing", date(2026, 3, 2), service="mail")
    }
    assert mailed == personal | {"motion_notice": date(2026, 1, 30)}


def test_california_response_to_complaint_and_appeal_deadlines():
    ca = rulesets.get("US-CA")
    # CCP § 412.20(a)(3): 30 days after Tue 2026-10-27 is Thanksgiving; § 12a
    # extends past the day after Thanksgiving and the weekend -> Mon 2026-11-30.
    response = ca.compute_chain("complaint_served", date(2026, 10, 27))[0]
    assert response.due_date == date(2026, 11, 30)
    # Rule 8.104(a)(1)(B): 60 days after Mon 2026-03-02 -> Fri 2026-05-01; service
    # by mail does not extend the time to appeal (CCP § 1013(a)).
    appeal = ca.compute_chain("notice_of_entry_served", date(2026, 3, 2), service="mail")[0]
    assert appeal.due_date == date(2026, 5, 1)
    # Rule 8.104(a)(1)(C): 180 days after Mon 2026-03-02 -> Sat Aug 29 -> Mon 2026-08-31.
    outside = ca.compute_chain("judgment_entered", date(2026, 3, 2))[0]
    assert outside.due_date == date(2026, 8, 31)


# ------------------------------------------------------------------ versions


def test_the_version_in_force_is_picked_by_date():
    ca = rulesets.get("US-CA")
    assert ca.version_for(date(2024, 12, 31)).effective_from == date(2022, 1, 1)
    assert ca.version_for(date(2025, 1, 1)).effective_from == date(2025, 1, 1)
    assert ca.version_for(date(2030, 6, 1)).effective_from == date(2025, 1, 1)
    with pytest.raises(ValueError, match="no version in force on 2021-12-31"):
        ca.version_for(date(2021, 12, 31))


def test_summary_judgment_notice_follows_the_version_in_force():
    # Hearing Mon 2025-03-03. CCP § 437c as amended by AB 2049 (from 2025-01-01):
    # notice 81 days before -> Thu 2024-12-12; opposition 20 days -> Tue
    # 2025-02-11; reply 11 days -> Thu 2025-02-20. For a motion served under the
    # old law (rules_on=2024-12-01): 75 days -> Wed 2024-12-18; opposition 14
    # days -> Mon 2025-02-17, Presidents' Day, lengthened to Fri 2025-02-14;
    # reply 5 days -> Wed 2025-02-26.
    ca = rulesets.get("US-CA")
    new = {d.key: d for d in ca.compute_chain("summary_judgment_hearing", date(2025, 3, 3))}
    assert new["msj_notice"].version_effective_from == date(2025, 1, 1)
    assert {k: d.due_date for k, d in new.items()} == {
        "msj_notice": date(2024, 12, 12),
        "msj_opposition": date(2025, 2, 11),
        "msj_reply": date(2025, 2, 20),
    }
    old = {
        d.key: d
        for d in ca.compute_chain(
            "summary_judgment_hearing", date(2025, 3, 3), rules_on=date(2024, 12, 1)
        )
    }
    assert old["msj_notice"].version_effective_from == date(2022, 1, 1)
    assert {k: d.due_date for k, d in old.items()} == {
        "msj_notice": date(2024, 12, 18),
        "msj_opposition": date(2025, 2, 14),
        "msj_reply": date(2025, 2, 26),
    }


# --------------------------------------------------------------- lookups


def test_get_refuses_unknown_jurisdictions_and_points_federal_state_codes_to_us_fed():
    with pytest.raises(ValueError, match="no rule set for jurisdiction 'US-WA'"):
        rulesets.get("US-WA")
    with pytest.raises(ValueError, match=r"get\('US-FED'\)"):
        rulesets.get("US-FED-CA")


def test_a_rule_set_is_applied_only_in_a_compatible_jurisdiction():
    with pytest.raises(ValueError, match="cannot be applied"):
        rulesets.get("US-CA").compute_chain(
            "complaint_served", date(2026, 3, 2), jurisdiction="US-FED"
        )
    with pytest.raises(ValueError, match="cannot be applied"):
        rulesets.get("US-FED").compute_chain(
            "complaint_served", date(2026, 3, 2), jurisdiction="US-CA"
        )


def test_unknown_events_and_service_methods_are_refused():
    fed = rulesets.get("US-FED")
    with pytest.raises(ValueError, match="no trigger event 'summons'"):
        fed.compute_chain("summons", date(2026, 3, 2))
    with pytest.raises(ValueError, match="service must be one of"):
        fed.compute_chain("complaint_served", date(2026, 3, 2), service="pigeon")


# ---------------------------------------------------------------- validation


def _minimal() -> dict:
    return {
        "name": "Test rules",
        "jurisdiction": "US-FED",
        "description": "For tests.",
        "versions": [
            {
                "effective_from": date(2020, 1, 1),
                "source": "Test source",
                "events": [
                    {
                        "key": "served",
                        "name": "Served",
                        "description": "Something was served.",
                        "deadlines": [
                            {
                                "key": "first",
                                "title": "First",
                                "days": 10,
                                "unit": "calendar",
                                "direction": "after",
                                "service_extends": True,
                                "kind": "court",
                                "citation": "Rule 1",
                            },
                            {
                                "key": "second",
                                "title": "Second",
                                "days": 5,
                                "unit": "court",
                                "direction": "after",
                                "service_extends": False,
                                "kind": "internal",
                                "citation": "Rule 2",
                                "from": "first",
                            },
                        ],
                    }
                ],
            }
        ],
    }


def _deadline(doc: dict, i: int = 0) -> dict:
    return doc["versions"][0]["events"][0]["deadlines"][i]


def test_a_minimal_rule_set_parses():
    ruleset = rulesets.parse(_minimal())
    event = ruleset.version_for(date(2026, 1, 1)).event("served")
    assert [rule.key for rule in event.deadlines] == ["first", "second"]
    assert event.deadline("second").from_key == "first"


def test_a_chained_deadline_listed_before_its_parent_is_computed_after_it():
    doc = _minimal()
    deadlines = doc["versions"][0]["events"][0]["deadlines"]
    deadlines.reverse()
    ruleset = rulesets.parse(doc)
    # 10 days after Mon 2026-03-02 -> Thu 2026-03-12; 5 court days later -> Thu 2026-03-19.
    chain = ruleset.compute_chain("served", date(2026, 3, 2))
    assert [d.key for d in chain] == ["first", "second"]
    assert chain[1].due_date == date(2026, 3, 19)


def _mutated(change) -> dict:
    doc = copy.deepcopy(_minimal())
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(author="me"), r"unknown key\(s\) author"),
        (lambda d: _deadline(d).update(dayz=3), r"deadlines\[0\]: unknown key\(s\) dayz"),
        (lambda d: _deadline(d).pop("citation"), r"missing key\(s\) citation"),
        (lambda d: _deadline(d).update(citation="  "), "missing citation"),
        (lambda d: d["versions"][0].pop("source"), r"versions\[0\]: missing key\(s\) source"),
        (lambda d: _deadline(d).update(unit="business"), "bad unit 'business'"),
        (lambda d: _deadline(d).update(direction="backward"), "bad direction 'backward'"),
        (lambda d: _deadline(d).update(kind="reminder"), "bad kind 'reminder'"),
        (lambda d: _deadline(d).update(days=-1), "days: expected a whole number"),
        (lambda d: _deadline(d).update(days="ten"), "days: expected a whole number"),
        (lambda d: _deadline(d).update(service_extends="yes"), "expected true or false"),
        (lambda d: _deadline(d, 1).update({"from": "nope"}), "'nope' is not a deadline"),
        (lambda d: _deadline(d).update({"from": "second"}), "cycle in 'from'"),
        (lambda d: _deadline(d).update({"from": "first"}), "cycle in 'from': first -> first"),
        (lambda d: _deadline(d, 1).update(key="first"), "duplicate deadline key 'first'"),
        (lambda d: _deadline(d).update(key="First Key"), "lower_snake_case"),
        (lambda d: d.update(jurisdiction="US-WA"), "unknown jurisdiction"),
        (lambda d: d.update(versions=[]), "expected a non-empty list"),
        (lambda d: d["versions"][0].update(effective_from="someday"), "expected a date"),
        (
            lambda d: d["versions"].append(copy.deepcopy(d["versions"][0])),
            "two versions effective on 2020-01-01",
        ),
        (
            lambda d: d["versions"][0]["events"].append(
                copy.deepcopy(d["versions"][0]["events"][0])
            ),
            "duplicate event key 'served'",
        ),
    ],
)
def test_invalid_rule_sets_are_refused_with_a_clear_error(change, message):
    with pytest.raises(RuleSetError, match=message):
        rulesets.parse(_mutated(change), source="TEST.yaml")


def test_a_three_deadline_cycle_is_reported_in_full():
    doc = _minimal()
    deadlines = doc["versions"][0]["events"][0]["deadlines"]
    third = dict(deadlines[1], key="third", **{"from": "second"})
    deadlines.append(third)
    deadlines[0]["from"] = "third"
    with pytest.raises(RuleSetError, match="cycle in 'from': first -> third -> second -> first"):
        rulesets.parse(doc)


def test_errors_name_the_file_and_the_place(tmp_path):
    doc = _mutated(lambda d: _deadline(d).update(unit="weeks"))
    (tmp_path / "US-FED.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(RuleSetError) as error:
        rulesets.load_all(tmp_path)
    assert str(error.value).startswith(
        "US-FED.yaml: versions[0].events[0].deadlines[0].unit: bad unit 'weeks'"
    )


def test_a_file_must_be_named_after_its_jurisdiction(tmp_path):
    (tmp_path / "federal.yaml").write_text(yaml.safe_dump(_minimal()), encoding="utf-8")
    with pytest.raises(RuleSetError, match="does not match the file name"):
        rulesets.load_file(tmp_path / "federal.yaml")


def test_invalid_yaml_is_reported(tmp_path):
    (tmp_path / "US-FED.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuleSetError, match="invalid YAML"):
        rulesets.load_file(tmp_path / "US-FED.yaml")


def test_a_directory_of_valid_files_loads(tmp_path):
    (tmp_path / "US-FED.yaml").write_text(yaml.safe_dump(_minimal()), encoding="utf-8")
    loaded = rulesets.load_all(tmp_path)
    assert list(loaded) == ["US-FED"]
    assert rulesets.get("US-FED", directory=tmp_path).name == "Test rules"
