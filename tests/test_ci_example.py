"""The GitHub Actions example: validate with SARIF, then one job per environment."""

from __future__ import annotations

import yaml
from plan_support import REPO

EXAMPLE = REPO / "examples" / "github-actions" / "drspec.yml"


def test_init_ships_the_example_unchanged() -> None:
    assert (REPO / "templates" / "_project" / "drspec-ci.yml").read_text() == EXAMPLE.read_text()


def test_validate_uploads_sarif_then_a_matrix_plans_assesses_and_diffs() -> None:
    workflow = yaml.safe_load(EXAMPLE.read_text())
    assert "pull_request" in workflow[True]  # `on:` reads as true in YAML 1.1
    validate, environment = workflow["jobs"]["validate"], workflow["jobs"]["environment"]
    runs = " ".join(step.get("run", "") for step in validate["steps"])
    assert "drspec validate specs --format sarif" in runs
    assert any(step.get("uses", "").startswith("github/codeql-action/upload-sarif")
               for step in validate["steps"])
    assert validate["permissions"]["security-events"] == "write"
    assert environment["needs"] == "validate"
    assert "matrix" in environment["strategy"]
    runs = " ".join(step.get("run", "") for step in environment["steps"])
    for command in ("drspec plan", "drspec assess", "drspec diff", "drspec preview"):
        assert command in runs, command
