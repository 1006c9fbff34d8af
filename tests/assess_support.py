"""Small specs for the assessment and runbook tests: a base and ways to vary it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml
from conftest import ASSESS_BASE, WARM_STANDBY

from drspec.assess.engine import Assessment, assess
from drspec.checks import run_checks
from drspec.diagnostics import has_errors
from drspec.load.reader import load_text
from drspec.model import Spec, build_model
from drspec.schema.diagnose import schema_diagnostics

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted((REPO / "specs").glob("*.yaml"))

BASE = ASSESS_BASE
WARM = WARM_STANDBY


def data(**changes: Any) -> dict[str, Any]:
    """BASE with top-level keys replaced (None removes a key)."""
    out = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def valid(raw: dict[str, Any]) -> Spec:
    """The model of `raw`, which must pass validation (schema and checks)."""
    doc, diags = load_text(yaml.safe_dump(raw, sort_keys=False), "spec.yaml")
    assert doc is not None, diags
    diags += schema_diagnostics(doc)
    assert not has_errors(diags), [d.message for d in diags]
    spec = build_model(doc.data, "spec.yaml")
    diags += run_checks(spec, doc)
    assert not has_errors(diags), [d.message for d in diags]
    return spec


def judged(raw: dict[str, Any]) -> Assessment:
    return assess(valid(raw))


def with_table(**options: Any) -> dict[str, Any]:
    raw = data()
    raw["tables"]["carts"].update(options)
    return raw


def write(tmp_path: Path, raw: dict[str, Any], name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path
