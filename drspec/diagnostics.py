"""The one error type of drspec: a located, coded finding about a spec.

Every phase (loading, schema, semantic checks, assessment) reports
`Diagnostic`s; none raises for bad input. Phases collect all they find and the
pipeline stops only between phases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

PathPart = str | int
SpecPath = tuple[PathPart, ...]


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One finding. `line` and `col` are 1-based; `path` is the JSON path in the spec."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int = 1
    col: int = 1
    hint: str | None = None
    path: SpecPath = field(default=())

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.col, self.code, self.message)

    def promoted(self) -> Diagnostic:
        """The same finding as an error (for `--strict`)."""
        return replace(self, severity=Severity.ERROR)

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "path": format_path(self.path),
        }


def format_path(path: SpecPath) -> str:
    """`("tables", "orders", "billing")` -> `tables.orders.billing`, lists as `[i]`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    unique = {(d.sort_key(), d.path, d.hint): d for d in diagnostics}
    return sorted(unique.values(), key=lambda d: d.sort_key())
