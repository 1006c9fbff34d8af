"""The semantic check registry, and helpers the per-section check tests share.

The helpers run the checks straight on a loaded document (no JSON Schema), so
the tests also reach branches the schema would cut off first: checks must
hold up on their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from conftest import CHECKS_BASE, merged

from drspec.checks import CHECKS, CheckContext, run_checks
from drspec.checks.suggest import did_you_mean, nearest
from drspec.codes import RULES
from drspec.diagnostics import Diagnostic
from drspec.load.reader import load_file, load_text
from drspec.model import build_model
from drspec.waivers import waiver_findings

REPO = Path(__file__).resolve().parent.parent

BASE = CHECKS_BASE


def spec(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = merged(BASE, changes)
    return data


def findings(data: dict[str, Any], file: str = "spec.yaml") -> list[Diagnostic]:
    """Every semantic check's diagnostics for `data` (dumped to YAML and loaded)."""
    doc, diags = load_text(yaml.safe_dump(data, sort_keys=False), file)
    assert doc is not None and diags == [], diags
    spec = build_model(doc.data, file)
    return run_checks(spec, doc) + list(waiver_findings(CheckContext(spec, doc)))


def findings_in(path: Path) -> list[Diagnostic]:
    doc, diags = load_file(path)
    assert doc is not None and not [d for d in diags if d.is_error], diags
    return run_checks(build_model(doc.data, str(path)), doc)


def codes(data: dict[str, Any]) -> list[str]:
    return [d.code for d in findings(data)]


def only(data: dict[str, Any], code: str) -> list[Diagnostic]:
    return [d for d in findings(data) if d.code == code]


# -- the registry -------------------------------------------------------------


def test_base_spec_is_clean() -> None:
    assert findings(spec()) == []


def test_checks_emit_registered_codes_with_the_registered_severity() -> None:
    noisy = spec(
        region="us-east-1",
        network={"cidr": "10.0.0.1/16", "availability_zones": ["us-east-1a"],
                 "public_subnets": ["10.0.0.0/24"], "nat": "single"},
        environment="prod",
        protect=False,
        schedules={"a": {"rate": "1 minutes", "function": "nope", "timezone": "Mars/Base"}},
        waivers=[{"rule": "W999", "reason": "x"}],
    )
    found = findings(noisy)
    assert len({d.code for d in found}) >= 8
    for d in found:
        assert d.code in RULES, d
        assert RULES[d.code].severity is d.severity, d
        assert d.message and d.hint, d


def test_checks_are_deterministic() -> None:
    data = spec(network={"cidr": "10.0.0.0/16", "availability_zones": ["us-east-1a", "x-1a"],
                         "public_subnets": ["10.0.0.0/23", "10.0.1.0/24"],
                         "private_subnets": ["10.0.1.0/24", "10.2.0.0/24"]})
    assert findings(data) == findings(data)


def test_every_check_is_registered_once() -> None:
    assert len(CHECKS) == len(set(CHECKS)) >= 30


def test_shipped_specs_pass_every_check() -> None:
    for path in sorted((REPO / "specs").glob("*.yaml")):
        assert findings_in(path) == [], path


# -- suggestions --------------------------------------------------------------


def test_nearest_prefers_case_folding_then_similarity() -> None:
    assert nearest("europe/berlin", ["Europe/Berlin", "Europe/Bern"]) == "Europe/Berlin"
    assert nearest("procesor", ["processor", "health"]) == "processor"
    assert nearest("zzz", ["processor", "health"]) is None


def test_nearest_breaks_ties_towards_a_transposition() -> None:
    assert nearest("W710", ["W701", "W702"]) == "W701"
    assert nearest("W710", ["W702", "W701"]) == "W701"


def test_did_you_mean_lists_few_options_when_nothing_is_close() -> None:
    assert did_you_mean("procesor", ["processor"]) == "did you mean 'processor'?"
    assert did_you_mean("x", ["a1", "b2"], what="tables") == "defined tables: a1, b2"
    assert did_you_mean("x", [], what="tables") == "the spec defines no tables"
    many = [f"t{i:02d}" for i in range(20)]
    assert did_you_mean("zzz", many, what="tables") == "see the list of tables"
