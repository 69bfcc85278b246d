"""Worked examples for the deadline calculator and the court calendars.

Every expected date is reasoned out in a comment from the rule text:
FRCP 6(a)(1), (a)(5), (a)(6), (d); CCP §§ 12, 12a, 12b, 12c, 135, 1005(b),
1010.6, 1013(a); Cal. Rules of Court, rule 1.11. Pure Python: no database.
"""

from __future__ import annotations

import dataclasses
import doctest
from datetime import date, datetime

import pytest

from deadlines import calculator, courts
from deadlines.calculator import Computation, Step, compute
from deadlines.courts import CourtCalendar

# --------------------------------------------------------------------------
# Federal courts: FRCP 6(a)(1) forward counting and the legal-holiday roll
# --------------------------------------------------------------------------


def test_a_last_day_on_thanksgiving_moves_to_the_friday_after():
    # 21 days after Thu 2026-11-05 is Thu 2026-11-26, Thanksgiving, a legal
    # holiday (6(a)(6)(A)); 6(a)(1)(C) continues to Fri 2026-11-27, which federal
    # courts do not observe.
    result = compute(date(2026, 11, 5), 21)
    assert result.due_date == date(2026, 11, 27)
    assert result.explanation == (
        "21 days after 2026-11-05 → 2026-11-26 (FRCP 6(a)(1)(A)–(B)) · "
        "2026-11-26 is Thanksgiving Day (legal holiday, FRCP 6(a)(6)(A)) → next day that is "
        "not a Saturday, Sunday or legal holiday: 2026-11-27 (FRCP 6(a)(1)(C))"
    )
    assert result.warnings == ()


def test_a_computation_is_a_frozen_record_of_dated_cited_steps():
    result = compute(date(2026, 11, 5), 21)
    assert isinstance(result, Computation)
    assert all(isinstance(step, Step) for step in result.steps)
    assert [step.date for step in result.steps] == [date(2026, 11, 26), date(2026, 11, 27)]
    assert [step.citation for step in result.steps] == ["FRCP 6(a)(1)(A)–(B)", "FRCP 6(a)(1)(C)"]
    assert result.steps[-1].date == result.due_date
    assert (result.jurisdiction, result.days, result.direction) == ("US-FED", 21, "after")
    assert (result.unit, result.service, result.trigger_date) == (
        "calendar",
        "personal",
        date(2026, 11, 5),
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.due_date = date(2026, 12, 1)  # type: ignore[misc]


def test_christmas_on_a_friday_carries_the_deadline_over_the_weekend_to_monday():
    # 21 days after Fri 2026-12-04 is Fri 2026-12-25 (Christmas); Sat 26 and Sun 27
    # are not allowed either, so the period runs to Mon 2026-12-28 (6(a)(1)(C)).
    result = compute(date(2026, 12, 4), 21)
    assert result.due_date == date(2026, 12, 28)
    assert "2026-12-25 is Christmas Day (legal holiday" in result.explanation
    assert "2026-12-26 is Saturday; 2026-12-27 is Sunday" in result.explanation


def test_independence_day_on_a_saturday_is_a_legal_holiday_on_the_friday_before():
    # July 4, 2026 is a Saturday; 5 U.S.C. § 6103(b) sets Friday July 3 aside for
    # observing it, and 6(a)(6)(A) makes "the day set aside by statute" the legal
    # holiday. 21 days after Fri 2026-06-12 is Fri July 3 -> Mon 2026-07-06.
    result = compute(date(2026, 6, 12), 21)
    assert result.due_date == date(2026, 7, 6)
    assert "Independence Day, observed for Saturday 2026-07-04" in result.explanation
    assert "5 U.S.C. § 6103(b)" in result.explanation


def test_intermediate_weekends_and_holidays_are_counted():
    # 6(a)(1)(B): count every day. 7 days after Fri 2026-11-20 is Fri 2026-11-27,
    # even though Thanksgiving and a weekend fall inside the period.
    assert compute(date(2026, 11, 20), 7).due_date == date(2026, 11, 27)


def test_juneteenth_last_day_with_mail_service_adds_three_days_after_the_roll():
    # 21 days after Fri 2026-05-29 is Fri 2026-06-19 (Juneteenth, 6(a)(6)(A)).
    # Under 6(a) alone the period expires Mon 2026-06-22. 6(d): "3 days are added
    # after the period would otherwise expire under Rule 6(a)" -> Thu 2026-06-25.
    personal = compute(date(2026, 5, 29), 21)
    mailed = compute(date(2026, 5, 29), 21, service="mail")
    assert personal.due_date == date(2026, 6, 22)
    assert mailed.due_date == date(2026, 6, 25)
    assert "Juneteenth National Independence Day (legal holiday" in mailed.explanation
    assert mailed.steps[-1].citation == "FRCP 6(d); FRCP 5(b)(2)(C)"


def test_mail_service_whose_three_added_days_end_on_juneteenth_rolls_again():
    # 3 days after Sat 2026-06-13 is Tue 2026-06-16; 6(d) adds 3 -> Fri 2026-06-19,
    # Juneteenth; 6(a)(1)(C) applies again -> Mon 2026-06-22.
    result = compute(date(2026, 6, 13), 3, service="mail")
    assert result.due_date == date(2026, 6, 22)
    assert [step.kind for step in result.steps] == ["count", "service", "roll"]


def test_electronic_service_adds_no_days_since_the_2016_amendment():
    # 6(d) no longer lists Rule 5(b)(2)(E) (electronic means) since Dec. 1, 2016.
    result = compute(date(2026, 5, 29), 21, service="electronic")
    assert result.due_date == date(2026, 6, 22)
    assert "Dec. 1, 2016" in result.explanation


def test_zero_days_is_the_trigger_day_itself_moved_off_a_weekend():
    # 0 days after Sat 2026-11-28: the last day is the Saturday itself, so
    # 6(a)(1)(C) continues to Mon 2026-11-30; counted backward, 6(a)(5) goes back
    # to Fri 2026-11-27.
    assert compute(date(2026, 11, 28), 0).due_date == date(2026, 11, 30)
    assert compute(date(2026, 11, 28), 0, direction="before").due_date == date(2026, 11, 27)
    assert compute(date(2026, 11, 24), 0).due_date == date(2026, 11, 24)


# --------------------------------------------------------------------------
# Federal backward counting: FRCP 6(a)(5)
# --------------------------------------------------------------------------


def test_a_backward_period_landing_on_a_saturday_moves_to_the_friday_before():
    # 30 days before Mon 2026-03-02 is Sat 2026-01-31; 6(a)(5): "the next day" is
    # found by continuing to count backward -> Fri 2026-01-30.
    result = compute(date(2026, 3, 2), 30, direction="before")
    assert result.due_date == date(2026, 1, 30)
    assert result.steps[0].citation == "FRCP 6(a)(1)(A)–(B), 6(a)(5)"
    assert result.steps[-1].citation == "FRCP 6(a)(5)"


def test_a_backward_period_landing_on_a_monday_holiday_moves_to_the_friday_before():
    # 14 days before Mon 2026-02-02 is Mon 2026-01-19, Martin Luther King Jr.'s
    # Birthday; backward past Sun 18 and Sat 17 -> Fri 2026-01-16.
    result = compute(date(2026, 2, 2), 14, direction="before")
    assert result.due_date == date(2026, 1, 16)
    assert "Martin Luther King Jr.'s Birthday (legal holiday" in result.explanation
    assert "previous day that is not a Saturday, Sunday or legal holiday" in result.explanation


def test_mail_service_does_not_lengthen_a_federal_backward_period():
    # 6(d) helps a party who "must act within a specified time after being
    # served"; a period counted back from a hearing is not one, so the date is
    # the same as for personal service, and the computation says why. 14 days
    # before Mon 2026-03-02 is Mon Feb 16 (Washington's Birthday) -> Fri Feb 13.
    personal = compute(date(2026, 3, 2), 14, direction="before")
    mailed = compute(date(2026, 3, 2), 14, direction="before", service="mail")
    assert mailed.due_date == personal.due_date == date(2026, 2, 13)
    assert "adds no days to a period counted backward" in mailed.explanation
    assert any("local rules" in w for w in mailed.warnings)


def test_court_days_counted_backward_skip_weekends_and_federal_holidays():
    # 16 court days before Wed 2026-01-28, skipping Sat/Sun and MLK Day (Jan 19):
    # Jan 27,26,23,22,21,20,16,15,14,13,12,9,8,7,6,5 -> Mon 2026-01-05.
    result = compute(date(2026, 1, 28), 16, direction="before", unit="court")
    assert result.due_date == date(2026, 1, 5)
    assert "not counting 2026-01-19" in result.explanation


# --------------------------------------------------------------------------
# Days of doubtful status (executive-order closures)
# --------------------------------------------------------------------------


def test_an_executive_order_closure_is_treated_as_open_going_forward_with_a_warning():
    # Dec 24, 2025 federal offices were closed by executive order; whether that is
    # a day "declared a holiday by the President" (6(a)(6)(B)) is unsettled. Going
    # forward the calculator keeps it as an ordinary day (the earlier date):
    # 14 days after Wed 2025-12-10 -> Wed 2025-12-24. Had it been a holiday, the
    # roll would pass Christmas, the Dec. 26 closure and the weekend to Mon Dec 29.
    result = compute(date(2025, 12, 10), 14)
    assert result.due_date == date(2025, 12, 24)
    assert len(result.warnings) == 1
    assert "2025-12-29" in result.warnings[0]
    assert "Christmas Eve" in result.warnings[0]


def test_an_executive_order_closure_is_treated_as_closed_going_backward():
    # 10 days before Sat 2026-01-03 is Wed 2025-12-24: counted backward the
    # doubtful day is treated as closed (the earlier date) -> Tue 2025-12-23.
    result = compute(date(2026, 1, 3), 10, direction="before")
    assert result.due_date == date(2025, 12, 23)
    assert "2025-12-24" in result.warnings[0]


# --------------------------------------------------------------------------
# Federal court sitting in California: FRCP 6(a)(6)(C)
# --------------------------------------------------------------------------


def test_a_federal_court_in_california_counts_california_state_holidays_going_forward():
    # 30 days after Sun 2026-03-01 is Tue 2026-03-31, Cesar Chavez Day, a
    # California holiday (Gov. Code § 6700). In a district court in California
    # 6(a)(6)(C) makes it a legal holiday -> Wed 2026-04-01; elsewhere it is not.
    in_california = compute(date(2026, 3, 1), 30, jurisdiction="US-FED-CA")
    elsewhere = compute(date(2026, 3, 1), 30, jurisdiction="US-FED")
    assert in_california.due_date == date(2026, 4, 1)
    assert elsewhere.due_date == date(2026, 3, 31)
    assert "Cesar Chavez Day (California state holiday, FRCP 6(a)(6)(C)" in (
        in_california.explanation
    )
    # The state-holiday extension is flagged, with the safer date.
    assert any("2026-03-31" in w and "6(a)(6)(C)" in w for w in in_california.warnings)


def test_state_holidays_do_not_count_for_backward_periods_in_federal_court():
    # 6(a)(6)(C) covers only "periods that are measured after an event": 20 days
    # before Mon 2026-04-20 is Tue 2026-03-31 and stays there.
    result = compute(date(2026, 4, 20), 20, direction="before", jurisdiction="US-FED-CA")
    assert result.due_date == date(2026, 3, 31)


def test_admission_day_is_a_state_holiday_for_federal_courts_but_not_a_california_court_holiday():
    # Gov. Code § 6700 declares Sept. 9 ("Admission Day") a state holiday, so it is
    # a legal holiday for forward periods in a district court in California; CCP
    # § 135 expressly excludes it from the judicial holidays of the state courts.
    # 30 days after Mon 2026-08-10 is Wed 2026-09-09.
    assert compute(date(2026, 8, 10), 30, jurisdiction="US-FED-CA").due_date == date(2026, 9, 10)
    assert compute(date(2026, 8, 10), 30, jurisdiction="US-CA").due_date == date(2026, 9, 9)


def test_the_day_after_thanksgiving_is_doubtful_for_federal_courts_in_california():
    # Not a § 6700 holiday (it is a state-employee holiday), so it is not counted
    # as a legal holiday going forward, but the calculator warns: 16 days after
    # Wed 2026-11-11 is Fri 2026-11-27.
    result = compute(date(2026, 11, 11), 16, jurisdiction="US-FED-CA")
    assert result.due_date == date(2026, 11, 27)
    assert any("Day after Thanksgiving" in w and "2026-11-30" in w for w in result.warnings)


# --------------------------------------------------------------------------
# California state courts
# --------------------------------------------------------------------------


def test_the_day_after_thanksgiving_closes_california_courts_but_not_federal_courts():
    # 16 days after Wed 2026-11-11 is Fri 2026-11-27. CCP § 135 makes the day after
    # Thanksgiving a judicial holiday, so § 12a extends the California deadline past
    # the weekend to Mon 2026-11-30; in federal court it is an ordinary day.
    california = compute(date(2026, 11, 11), 16, jurisdiction="US-CA")
    federal = compute(date(2026, 11, 11), 16, jurisdiction="US-FED")
    assert california.due_date == date(2026, 11, 30)
    assert federal.due_date == date(2026, 11, 27)
    assert "Day after Thanksgiving (California judicial holiday, CCP § 135)" in (
        california.explanation
    )
    assert california.steps[-1].citation == "CCP § 12a"


def test_lincolns_birthday_closes_california_courts_but_not_federal_courts():
    # 30 days after Tue 2026-01-13 is Thu 2026-02-12, Lincoln's Birthday: a judicial
    # holiday (CCP § 135, Gov. Code § 6700) -> Fri 2026-02-13 in state court; federal
    # courts are open on Feb. 12.
    assert compute(date(2026, 1, 13), 30, jurisdiction="US-CA").due_date == date(2026, 2, 13)
    assert compute(date(2026, 1, 13), 30, jurisdiction="US-FED").due_date == date(2026, 2, 12)


def test_sixteen_court_days_before_a_hearing_skip_cesar_chavez_day():
    # CCP § 1005(b), counted backward from the hearing (Mon 2026-04-20, excluded,
    # § 12c(a)): Apr 17,16,15,14,13,10,9,8,7,6,3,2,1, [Tue Mar 31 Cesar Chavez Day
    # is not a court day], Mar 30,27,26 -> Thu 2026-03-26. A federal court counts
    # Mar 31 as the 14th court day and reaches Fri 2026-03-27.
    result = compute(date(2026, 4, 20), 16, direction="before", unit="court", jurisdiction="US-CA")
    assert result.due_date == date(2026, 3, 26)
    assert "not counting 2026-03-31, Cesar Chavez Day (California judicial holiday" in (
        result.explanation
    )
    federal = compute(date(2026, 4, 20), 16, direction="before", unit="court")
    assert federal.due_date == date(2026, 3, 27)


def test_notice_served_by_mail_makes_the_notice_period_five_calendar_days_longer():
    # § 1005(b) + § 12c(b): the 5 mail days are counted backward from the day found
    # under § 12c(a) (Thu 2026-03-26) -> Sat 2026-03-21, not a court day, so the
    # period is lengthened again to Fri 2026-03-20 (never shortened toward the hearing).
    result = compute(
        date(2026, 4, 20),
        16,
        direction="before",
        unit="court",
        jurisdiction="US-CA",
        service="mail",
    )
    assert result.due_date == date(2026, 3, 20)
    assert [step.kind for step in result.steps] == ["count", "service", "roll"]
    assert "12c(b)" in result.steps[1].citation
    assert any("CCP § 1013(a)" in w for w in result.warnings)


def test_notice_served_electronically_adds_two_court_days_counted_backward():
    # § 1010.6(a)(3)(B): 2 court days before Thu 2026-03-26 -> Tue 2026-03-24.
    result = compute(
        date(2026, 4, 20),
        16,
        direction="before",
        unit="court",
        jurisdiction="US-CA",
        service="electronic",
    )
    assert result.due_date == date(2026, 3, 24)


def test_california_mail_extension_is_added_before_the_holiday_rule():
    # 30 days after Tue 2026-10-27 is Thu 2026-11-26 (Thanksgiving). Personal
    # service: § 12a extends past Fri 27 (day after), Sat, Sun -> Mon 2026-11-30.
    # Mail (§ 1013(a)): the period is 5 days longer, ending Tue 2026-12-01, a court
    # day. (Rolling first and adding 5 afterwards would give Dec 5 -> Dec 7: a later,
    # unsafe date.) Electronic (§ 1010.6): 2 court days after Nov 26 -> Tue Dec 1.
    trigger = date(2026, 10, 27)
    assert compute(trigger, 30, jurisdiction="US-CA").due_date == date(2026, 11, 30)
    mailed = compute(trigger, 30, jurisdiction="US-CA", service="mail")
    assert mailed.due_date == date(2026, 12, 1)
    assert mailed.steps[1].citation == "CCP § 1013(a)"
    electronic = compute(trigger, 30, jurisdiction="US-CA", service="electronic")
    assert electronic.due_date == date(2026, 12, 1)
    assert electronic.steps[1].citation == "CCP § 1010.6(a)(3)(B)"


def test_california_mail_extension_ending_on_a_saturday_rolls_to_monday():
    # 10 days after Wed 2026-03-04 is Sat Mar 14; + 5 calendar days (§ 1013(a)) is
    # Thu Mar 19, a court day. 10 days after Fri 2026-03-06 is Mon Mar 16; + 5 is
    # Sat Mar 21 -> § 12a -> Mon 2026-03-23.
    assert compute(date(2026, 3, 4), 10, jurisdiction="US-CA", service="mail").due_date == date(
        2026, 3, 19
    )
    assert compute(date(2026, 3, 6), 10, jurisdiction="US-CA", service="mail").due_date == date(
        2026, 3, 23
    )


def test_a_california_backward_period_on_a_monday_holiday_moves_to_the_prior_court_day():
    # 14 calendar days before Mon 2026-03-02 is Mon 2026-02-16 (Presidents' Day);
    # the period is lengthened to the previous court day, Fri 2026-02-13.
    result = compute(date(2026, 3, 2), 14, direction="before", jurisdiction="US-CA")
    assert result.due_date == date(2026, 2, 13)
    assert result.steps[-1].citation == "CCP §§ 12a, 12c"


def test_columbus_day_is_a_court_day_in_california_but_a_federal_legal_holiday():
    # CCP § 135 (as amended by AB 855, from 2022) excludes Columbus Day.
    # 30 days after Sat 2026-09-12 is Mon 2026-10-12.
    assert compute(date(2026, 9, 12), 30, jurisdiction="US-CA").due_date == date(2026, 10, 12)
    assert compute(date(2026, 9, 12), 30).due_date == date(2026, 10, 13)
    # One court day after Fri 2026-10-09 is Monday in state court, Tuesday in federal.
    assert compute(date(2026, 10, 9), 1, unit="court", jurisdiction="US-CA").due_date == date(
        2026, 10, 12
    )
    assert compute(date(2026, 10, 9), 1, unit="court").due_date == date(2026, 10, 13)


def test_zero_days_in_california_is_the_next_court_day_when_the_trigger_is_a_holiday():
    # § 12a: Sat 2026-11-28 -> Mon 2026-11-30.
    assert compute(date(2026, 11, 28), 0, jurisdiction="US-CA").due_date == date(2026, 11, 30)


# --------------------------------------------------------------------------
# Firm-entered closures
# --------------------------------------------------------------------------


def test_a_firm_entered_closure_extends_a_california_deadline_under_ccp_12b():
    # 16 days after Mon 2026-03-02 is Wed 2026-03-18; the firm recorded that the
    # courthouse closed that day (fire), so § 12b treats it as a holiday -> Thu Mar 19.
    closures = {date(2026, 3, 18): "courthouse closed by fire"}
    result = compute(date(2026, 3, 2), 16, jurisdiction="US-CA", extra_closures=closures)
    assert result.due_date == date(2026, 3, 19)
    assert "a court closure entered by the firm: courthouse closed by fire (CCP § 12b)" in (
        result.explanation
    )
    assert any("2026-03-18" in w and "closure" in w for w in result.warnings)


def test_a_firm_entered_closure_is_skipped_when_counting_court_days():
    # 2 court days after Mon 2026-03-16 are Tue 17 and Wed 18; with Tue 17 closed,
    # Wed 18 and Thu 19.
    closures = {date(2026, 3, 17): "power outage"}
    result = compute(
        date(2026, 3, 16), 2, unit="court", jurisdiction="US-CA", extra_closures=closures
    )
    assert result.due_date == date(2026, 3, 19)


def test_a_firm_entered_closure_extends_a_federal_deadline_as_an_inaccessible_clerks_office():
    # 30 days after Sat 2024-11-30 is Mon 2024-12-30; closed -> Tue 2024-12-31 (6(a)(3)(A)).
    closures = {date(2024, 12, 30): "clerk's office closed: flooding"}
    result = compute(date(2024, 11, 30), 30, extra_closures=closures)
    assert result.due_date == date(2024, 12, 31)
    assert "FRCP 6(a)(3)(A)" in result.explanation


def test_a_firm_entered_closure_moves_a_federal_backward_deadline_earlier():
    # 30 days before Sun 2026-03-15 is Fri 2026-02-13; closed -> Thu 2026-02-12.
    # (6(a)(3)(A) would allow the next accessible day; filing earlier is never late.)
    closures = {date(2026, 2, 13): "courthouse closed"}
    result = compute(date(2026, 3, 15), 30, direction="before", extra_closures=closures)
    assert result.due_date == date(2026, 2, 12)
    assert "filing early is never late" in result.explanation


def test_firm_entered_closures_must_be_dates_with_reasons():
    with pytest.raises(ValueError, match="not a date"):
        compute(date(2026, 3, 2), 16, extra_closures={"2026-03-18": "fire"})
    with pytest.raises(ValueError, match="non-empty"):
        compute(date(2026, 3, 2), 16, extra_closures={date(2026, 3, 18): "  "})
    with pytest.raises(ValueError, match="mapping"):
        compute(date(2026, 3, 2), 16, extra_closures=[date(2026, 3, 18)])


# --------------------------------------------------------------------------
# Argument validation
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"days": -1}, "must not be negative"),
        ({"days": 2.5}, "whole number"),
        ({"days": True}, "whole number"),
        ({"days": calculator.MAX_DAYS + 1}, "at most"),
        ({"direction": "backward"}, "direction must be one of"),
        ({"unit": "business"}, "unit must be one of"),
        ({"service": "fax"}, "service must be one of"),
        ({"jurisdiction": "US-WA"}, "unknown jurisdiction 'US-WA'"),
        ({"jurisdiction": "us-fed"}, "unknown jurisdiction"),
        ({"jurisdiction": "US-FED-TX"}, "US-FED-TX.yaml"),
        ({"trigger_date": datetime(2026, 3, 2, 9, 0)}, "trigger_date must be a datetime.date"),
        ({"trigger_date": "2026-03-02"}, "trigger_date must be a datetime.date"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(kwargs, message):
    args = {"trigger_date": date(2026, 3, 2), "days": 10} | kwargs
    trigger, days = args.pop("trigger_date"), args.pop("days")
    with pytest.raises(ValueError, match=message):
        compute(trigger, days, **args)


def test_dates_before_a_calendars_supported_range_are_refused():
    # The US-CA list is the one in force since AB 855 (2022-01-01); the federal
    # computation is that of FRCP 6(d) as amended Dec. 1, 2016.
    with pytest.raises(ValueError, match="2022-01-01"):
        compute(date(2021, 6, 1), 10, jurisdiction="US-CA")
    with pytest.raises(ValueError, match="2016-12-01"):
        compute(date(2016, 1, 4), 10)
    # A backward count that reaches into the unsupported range is refused too.
    with pytest.raises(ValueError, match="2022-01-01"):
        compute(date(2022, 1, 10), 30, direction="before", jurisdiction="US-CA")


# --------------------------------------------------------------------------
# Court calendars
# --------------------------------------------------------------------------

# The Judicial Council's published 2026 court holiday schedule.
CALIFORNIA_2026 = [
    date(2026, 1, 1),  # New Year's Day
    date(2026, 1, 19),  # Dr. Martin Luther King, Jr. Day
    date(2026, 2, 12),  # Lincoln's Birthday
    date(2026, 2, 16),  # Presidents' Day
    date(2026, 3, 31),  # Cesar Chavez Day
    date(2026, 5, 25),  # Memorial Day
    date(2026, 6, 19),  # Juneteenth
    date(2026, 7, 3),  # Independence Day (July 4 is a Saturday: rule 1.11)
    date(2026, 9, 7),  # Labor Day
    date(2026, 9, 25),  # Native American Day (4th Friday of September)
    date(2026, 11, 11),  # Veterans Day
    date(2026, 11, 26),  # Thanksgiving
    date(2026, 11, 27),  # Day after Thanksgiving
    date(2026, 12, 25),  # Christmas Day
]

# Superior court holiday lists for earlier years (weekend holidays moved per
# Cal. Rules of Court, rule 1.11: Sunday Jan 1/Feb 12 2023 -> Monday, Saturday
# Nov 11 2023 -> Friday, Sunday Mar 31 2024 -> Monday Apr 1).
CALIFORNIA_EARLIER = {
    2023: [
        (1, 2), (1, 16), (2, 13), (2, 20), (3, 31), (5, 29), (6, 19),
        (7, 4), (9, 4), (9, 22), (11, 10), (11, 23), (11, 24), (12, 25),
    ],
    2024: [
        (1, 1), (1, 15), (2, 12), (2, 19), (4, 1), (5, 27), (6, 19),
        (7, 4), (9, 2), (9, 27), (11, 11), (11, 28), (11, 29), (12, 25),
    ],
    2025: [
        (1, 1), (1, 20), (2, 12), (2, 17), (3, 31), (5, 26), (6, 19),
        (7, 4), (9, 1), (9, 26), (11, 11), (11, 27), (11, 28), (12, 25),
    ],
}  # fmt: skip


def test_the_california_calendar_matches_the_judicial_councils_2026_schedule():
    assert list(CourtCalendar("US-CA").holidays(2026)) == CALIFORNIA_2026


@pytest.mark.parametrize("year", sorted(CALIFORNIA_EARLIER))
def test_the_california_calendar_matches_the_published_court_holidays(year):
    expected = [date(year, m, d) for m, d in CALIFORNIA_EARLIER[year]]
    assert list(CourtCalendar("US-CA").holidays(year)) == expected


def test_juneteenth_closes_california_courts_from_2023_but_not_in_2022():
    # Juneteenth became a Gov. Code § 6700 (hence CCP § 135) holiday on 2023-01-01
    # (AB 1655). In 2022 June 19 was a Sunday and the federal holiday was observed
    # Mon June 20, when the state courts were open.
    california = CourtCalendar("US-CA")
    assert california.is_court_day(date(2022, 6, 20))
    assert not CourtCalendar("US-FED").is_court_day(date(2022, 6, 20))
    assert california.closure_reason(date(2025, 6, 19)) == (
        "Juneteenth (California judicial holiday, CCP § 135)"
    )


def test_the_federal_calendar_has_the_eleven_legal_holidays_on_their_observed_days():
    federal = CourtCalendar("US-FED")
    assert list(federal.holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 1, 19),
        date(2026, 2, 16),
        date(2026, 5, 25),
        date(2026, 6, 19),
        date(2026, 7, 3),
        date(2026, 9, 7),
        date(2026, 10, 12),
        date(2026, 11, 11),
        date(2026, 11, 26),
        date(2026, 12, 25),
    ]
    # New Year's Day 2028 is a Saturday: observed Friday 2027-12-31 (5 U.S.C. § 6103(b)).
    assert federal.closure_reason(date(2027, 12, 31)) == (
        "New Year's Day, observed for Saturday 2028-01-01 "
        "(legal holiday, FRCP 6(a)(6)(A); 5 U.S.C. § 6103(b))"
    )


def test_closure_reasons_name_the_day_and_the_rule():
    federal = CourtCalendar("US-FED")
    california = CourtCalendar("US-CA")
    assert federal.closure_reason(date(2026, 11, 28)) == "Saturday"
    assert federal.closure_reason(date(2026, 11, 29)) == "Sunday"
    assert federal.closure_reason(date(2026, 11, 26)) == (
        "Thanksgiving Day (legal holiday, FRCP 6(a)(6)(A))"
    )
    assert federal.closure_reason(date(2026, 11, 27)) is None
    assert california.closure_reason(date(2026, 3, 31)) == (
        "Cesar Chavez Day (California judicial holiday, CCP § 135; Gov. Code § 6700(a))"
    )
    assert california.closure_reason(date(2026, 9, 25)).startswith("Native American Day")
    assert california.is_closed(date(2026, 11, 27))
    assert federal.is_court_day(date(2026, 11, 27))


def test_california_holidays_on_weekends_follow_rule_1_11():
    california = CourtCalendar("US-CA")
    # Cesar Chavez Day, Sun 2024-03-31 -> observed Mon 2024-04-01.
    assert california.closure_reason(date(2024, 4, 1)).startswith(
        "Cesar Chavez Day, observed for Sunday 2024-03-31"
    )
    # Veterans Day, Sat 2023-11-11 -> observed Fri 2023-11-10.
    assert "rule 1.11" in california.closure_reason(date(2023, 11, 10))


def test_california_courts_stay_open_on_state_holidays_excluded_by_ccp_135():
    california = CourtCalendar("US-CA")
    assert california.is_court_day(date(2026, 10, 12))  # Columbus Day
    assert california.is_court_day(date(2026, 9, 9))  # Admission Day
    assert california.is_court_day(date(2026, 2, 17))  # Lunar New Year
    assert california.is_court_day(date(2026, 4, 24))  # Genocide Remembrance Day
    assert california.is_court_day(date(2026, 4, 3))  # Good Friday


def test_a_federal_court_in_california_adds_state_holidays_only_going_forward():
    calendar = CourtCalendar("US-FED-CA")
    cesar_chavez = date(2026, 3, 31)
    assert calendar.is_closed(cesar_chavez)
    assert calendar.is_court_day(cesar_chavez, direction="before")
    assert CourtCalendar("US-FED").is_court_day(cesar_chavez)
    assert calendar.closure_reason(date(2026, 2, 17)).startswith("Lunar New Year")
    # Lincoln Day, Sun 2023-02-12 -> Mon 2023-02-13 (Gov. Code § 6701).
    assert "§ 6701" in calendar.closure_reason(date(2023, 2, 13))
    # Federal holidays still apply.
    assert calendar.closure_reason(date(2026, 11, 26)).startswith("Thanksgiving Day")


def test_court_calendars_are_computed_once_per_year():
    courts._year_data.cache_clear()
    CourtCalendar("US-CA").holidays(2030)
    before = courts._year_data.cache_info()
    CourtCalendar("US-CA").holidays(2030)
    after = courts._year_data.cache_info()
    assert after.misses == before.misses
    assert after.hits > before.hits


def test_only_known_jurisdictions_have_calendars():
    assert set(courts.available_jurisdictions()) >= {"US-FED", "US-FED-CA", "US-CA"}
    with pytest.raises(ValueError, match="unknown jurisdiction"):
        CourtCalendar("US-WA")


def test_the_module_example_is_correct():
    failures, _tests = doctest.testmod(calculator)
    assert failures == 0
