"""Validate a spec before a command uses its model (`assess`, `runbook`).

Commands that read the typed model run the whole validate pipeline first and
stop on errors, printing what `drspec validate` would. A crash inside drspec
becomes a located `E000` finding, as in `validate`.
"""

from __future__ import annotations

from drspec.diagnostics import Diagnostic, has_errors
from drspec.pipeline import Result


def validated(path: str) -> tuple[Result | None, list[Diagnostic]]:
    """(the valid result, []) or (None, the diagnostics that make the spec invalid)."""
    from drspec.commands.validate import check_file
    from drspec.pipeline import check

    try:
        result = check(path)
    except Exception:  # reported as a finding by check_file, like validate does
        return None, list(check_file(path, strict=False))
    if has_errors(result.diagnostics) or result.spec is None or result.document is None:
        return None, result.diagnostics
    return result, []
