"""Worked examples for the Texas, New York, Florida and Illinois state courts.

Every expected date is worked out by hand in a comment from the rule text and
the 2026/2027 calendars, and each test names its citation. Pure Python: no
database.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from deadlines import counting, rulesets
from deadlines.calculator import compute
from deadlines.courts import CourtCalendar


def _due(jurisdiction: str, event: str, trigger: date, key: str, **kwargs):
    chain = rulesets.get(jurisdiction).compute_chain(event, trigger, **kwargs)
    return next(d for d in chain if d.key == key)


# --------------------------------------------------------------------------
# Every state: the answer/appearance event exists, and every policy loads
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jurisdiction", "key"),
    [("US-TX", "answer"), ("US-NY", "appearance"), ("US-FL", "answer"), ("US-IL", "appearance")],
)
def test_every_state_rule_set_has_complaint_served_with_its_answer_or_appearance(jurisdiction, key):
    event = rulesets.get(jurisdiction).versions[-1].event("complaint_served")
    assert event.deadline(key).kind == "court"
    assert counting.policy_for(jurisdiction).summary


def test_a_federal_court_in_a_state_uses_the_federal_policy():
    assert counting.policy_for("US-FED-CA") is counting.policy_for("US-FED")


# --------------------------------------------------------------------------
# Texas: TRCP 4, 21a, 99(b); Tex. Gov't Code § 662.003
# --------------------------------------------------------------------------


def test_trcp_99b_answer_is_due_at_10am_on_the_monday_next_after_day_20():
    # TRCP 99(b): served Wed 2026-03-04; day 20 is Tue Mar 24; the Monday next
    # after it is Mon 2026-03-30, 10:00 a.m.
    answer = _due("US-TX", "complaint_served", date(2026, 3, 4), "answer")
    assert answer.due_date == date(2026, 3, 30)
    assert answer.due_time == time(10, 0)
    assert "the Monday next after the period expires on Tuesday 2026-03-24" in (
        answer.computation.explanation
    )
    assert answer.citation == "TRCP 99(b); TRCP 4"


def test_trcp_99b_day_20_on_a_monday_makes_the_answer_due_the_following_monday():
    # TRCP 99(b): served Tue 2026-03-03; day 20 is Mon Mar 23, which is not
    # "next after" itself -> Mon 2026-03-30.
    answer = _due("US-TX", "complaint_served", date(2026, 3, 3), "answer")
    assert answer.due_date == date(2026, 3, 30)


def test_trcp_99b_day_20_on_a_sunday_is_not_extended_by_trcp_4():
    # TRCP 99(b) and the TRCP 4 advisory opinion: served Mon 2026-03-02; day 20
    # is Sun Mar 22; Rule 4 does not extend the 20th day, so the answer is due
    # the very next day, Mon 2026-03-23 (not Mar 30).
    answer = _due("US-TX", "complaint_served", date(2026, 3, 2), "answer")
    assert answer.due_date == date(2026, 3, 23)
    assert answer.computation.warnings == ()


def test_trcp_99b_day_20_on_a_holiday_is_not_extended_either():
    # TRCP 99(b): served Thu 2026-10-22; day 20 is Wed Nov 11 (Veterans Day) ->
    # Mon 2026-11-16.
    assert _due("US-TX", "complaint_served", date(2026, 10, 22), "answer").due_date == date(
        2026, 11, 16
    )


def test_trcp_99b_answer_monday_on_a_holiday_moves_to_tuesday_at_10am_under_trcp_4():
    # TRCP 99(b), TRCP 4: served Thu 2026-04-30; day 20 Wed May 20; Monday next
    # after is May 25, Memorial Day -> Tue 2026-05-26, still 10:00 a.m.
    answer = _due("US-TX", "complaint_served", date(2026, 4, 30), "answer")
    assert answer.due_date == date(2026, 5, 26)
    assert answer.due_time == time(10, 0)
    assert "2026-05-25 is Memorial Day" in answer.computation.explanation
    # 2027: served Thu 2027-05-06; day 20 Wed May 26; Mon May 31 is Memorial Day
    # -> Tue 2027-06-01.
    assert _due("US-TX", "complaint_served", date(2027, 5, 6), "answer").due_date == date(
        2027, 6, 1
    )


def test_texas_friday_after_thanksgiving_is_a_court_holiday_federal_courts_do_not_keep():
    # TRCP 196.2(a), TRCP 4; Tex. Gov't Code § 662.003(b)(6): 30 days after Wed
    # 2026-10-28 is Fri Nov 27 -> Mon 2026-11-30. In federal court Fri Nov 27 is
    # an ordinary day (FRCP 6(a)(1)).
    responses = _due(
        "US-TX", "discovery_requests_served", date(2026, 10, 28), "production_responses"
    )
    assert responses.due_date == date(2026, 11, 30)
    assert compute(date(2026, 10, 28), 30).due_date == date(2026, 11, 27)


def test_texas_courts_are_open_on_columbus_day_a_federal_holiday():
    # TRCP 4; Tex. Gov't Code § 662.003(a) does not list Columbus Day: 30 days
    # after Sat 2026-09-12 is Mon Oct 12 -> due that day in Texas, Tue Oct 13 in
    # federal court (FRCP 6(a)(6)(A)).
    assert compute(date(2026, 9, 12), 30, jurisdiction="US-TX").due_date == date(2026, 10, 12)
    assert compute(date(2026, 9, 12), 30).due_date == date(2026, 10, 13)


def test_texas_weekend_holidays_are_not_moved_so_the_observed_friday_is_doubtful():
    # TRCP 4; Tex. Gov't Code § 662.003: July 4, 2026 is a Saturday; § 662.003
    # moves no holiday, so Fri July 3 is of doubtful status: treated as open
    # going forward (30 days after Wed 2026-06-03 -> Fri 2026-07-03) with a
    # warning that the other reading gives Mon 2026-07-06.
    result = compute(date(2026, 6, 3), 30, jurisdiction="US-TX")
    assert result.due_date == date(2026, 7, 3)
    assert any("2026-07-06" in w and "Day of doubtful status" in w for w in result.warnings)
    # Christmas 2027 is a Saturday: Fri Dec 24, 2027 is Christmas Eve (closed
    # offices, not a § 662.021 legal holiday) and the observed Christmas: doubtful.
    # 30 days after Wed 2027-11-24 -> Fri Dec 24; the other reading passes the
    # weekend (Dec 26 is a Sunday, not moved) to Mon 2027-12-27.
    result = compute(date(2027, 11, 24), 30, jurisdiction="US-TX")
    assert result.due_date == date(2027, 12, 24)
    assert any("2027-12-27" in w for w in result.warnings)


def test_texas_skeleton_crew_state_holidays_are_doubtful():
    # TRCP 4; Tex. Gov't Code §§ 662.003(b)(2), 662.021: 30 days after Sat
    # 2026-01-31 is Mon Mar 2, Texas Independence Day -> kept (the earlier date),
    # with the other reading Tue 2026-03-03. 2027: 30 days after Sun 2026-12-20 is
    # Tue 2027-01-19, Confederate Heroes Day -> kept, other reading Jan 20.
    result = compute(date(2026, 1, 31), 30, jurisdiction="US-TX")
    assert result.due_date == date(2026, 3, 2)
    assert "Texas Independence Day" in result.warnings[0]
    result = compute(date(2026, 12, 20), 30, jurisdiction="US-TX")
    assert result.due_date == date(2027, 1, 19)
    assert "2027-01-20" in result.warnings[0]


def test_trcp_21a_mail_days_are_added_to_the_period_before_the_trcp_4_roll():
    # TRCP 197.2(a), 21a(c), 4: 30 days after Thu 2026-02-05 is Sat Mar 7.
    # Mail: 3 days are added to the prescribed period -> Tue 2026-03-10 (a court
    # day). Federal (FRCP 6(d)) rolls first: Mon Mar 9 + 3 -> Thu 2026-03-12.
    # Electronic service adds nothing: Sat Mar 7 -> Mon 2026-03-09.
    trigger = date(2026, 2, 5)
    mailed = _due("US-TX", "discovery_requests_served", trigger, "interrogatory_answers",
                  service="mail")  # fmt: skip
    assert mailed.due_date == date(2026, 3, 10)
    assert [s.kind for s in mailed.computation.steps] == ["count", "service"]
    assert compute(trigger, 30, service="mail").due_date == date(2026, 3, 12)
    electronic = _due("US-TX", "discovery_requests_served", trigger, "interrogatory_answers",
                      service="electronic")  # fmt: skip
    assert electronic.due_date == date(2026, 3, 9)


def test_trcp_166a_summary_judgment_notice_counts_back_and_mail_adds_three_days():
    # TRCP 166a(c): hearing Fri 2026-12-18. Motion 21 days before is Fri Nov 27
    # (Friday after Thanksgiving), Thu Nov 26 (Thanksgiving) -> Wed 2026-11-25.
    # Mailed (TRCP 21a; Lewis v. Blake): 24 days before -> Tue 2026-11-24.
    # Response 7 days before -> Fri 2026-12-11.
    tx = rulesets.get("US-TX")
    personal = {d.key: d.due_date for d in tx.compute_chain("summary_judgment_hearing",
                                                              date(2026, 12, 18))}  # fmt: skip
    assert personal == {"msj_served": date(2026, 11, 25), "msj_response": date(2026, 12, 11)}
    mailed = tx.compute_chain("summary_judgment_hearing", date(2026, 12, 18), service="mail")
    assert mailed[0].due_date == date(2026, 11, 24)


def test_trcp_4_periods_of_five_days_or_less_skip_weekends_and_holidays():
    # TRCP 4: 3 days after Tue 2026-11-24: Wed 25 (1); Thu 26 Thanksgiving, Fri 27,
    # Sat, Sun not counted; Mon 30 (2), Tue Dec 1 (3) -> 2026-12-01. Federal
    # (FRCP 6(a)(1)(B)) counts every day: Fri Nov 27.
    result = compute(date(2026, 11, 24), 3, jurisdiction="US-TX")
    assert result.due_date == date(2026, 12, 1)
    assert "five days or less" in result.explanation
    assert compute(date(2026, 11, 24), 3).due_date == date(2026, 11, 27)


def test_texas_court_calendars_for_2026_and_2027():
    # Tex. Gov't Code § 662.003(a) national holidays plus the Friday after
    # Thanksgiving (§ 662.003(b)(6)); no Columbus Day.
    assert list(CourtCalendar("US-TX").holidays(2026)) == [
        date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 16), date(2026, 5, 25),
        date(2026, 9, 7), date(2026, 11, 11), date(2026, 11, 26), date(2026, 11, 27),
        date(2026, 12, 25),
    ]  # fmt: skip
    assert list(CourtCalendar("US-TX").holidays(2027)) == [
        date(2027, 1, 1), date(2027, 1, 18), date(2027, 2, 15), date(2027, 5, 31),
        date(2027, 9, 6), date(2027, 11, 11), date(2027, 11, 25), date(2027, 11, 26),
    ]  # fmt: skip
    texas = CourtCalendar("US-TX")
    assert texas.time_zone == "America/Chicago"
    assert "Mountain" in texas.time_zone_note


# --------------------------------------------------------------------------
# New York: CPLR 308, 320(a), 2103(b), 2214(b); Gen. Constr. Law §§ 24, 25-a
# --------------------------------------------------------------------------


def test_cplr_320a_appearance_20_days_after_personal_delivery_rolls_past_election_day():
    # CPLR 320(a); Gen. Constr. Law §§ 24, 25-a: 20 days after Wed 2026-10-14 is
    # Tue Nov 3, general election day, a New York public holiday -> Wed
    # 2026-11-04. Federal courts are open that day.
    appearance = _due("US-NY", "complaint_served", date(2026, 10, 14), "appearance")
    assert appearance.due_date == date(2026, 11, 4)
    assert compute(date(2026, 10, 14), 20).due_date == date(2026, 11, 3)
    # 2027: 20 days after Wed 2027-10-13 is Tue Nov 2, Election Day -> Nov 3.
    assert _due("US-NY", "complaint_served", date(2027, 10, 13), "appearance").due_date == date(
        2027, 11, 3
    )


def test_lincolns_birthday_closes_new_york_courts_but_not_federal_courts():
    # Gen. Constr. Law § 24: 20 days after Fri 2026-01-23 is Thu Feb 12 -> Fri
    # 2026-02-13; federal courts: Feb 12. New York courts are open the day after
    # Thanksgiving, which Texas and Florida courts are not.
    assert compute(date(2026, 1, 23), 20, jurisdiction="US-NY").due_date == date(2026, 2, 13)
    assert compute(date(2026, 1, 23), 20).due_date == date(2026, 2, 12)
    assert CourtCalendar("US-NY").is_court_day(date(2026, 11, 27))


def test_cplr_308_service_is_complete_10_days_after_proof_is_filed_then_30_days_to_appear():
    # CPLR 308(2), 320(a): proof filed Mon 2026-03-02; service complete Thu Mar 12;
    # 30 days -> Sat Apr 11 -> Gen. Constr. Law § 25-a -> Mon 2026-04-13.
    appearance = _due("US-NY", "proof_of_service_filed", date(2026, 3, 2), "appearance")
    assert appearance.due_date == date(2026, 4, 13)
    assert appearance.computation.steps[0].citation == "CPLR 308(2), 308(4)"
    # Completion on a Saturday is not extended (nothing is due that day): proof
    # filed Wed 2026-10-28 -> complete Sat Nov 7 -> 30 days -> Mon 2026-12-07.
    late = _due("US-NY", "proof_of_service_filed", date(2026, 10, 28), "appearance")
    assert late.computation.steps[0].date == date(2026, 11, 7)
    assert late.due_date == date(2026, 12, 7)


def test_new_york_weekend_holidays_sunday_moves_to_monday_saturday_is_doubtful():
    # Gen. Constr. Law § 24: Sun 2027-07-04 -> Mon Jul 5 is a public holiday:
    # 20 days after Tue 2027-06-15 -> Mon Jul 5 -> Tue 2027-07-06.
    assert compute(date(2027, 6, 15), 20, jurisdiction="US-NY").due_date == date(2027, 7, 6)
    # Sat 2026-07-04: § 24 does not move it; Fri Jul 3 is doubtful: 20 days after
    # Sat 2026-06-13 -> Fri Jul 3 kept, the other reading Mon 2026-07-06.
    result = compute(date(2026, 6, 13), 20, jurisdiction="US-NY")
    assert result.due_date == date(2026, 7, 3)
    assert any("2026-07-06" in w for w in result.warnings)


def test_cplr_2103b2_mail_adds_five_days_to_the_period_before_the_roll():
    # CPLR 3133(a), 2103(b)(2); Gen. Constr. Law § 25-a: 20 days after Mon
    # 2026-03-02 is Sun Mar 22 -> personal: Mon 2026-03-23. Mail: the period is 25
    # days -> Fri 2026-03-27 (rolling first would give Mar 30).
    trigger = date(2026, 3, 2)
    personal = _due("US-NY", "discovery_requests_served", trigger, "interrogatory_answers")
    mailed = _due("US-NY", "discovery_requests_served", trigger, "interrogatory_answers",
                  service="mail")  # fmt: skip
    assert personal.due_date == date(2026, 3, 23)
    assert mailed.due_date == date(2026, 3, 27)


def test_cplr_2214b_motion_papers_count_back_from_the_return_date():
    # CPLR 2214(b): return date Mon 2026-03-16. Notice 8 days before is Sun Mar 8
    # -> previous business day Fri 2026-03-06; answering papers 2 days before is
    # Sat Mar 14 -> Fri 2026-03-13. Mailed notice (CPLR 2103(b)(2)): 13 days
    # before -> Tue 2026-03-03.
    ny = rulesets.get("US-NY")
    chain = {d.key: d.due_date for d in ny.compute_chain("motion_return_date", date(2026, 3, 16))}
    assert chain == {"motion_notice": date(2026, 3, 6), "answering_papers": date(2026, 3, 13)}
    mailed = ny.compute_chain("motion_return_date", date(2026, 3, 16), service="mail")
    assert mailed[0].due_date == date(2026, 3, 3)


def test_cplr_2214b_demand_sets_answering_papers_7_days_and_reply_1_day_before():
    # CPLR 2214(b): return date Mon 2026-03-16. Notice with the demand 16 days
    # before: Sat Feb 28 -> Fri 2026-02-27; answering papers 7 days before: Mon
    # 2026-03-09; reply 1 day before: Sun Mar 15 -> Fri 2026-03-13.
    chain = rulesets.get("US-NY").compute_chain("motion_return_date_with_demand",
                                                date(2026, 3, 16))  # fmt: skip
    assert {d.key: d.due_date for d in chain} == {
        "motion_notice": date(2026, 2, 27),
        "answering_papers": date(2026, 3, 9),
        "reply_papers": date(2026, 3, 13),
    }


def test_new_york_court_calendars_for_2026_and_2027():
    # Gen. Constr. Law § 24 and the UCS holiday schedule (no day after
    # Thanksgiving; Election Day and Lincoln's Birthday closed).
    assert list(CourtCalendar("US-NY").holidays(2026)) == [
        date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 12), date(2026, 2, 16),
        date(2026, 5, 25), date(2026, 6, 19), date(2026, 9, 7), date(2026, 10, 12),
        date(2026, 11, 3), date(2026, 11, 11), date(2026, 11, 26), date(2026, 12, 25),
    ]  # fmt: skip
    assert list(CourtCalendar("US-NY").holidays(2027)) == [
        date(2027, 1, 1), date(2027, 1, 18), date(2027, 2, 12), date(2027, 2, 15),
        date(2027, 5, 31), date(2027, 7, 5), date(2027, 9, 6), date(2027, 10, 11),
        date(2027, 11, 2), date(2027, 11, 11), date(2027, 11, 25),
    ]  # fmt: skip


# --------------------------------------------------------------------------
# Florida: Fla. R. Gen. Prac. & Jud. Admin. 2.514; Fla. R. Civ. P. 1.140(a)
# --------------------------------------------------------------------------


def test_rule_1140a_answer_rolls_past_the_friday_after_thanksgiving():
    # Fla. R. Civ. P. 1.140(a)(1); rule 2.514(a)(6)(A): 20 days after Sat
    # 2026-11-07 is Fri Nov 27, a Florida legal holiday -> Mon 2026-11-30.
    answer = _due("US-FL", "complaint_served", date(2026, 11, 7), "answer")
    assert answer.due_date == date(2026, 11, 30)
    assert compute(date(2026, 11, 7), 20).due_date == date(2026, 11, 27)


def test_florida_courts_are_open_on_presidents_day_juneteenth_and_columbus_day():
    # Rule 2.514(a)(6): 20 days after Tue 2026-01-27 is Mon Feb 16 -> due that day
    # in Florida, Tue Feb 17 in federal court. 20 days after Sat 2026-05-30 is
    # Fri Jun 19 (Juneteenth) -> due in Florida.
    assert compute(date(2026, 1, 27), 20, jurisdiction="US-FL").due_date == date(2026, 2, 16)
    assert compute(date(2026, 1, 27), 20).due_date == date(2026, 2, 17)
    assert compute(date(2026, 5, 30), 20, jurisdiction="US-FL").due_date == date(2026, 6, 19)
    assert CourtCalendar("US-FL").is_court_day(date(2026, 10, 12))


def test_florida_weekend_holidays_are_observed_per_section_110_117():
    # § 110.117(2): Sat 2026-07-04 -> Fri Jul 3 closed: 20 days after Sat
    # 2026-06-13 -> Fri Jul 3 -> Mon 2026-07-06. Sat 2027-12-25 -> Fri Dec 24
    # closed: 30 days after Wed 2027-11-24 -> Mon 2027-12-27.
    assert compute(date(2026, 6, 13), 20, jurisdiction="US-FL").due_date == date(2026, 7, 6)
    assert compute(date(2027, 11, 24), 30, jurisdiction="US-FL").due_date == date(2027, 12, 27)


def test_rule_2514b_mail_adds_five_days_after_the_roll_and_rolls_again():
    # Fla. R. Civ. P. 1.340(a); rule 2.514(b): 30 days after Thu 2026-02-05 is Sat
    # Mar 7 -> Mon Mar 9; mail: + 5 -> Sat Mar 14 -> Mon 2026-03-16. E-mail adds
    # nothing: Mon 2026-03-09.
    trigger = date(2026, 2, 5)
    mailed = _due("US-FL", "discovery_requests_served", trigger, "interrogatory_answers",
                  service="mail")  # fmt: skip
    assert mailed.due_date == date(2026, 3, 16)
    assert [s.kind for s in mailed.computation.steps] == ["count", "roll", "service", "roll"]
    emailed = _due("US-FL", "discovery_requests_served", trigger, "interrogatory_answers",
                   service="electronic")  # fmt: skip
    assert emailed.due_date == date(2026, 3, 9)


def test_rule_1510b_summary_judgment_response_40_days_mail_adds_five():
    # Fla. R. Civ. P. 1.510(b); rule 2.514(b): 40 days after Mon 2026-03-02 is Sat
    # Apr 11 -> Mon 2026-04-13; mailed: + 5 -> Sat Apr 18 -> Mon 2026-04-20.
    trigger = date(2026, 3, 2)
    key = "summary_judgment_response"
    assert _due("US-FL", "summary_judgment_motion_served", trigger, key).due_date == date(
        2026, 4, 13
    )
    assert _due("US-FL", "summary_judgment_motion_served", trigger, key,
                service="mail").due_date == date(2026, 4, 20)  # fmt: skip


def test_rule_2514_periods_under_seven_days_skip_weekends_and_holidays():
    # Rule 2.514(a): 5 days after Tue 2026-11-24: Wed 25 (1); Thanksgiving, the
    # Friday after and the weekend skipped; Mon 30 (2), Dec 1 (3), Dec 2 (4),
    # Thu Dec 3 (5) -> 2026-12-03. 7 days counts every day: Tue 2026-12-01.
    assert compute(date(2026, 11, 24), 5, jurisdiction="US-FL").due_date == date(2026, 12, 3)
    assert compute(date(2026, 11, 24), 7, jurisdiction="US-FL").due_date == date(2026, 12, 1)


def test_rule_2514a5_backward_periods_move_earlier_and_mail_adds_nothing():
    # Rule 2.514(a)(5): 10 days before Mon 2026-12-07 is Fri Nov 27 (holiday),
    # Thu 26 (Thanksgiving) -> Wed 2026-11-25; rule 2.514(b) adds nothing to a
    # backward period.
    result = compute(date(2026, 12, 7), 10, direction="before", jurisdiction="US-FL",
                     service="mail")  # fmt: skip
    assert result.due_date == date(2026, 11, 25)
    assert any("2.514(b)" in w for w in result.warnings)


def test_florida_court_calendars_for_2026_and_2027():
    assert list(CourtCalendar("US-FL").holidays(2026)) == [
        date(2026, 1, 1), date(2026, 1, 19), date(2026, 5, 25), date(2026, 7, 3),
        date(2026, 9, 7), date(2026, 11, 11), date(2026, 11, 26), date(2026, 11, 27),
        date(2026, 12, 25),
    ]  # fmt: skip
    assert list(CourtCalendar("US-FL").holidays(2027)) == [
        date(2027, 1, 1), date(2027, 1, 18), date(2027, 5, 31), date(2027, 7, 5),
        date(2027, 9, 6), date(2027, 11, 11), date(2027, 11, 25), date(2027, 11, 26),
        date(2027, 12, 24), date(2027, 12, 31),
    ]  # fmt: skip


# --------------------------------------------------------------------------
# Illinois: Ill. S. Ct. R. 12(c), 181(a); 5 ILCS 70/1.11
# --------------------------------------------------------------------------


def test_rule_181a_appearance_rolls_past_lincolns_birthday():
    # Ill. S. Ct. R. 181(a); 5 ILCS 70/1.11: 30 days after Tue 2026-01-13 is Thu
    # Feb 12, Lincoln's Birthday -> Fri 2026-02-13 (federal courts: Feb 12).
    appearance = _due("US-IL", "complaint_served", date(2026, 1, 13), "appearance")
    assert appearance.due_date == date(2026, 2, 13)
    assert compute(date(2026, 1, 13), 30).due_date == date(2026, 2, 12)


def test_rule_12c_mail_service_is_complete_four_days_after_mailing():
    # Ill. S. Ct. R. 12(c), 213(d): mailed Tue 2026-03-03; complete Sat Mar 7 (not
    # extended); 28 days -> Sat Apr 4 -> 5 ILCS 70/1.11 -> Mon 2026-04-06.
    # Electronic: complete the same day; 28 days -> Tue 2026-03-31.
    trigger = date(2026, 3, 3)
    mailed = _due("US-IL", "discovery_requests_served", trigger, "interrogatory_answers",
                  service="mail")  # fmt: skip
    assert mailed.due_date == date(2026, 4, 6)
    assert [s.kind for s in mailed.computation.steps] == ["service", "count", "roll"]
    emailed = _due("US-IL", "discovery_requests_served", trigger, "interrogatory_answers",
                   service="electronic")  # fmt: skip
    assert emailed.due_date == date(2026, 3, 31)


def test_illinois_day_after_thanksgiving_and_election_day_are_doubtful():
    # 5 ILCS 70/1.11: 30 days after Wed 2026-10-28 is Fri Nov 27 -> kept (the
    # earlier date) with a warning naming Mon 2026-11-30. 30 days after Sun
    # 2026-10-04 is Tue Nov 3, general election day -> kept, other reading Nov 4.
    result = compute(date(2026, 10, 28), 30, jurisdiction="US-IL")
    assert result.due_date == date(2026, 11, 27)
    assert "2026-11-30" in result.warnings[0]
    result = compute(date(2026, 10, 4), 30, jurisdiction="US-IL")
    assert result.due_date == date(2026, 11, 3)
    assert "2026-11-04" in result.warnings[0]


def test_illinois_weekend_holidays_are_doubtful_both_ways():
    # 5 ILCS 70/1.11: Sun 2027-07-04 -> Mon Jul 5 doubtful: 30 days after Sat
    # 2027-06-05 is Mon Jul 5 -> kept going forward, other reading Tue Jul 6.
    # Counting backward a doubtful day is closed: 10 days before Thu 2026-03-12 is
    # Mon Mar 2 (Casimir Pulaski's Birthday) -> previous court day Fri 2026-02-27.
    result = compute(date(2027, 6, 5), 30, jurisdiction="US-IL")
    assert result.due_date == date(2027, 7, 5)
    assert "2027-07-06" in result.warnings[0]
    back = compute(date(2026, 3, 12), 10, direction="before", jurisdiction="US-IL")
    assert back.due_date == date(2026, 2, 27)
    assert "Casimir Pulaski" in back.warnings[0]


def test_rule_303a1_notice_of_appeal_30_days_after_judgment():
    # Ill. S. Ct. R. 303(a)(1): 30 days after Fri 2026-10-02 is Sun Nov 1 -> Mon
    # 2026-11-02.
    chain = rulesets.get("US-IL").compute_chain("judgment_entered", date(2026, 10, 2))
    assert {d.key: d.due_date for d in chain} == {
        "post_judgment_motion": date(2026, 11, 2),
        "notice_of_appeal": date(2026, 11, 2),
    }


def test_illinois_court_calendars_for_2026_and_2027():
    assert list(CourtCalendar("US-IL").holidays(2026)) == [
        date(2026, 1, 1), date(2026, 1, 19), date(2026, 2, 12), date(2026, 2, 16),
        date(2026, 5, 25), date(2026, 6, 19), date(2026, 9, 7), date(2026, 10, 12),
        date(2026, 11, 11), date(2026, 11, 26), date(2026, 12, 25),
    ]  # fmt: skip
    assert list(CourtCalendar("US-IL").holidays(2027)) == [
        date(2027, 1, 1), date(2027, 1, 18), date(2027, 2, 12), date(2027, 2, 15),
        date(2027, 5, 31), date(2027, 9, 6), date(2027, 10, 11), date(2027, 11, 11),
        date(2027, 11, 25),
    ]  # fmt: skip
