"""Guardrails: security and safety posture warnings (W7xx) and waiver checks.

Warnings do not fail `drspec validate` unless `--strict`; an environment may
waive one deliberately with a `waivers` entry (the pipeline marks waived
warnings). A waiver must name a warning drspec knows, or it would silently
waive nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.checks.suggest import nearest
from drspec.codes import RULES, all_rules, rule
from drspec.diagnostics import Diagnostic, Severity

W_CORS = rule("W701", "any origin allowed in production",
              "CORS allow_origins '*' lets every web page call a production API from a "
              "browser.")
W_UNPROTECTED = rule("W702", "stateful resources unprotected in production",
                     "protect: false lets `pulumi destroy` or a replacement delete tables, "
                     "buckets and backup vaults of a production environment.")
E_WAIVER = rule("E701", "waiver names no known warning",
                "A waiver's rule is the code of a drspec warning (W...).")


def is_production(environment: str) -> bool:
    return environment.startswith("prod")


@check
def production_cors(ctx: CheckContext) -> Iterator[Diagnostic]:
    api = ctx.spec.api
    if api is None or api.cors is None or not is_production(ctx.spec.environment):
        return
    for i, origin in enumerate(api.cors.allow_origins):
        if origin == "*":
            yield ctx.warning(
                W_CORS, f"environment {ctx.spec.environment!r} allows CORS requests from any "
                "origin", ("api", "cors", "allow_origins", i),
                "list the origins that may call the API (https://app.example.com)")


@check
def production_protected(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not ctx.spec.protect and is_production(ctx.spec.environment):
        yield ctx.warning(
            W_UNPROTECTED, f"protect: false in environment {ctx.spec.environment!r}: tables, "
            "buckets and backup vaults can be deleted by a deployment", ("protect",),
            "remove protect: false (protection is on by default)")


def warning_codes() -> list[str]:
    """Every registered warning code (importing every module that registers some)."""
    import drspec.assess  # noqa: F401  (the unmet-objective warnings validate reports)

    return [r.code for r in all_rules() if r.severity is Severity.WARNING]


@check
def waivers_name_warnings(ctx: CheckContext) -> Iterator[Diagnostic]:
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
