"""`drspec assess SPEC --plan PLAN.json`: CI assesses exactly the plan it saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from assess_plan_support import failover_record, prod_plan, standalone, without
from plan_support import REPO

from drspec import figures as fig
from drspec.cli import main
from drspec.load.reader import load_file
from drspec.plan.model import Plan

PROD = str(REPO / "specs" / "prod.yaml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["assess", *args])
    out, err = capsys.readouterr()
    return code, out, err


def saved(tmp_path: Path, plan: Plan, name: str = "plan.json") -> str:
    path = tmp_path / name
    path.write_text(plan.to_json(), encoding="utf-8")
    return str(path)


def test_a_saved_plan_reads_back_as_it_was_written() -> None:
    plan = prod_plan()
    again = Plan.from_json(plan.to_json())
    assert again == plan
    assert again.to_json() == plan.to_json()


def test_an_edited_plan_without_the_secondary_record_is_caught(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    edited = without(standalone(prod_plan()), failover_record("SECONDARY"))
    code, out, err = run(capsys, PROD, "--plan", saved(tmp_path, edited))
    assert code == 1, err
    doc, _ = load_file(PROD)
    assert doc is not None
    where = doc.locate(("disaster_recovery", "failover"))
    assert f"prod.yaml:{where.line}:{where.col}: error[E552]" in out
    assert "error[E552]" in out and "no SECONDARY failover record" in out


def test_json_lists_every_factor_with_region_and_source(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, PROD, "--plan", saved(tmp_path, standalone(prod_plan())),
                       "--format", "json")
    data = json.loads(out)
    region = next(s for s in data["scenarios"] if s["scenario"] == "region_loss")
    assert region["breaks"] == [] and region["meets"] is True
    components = [f["component"] for f in region["factors"]]
    assert {"functions and api", "table 'orders'", "bucket 'documents'"} <= set(components)
    for factor in region["factors"]:
        assert set(factor) >= {"component", "region", "rto_seconds", "rpo_seconds", "source"}
        assert factor["source"] == "assumption" or factor["source"].startswith("https://")
    by_component = {f["component"]: f for f in region["factors"]}
    assert by_component["bucket 'documents'"]["source"] == fig.S3_RTC.source
    assert by_component["table 'orders'"]["source"] == "assumption"  # GLOBAL_TABLES_LAG
    assert {f["region"] for f in region["factors"]} == {"eu-central-1"}
    assert any(s["scenario"] == "failback" for s in data["scenarios"])
    assert code == (0 if all(s["meets"] is not False for s in data["scenarios"]) else 1)


def test_verbose_text_shows_the_factors_and_the_output_is_stable(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plan = saved(tmp_path, prod_plan())
    _, first, _ = run(capsys, PROD, "--plan", plan, "--verbose")
    _, second, _ = run(capsys, PROD, "--plan", plan, "--verbose")
    assert first == second
    assert "failback to the primary region:" in first
    assert "component" in first and "source" in first


@pytest.mark.parametrize(("text", "said"), [
    ("{not json", "not valid JSON"),
    ('{"resources": {}}', "no 'resources' list"),
    ('{"resources": [{"type": 1}]}', "resource 0 has no string 'type'"),
])
def test_a_plan_that_cannot_be_read_is_a_usage_error(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, PROD, "--plan", str(path))
    assert code == 2
    assert said in err and "Traceback" not in err
    assert out == ""


def test_the_plan_of_another_spec_is_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = prod_plan()
    other.spec = {**other.spec, "environment": "staging"}
    code, _, err = run(capsys, PROD, "--plan", saved(tmp_path, other))
    assert code == 2
    assert "environment 'staging'" in err and "not of" in err


def test_a_missing_plan_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, PROD, "--plan", str(tmp_path / "absent.json"))
    assert code == 2 and "cannot be read" in err
