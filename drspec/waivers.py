"""Waivers: a spec may waive a warning deliberately, with a reason.

A waiver must name a warning drspec knows, or it would silently waive nothing;
that needs every declared rule, so this runs in the pipeline after the checks,
not as a check of its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from drspec.checks import CheckContext
from drspec.checks.suggest import nearest
from drspec.codes import RULES, rule
from drspec.diagnostics import Diagnostic

E_WAIVER = rule("E701", "waiver names no known warning",
                "A waiver's rule is the code of a drspec warning (W...).")


def waiver_findings(ctx: CheckContext) -> Iterator[Diagnostic]:
    """An error for each waiver that names an error code or no code at all."""
    from drspec.catalog import warning_codes

    if not ctx.spec.waivers:
        return
    warnings = warning_codes()
    for i, waiver in enumerate(ctx.spec.waivers):
        code = waiver.rule
        if code in warnings:
            continue
        path = ("waivers", i, "rule")
        known = RULES.get(code)
        if known is not None:
            yield ctx.error(E_WAIVER, f"{code} ({known.title}) is an error; only warnings can "
                            "be waived", path, "fix the error instead of waiving it")
            continue
        match = nearest(code, warnings)
        hint = (f"did you mean {match} ({RULES[match].title})?" if match
                else "warning codes: " + ", ".join(warnings))
        yield ctx.error(E_WAIVER, f"waiver names {code!r}, which is no drspec warning", path,
                        hint)
