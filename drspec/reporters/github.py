"""GitHub Actions workflow commands: each finding becomes an annotation on its line.

    ::error file=specs/dev.yaml,line=12,col=3,title=E101::'cidr' is required

Escaping follows the Actions toolkit (`@actions/core` `command.ts`): in the
message `%`, CR and LF are percent-encoded; in property values `:` and `,`
are too, since they separate properties.
"""

from __future__ import annotations

from collections.abc import Sequence

from drspec.diagnostics import Diagnostic, sorted_diagnostics


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_diagnostic(d: Diagnostic) -> str:
    props = {"file": d.file, "line": str(d.line), "col": str(d.col), "title": d.code}
    shown = ",".join(f"{key}={escape_property(value)}" for key, value in props.items())
    message = f"{d.message}\nhint: {d.hint}" if d.hint else d.message
    return f"::{d.severity.value} {shown}::{escape_data(message)}"


def render(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(format_diagnostic(d) + "\n" for d in sorted_diagnostics(diagnostics))
