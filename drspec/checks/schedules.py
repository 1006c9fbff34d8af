"""Schedule checks: rate and cron expressions, time zones (E3xx/W3xx).

Covers what cfn-lint's E3027 checks in a CloudFormation `ScheduleExpression`
(rate value a positive integer, singular unit exactly for 1, six cron fields,
not both day fields) and more: each cron field's values and wildcards, and the
time zone. The backup schedule (`disaster_recovery.backup.schedule`) gets the
same cron checks.
"""

from __future__ import annotations

import calendar
import re
import zoneinfo
from collections.abc import Iterator
from functools import cache

from drspec.checks import CheckContext, check
from drspec.checks.cron.gap import field_values, runs_ever
from drspec.checks.cron.grammar import DAYS, MONTHS, Problem, problems
from drspec.checks.suggest import nearest
from drspec.codes import rule
from drspec.diagnostics import Diagnostic, SpecPath

E_RATE_UNIT = rule("E301", "rate unit singular/plural",
                   "A rate is '1 minute', '1 hour', '1 day' or '<n> minutes|hours|days' for n > 1.")
E_CRON_FIELDS = rule("E302", "cron expression does not have six fields",
                     "AWS cron has six fields: minutes hours day-of-month month day-of-week "
                     "year; drspec adds the 'cron(...)' around them.")
E_CRON_FIELD = rule("E303", "invalid cron field",
                    "Each cron field takes the values and wildcards the EventBridge "
                    "documentation lists for it.")
E_CRON_DAYS = rule("E304", "day-of-month / day-of-week conflict",
                   "Exactly one of day-of-month and day-of-week must be '?'.")
E_TIMEZONE = rule("E305", "unknown time zone",
                  "Time zones are IANA names such as Europe/Berlin or America/New_York.")
E_RATE = rule("E306", "invalid rate",
              "A rate is '<n> <unit>' with a whole number n >= 1 and unit minute(s), "
              "hour(s) or day(s).")
E_CRON_NEVER = rule("E307", "cron expression never runs",
                    "No date in the years a cron expression allows matches its day and month "
                    "fields (February 30, the 31st of a 30-day month, a 5th weekday of a "
                    "28-day February), so the schedule would never run.")
W_RATE_TIMEZONE = rule("W301", "time zone on a rate schedule",
                       "A time zone only changes when cron schedules run; a rate ignores it.")
W_NO_TZDATA = rule("W302", "time zone database missing",
                   "Python finds no IANA time zone database (install the `tzdata` package); "
                   "time zones cannot be checked.")

_CODES = {
    Problem.FIELD_COUNT: E_CRON_FIELDS,
    Problem.FIELD: E_CRON_FIELD,
    Problem.DAY_FIELDS: E_CRON_DAYS,
}
_RATE = re.compile(r"(?P<n>[0-9]+) (?P<unit>minute|hour|day)(?P<plural>s?)")
_WRAPPED_RATE = re.compile(r"^\s*rate\((.*)\)\s*$", re.DOTALL)


def cron_diagnostics(ctx: CheckContext, expression: str, path: SpecPath) -> Iterator[Diagnostic]:
    """Diagnostics for a six-field AWS cron `expression` at `path`."""
    found = problems(expression)
    for problem in found:
        yield ctx.error(_CODES[problem.kind], problem.message, path, problem.hint)
    if not found and not runs_ever(expression):
        yield ctx.error(E_CRON_NEVER,
                        f"cron expression {expression!r} never runs: no date matches its "
                        "day, month and year fields", path, _never_hint(expression))


def _never_hint(expression: str) -> str:
    """Why no date matches, where a common cause fits, and what to write instead."""
    _, _, dom, month_field, dow, year_field = expression.upper().split()
    day = re.fullmatch(r"([0-9]+)W?", dom)
    if day is not None:
        months = sorted(field_values(month_field, 1, 12, MONTHS))
        leap = any(calendar.isleap(y) for y in field_values(year_field, 1970, 2199))
        longest = max(calendar.monthrange(2024 if leap else 2023, m)[1] for m in months)
        names = ",".join(MONTHS[m - 1] for m in months)
        years = "" if year_field == "*" else f" in the years {year_field}"
        return (f"{names} {'has' if len(months) == 1 else 'have'} at most {longest} days"
                f"{years}; use 'L' for the last day of the month")
    nth = re.fullmatch(r"([0-9A-Z]+)#5", dow)
    if nth is not None:
        token = nth.group(1)
        day_name = DAYS[int(token) - 1] if token.isdigit() else token
        return (f"no month it allows has a fifth {day_name}; use '{token}L' for the last "
                f"{day_name} of the month")
    return "check the day fields against the month and year fields"


def rate_diagnostics(ctx: CheckContext, rate: str, path: SpecPath) -> Iterator[Diagnostic]:
    wrapped = _WRAPPED_RATE.match(rate)
    if wrapped:
        yield ctx.error(E_RATE, f"write the rate without 'rate(...)': {rate!r}", path,
                        f"did you mean '{wrapped.group(1).strip()}'?")
        return
    match = _RATE.fullmatch(rate)
    if match is None:
        yield ctx.error(E_RATE, f"{rate!r} is not a rate '<n> <unit>'", path,
                        "e.g. '5 minutes', '1 hour', '7 days'")
        return
    n, unit, plural = int(match["n"]), match["unit"], match["plural"]
    if n < 1:
        yield ctx.error(E_RATE, f"rate {rate!r} is zero; it must be at least 1", path,
                        f"did you mean '1 {unit}'?")
        return
    if (n == 1) != (not plural):
        fixed = f"{match['n']} {unit}{'' if n == 1 else 's'}"
        expected = "singular for 1" if n == 1 else f"plural for {n}"
        yield ctx.error(E_RATE_UNIT, f"rate {rate!r}: the unit is {expected}", path,
                        f"did you mean '{fixed}'?")


@check
def schedule_expressions(ctx: CheckContext) -> Iterator[Diagnostic]:
    for schedule in ctx.spec.schedules:
        if schedule.rate is not None:
            yield from rate_diagnostics(ctx, schedule.rate, (*schedule.path, "rate"))
        if schedule.cron is not None:
            yield from cron_diagnostics(ctx, schedule.cron, (*schedule.path, "cron"))


@check
def backup_schedule(ctx: CheckContext) -> Iterator[Diagnostic]:
    backup = ctx.spec.disaster_recovery.backup
    if backup is not None:
        yield from cron_diagnostics(ctx, backup.schedule, (*backup.path, "schedule"))


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@check
def schedule_time_zones(ctx: CheckContext) -> Iterator[Diagnostic]:
    raw = ctx.doc.data.get("schedules") or {}
    zones = time_zones()
    for schedule in ctx.spec.schedules:
        entry = raw.get(schedule.ident)
        if not isinstance(entry, dict) or "timezone" not in entry:
            continue
        path = (*schedule.path, "timezone")
        name = schedule.timezone
        if not zones:
            yield ctx.warning(W_NO_TZDATA, f"cannot check time zone {name!r}: no IANA time "
                              "zone database is installed", path, "pip install tzdata")
        elif name not in zones:
            match = nearest(name, zones)
            hint = (f"did you mean '{match}'?" if match is not None
                    else "use an IANA name such as UTC, Europe/Berlin or America/New_York")
            yield ctx.error(E_TIMEZONE, f"unknown time zone {name!r}", path, hint)
        if schedule.rate is not None and schedule.cron is None and name != "UTC":
            yield ctx.warning(
                W_RATE_TIMEZONE,
                f"timezone {name!r} has no effect: schedule {schedule.ident!r} uses a rate",
                path, "remove timezone, or use cron to run at fixed local times")
