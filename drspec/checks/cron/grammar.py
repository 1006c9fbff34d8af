"""The AWS cron grammar (EventBridge Scheduler, AWS Backup): parse and explain problems.

Six fields separated by white space, with the values and wildcards the
EventBridge documentation lists for each field
(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cron-expressions.html;
EventBridge Scheduler's cron-based schedules,
https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html, take
the same six-field expressions):

    field          values             wildcards
    minutes        0-59               , - * /
    hours          0-23               , - * /
    day-of-month   1-31               , - * ? / L W
    month          1-12 or JAN-DEC    , - * /
    day-of-week    1-7 or SUN-SAT     , - * ? L #
    year           1970-2199          , - * /

and the documented limits: you can't specify day-of-month and day-of-week in
one expression, one of them must be `?`; a `#` day-of-week stands alone
(`3#1,6#3` is invalid). `L`, `W` and `#` follow the Quartz forms AWS's examples
use: `L`, `LW`, `15W` in day-of-month; `L`, `6L`, `3#2` in day-of-week. Ranges
whose end is before their start (`22-2`) are not rejected: the docs are silent
and the Quartz scheduler AWS's syntax comes from wraps them around.

This module only parses; `drspec.checks.schedules` turns problems into
diagnostics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_NUMBER = re.compile(r"[0-9]{1,4}")


class Problem(Enum):
    FIELD_COUNT = "field_count"
    FIELD = "field"
    DAY_FIELDS = "day_fields"


@dataclass(frozen=True)
class Field:
    name: str
    low: int
    high: int
    wildcards: str
    names: tuple[str, ...] = ()  # names for low, low+1, ...
    max_increment: int = 0

    def value(self, token: str) -> int | None:
        """The number `token` (upper-cased) stands for in this field, or None."""
        if token in self.names:
            return self.low + self.names.index(token)
        if _NUMBER.fullmatch(token):
            return int(token)
        return None

    def without_names(self, text: str) -> str:
        """`text` with this field's names removed (`WED` and `JUL` hold `W` and `L`)."""
        for name in self.names:
            text = text.replace(name, "")
        return text

    @property
    def shown_values(self) -> str:
        names = f" or {self.names[0]}-{self.names[-1]}" if self.names else ""
        return f"{self.low}-{self.high}{names}"


MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")

FIELDS = (
    Field("minutes", 0, 59, ",-*/", max_increment=59),
    Field("hours", 0, 23, ",-*/", max_increment=23),
    Field("day-of-month", 1, 31, ",-*?/LW", max_increment=31),
    Field("month", 1, 12, ",-*/", MONTHS, max_increment=12),
    Field("day-of-week", 1, 7, ",-*?L#", DAYS),
    Field("year", 1970, 2199, ",-*/", max_increment=229),
)
DOM, DOW = 2, 4
FIELD_NAMES = " ".join(f.name for f in FIELDS)


@dataclass(frozen=True)
class CronProblem:
    kind: Problem
    message: str
    hint: str | None = None


_WRAPPED = re.compile(r"^\s*cron\((.*)\)\s*$", re.DOTALL)


def problems(expression: str) -> list[CronProblem]:
    """Every problem with the six-field AWS cron `expression` (empty when valid)."""
    wrapped = _WRAPPED.match(expression)
    if wrapped:
        inner = wrapped.group(1).strip()
        return [CronProblem(Problem.FIELD_COUNT,
                            f"write the six fields without 'cron(...)': {expression!r}",
                            f"did you mean '{inner}'?")]
    fields = expression.split()
    if len(fields) != len(FIELDS):
        return [_count_problem(expression, fields)]
    out = [CronProblem(Problem.FIELD, message, hint)
           for spec, text in zip(FIELDS, fields, strict=True)
           for message, hint in field_problems(spec, text)]
    out += _day_field_problems(fields)
    return out


def _count_problem(expression: str, fields: list[str]) -> CronProblem:
    message = (f"{expression!r} has {len(fields)} field{'s' if len(fields) != 1 else ''}; "
               f"an AWS cron expression has six: {FIELD_NAMES}")
    hint = "e.g. '0 12 * * ? *' runs every day at 12:00"
    if len(fields) == 5:
        # A Unix crontab line. Suggest the AWS form only where the meaning is kept:
        # Unix numbers days of the week 0-6 from Sunday, AWS 1-7.
        candidate = list(fields)
        if candidate[DOW] == "*":
            candidate[DOW] = "?"
        elif candidate[DOM] == "*":
            candidate[DOM] = "?"
        suggestion = " ".join([*candidate, "*"])
        numeric_days = any(c.isdigit() for c in fields[DOW])
        if not numeric_days and not problems(suggestion):
            hint = f"did you mean '{suggestion}'? (AWS adds a year field)"
        else:
            hint = ("add the year field ('*'), write day-of-week as 1-7 (SUN=1) or SUN-SAT, "
                    "and put '?' in day-of-month or day-of-week")
    return CronProblem(Problem.FIELD_COUNT, message, hint)


def _day_field_problems(fields: list[str]) -> list[CronProblem]:
    dom, dow = fields[DOM], fields[DOW]
    if dom == "?" and dow == "?":
        fixed = _with(fields, DOM, "*")
        return [CronProblem(
            Problem.DAY_FIELDS,
            "day-of-month and day-of-week are both '?'; exactly one of them must be '?'",
            f"did you mean '{fixed}'?")]
    if dom != "?" and dow != "?":
        if dow == "*":
            fixed = _with(fields, DOW, "?")
        elif dom == "*":
            fixed = _with(fields, DOM, "?")
        else:
            return [CronProblem(
                Problem.DAY_FIELDS,
                f"day-of-month ({dom}) and day-of-week ({dow}) are both given; AWS cannot "
                "combine them, one must be '?'",
                f"keep one: '{_with(fields, DOW, '?')}' or '{_with(fields, DOM, '?')}'")]
        return [CronProblem(
            Problem.DAY_FIELDS,
            f"neither day-of-month ({dom}) nor day-of-week ({dow}) is '?'; exactly one "
            "of them must be '?'",
            f"did you mean '{fixed}'?")]
    return []


def _with(fields: list[str], index: int, value: str) -> str:
    return " ".join(value if i == index else f for i, f in enumerate(fields))


def field_problems(spec: Field, text: str) -> list[tuple[str, str | None]]:
    """(message, hint) for each problem of one field's `text`.

    Like Quartz, fields are read case-insensitively (`jan`, `mon-fri`, `lw`).
    """
    where = f"{spec.name} field {text!r}"
    allowed = " ".join(spec.wildcards)
    takes = f"{spec.name} takes {spec.shown_values} and the wildcards {allowed}"
    upper = text.upper()
    bare = spec.without_names(upper)
    used = sorted({c for c in bare if c in ",-*?/LW#" and c not in spec.wildcards})
    if used:
        return [(f"{where}: {' '.join(repr(c) for c in used)} "
                 f"{'is' if len(used) == 1 else 'are'} not allowed in {spec.name}", takes)]
    if upper == "?":
        return []
    parts = upper.split(",")
    if "" in parts:
        return [(f"{where}: empty item in a ',' list", "separate values with single commas")]
    if len(parts) > 1:
        for special in ("?", "#", "L", "W"):
            if special in bare:
                return [(f"{where}: '{special}' cannot be combined with other values in "
                         "one field", f"use '{special}' on its own in {spec.name}")]
    return [(f"{where}: {problem}", takes)
            for part in parts if (problem := _item_problem(spec, part)) is not None]


def _item_problem(spec: Field, item: str) -> str | None:
    """What is wrong with one comma-separated, upper-cased item, or None."""
    if item == "*":
        return None
    if "/" in item:
        start, _, step = item.partition("/")
        if not _NUMBER.fullmatch(step):
            return f"the increment after '/' in '{item}' must be a number"
        increment = int(step)
        if not 1 <= increment <= spec.max_increment:
            return f"the increment in '{item}' must be 1 to {spec.max_increment}"
        if start == "*":
            return None
        return _range_problem(spec, start, item)
    if spec.name == "day-of-month":
        if item in ("L", "LW"):
            return None
        if item.endswith("W"):
            return _single_problem(spec, item[:-1], item)
    if spec.name == "day-of-week":
        if item == "L":
            return None
        if item.endswith("L"):
            return _single_problem(spec, item[:-1], item)
        if "#" in item:
            day, _, nth = item.partition("#")
            problem = _single_problem(spec, day, item)
            if problem is not None:
                return problem
            if not (_NUMBER.fullmatch(nth) and 1 <= int(nth) <= 5):
                return f"the number after '#' in '{item}' is the week of the month, 1 to 5"
            return None
    if any(c in spec.without_names(item) for c in "LW#?*"):
        return f"'{item}' is not a valid use of a wildcard"
    return _range_problem(spec, item, item)


def _range_problem(spec: Field, text: str, item: str) -> str | None:
    if "-" in text:
        low, _, high = text.partition("-")
        return _single_problem(spec, low, item) or _single_problem(spec, high, item)
    return _single_problem(spec, text, item)


def _single_problem(spec: Field, token: str, item: str) -> str | None:
    where = "" if token == item else f" in '{item}'"
    if not token:
        return f"'{item}' lacks a value"
    value = spec.value(token)
    if value is None:
        return f"'{token}'{where} is not a value of {spec.name}"
    if not spec.low <= value <= spec.high:
        return f"{value}{where} is outside {spec.low}-{spec.high}"
    return None
