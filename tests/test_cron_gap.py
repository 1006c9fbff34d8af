"""The longest gap between runs of an AWS cron schedule (a backup's RPO)."""

from __future__ import annotations

import pytest

from drspec.checks.cron.gap import longest_gap_seconds

HOUR = 3600
DAY = 24 * HOUR


@pytest.mark.parametrize(("expression", "gap"), [
    ("0 3 * * ? *", DAY),  # daily
    ("0 */6 * * ? *", 6 * HOUR),
    ("15,45 * * * ? *", 30 * 60),
    ("0 22-2 * * ? *", 20 * HOUR),  # a range wrapping past midnight: 02:00 -> 22:00
    ("0 3 ? * MON-FRI *", 3 * DAY),  # Friday -> Monday
    ("0 3 ? * 2 *", 7 * DAY),  # Mondays (1 = SUN)
    ("0 3 ? * mon *", 7 * DAY),  # names in any case
    ("0 0 1 * ? *", 31 * DAY),  # monthly: the longest month
    ("0 0 L * ? *", 31 * DAY),
    ("0 0 ? * 6#3 *", 35 * DAY),  # the third Friday
    ("0 0 1 JAN,JUL ? *", 184 * DAY),  # July 1 -> January 1
    ("0 0 1 1 ? *", 366 * DAY),  # yearly, across a leap year
])
def test_longest_gap(expression: str, gap: int) -> None:
    assert longest_gap_seconds(expression) == gap


def test_a_schedule_that_never_runs_has_no_gap() -> None:
    assert longest_gap_seconds("0 0 30 2 ? *") is None  # February 30


@pytest.mark.parametrize(("expression", "gap"), [
    ("0 0 15W * ? *", 32 * DAY),  # 15th on a weekday, then a Sunday 15th: the 16th
    ("0 0 LW * ? *", 33 * DAY),
    ("0 0 ? * 6L *", 35 * DAY),  # the last Friday
])
def test_quartz_forms(expression: str, gap: int) -> None:
    assert longest_gap_seconds(expression) == gap
