"""The validate pipeline: load -> schema -> model -> semantic checks.

Each phase collects every finding. A document with schema errors is modelled
without the parts the schema rejected (`drspec.schema.accepted`), so the
semantic checks still run on the rest and may trust types there.
This module and everything it imports stay free of Pulumi: `drspec validate`
runs on every commit.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from drspec.codes import E_INTERNAL
from drspec.diagnostics import Diagnostic, Severity, has_errors, sorted_diagnostics
from drspec.load.compose import W_YAML11
from drspec.load.document import Document
from drspec.load.reader import load_file
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
    from drspec.checks import CheckContext, run_checks
    from drspec.schema.diagnose import schema_diagnostics
    from drspec.waivers import waiver_findings

    shown = str(path)
    doc, diags = load_file(path)
    result = Result(shown, diags, doc)
    if doc is None or has_errors(diags):
        return _finish(result, strict)
    schema_diags = schema_diagnostics(doc)
    result.diagnostics += schema_diags
    if has_errors(schema_diags):
        result.diagnostics += _checks_on_accepted_part(doc, schema_diags, shown)
        return _finish(result, strict)
    spec = build_model(doc.data, shown)
    result.spec = spec
    result.diagnostics += run_checks(spec, doc)
    result.diagnostics += waiver_findings(CheckContext(spec, doc))
    if spec.objectives is not None and not has_errors(result.diagnostics):
        # Unmet objectives are warnings here; `drspec assess` reports them as errors.
        from drspec.assess.engine import assess, diagnostics

        result.diagnostics += diagnostics(assess(spec), doc, Severity.WARNING)
    return _finish(result, strict)


def _checks_on_accepted_part(doc: Document, schema_diags: list[Diagnostic],
                             shown: str) -> list[Diagnostic]:
    """The semantic findings on what the schema accepted, so that one run shows all
    that can be known; findings only about the rejected parts are left out."""
    from drspec.checks import run_checks
    from drspec.schema.accepted import accepted_part, is_follow_on

    accepted = accepted_part(doc, schema_diags)
    if accepted is None:
        return []
    spec = build_model(accepted.document.data, shown)
    found = run_checks(spec, accepted.document)
    return [d for d in found if not is_follow_on(d, accepted, doc.data)]


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


def check_safely(file: str, *, strict: bool = False,
                 debug: bool = False) -> tuple[Result | None, list[Diagnostic]]:
    """`check`, with a crash inside drspec turned into a located `E000` finding.

    Bad input must never end in a traceback. Should a phase still raise, the
    user gets a finding naming the exception (and the traceback with `debug`,
    `drspec --debug`) instead of losing the findings of other files.
    """
    try:
        result = check(file, strict=strict)
    except Exception as exc:  # reported as a finding
        if debug or os.environ.get("DRSPEC_DEBUG"):
            traceback.print_exc()
        text = str(exc)
        described = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
        return None, [Diagnostic(
            E_INTERNAL, Severity.ERROR,
            f"drspec failed while checking this file: {described}", file, 1, 1,
            "this is a bug in drspec; rerun with `drspec --debug` for the traceback and report it",
        )]
    return result, result.diagnostics


def validate(path: str | Path, *, strict: bool = False) -> list[Diagnostic]:
    """Every diagnostic for the spec at `path`, sorted by position."""
    return check(path, strict=strict).diagnostics


def validated(path: str) -> tuple[Result | None, list[Diagnostic]]:
    """(the valid result, []) or (None, the diagnostics that make the spec invalid).

    Commands that read the typed model (`assess`, `runbook`) run the whole
    pipeline first and stop on errors, printing what `drspec validate` would.
    Exceptions propagate: they are bugs in drspec, reported by `drspec.cli`.
    """
    result = check(path)  # a crash is a bug in drspec: `drspec.cli` reports it
    if has_errors(result.diagnostics) or result.spec is None or result.document is None:
        return None, result.diagnostics
    return result, []
