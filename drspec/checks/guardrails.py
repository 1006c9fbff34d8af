"""Guardrails: security and safety posture warnings (W7xx).

Warnings do not fail `drspec validate` unless `--strict`; an environment may
waive one deliberately with a `waivers` entry (`drspec.waivers`).
"""

from __future__ import annotations

from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.codes import rule
from drspec.diagnostics import Diagnostic

W_CORS = rule("W701", "any origin allowed in production",
              "CORS allow_origins '*' lets every web page call a production API from a "
              "browser.")
W_UNPROTECTED = rule("W702", "stateful resources unprotected in production",
                     "protect: false lets `pulumi destroy` or a replacement delete tables, "
                     "buckets and backup vaults of a production environment.")


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
