"""Two plans compared: resources added, removed and changed, input by input.

Plans are compared in their JSON form (`drspec plan --format json`), so a
saved plan and a freshly compiled spec compare alike. A resource is the same
resource when its URN is the same apart from the stack (the URN holds the
logical name and type: a renamed logical name is a removal plus an addition,
which is also what Pulumi does; ignoring the stack lets two environments be
compared). Inputs are compared leaf by leaf through nested maps; lists
compare as a whole.

A changed resource is a replacement when one of its changed inputs forces one
(`drspec.diff.replacement`); a replaced or removed stateful resource names the
data at risk.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from drspec.diff.replacement import (
    CompoundRule,
    Replacement,
    TypeRule,
    is_stateful,
    rule_for,
)

#: resource options compared beside the inputs (shown as `(protect)` and so on)
OPTIONS = ("protect", "retain_on_delete", "ignore_changes")


class Absent:
    """The value of an input a plan does not set."""

    def __repr__(self) -> str:
        return "(not set)"


ABSENT = Absent()


class Action(Enum):
    ADD = "add"
    REMOVE = "remove"
    UPDATE = "update"
    MAY_REPLACE = "may_replace"
    REPLACE = "replace"


@dataclass(frozen=True)
class InputChange:
    """One input (or option) whose value differs."""

    input: str
    old: Any
    new: Any
    replacement: Replacement | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input,
            "old": None if self.old is ABSENT else self.old,
            "new": None if self.new is ABSENT else self.new,
            "old_set": self.old is not ABSENT,
            "new_set": self.new is not ABSENT,
            "replacement": self.replacement.value if self.replacement else None,
            "source": self.source,
        }


@dataclass(frozen=True)
class ResourceChange:
    urn: str
    type: str
    name: str
    action: Action
    stateful: bool
    physical_name: str | None = None
    changes: tuple[InputChange, ...] = ()
    data_at_risk: str | None = None

    @property
    def destroys_data(self) -> bool:
        """A stateful resource is deleted or certainly replaced."""
        return self.stateful and self.action in (Action.REMOVE, Action.REPLACE)

    def to_dict(self) -> dict[str, Any]:
        return {
            "urn": self.urn,
            "type": self.type,
            "name": self.name,
            "physical_name": self.physical_name,
            "action": self.action.value,
            "stateful": self.stateful,
            "data_at_risk": self.data_at_risk,
            "changes": [c.to_dict() for c in self.changes],
        }


@dataclass(frozen=True)
class PlanDiff:
    old: Mapping[str, Any]  # the `spec` summaries of the two plans
    new: Mapping[str, Any]
    resources: tuple[ResourceChange, ...] = field(default=())

    @property
    def equal(self) -> bool:
        return not self.resources

    def count(self, *actions: Action) -> int:
        return sum(r.action in actions for r in self.resources)


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> PlanDiff:
    """Compare two plans in their JSON form (`{"spec", "resources", "outputs"}`)."""
    before = {identity(r["urn"]): r for r in old["resources"]}
    after = {identity(r["urn"]): r for r in new["resources"]}
    changes: list[ResourceChange] = []
    for key in sorted(before.keys() | after.keys()):
        if key not in after:
            changes.append(_whole(before[key], Action.REMOVE))
        elif key not in before:
            changes.append(_whole(after[key], Action.ADD))
        else:
            changed = _changed(before[key], after[key])
            if changed is not None:
                changes.append(changed)
    return PlanDiff(dict(old.get("spec") or {}), dict(new.get("spec") or {}), tuple(changes))


def identity(urn: str) -> str:
    """A URN without its stack: `urn:pulumi:prod::drspec::T::name` -> `drspec::T::name`."""
    parts = urn.split("::")
    return "::".join(parts[1:]) if len(parts) >= 4 else urn


def _whole(resource: Mapping[str, Any], action: Action) -> ResourceChange:
    stateful = is_stateful(resource["type"])
    found = rule_for(resource["type"])
    risk = found.data_at_risk if stateful and found and action is Action.REMOVE else None
    return ResourceChange(resource["urn"], resource["type"], resource["name"], action,
                          stateful, physical_name(resource), data_at_risk=risk)


def _changed(old: Mapping[str, Any], new: Mapping[str, Any]) -> ResourceChange | None:
    found = rule_for(new["type"])
    changes: list[InputChange] = []
    for name in OPTIONS:
        if old.get(name) != new.get(name):
            changes.append(InputChange(f"({name})", old.get(name, ABSENT), new.get(name, ABSENT)))
    old_inputs = dict(flatten(old.get("inputs") or {}))
    new_inputs = dict(flatten(new.get("inputs") or {}))
    compound = _compound_rules(found, old.get("inputs") or {}, new.get("inputs") or {})
    for path in sorted(old_inputs.keys() | new_inputs.keys()):
        was, now = old_inputs.get(path, ABSENT), new_inputs.get(path, ABSENT)
        if was == now:
            continue
        verdict = found.verdict(path) if found else None
        verdict = verdict or next(((Replacement.REPLACE, c.source) for c in compound
                                   if c.covers(path)), None)
        kind, source = verdict if verdict else (None, None)
        changes.append(InputChange(path, was, now, kind, source))
    if not changes:
        return None
    kinds = {c.replacement for c in changes}
    action = (Action.REPLACE if Replacement.REPLACE in kinds
              else Action.MAY_REPLACE if Replacement.MAY_REPLACE in kinds else Action.UPDATE)
    stateful = found is not None and found.stateful
    risk = found.data_at_risk if stateful and found and action is not Action.UPDATE else None
    return ResourceChange(new["urn"], new["type"], new["name"], action, stateful,
                          physical_name(old), tuple(changes), risk)


def _compound_rules(found: TypeRule | None, old: Mapping[str, Any],
                    new: Mapping[str, Any]) -> list[CompoundRule]:
    """The rules over several inputs that this change breaks."""
    return [c for c in (found.replace_when if found else ()) if c.applies(old, new)]


def flatten(value: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Leaf inputs as dotted paths: `{"tags": {"team": "x"}}` -> `("tags.team", "x")`.
    An empty map is a leaf of its own, so that adding one shows."""
    for key in sorted(value):
        item, path = value[key], f"{prefix}{key}"
        if isinstance(item, Mapping) and item:
            yield from flatten(item, path + ".")
        else:
            yield path, item


#: the inputs that hold a resource's physical name, by how common they are
_NAME_INPUTS = ("bucket", "name", "functionName", "alarmName")


def physical_name(resource: Mapping[str, Any]) -> str | None:
    inputs = resource.get("inputs") or {}
    for key in _NAME_INPUTS:
        value = inputs.get(key)
        if isinstance(value, str):
            return value
    return None
