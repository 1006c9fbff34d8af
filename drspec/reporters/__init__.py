"""Output formats for diagnostics: each reporter turns a list of `Diagnostic`s into text.

`REPORTERS` maps a format name (`drspec validate --format NAME`) to its
reporter. Every reporter sorts what it is given, so the same findings always
print the same way whatever order the phases produced them in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from drspec.diagnostics import Diagnostic
from drspec.reporters import github, json_report, sarif, text

Reporter = Callable[[Sequence[Diagnostic]], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": json_report.render,
    "sarif": sarif.render,
    "github": github.render,
}


def render(fmt: str, diagnostics: Sequence[Diagnostic]) -> str:
    """The report of `diagnostics` in format `fmt` (a key of `REPORTERS`)."""
    return REPORTERS[fmt](diagnostics)


__all__ = ["REPORTERS", "Reporter", "render"]
