"""A recorded plan as data: `Plan` and its `PlannedResource`s, without Pulumi.

`drspec.plan.capture` fills these from the mock engine; `Plan.from_json`
reads one back from `drspec plan --format json`, so that `drspec assess
--plan` (and anything else that only reads a plan) never imports Pulumi.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


class PlanFormatError(ValueError):
    """A saved plan (`drspec plan --format json`) that cannot be read back."""


@dataclass(frozen=True)
class PlannedResource:
    """One resource as the engine would receive it."""

    type: str
    name: str
    urn: str
    parent: str | None
    protect: bool
    retain_on_delete: bool
    depends_on: tuple[str, ...]
    inputs: dict[str, Any]
    #: Input properties the engine leaves alone on updates (`ignore_changes`).
    ignore_changes: tuple[str, ...] = ()

    @property
    def region(self) -> str | None:
        region = self.inputs.get("region")
        return region if isinstance(region, str) else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "urn": self.urn,
            "parent": self.parent,
            "protect": self.protect,
            "retain_on_delete": self.retain_on_delete,
            "depends_on": list(self.depends_on),
            "ignore_changes": list(self.ignore_changes),
            "inputs": self.inputs,
        }

    @classmethod
    def from_dict(cls, data: Any, where: str) -> PlannedResource:
        """One entry of a saved plan's `resources` (`where` names it in errors)."""
        if not isinstance(data, dict):
            raise PlanFormatError(f"{where} is not an object")
        for key in ("type", "name", "urn"):
            if not isinstance(data.get(key), str):
                raise PlanFormatError(f"{where} has no string {key!r}")
        inputs = data.get("inputs", {})
        parent = data.get("parent")
        if not isinstance(inputs, dict):
            raise PlanFormatError(f"{where}: 'inputs' is not an object")
        if parent is not None and not isinstance(parent, str):
            raise PlanFormatError(f"{where}: 'parent' is not a string")
        return cls(
            type=data["type"], name=data["name"], urn=data["urn"], parent=parent,
            protect=data.get("protect") is True,
            retain_on_delete=data.get("retain_on_delete") is True,
            depends_on=_strings(data.get("depends_on"), f"{where}: 'depends_on'"),
            inputs=inputs,
            ignore_changes=_strings(data.get("ignore_changes"), f"{where}: 'ignore_changes'"),
        )


@dataclass
class Plan:
    spec: dict[str, Any]
    resources: list[PlannedResource] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)

    def of_type(self, type_token: str) -> list[PlannedResource]:
        return [r for r in self.resources if r.type == type_token]

    def named(self, name: str) -> PlannedResource:
        """The resource with logical name `name` (KeyError when absent)."""
        for r in self.resources:
            if r.name == name:
                return r
        raise KeyError(name)

    def by_urn(self, urn: str) -> PlannedResource:
        for r in self.resources:
            if r.urn == urn:
                return r
        raise KeyError(urn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "resources": [r.to_dict() for r in self.resources],
            "outputs": self.outputs,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: Any) -> Plan:
        """A plan from its JSON form (`PlanFormatError` says what is wrong with it)."""
        if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
            raise PlanFormatError("no 'resources' list at the top")
        spec = data.get("spec", {})
        outputs = data.get("outputs", {})
        if not isinstance(spec, dict):
            raise PlanFormatError("'spec' is not an object")
        if not isinstance(outputs, dict):
            raise PlanFormatError("'outputs' is not an object")
        resources = [PlannedResource.from_dict(r, f"resource {i}")
                     for i, r in enumerate(data["resources"])]
        urns = [r.urn for r in resources]
        if len(set(urns)) != len(urns):
            dupes = sorted({u for u in urns if urns.count(u) > 1})
            raise PlanFormatError(f"duplicate resource URNs: {', '.join(dupes)}")
        return cls(spec, sorted(resources, key=lambda r: r.urn), outputs)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        """A plan from the text `drspec plan --format json` prints."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PlanFormatError(f"line {exc.lineno} column {exc.colno}: not valid JSON: "
                                  f"{exc.msg}") from None
        return cls.from_dict(data)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PlanFormatError(f"{where} is not a list of strings")
    return tuple(value)
