"""A plan diff for people (`text`) and machines (`json`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from drspec.diff.compare import ABSENT, Action, InputChange, PlanDiff, ResourceChange
from drspec.diff.guardrail import W_STATEFUL_REPLACED, Refusal

_MARK = {Action.ADD: "+", Action.REMOVE: "-", Action.UPDATE: "~",
         Action.MAY_REPLACE: "±", Action.REPLACE: "±"}
_WORD = {Action.ADD: "add", Action.REMOVE: "delete", Action.UPDATE: "update",
         Action.MAY_REPLACE: "update (may replace)", Action.REPLACE: "REPLACE"}
MAX_VALUE = 120


def summary(diff: PlanDiff) -> str:
    if diff.equal:
        return "no changes"
    parts = [f"{diff.count(Action.ADD)} to add", f"{diff.count(Action.REMOVE)} to delete",
             f"{diff.count(Action.UPDATE, Action.MAY_REPLACE)} to update",
             f"{diff.count(Action.REPLACE)} to replace"]
    risky = sum(r.destroys_data for r in diff.resources)
    if risky:
        parts.append(f"{risky} stateful destroyed")
    return ", ".join(parts)


def render_text(diff: PlanDiff, old: str, new: str, refused: Sequence[Refusal]) -> str:
    lines = [f"--- {old}", f"+++ {new}"]
    for resource in diff.resources:
        lines += _resource_lines(resource)
    for refusal in refused:
        lines.append(_refusal_line(refusal))
    lines.append(summary(diff))
    return "\n".join(lines) + "\n"


def _resource_lines(resource: ResourceChange) -> list[str]:
    named = f" ({resource.physical_name})" if resource.physical_name else ""
    lines = [f"{_MARK[resource.action]} {_WORD[resource.action]} {resource.type} "
             f"{resource.name}{named}"]
    lines += [f"    {_change_line(c)}" for c in resource.changes]
    if resource.data_at_risk:
        lines.append(f"    data at risk: {resource.data_at_risk}")
    return lines


def _change_line(change: InputChange) -> str:
    text = f"{change.input}: {_value(change.old)} → {_value(change.new)}"
    if change.replacement is not None:
        word = "forces replacement" if change.replacement.value == "replace" else "may replace"
        text += f"  [{word}: {change.source}]"
    return text


def _value(value: Any) -> str:
    if value is ABSENT:
        return "(not set)"
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _refusal_line(refusal: Refusal) -> str:
    r = refusal.resource
    what = "replaced" if r.action is Action.REPLACE else "deleted"
    head = (f"{'warning' if refusal.waived else 'error'}[{W_STATEFUL_REPLACED}] "
            f"{r.type} {r.name} would be {what} in environment {refusal.environment!r}, "
            "destroying its data")
    if refusal.waived:
        return f"{head} (waived: {refusal.waived})"
    return (f"{head}\n    hint: keep the inputs that force replacement, or add "
            f"`waivers: [{{rule: {W_STATEFUL_REPLACED}, reason: ...}}]` to the spec")


def render_json(diff: PlanDiff, old: str, new: str, refused: Sequence[Refusal]) -> str:
    data = {
        "old": old,
        "new": new,
        "equal": diff.equal,
        "summary": {action.value: diff.count(action) for action in Action},
        "resources": [r.to_dict() for r in diff.resources],
        "refusals": [{"code": W_STATEFUL_REPLACED, "urn": f.resource.urn,
                      "environment": f.environment, "waived": f.waived} for f in refused],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
