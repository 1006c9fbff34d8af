"""The validate pipeline: load -> schema -> model -> semantic checks.

Each phase collects every finding; the pipeline stops only between phases
(a document with schema errors is not modelled, so checks may trust types).
This module and everything it imports stay free of Pulumi: `drspec validate`
runs on every commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from drspec.diagnostics import Diagnostic, Severity, has_errors, sorted_diagnostics
from drspec.loader import W_YAML11, Document, load_file
from drspec.model import Spec, build_model


@dataclass
class Result:
    """What validating one spec file produced."""

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    document: Document | None = None
    spec: Spec | None = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def check(path: str | Path, *, strict: bool = False) -> Result:
    """Validate one spec file; `strict` turns unwaived warnings into errors."""
    from drspec.checks import run_checks
    from drspec.schema import schema_diagnostics

    shown = str(path)
    doc, diags = load_file(path)
    result = Result(shown, diags, doc)
    if doc is None or has_errors(diags):
        return _finish(result, strict)
    schema_diags = schema_diagnostics(doc)
    result.diagnostics += schema_diags
    if has_errors(schema_diags):
        return _finish(result, strict)
    spec = build_model(doc.data, shown)
    result.spec = spec
    result.diagnostics += run_checks(spec, doc)
    if spec.objectives is not None and not has_errors(result.diagnostics):
        # Unmet objectives are warnings here; `drspec assess` reports them as errors.
        from drspec.assess import assess, diagnostics

        result.diagnostics += diagnostics(assess(spec), doc, Severity.WARNING)
    return _finish(result, strict)


def _finish(result: Result, strict: bool) -> Result:
    diags = result.diagnostics
    # A YAML 1.1 warning is redundant where an error already points at the value.
    error_paths = {d.path for d in diags if d.is_error}
    diags = [d for d in diags if not (d.code == W_YAML11 and d.path in error_paths)]
    waivers = {w.rule: w.reason for w in result.spec.waivers} if result.spec else {}
    out = []
    for d in diags:
        if d.severity is Severity.WARNING and d.code in waivers:
            d = replace(d, message=f"{d.message} (waived: {waivers[d.code]})")
        elif strict and d.severity is Severity.WARNING:
            d = d.promoted()
        out.append(d)
    result.diagnostics = sorted_diagnostics(out)
    return result


def validate(path: str | Path, *, strict: bool = False) -> list[Diagnostic]:
    """Every diagnostic for the spec at `path`, sorted by position."""
    return check(path, strict=strict).diagnostics
