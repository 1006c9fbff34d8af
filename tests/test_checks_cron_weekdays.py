"""W330: numeric days of the week, shown in the named form AWS gives them."""

from __future__ import annotations

import pytest

from drspec.checks.cron_weekdays import named


@pytest.mark.parametrize(("field", "aws", "monday_first"), [
    ("1-5", "SUN-THU", "MON-FRI"),
    ("1,7", "SUN,SAT", "MON,SUN"),
    ("2-6", "MON-FRI", "TUE-SAT"),
    ("1-7/2", "SUN-SAT/2", "MON-SUN/2"),
    ("MON-FRI", "MON-FRI", "MON-FRI"),
    ("*", "*", "*"),
])
def test_day_numbers_are_named(field: str, aws: str, monday_first: str) -> None:
    assert named(field) == aws
    assert named(field, monday_first=True) == monday_first
