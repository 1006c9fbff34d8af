"""Golden plans: every shipped spec's captured plan, byte for byte.

A change to what a spec compiles to shows up here as a diff a reviewer can
read. When the change is intended, rewrite the goldens with

    DRSPEC_ACCEPT=1 python -m pytest tests/test_golden.py

and commit them with the change.
"""

from __future__ import annotations

import difflib
import os

import pytest
from plan_support import REPO, SHIPPED, shipped_plan

GOLDEN = REPO / "tests" / "golden"
MAX_DIFF_LINES = 200


def test_every_shipped_spec_has_a_golden() -> None:
    shipped = sorted(p.stem for p in (REPO / "specs").glob("*.yaml"))
    assert shipped == sorted(SHIPPED)
    if not os.environ.get("DRSPEC_ACCEPT"):
        assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_plan_matches_golden(name: str) -> None:
    actual = shipped_plan(name).to_json()
    golden = GOLDEN / f"{name}.json"
    if os.environ.get("DRSPEC_ACCEPT"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert golden.is_file(), f"no golden plan {golden}; run with DRSPEC_ACCEPT=1 to create it"
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = list(difflib.unified_diff(
            expected.splitlines(), actual.splitlines(),
            fromfile=f"tests/golden/{name}.json", tofile=f"plan of specs/{name}.yaml",
            lineterm="",
        ))
        shown = "\n".join(diff[:MAX_DIFF_LINES])
        more = len(diff) - MAX_DIFF_LINES
        if more > 0:
            shown += f"\n... {more} more diff lines"
        pytest.fail(
            f"the plan of specs/{name}.yaml differs from its golden "
            f"(intended? rerun with DRSPEC_ACCEPT=1):\n{shown}",
            pytrace=False,
        )
