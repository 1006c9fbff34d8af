"""`drspec drill`: the catalogue of a spec's drills, and the runbook's Drills section."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from assess_support import REPO, WARM, data, valid, write
from aws_cli_check import command_lines, problems

from drspec.cli import main
from drspec.runbook.render import render

PROD = REPO / "specs" / "prod.yaml"


def drilled(**dr: Any) -> dict[str, Any]:
    raw = data(disaster_recovery={**WARM, "drills": True, **dr})
    raw["alarms"] = {
        "web-errors": {"metric": "lambda_errors", "target": "web", "threshold": 1},
        "api-errors": {"metric": "api_5xx", "target": "api", "threshold": 1},
        "carts-throttles": {"metric": "dynamodb_throttles", "target": "carts", "threshold": 1},
        "statements-replication": {"metric": "replication_latency", "target": "statements",
                                   "threshold": 900},
    }
    raw["alerts"] = {"email": ["ops@example.com"]}
    return raw


def catalogue(capsys: pytest.CaptureFixture[str], path: Path) -> list[dict[str, Any]]:
    assert main(["drill", str(path), "--format", "json"]) == 0
    drills: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["drills"]
    return drills


def test_prod_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    found = {d["ident"]: d for d in catalogue(capsys, PROD)}
    assert list(found) == ["region-isolation", "az-loss", "function-errors",
                           "function-latency"]
    isolation = found["region-isolation"]
    assert [a["action"] for a in isolation["actions"]] == [
        "aws:network:route-table-disrupt-cross-region-connectivity",
        "aws:dynamodb:global-table-pause-replication", "aws:s3:bucket-pause-replication"]
    assert isolation["scenario"]["key"] == "region_loss"
    assert isolation["expected_alarms"] == ["orders-prod-documents-replication-alarm",
                                            "orders-prod-statements-replication-alarm",
                                            "orders-prod-orders-replication-alarm"]
    assert isolation["route53_failover"] is False
    assert any("routes per route table" in p for p in isolation["prerequisites"])
    assert any("strongly consistent tables fail in eu-west-1" in j for j in isolation["judge"])
    errors = found["function-errors"]
    assert errors["route53_failover"] is True
    assert errors["runbook_section"] == "Fail over to eu-central-1"
    assert set(errors["expected_alarms"]) == {"orders-prod-processor-errors-alarm",
                                              "orders-prod-api-errors-alarm"}
    assert not set(errors["expected_alarms"]) & set(errors["stop_alarms"])
    assert found["az-loss"]["scenario"] == {"key": "az_loss",
                                            "title": "loss of one availability zone",
                                            "rto": "0s", "rpo": "0s"}
    assert found["az-loss"]["left_out_alarms"] == []
    assert "orders-prod-documents-replication-alarm" not in found["az-loss"]["stop_alarms"]
    assert found["function-latency"]["actions"][0]["parameters"] == {
        "duration": "PT5M", "invocationPercentage": "100", "startupDelayMilliseconds": "4000"}


def test_text_lists_what_each_drill_injects_and_how_to_start_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["drill", str(write(tmp_path, drilled()))]) == 0
    out = capsys.readouterr().out
    assert "region-isolation: isolation of eu-west-1 from eu-central-1" in out
    assert "  failover    yes (Route 53)" in out
    assert ('aws fis start-experiment --region eu-west-1 --experiment-template-id '
            '"$(pulumi stack output drill_az_loss_template_id)"') in out
    for line in out.splitlines():
        if line.strip().startswith("start"):
            assert problems(line.split("start", 1)[1].strip()) == []


def test_without_drills_the_catalogue_is_empty(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    path = write(tmp_path, data())
    assert main(["drill", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == "" and "no drills" in err
    assert catalogue(capsys, path) == []


def test_an_invalid_spec_gets_the_validate_diagnostics(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    raw = drilled(witness_region="eu-west-1")
    raw["tables"]["carts"]["consistency"] = "strong"
    assert main(["drill", str(write(tmp_path, raw))]) == 1
    assert "error[E573]" in capsys.readouterr().out


def test_single_region_drills_have_no_isolation_and_no_failover() -> None:
    raw = drilled()
    raw["disaster_recovery"] = {"drills": True}
    del raw["alarms"]["statements-replication"]
    text = render(valid(raw))
    assert "(`region-isolation`)" not in text
    assert "### Loss of eu-west-1a (`az-loss`)" in text
    assert "Route 53 should fail over" not in text
    assert '"Roll back a bad deploy"' in text


def test_the_runbook_drills_section_commands_pass_the_cli_check() -> None:
    text = render(valid(drilled()))
    drills = text[text.index("## Drills"):]
    lines = [c for c in command_lines(drills) if c.startswith("aws fis")]
    assert len(lines) == 4 + 2  # one start per drill, get and stop
    assert all(problems(c) == [] for c in command_lines(drills))
    assert "### The primary's functions fail (`function-errors`)" in drills
    assert "- `shop-test-web-errors-alarm`, `shop-test-api-errors-alarm` go into ALARM" in drills
    assert "Stopped by: `shop-test-carts-throttles-alarm`" in drills
    assert "## Drills" not in render(valid(data(disaster_recovery=WARM)))
