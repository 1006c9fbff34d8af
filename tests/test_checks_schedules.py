"""Schedule checks: the AWS cron grammar, rates, time zones (E3xx/W3xx)."""

from __future__ import annotations

from typing import Any

import pytest
from test_checks import codes, only, spec

from drspec.checks import CHECKS, cron, schedules
from drspec.checks.cron.grammar import FIELDS, Problem, problems


def every(**schedule: Any) -> dict[str, Any]:
    return spec(schedules={"job": {"function": "processor", **schedule}})


# The table of https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html
DOCUMENTED = [
    ("minutes", "0-59", ", - * /"),
    ("hours", "0-23", ", - * /"),
    ("day-of-month", "1-31", ", - * ? / L W"),
    ("month", "1-12 or JAN-DEC", ", - * /"),
    ("day-of-week", "1-7 or SUN-SAT", ", - * ? L #"),
    ("year", "1970-2199", ", - * /"),
]


def test_field_table_is_the_documented_one() -> None:
    assert [(f.name, f.shown_values, " ".join(f.wildcards)) for f in FIELDS] == DOCUMENTED


@pytest.mark.parametrize("expression", [
    # The examples of the EventBridge and Scheduler guides.
    "0 10 * * ? *", "15 12 * * ? *", "0 18 ? * MON-FRI *", "0 8 1 * ? *",
    "0/15 * * * ? *", "0/10 * ? * MON-FRI *", "0/5 8-17 ? * MON-FRI *", "0 9 ? * 2#1 *",
    "0 23 L * ? *", "15 10 ? * 6L *", "0 0 LW * ? *", "0 6 15W * ? *", "0 0 1W * ? *",
    # Names, lists, ranges, increments, any case, years.
    "0 0 1 JAN,APR,JUL,OCT ? *", "0 0 ? jun-aug sat,sun *", "*/5 * * * ? *",
    "0 0-23/2 * * ? *", "0 12 1-15/3 * ? 2026", "0 0 1 1 ? 1970-2199/5", "0 0 ? * L *",
    "0 0 ? * wed *", "0 0 ? * WED#5 *", "0 0 31 DEC ? 2199", "59 23 ? * 7 *",
    # Wrap-around ranges: the docs are silent, Quartz accepts them.
    "0 22-2 * * ? *",
])
def test_valid_expressions(expression: str) -> None:
    assert problems(expression) == []


@pytest.mark.parametrize("expression, kind, words", [
    ("60 0 * * ? *", Problem.FIELD, "60 is outside 0-59"),
    ("0 24 * * ? *", Problem.FIELD, "24 is outside 0-23"),
    ("0 0 0 * ? *", Problem.FIELD, "0 is outside 1-31"),
    ("0 0 32 * ? *", Problem.FIELD, "32 is outside 1-31"),
    ("0 0 * 13 ? *", Problem.FIELD, "13 is outside 1-12"),
    ("0 0 ? * 0 *", Problem.FIELD, "0 is outside 1-7"),
    ("0 0 ? * 8 *", Problem.FIELD, "8 is outside 1-7"),
    ("0 0 * * ? 1969", Problem.FIELD, "1969 is outside 1970-2199"),
    ("0 0 * * ? 2200", Problem.FIELD, "2200 is outside 1970-2199"),
    ("0 0 * JANUARY ? *", Problem.FIELD, "'JANUARY' is not a value of month"),
    ("0 0 ? * MON-FRIDAY *", Problem.FIELD, "'FRIDAY' in 'MON-FRIDAY' is not a value"),
    ("0 0 15-40 * ? *", Problem.FIELD, "40 in '15-40' is outside 1-31"),
    # Wildcards outside the fields the docs allow them in.
    ("? 0 * * ? *", Problem.FIELD, "'?' is not allowed in minutes"),
    ("0 L * * ? *", Problem.FIELD, "'L' is not allowed in hours"),
    ("0 0 * * ? L", Problem.FIELD, "'L' is not allowed in year"),
    ("0 0 ? * */2 *", Problem.FIELD, "'/' is not allowed in day-of-week"),
    ("0 0 1#2 * ? *", Problem.FIELD, "'#' is not allowed in day-of-month"),
    ("0 0 ? * 2W *", Problem.FIELD, "'W' is not allowed in day-of-week"),
    ("0 0 * 1#1 ? *", Problem.FIELD, "'#' is not allowed in month"),
    # Wildcard forms.
    ("0 0 ? * 3#1,6#3 *", Problem.FIELD, "'#' cannot be combined"),
    ("0 0 L,15 * ? *", Problem.FIELD, "'L' cannot be combined"),
    ("0 0 ?,1 * ? *", Problem.FIELD, "'?' cannot be combined"),
    ("0 0 ? * 3#6 *", Problem.FIELD, "the number after '#' in '3#6' is the week"),
    ("0 0 ? * 3# *", Problem.FIELD, "the number after '#'"),
    ("0 0 W * ? *", Problem.FIELD, "'W' lacks a value"),
    ("0 0 ? * L-2 *", Problem.FIELD, "not a valid use of a wildcard"),
    ("0/0 * * * ? *", Problem.FIELD, "the increment in '0/0' must be 1 to 59"),
    ("0/60 * * * ? *", Problem.FIELD, "must be 1 to 59"),
    ("0/x * * * ? *", Problem.FIELD, "must be a number"),
    ("1,,2 * * * ? *", Problem.FIELD, "empty item"),
    ("\u00b2 0 * * ? *", Problem.FIELD, "is not a value of minutes"),
    # Field count.
    ("0 12 * * ?", Problem.FIELD_COUNT, "has 5 fields"),
    ("0 0 12 * * ? *", Problem.FIELD_COUNT, "has 7 fields"),
    ("", Problem.FIELD_COUNT, "has 0 fields"),
    ("cron(0 12 * * ? *)", Problem.FIELD_COUNT, "without 'cron(...)'"),
    # Day-of-month and day-of-week.
    ("0 12 * * * *", Problem.DAY_FIELDS, "neither day-of-month (*) nor day-of-week (*)"),
    ("0 12 1 * MON *", Problem.DAY_FIELDS, "are both given"),
    ("0 12 ? * ? *", Problem.DAY_FIELDS, "both '?'"),
])
def test_invalid_expressions(expression: str, kind: Problem, words: str) -> None:
    found = problems(expression)
    assert [p.kind for p in found] == [kind], found
    assert words in found[0].message
    assert found[0].hint


@pytest.mark.parametrize("expression, hint", [
    ("0 12 * * *", "did you mean '0 12 * * ? *'? (AWS adds a year field)"),
    ("0 12 1 * *", "did you mean '0 12 1 * ? *'? (AWS adds a year field)"),
    ("0 9 * * MON-FRI", "did you mean '0 9 ? * MON-FRI *'? (AWS adds a year field)"),
    ("cron(0 12 * * ? *)", "did you mean '0 12 * * ? *'?"),
    ("0 12 * * * *", "did you mean '0 12 * * ? *'?"),
    ("0 12 * * MON *", "did you mean '0 12 ? * MON *'?"),
    ("0 12 ? * ? *", "did you mean '0 12 * * ? *'?"),
    ("0 12 1 * MON *", "keep one: '0 12 1 * ? *' or '0 12 ? * MON *'"),
])
def test_hints_give_the_corrected_expression(expression: str, hint: str) -> None:
    assert problems(expression)[0].hint == hint


def test_unix_weekday_numbers_get_no_mechanical_suggestion() -> None:
    # Unix 1-5 is Monday to Friday; AWS 1-5 is Sunday to Thursday.
    [found] = problems("0 9 * * 1-5")
    assert found.hint is not None and "did you mean" not in found.hint
    assert "1-7 (SUN=1)" in found.hint


def test_a_5_field_suggestion_is_made_only_when_valid() -> None:
    # Both day fields given: appending a year would still be invalid.
    [found] = problems("0 9 1 * MON")
    assert found.hint is not None and "did you mean" not in found.hint


def test_cron_diagnostics_point_at_the_cron_value() -> None:
    found = only(every(cron="0 25 * * * *"), "E303") + only(every(cron="0 25 * * * *"), "E304")
    assert [d.path for d in found] == [("schedules", "job", "cron")] * 2


def test_backup_schedule_gets_the_same_checks() -> None:
    data = spec(disaster_recovery={"secondary_region": "us-west-2",
                                   "backup": {"schedule": "0 3 * *"}})
    [found] = only(data, "E302")
    assert found.path == ("disaster_recovery", "backup", "schedule")


@pytest.mark.parametrize("rate, fixed", [
    ("1 minutes", "1 minute"), ("1 hours", "1 hour"), ("1 days", "1 day"),
    ("5 minute", "5 minutes"), ("2 hour", "2 hours"), ("30 day", "30 days"),
    ("01 minutes", "01 minute"),
])
def test_rate_unit_singular_exactly_for_one(rate: str, fixed: str) -> None:
    [found] = only(every(rate=rate), "E301")
    assert found.path == ("schedules", "job", "rate")
    assert found.hint == f"did you mean '{fixed}'?"


@pytest.mark.parametrize("rate", ["1 minute", "5 minutes", "1 hour", "12 hours", "1 day",
                                  "7 days"])
def test_correct_rates(rate: str) -> None:
    assert codes(every(rate=rate)) == []


@pytest.mark.parametrize("rate, words, hint", [
    ("rate(5 minutes)", "without 'rate(...)'", "did you mean '5 minutes'?"),
    ("0 minutes", "is zero", "did you mean '1 minute'?"),
    ("five minutes", "is not a rate", "e.g. '5 minutes', '1 hour', '7 days'"),
    ("5 weeks", "is not a rate", "e.g. '5 minutes', '1 hour', '7 days'"),
    ("5  minutes", "is not a rate", "e.g. '5 minutes', '1 hour', '7 days'"),
])
def test_malformed_rates(rate: str, words: str, hint: str) -> None:
    """The schema's pattern rejects these first; the check still explains them."""
    [found] = only(every(rate=rate), "E306")
    assert words in found.message
    assert found.hint == hint


def test_unknown_time_zone_suggests_the_nearest() -> None:
    [found] = only(every(cron="0 2 * * ? *", timezone="europe/berlin"), "E305")
    assert found.hint == "did you mean 'Europe/Berlin'?"
    assert found.path == ("schedules", "job", "timezone")
    [found] = only(every(cron="0 2 * * ? *", timezone="America/New_Yrok"), "E305")
    assert found.hint == "did you mean 'America/New_York'?"
    [found] = only(every(cron="0 2 * * ? *", timezone="Nowhere"), "E305")
    assert found.hint is not None and "IANA name" in found.hint


def test_known_time_zones() -> None:
    for zone in ("UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Kolkata"):
        assert codes(every(cron="0 2 * * ? *", timezone=zone)) == []


def test_time_zone_on_a_rate_warns_unless_utc() -> None:
    [found] = only(every(rate="1 hour", timezone="Europe/Berlin"), "W301")
    assert found.path == ("schedules", "job", "timezone")
    assert codes(every(rate="1 hour", timezone="UTC")) == []


def test_missing_time_zone_database_is_a_warning_not_an_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedules, "time_zones", lambda: frozenset())
    found = codes(every(cron="0 2 * * ? *", timezone="Europe/Berlin"))
    assert found == ["W302"]


def test_cron_module_is_pure_parsing() -> None:
    """The grammar module registers no checks (schedules.py reports its problems)."""
    assert not [fn for fn in CHECKS if fn.__module__ == cron.__name__]


@pytest.mark.parametrize("expression, hint", [
    ("0 3 30 2 ? *", "FEB has at most 29 days"),
    ("0 0 31 4,6,9,11 ? *", "APR,JUN,SEP,NOV have at most 30 days"),
    ("0 0 29 2 ? 2025-2027", "FEB has at most 28 days in the years 2025-2027"),
    ("0 0 29 2 ? 2100", "at most 28 days"),  # 2100 is not a leap year
    ("0 0 ? 2 2#5 2027", "no month it allows has a fifth MON; use '2L'"),
    ("0 0 ? feb mon#5 2026-2027", "fifth MON; use 'MONL'"),
])
def test_a_cron_that_never_runs_is_an_error(expression: str, hint: str) -> None:
    [found] = only(every(cron=expression), "E307")
    assert found.path == ("schedules", "job", "cron")
    assert found.hint is not None and hint in found.hint
    assert "never runs" in found.message


@pytest.mark.parametrize("expression", [
    "0 0 29 2 ? *", "0 0 29 2 ? 2028", "0 0 31 * ? *", "0 0 ? * 2#5 2027",  # March 2027
    "0 0 ? 2 2#5 *",  # Feb 29 on a Monday (2044)
    "0 0 L 2 ? 2025", "0 0 ? 2 6L 2027", "0 0 LW 2 ? *", "0 0 31 1-4 ? *",
])
def test_a_cron_that_runs_somewhere_is_no_error(expression: str) -> None:
    assert "E307" not in codes(every(cron=expression))


def test_a_never_running_backup_schedule_is_an_error() -> None:
    data = spec(disaster_recovery={"secondary_region": "us-west-2",
                                   "backup": {"schedule": "0 3 31 11 ? *"}})
    [found] = only(data, "E307")
    assert found.path == ("disaster_recovery", "backup", "schedule")
    assert found.hint is not None and "NOV has at most 30 days" in found.hint


def test_an_invalid_cron_gets_no_never_runs_error_too() -> None:
    assert codes(every(cron="0 3 32 2 ? *")) == ["E303"]
