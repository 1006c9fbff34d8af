"""One golden-file comparison for plans and runbooks.

Without `DRSPEC_ACCEPT` a difference fails with a readable unified diff; with
it, the golden file is rewritten (review and commit the diff).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
MAX_DIFF_LINES = 200


def accepting() -> bool:
    return bool(os.environ.get("DRSPEC_ACCEPT"))


def assert_matches_golden(actual: str, golden: Path, what: str) -> None:
    """`actual` equals the golden file (or rewrites it when accepting); `what`
    names the compared output in the failure message."""
    if accepting():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert golden.is_file(), f"no golden {golden}; run with DRSPEC_ACCEPT=1 to create it"
    expected = golden.read_text(encoding="utf-8")
    if actual == expected:
        return
    diff = list(difflib.unified_diff(
        expected.splitlines(), actual.splitlines(),
        fromfile=f"tests/golden/{golden.name}", tofile=what, lineterm=""))
    shown = "\n".join(diff[:MAX_DIFF_LINES])
    if len(diff) > MAX_DIFF_LINES:
        shown += f"\n... {len(diff) - MAX_DIFF_LINES} more diff lines"
    pytest.fail(f"{what} differs from its golden (intended? rerun with DRSPEC_ACCEPT=1):\n"
                f"{shown}", pytrace=False)
