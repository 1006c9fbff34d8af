"""The production guardrail of `drspec diff`: no stateful replacement unless waived.

Replacing (or deleting) a table, bucket, KMS key, backup vault or log group
destroys what it holds. In an environment named `prod*` (as the W7xx
guardrails of `drspec validate` read it) `drspec diff` refuses such a change
unless the new spec waives W703 under `waivers`, with a reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from drspec.codes import rule
from drspec.diff.compare import PlanDiff, ResourceChange

W_STATEFUL_REPLACED = rule(
    "W703", "stateful resource replaced or deleted in production",
    "A change that makes AWS replace a table, bucket, KMS key, backup vault or log group "
    "(for example a new key schema or name) deletes the data it holds. `drspec diff` "
    "refuses it in an environment named prod* unless the spec waives W703 with a reason.",
    source="https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/"
           "using-cfn-updating-stacks-update-behaviors.html",
)


@dataclass(frozen=True)
class Refusal:
    resource: ResourceChange
    environment: str
    #: the waiver's reason when the spec waives W703, else None (refused)
    waived: str | None = None


def is_production(environment: str) -> bool:
    return environment.startswith("prod")


def refusals(diff: PlanDiff) -> list[Refusal]:
    """Each stateful resource the change destroys in a production environment."""
    environment = str(diff.new.get("environment") or "")
    if not is_production(environment):
        return []
    waivers: Mapping[str, str] = {w["rule"]: w["reason"] for w in diff.new.get("waivers") or ()}
    reason = waivers.get(W_STATEFUL_REPLACED)
    return [Refusal(r, environment, reason) for r in diff.resources if r.destroys_data]
