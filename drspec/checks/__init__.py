"""Semantic checks: what the JSON Schema cannot say.

Each check is a small function in a module of this package, registered with
`@check`; it receives a `CheckContext` (the typed spec plus the loaded
document, for positions) and yields diagnostics built with `ctx.error` /
`ctx.warning`, which locate a spec path in the file. Codes are registered in
`drspec.codes` next to the check that emits them.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from drspec.diagnostics import Diagnostic, Severity, SpecPath
from drspec.load.document import Document
from drspec.model import Spec


@dataclass(frozen=True)
class CheckContext:
    spec: Spec
    doc: Document

    def diagnostic(self, code: str, severity: Severity, message: str, path: SpecPath,
                   hint: str | None = None, *, key: bool = False) -> Diagnostic:
        loc = self.doc.locate(path, key=key)
        return Diagnostic(code, severity, message, loc.file, loc.line, loc.col, hint, tuple(path))

    def error(self, code: str, message: str, path: SpecPath, hint: str | None = None, *,
              key: bool = False) -> Diagnostic:
        return self.diagnostic(code, Severity.ERROR, message, path, hint, key=key)

    def warning(self, code: str, message: str, path: SpecPath, hint: str | None = None, *,
                key: bool = False) -> Diagnostic:
        return self.diagnostic(code, Severity.WARNING, message, path, hint, key=key)


Check = Callable[[CheckContext], Iterable[Diagnostic]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    """Register a semantic check."""
    CHECKS.append(fn)
    return fn


def _load_all() -> None:
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        importlib.import_module(f"{__name__}.{info.name}")


def run_checks(spec: Spec, doc: Document) -> list[Diagnostic]:
    ctx = CheckContext(spec, doc)
    out: list[Diagnostic] = []
    for fn in CHECKS:
        out.extend(fn(ctx))
    return out


def iter_checks() -> Iterator[Check]:
    return iter(CHECKS)


_load_all()
