"""The longest gap between two runs of a six-field AWS cron schedule.

A backup's recovery point objective is the longest time between two recovery
points, so `drspec assess` needs the longest gap between runs of the backup
plan's schedule (`0 3 * * ? *` -> one day). Rather than reason about every
combination of fields, the schedule is expanded over a fixed eight-year window
(two leap years, every weekday on every date) and the gaps measured; the
window is fixed so the answer never depends on today's date.

Expressions reaching this module have passed `drspec validate` (the grammar is
checked in `drspec.checks.cron.grammar`). The year field is ignored: a schedule is
read as recurring. The Quartz forms AWS documents are honoured: `L`, `LW`,
`15W` in day-of-month; `L`, `6L`, `3#2` in day-of-week (1 = SUN).

`runs_ever` answers whether a schedule can run at all (`0 3 30 2 ? *`, Feb 30,
never does); it does read the year field.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache
from itertools import pairwise

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
_WINDOW_START = date(2024, 1, 1)
_WINDOW_YEARS = 8
_MINUTES_PER_DAY = 24 * 60
_FIRST_YEAR, _LAST_YEAR = 1970, 2199  # the years AWS cron accepts


def longest_gap_seconds(expression: str) -> int | None:
    """Seconds between the two runs furthest apart, or None when it runs at most once."""
    fields = expression.upper().split()
    minutes = _values(fields[0], 0, 59)
    hours = _values(fields[1], 0, 23)
    months = _values(fields[3], 1, 12, _MONTHS)
    times = sorted(h * 60 + m for h in hours for m in minutes)
    runs: list[int] = []
    day = _WINDOW_START
    end = date(_WINDOW_START.year + _WINDOW_YEARS, 1, 1)
    while day < end:
        if day.month in months and _day_matches(fields[2], fields[4], day):
            base = (day - _WINDOW_START).days * _MINUTES_PER_DAY
            runs.extend(base + t for t in times)
        day += timedelta(days=1)
    if len(runs) < 2:
        return None
    return max(b - a for a, b in pairwise(runs)) * 60


@cache
def runs_ever(expression: str) -> bool:
    """Whether some date in the years the expression allows matches its day and month fields.

    Which dates match depends on the year only through whether it is a leap year and
    the weekday of January 1, so one year of each of those (at most fourteen) kinds
    among the allowed years is searched. Hours and minutes always allow some time.
    """
    fields = expression.upper().split()
    dom, month_field, dow, year_field = fields[2], fields[3], fields[4], fields[5]
    months = sorted(_values(month_field, 1, 12, _MONTHS))
    kinds: set[tuple[bool, int]] = set()
    for year in sorted(_values(year_field, _FIRST_YEAR, _LAST_YEAR)):
        kind = (calendar.isleap(year), date(year, 1, 1).weekday())
        if kind in kinds:
            continue
        kinds.add(kind)
        for month in months:
            last = calendar.monthrange(year, month)[1]
            if any(_day_matches(dom, dow, date(year, month, day)) for day in range(1, last + 1)):
                return True
    return False


def field_values(text: str, low: int, high: int, names: tuple[str, ...] = ()) -> frozenset[int]:
    """Every value an upper-cased plain field (no `L`, `W`, `#`) stands for."""
    return _values(text, low, high, names)


@cache
def _values(text: str, low: int, high: int, names: tuple[str, ...] = ()) -> frozenset[int]:
    """Every value a plain field (`*`, lists, ranges, steps, names) stands for."""
    out: set[int] = set()
    for item in text.split(","):
        start_text, _, step_text = item.partition("/")
        step = int(step_text) if step_text else 1
        if start_text in ("*", "?"):
            first, last = low, high
        elif "-" in start_text:
            a, _, b = start_text.partition("-")
            first, last = _number(a, names, low), _number(b, names, low)
        else:
            first = _number(start_text, names, low)
            last = high if step_text else first
        span = (last - first) % (high - low + 1)  # a range may wrap around (22-2)
        out.update(low + (first - low + i) % (high - low + 1) for i in range(0, span + 1, step))
    return frozenset(out)


def _number(token: str, names: tuple[str, ...], low: int) -> int:
    return low + names.index(token) if token in names else int(token)


def _aws_weekday(day: date) -> int:
    """1 = Sunday ... 7 = Saturday, as AWS cron numbers days of the week."""
    return (day.weekday() + 1) % 7 + 1


def _day_matches(dom: str, dow: str, day: date) -> bool:
    if dom != "?":
        return _dom_matches(dom, day)
    return _dow_matches(dow, day)


def _dom_matches(field: str, day: date) -> bool:
    last = calendar.monthrange(day.year, day.month)[1]
    if field == "L":
        return day.day == last
    if field == "LW":
        return day == _nearest_weekday(day.replace(day=last))
    if field.endswith("W"):
        return day == _nearest_weekday(day.replace(day=min(int(field[:-1]), last)))
    return day.day in _values(field, 1, 31)


def _nearest_weekday(target: date) -> date:
    """Quartz `W`: the weekday nearest `target`, without leaving its month."""
    last = calendar.monthrange(target.year, target.month)[1]
    weekday = target.weekday()  # Monday = 0
    if weekday == 5:  # Saturday: the Friday before, or the Monday after on the 1st
        return target + timedelta(days=2) if target.day == 1 else target - timedelta(days=1)
    if weekday == 6:  # Sunday: the Monday after, or the Friday before on the last day
        return target - timedelta(days=2) if target.day == last else target + timedelta(days=1)
    return target


def _dow_matches(field: str, day: date) -> bool:
    weekday = _aws_weekday(day)
    last = calendar.monthrange(day.year, day.month)[1]
    if field == "L":
        return weekday == 7
    if field.endswith("L"):
        return weekday == _number(field[:-1], _DAYS, 1) and day.day > last - 7
    if "#" in field:
        which, _, nth = field.partition("#")
        return weekday == _number(which, _DAYS, 1) and (day.day - 1) // 7 + 1 == int(nth)
    return weekday in _values(field, 1, 7, _DAYS)
