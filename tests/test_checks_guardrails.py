"""Guardrail warnings (W7xx) and waivers."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_checks import codes, only, spec

from drspec.catalog import warning_codes
from drspec.checks.guardrails import is_production
from drspec.pipeline import check

CORS_ANY = {"routes": {"POST /orders": "processor"}, "cors": {"allow_origins": ["*"]}}


@pytest.mark.parametrize("environment, production", [
    ("prod", True), ("production", True), ("prod-eu", True), ("prod2", True),
    ("dev", False), ("staging", False), ("preprod", False), ("pr6439", False),
])
def test_production_is_prod_star(environment: str, production: bool) -> None:
    assert is_production(environment) is production


def test_any_origin_in_production_warns_at_the_origin() -> None:
    api = {"routes": {"POST /orders": "processor"},
           "cors": {"allow_origins": ["https://shop.example.com", "*"]}}
    [found] = only(spec(environment="prod", api=api), "W701")
    assert found.path == ("api", "cors", "allow_origins", 1)
    assert codes(spec(environment="dev", api=api)) == []
    assert codes(spec(environment="prod", api={"cors": {"allow_origins": ["https://a.b"]}})) \
        == []


def test_unprotected_production_warns() -> None:
    [found] = only(spec(environment="production", protect=False), "W702")
    assert found.path == ("protect",)
    assert codes(spec(environment="production", protect=True)) == []
    assert codes(spec(environment="dev", protect=False)) == []


def test_warning_codes_include_every_registered_warning() -> None:
    known = warning_codes()
    assert {"W001", "W201", "W301", "W401", "W701", "W702"} <= set(known)
    assert {"W550", "W551"} <= set(known)  # unmet objectives, reported by validate
    assert not [c for c in known if not c.startswith("W")]


def test_waivers_of_known_warnings_pass() -> None:
    waivers = [{"rule": "W701", "reason": "public API"}, {"rule": "W550", "reason": "x"}]
    assert codes(spec(waivers=waivers)) == []


def test_waiver_of_an_unknown_code() -> None:
    [found] = only(spec(waivers=[{"rule": "W170", "reason": "typo"}]), "E701")
    assert found.path == ("waivers", 0, "rule")
    assert found.hint is not None and found.hint.startswith("did you mean W")


def test_waiver_of_an_error_code() -> None:
    """The schema allows only W codes; the check explains an E code anyway."""
    [found] = only(spec(waivers=[{"rule": "E201", "reason": "no"}]), "E701")
    assert "is an error; only warnings can be waived" in found.message


def test_strict_promotes_unwaived_warnings_only(tmp_path: Path) -> None:
    text = ("version: 1\nname: shop\nenvironment: prod\nregion: eu-west-1\nprotect: false\n"
            "network: {cidr: 10.0.0.0/16, availability_zones: [eu-west-1a, eu-west-1b]}\n"
            "waivers:\n  - {rule: W702, reason: throwaway load-test copy}\n")
    path = tmp_path / "prod.yaml"
    path.write_text(text)
    [waived] = check(path, strict=True).diagnostics
    assert waived.code == "W702" and not waived.is_error
    assert "(waived: throwaway load-test copy)" in waived.message
    path.write_text(text.replace("W702", "W701"))
    [promoted] = check(path, strict=True).diagnostics
    assert promoted.code == "W702" and promoted.is_error
