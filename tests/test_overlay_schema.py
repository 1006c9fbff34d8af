"""The overlay schema: generated from the spec schema, committed, and fit for overlays."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from drspec.cli import main
from drspec.schema.overlay_schema import render

REPO = Path(__file__).resolve().parent.parent
SPEC_SCHEMA = json.loads((REPO / "schemas" / "drspec-v1.schema.json").read_text("utf-8"))
COMMITTED = REPO / "schemas" / "drspec-v1.overlay.schema.json"
OVERLAY = Draft202012Validator(json.loads(COMMITTED.read_text("utf-8")))
SPEC = Draft202012Validator(SPEC_SCHEMA)
PARTIAL = sorted([*(REPO / "specs").glob("*.yaml"), *(REPO / "specs" / "base").glob("*.yaml")])


def test_the_committed_overlay_schema_is_current() -> None:
    assert COMMITTED.read_text("utf-8") == render(), (
        "schemas/drspec-v1.overlay.schema.json is stale: run "
        "`python3 -m drspec.schema.overlay_schema` and commit the result")


def test_it_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(OVERLAY.schema)


@pytest.mark.parametrize("path", PARTIAL, ids=lambda p: p.name)
def test_shipped_overlays_and_bases_pass_it_and_name_it(path: Path) -> None:
    text = path.read_text("utf-8")
    assert list(OVERLAY.iter_errors(yaml.safe_load(text))) == []
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert first.endswith("schemas/drspec-v1.overlay.schema.json")


def _keys(node: Any, path: str = "") -> dict[str, Any]:
    """Every key the schema describes, by dotted path, with its schema."""
    out: dict[str, Any] = {}
    if isinstance(node, dict):
        for key, sub in (node.get("properties") or {}).items():
            out[f"{path}.{key}"] = sub
            out.update(_keys(sub, f"{path}.{key}"))
        for branch in node.get("anyOf", []) + node.get("oneOf", []):
            out.update(_keys(branch, path))
    return out


def test_every_key_is_described_as_in_the_spec_schema_and_none_is_required() -> None:
    spec_keys, overlay_keys = _keys(SPEC_SCHEMA), _keys(OVERLAY.schema)
    assert spec_keys.keys() <= overlay_keys.keys()
    for path, schema in spec_keys.items():
        if "description" in schema:
            assert overlay_keys[path]["description"] == schema["description"], path
    assert '"required"' not in COMMITTED.read_text("utf-8")


@pytest.mark.parametrize(("overlay", "problem"), [
    ({"extends": "base.yaml", "environment": "qa"}, None),
    ({"tables": {"orders": {"billing": {"provisioned": {"read": 5}}}}}, None),
    ({"network": {"nat": None}, "tables": {"old": None}}, None),  # null removes a key
    ({"functions": {"worker": {"memory": 64}}}, "64"),  # still typed
    ({"enviroment": "qa"}, "enviroment"),  # typos still caught
])
def test_it_types_overlays_without_requiring_anything(overlay: dict[str, Any],
                                                      problem: str | None) -> None:
    errors = [e.message for e in OVERLAY.iter_errors(overlay)]
    if problem is None:
        assert errors == []
        assert list(SPEC.iter_errors(overlay)) != []  # what an editor showed before
    else:
        assert any(problem in e for e in errors), errors


def test_drspec_schema_prints_either_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == SPEC_SCHEMA
    assert main(["schema", "--overlay"]) == 0
    assert json.loads(capsys.readouterr().out) == OVERLAY.schema
