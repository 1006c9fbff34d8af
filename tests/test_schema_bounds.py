"""Every number in the schema has the bounds AWS accepts, and a number outside them
is a located E106 at the value (never a crash later, nor E000 at 1:1)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SPEC_HEADER

from drspec.pipeline import check_safely
from drspec.resources import schema_path

SCHEMA = json.loads(schema_path().read_text(encoding="utf-8"))
HUGE = 10**400

SPEC = SPEC_HEADER + """\
tables:
  orders:
    partition_key: {{name: id, type: S}}
    billing:
      provisioned: {{read: {read}, write: 5}}
functions:
  web:
    template: processor
    vpc: false
api:
  routes:
    "GET /x": web
  throttling: {{burst: {burst}, rate: 10}}
alarms:
  errors:
    metric: lambda_errors
    target: web
    threshold: {threshold}
    period: {period}
    evaluation_periods: {evaluation_periods}
disaster_recovery:
  backup:
    schedule: "0 3 * * ? *"
    retention_days: {retention_days}
"""
FIELDS = {"read": 5, "burst": 100, "threshold": 5, "evaluation_periods": 1,
          "retention_days": 35, "period": 300}
MAXIMUM = {"read": 40000, "burst": 5000, "evaluation_periods": 8640, "retention_days": 36500}


def numbers(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema that admits an integer or a number."""
    if isinstance(node, dict):
        kinds = node.get("type")  # under `properties`, "type" may name a property
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if any(kind in ("integer", "number") for kind in kinds if isinstance(kind, str)):
            yield where, node
        for key, value in node.items():
            yield from numbers(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from numbers(value, f"{where}/{i}")


def test_the_walk_finds_the_numbers() -> None:
    found = [where for where, _ in numbers(SCHEMA)]
    assert len(found) >= 15 and any(w.endswith("/threshold") for w in found)


def test_every_number_has_a_minimum_and_a_maximum_from_aws_documentation() -> None:
    unbounded, unsourced = [], []
    for where, node in numbers(SCHEMA):
        if "const" in node:
            continue
        bounded = ("enum" in node or (
            ("minimum" in node or "exclusiveMinimum" in node)
            and ("maximum" in node or "exclusiveMaximum" in node)))
        if not bounded:
            unbounded.append(where)
        if "https://docs.aws.amazon.com/" not in node.get("$comment", ""):
            unsourced.append(where)
    assert unbounded == []
    assert unsourced == []


def validate(tmp_path: Path, **values: object) -> list[tuple[str, int, int, str]]:
    path = tmp_path / "spec.yaml"
    path.write_text(SPEC.format(**{**FIELDS, **values}), encoding="utf-8")
    _, diags = check_safely(str(path))
    return [(d.code, d.line, d.col, d.message) for d in diags if d.is_error]


def value_position(text: str, field: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if f"{field}: " in line:
            return number, line.index(f"{field}: ") + len(field) + 3
    raise AssertionError(field)


def test_the_spec_with_every_field_in_range_is_valid(tmp_path: Path) -> None:
    assert validate(tmp_path) == []
    # 8640 periods of 10 s: one day, what CloudWatch allows for periods under an hour
    assert validate(tmp_path, **MAXIMUM, threshold="1.0e+300", period=10) == []


@pytest.mark.parametrize("field", sorted(set(FIELDS) - {"period"}))
@pytest.mark.parametrize("value", [HUGE, -HUGE], ids=["huge", "huge-negative"])
def test_a_huge_number_is_a_located_range_error(tmp_path: Path, field: str, value: int) -> None:
    found = validate(tmp_path, **{field: value})
    line, col = value_position(SPEC.format(**{**FIELDS, field: value}), field)
    assert [(code, ln, c) for code, ln, c, _ in found] == [("E106", line, col)]
    assert "(401 digits)" in found[0][3] or "(400 digits)" in found[0][3]


@pytest.mark.parametrize("field", sorted(MAXIMUM))
def test_one_above_the_maximum_is_a_range_error(tmp_path: Path, field: str) -> None:
    found = validate(tmp_path, **{field: MAXIMUM[field] + 1})
    assert [code for code, *_ in found] == ["E106"]
    assert f"to {MAXIMUM[field]}, got {MAXIMUM[field] + 1}" in found[0][3]
