"""Plain text in the compiler convention editors, CI logs and pre-commit understand.

    specs/dev.yaml:12:3: error[E101] 'cidr' is required
        hint: add 'cidr: 10.0.0.0/16' under 'network'
"""

from __future__ import annotations

from collections.abc import Sequence

from drspec.diagnostics import Diagnostic, sorted_diagnostics

HINT_INDENT = "    "


def format_diagnostic(d: Diagnostic) -> str:
    """One finding: `FILE:LINE:COL: SEVERITY[CODE] message`, then its hint if any.

    Continuation lines are indented, so every line that starts at column one
    is a located finding (what editors and CI log parsers look for).
    """
    head = f"{d.file}:{d.line}:{d.col}: {d.severity.value}[{d.code}] {_indented(d.message)}"
    if d.hint:
        return f"{head}\n{HINT_INDENT}hint: {_indented(d.hint)}"
    return head


def _indented(text: str) -> str:
    return "\n".join(text.splitlines()).replace("\n", "\n" + HINT_INDENT)


def render(diagnostics: Sequence[Diagnostic]) -> str:
    lines = [format_diagnostic(d) for d in sorted_diagnostics(diagnostics)]
    return "".join(line + "\n" for line in lines)


def summary(diagnostics: Sequence[Diagnostic], files: int,
            files_with_findings: int | None = None) -> str:
    """`2 errors, 1 warning in 1 of 3 files` or `3 files checked, no problems`.

    `files_with_findings` counts the files checked that had findings; a finding
    located in a base spec (`extends`) counts for the spec that was checked. It
    defaults to the number of files the findings name.
    """
    checked = f"{files} file{'s' if files != 1 else ''}"
    if not diagnostics:
        return f"{checked} checked, no problems"
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    with_findings = files_with_findings
    if with_findings is None:
        with_findings = len({d.file for d in diagnostics})
    parts = [_count(errors, "error"), _count(warnings, "warning")]
    return f"{', '.join(parts)} in {with_findings} of {checked}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"
