"""Numeric days of the week in AWS cron (W330).

AWS cron counts days of the week from 1 = Sunday (`1-7` or `SUN-SAT`), unlike
Unix cron and ISO 8601, where 1 is Monday: `1-5` runs Sunday to Thursday, not
Monday to Friday. The expression is valid, so this is a warning that shows
the named form, which reads the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.checks.cron.grammar import DAYS, problems
from drspec.codes import rule
from drspec.diagnostics import Diagnostic, SpecPath

_CRON_DOC = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html"

W_NUMERIC_WEEKDAY = rule(
    "W330", "numeric day of the week in cron",
    "AWS cron numbers days of the week from 1 = Sunday, not Monday: '1-5' is Sunday to "
    "Thursday. Write the names (MON-FRI), which mean the same in every cron dialect.",
    source=_CRON_DOC)

#: a day number standing for a day, not an increment after `/`
_DAY_NUMBER = re.compile(r"(?<![/0-9])([1-7])(?![0-9])")


def named(field: str, *, monday_first: bool = False) -> str:
    """`1-5` -> `SUN-THU` (AWS), or -> `MON-FRI` read with 1 = Monday."""
    def name(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return DAYS[number % 7] if monday_first else DAYS[number - 1]
    return _DAY_NUMBER.sub(name, field)


def weekday_warnings(ctx: CheckContext, expression: str, path: SpecPath) -> Iterator[Diagnostic]:
    fields = expression.split()
    if len(fields) != 6 or problems(expression):
        return  # an invalid expression is E30x's to report
    day_of_week = fields[4]
    if "#" in day_of_week or "L" in day_of_week.upper():
        return  # `2#1`, `6L`: the documented forms take numbers only
    aws = named(day_of_week)
    if aws == day_of_week:
        return
    meant = named(day_of_week, monday_first=True)
    yield ctx.warning(
        W_NUMERIC_WEEKDAY,
        f"day-of-week {day_of_week!r} counts from 1 = Sunday in AWS cron: it means {aws!r}",
        path, f"write {aws!r} to keep these days; for the days counted from 1 = Monday "
        f"(Unix cron, ISO 8601) write {meant!r}")


@check
def numeric_weekdays(ctx: CheckContext) -> Iterator[Diagnostic]:
    for schedule in ctx.spec.schedules:
        if schedule.cron is not None:
            yield from weekday_warnings(ctx, schedule.cron, (*schedule.path, "cron"))
    backup = ctx.spec.disaster_recovery.backup
    if backup is not None:
        yield from weekday_warnings(ctx, backup.schedule, (*backup.path, "schedule"))
