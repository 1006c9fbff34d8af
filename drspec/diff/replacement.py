"""Which inputs of a pulumi-aws resource force AWS to replace it, with sources.

The table lives in `drspec/data/replacement.json`. Each entry comes from
AWS's CloudFormation reference: a property marked "Update requires:
Replacement" (a createOnlyProperty of the resource schema) mapped to the
pulumi-aws input drspec sets, e.g. a DynamoDB table's `KeySchema` and
`TableName` to `hashKey`/`rangeKey` and `name`. A change of `region` replaces
every regional resource (pulumi-aws's enhanced region support guide).

`replace_on` lists documented inputs, each with its source URL;
`may_replace_on` lists inputs the provider is expected to replace on but
whose behaviour was not confirmed from its source: a change there is reported
as "may replace", never as a certain replacement. `replace_when` lists
changes judged across several inputs by a named check (`CompoundRule`), such
as a DynamoDB global table's consistency mode, which AWS fixes at creation.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib.resources import files
from typing import Any

from drspec.diff.global_tables import CHECKS


class Replacement(Enum):
    REPLACE = "replace"
    MAY_REPLACE = "may_replace"


@dataclass(frozen=True)
class CompoundRule:
    """A replacement decided on several inputs together (`replicas` and `globalTableWitness`)."""

    name: str
    inputs: tuple[str, ...]
    source: str
    why: str

    def applies(self, old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
        """Whether going from `old` to `new` inputs forces a replacement."""
        return CHECKS[self.name](old, new)

    def covers(self, input_path: str) -> bool:
        return any(input_path == name or input_path.startswith(name + ".")
                   for name in self.inputs)


@dataclass(frozen=True)
class TypeRule:
    """What replaces one resource type and what a replacement destroys."""

    type: str
    source: str
    stateful: bool
    data_at_risk: str
    replace_on: dict[str, str]
    may_replace_on: dict[str, str]
    replace_when: tuple[CompoundRule, ...] = ()

    def verdict(self, input_path: str) -> tuple[Replacement, str] | None:
        """Whether changing `input_path` (`hashKey`, `tags.team`) replaces, and the source."""
        for table, kind in ((self.replace_on, Replacement.REPLACE),
                            (self.may_replace_on, Replacement.MAY_REPLACE)):
            for name, source in table.items():
                if input_path == name or input_path.startswith(name + "."):
                    return kind, source
        return None


@cache
def _table() -> dict[str, Any]:
    text = (files("drspec") / "data" / "replacement.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def rules() -> dict[str, TypeRule]:
    """Every covered type token -> its rule."""
    return {token: TypeRule(token, entry["source"], bool(entry["stateful"]),
                            entry["data_at_risk"], dict(entry["replace_on"]),
                            dict(entry["may_replace_on"]),
                            tuple(_compound(c) for c in entry.get("replace_when", ())))
            for token, entry in _table()["types"].items()}


def _compound(entry: Mapping[str, Any]) -> CompoundRule:
    if entry["rule"] not in CHECKS:
        raise ValueError(f"replacement.json names an unknown rule {entry['rule']!r}")
    return CompoundRule(entry["rule"], tuple(entry["inputs"]), entry["source"], entry["why"])


def rule_for(type_token: str) -> TypeRule | None:
    return rules().get(type_token)


def is_stateful(type_token: str) -> bool:
    found = rule_for(type_token)
    return found is not None and found.stateful
