"""Golden plans: every shipped spec's captured plan, byte for byte.

A change to what a spec compiles to shows up here as a diff a reviewer can
read. When the change is intended, rewrite the goldens with

    DRSPEC_ACCEPT=1 python -m pytest tests/test_golden.py

and commit them with the change.
"""

from __future__ import annotations

import pytest
from golden_support import GOLDEN, accepting, assert_matches_golden
from plan_support import REPO, SHIPPED, shipped_plan


def test_every_shipped_spec_has_a_golden() -> None:
    shipped = sorted(p.stem for p in (REPO / "specs").glob("*.yaml"))
    assert shipped == sorted(SHIPPED)
    if not accepting():
        assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_plan_matches_golden(name: str) -> None:
    assert_matches_golden(shipped_plan(name).to_json(), GOLDEN / f"{name}.json",
                          f"the plan of specs/{name}.yaml")
