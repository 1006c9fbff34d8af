"""`drspec preview|up|destroy SPEC...`: one stack per spec through the Automation API.

Which stacks, named how, with which config is checked everywhere; runs that
need the Pulumi CLI are marked and skipped without it.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from plan_support import REPO

from drspec.cli import main
from drspec.deploy.run import PrefixedWriter, render_summary, run_all
from drspec.deploy.stacks import StackTarget, select

PULUMI = shutil.which("pulumi")
needs_cli = pytest.mark.skipif(PULUMI is None, reason="the Pulumi CLI is not installed")


def test_one_stack_per_spec_with_the_config_the_shipped_stack_files_hold(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    specs = [f"specs/{name}.yaml" for name in ("dev", "staging", "prod")]
    selection = select(specs)
    assert selection.ok
    assert [t.stack for t in selection.targets] == ["dev", "staging", "prod"]
    for target in selection.targets:
        assert target.work_dir == REPO.resolve()
        shipped = yaml.safe_load((REPO / f"Pulumi.{target.stack}.yaml").read_text())["config"]
        assert target.config == shipped


def test_two_specs_of_one_environment_are_refused(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Pulumi.yaml").write_text("name: drspec\nruntime: python\n")
    for name in ("a", "b"):
        shutil.copy(REPO / "tests" / "data" / "flat" / "dev.yaml", tmp_path / f"{name}.yaml")
    selection = select(["a.yaml", "b.yaml"])
    assert [t.config["drspec:spec"] for t in selection.targets] == ["a.yaml"]
    assert selection.problems == ["b.yaml: environment 'dev' is also the environment of "
                                  "a.yaml; one stack per environment"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_without_a_project_file_nothing_runs(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(REPO / "tests" / "data" / "flat" / "dev.yaml", tmp_path / "dev.yaml")
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "up", "dev.yaml")
    assert code == 2 and "no Pulumi.yaml at or above" in err and "drspec init" in err


def test_an_invalid_spec_stops_everything(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nname: shop\n")
    code, _, err = run(capsys, "preview", str(REPO / "specs" / "dev.yaml"), str(bad))
    assert code == 1 and f"{bad}:1:1: error[E102]" in err and "nothing was run" in err


def test_without_the_pulumi_cli_it_says_what_to_install(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.chdir(REPO)
    code, out, err = run(capsys, "preview", "specs/dev.yaml", "specs/prod.yaml")
    assert code == 2 and out == ""
    assert "the Pulumi CLI is not installed" in err and "get.pulumi.com" in err
    assert "Traceback" not in err


def test_destroy_needs_yes(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "destroy", str(REPO / "specs" / "dev.yaml"))
    assert code == 2 and "--yes" in err


def test_stacks_run_side_by_side_with_prefixed_output_and_a_summary() -> None:
    targets = [StackTarget(f"specs/{s}.yaml", s, REPO, {}) for s in ("dev", "prod")]

    def fake(action: str, target: StackTarget, writer: PrefixedWriter) -> str:
        writer(f"{action} of {target.stack}\nsecond line\n")
        if target.stack == "prod":
            raise RuntimeError("stderr: error: no credentials\nexit 255")
        return "3 create"

    out = io.StringIO()
    outcomes = run_all("preview", targets, out, fake)
    lines = out.getvalue().splitlines()
    assert "[dev] preview of dev" in lines and "[prod] second line" in lines
    assert "[prod] error: exit 255" in lines
    assert [(o.stack, o.ok) for o in outcomes] == [("dev", True), ("prod", False)]
    summary = render_summary("preview", outcomes)
    assert "3 create" in summary and "failed: exit 255" in summary
    assert summary.rstrip().endswith("1 of 2 stacks: preview succeeded")


def _project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    work = tmp_path / "project"
    (work / "specs").mkdir(parents=True)
    project = yaml.safe_load((REPO / "Pulumi.yaml").read_text())
    project["runtime"] = {"name": "python"}
    (work / "Pulumi.yaml").write_text(yaml.safe_dump(project))
    shutil.copy(REPO / "__main__.py", work / "__main__.py")
    shutil.copy(REPO / "specs" / "dev.yaml", work / "specs" / "dev.yaml")
    for base in (REPO / "specs" / "base").glob("*.yaml"):
        (work / "specs" / "base").mkdir(exist_ok=True)
        shutil.copy(base, work / "specs" / "base" / base.name)
    state = tmp_path / "state"
    state.mkdir()
    env = {**os.environ, "PULUMI_BACKEND_URL": state.as_uri(),
           "PULUMI_CONFIG_PASSPHRASE": "drspec-test", "PULUMI_SKIP_UPDATE_CHECKS": "true",
           "PULUMI_PYTHON_CMD": sys.executable}
    return work, env


@pytest.mark.pulumi_cli
@needs_cli
def test_preview_creates_the_stack_and_sets_its_config(tmp_path: Path) -> None:
    work, env = _project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "drspec", "preview", "specs/dev.yaml"],
                            cwd=work, env=env, capture_output=True, text=True, timeout=600)
    assert "Traceback" not in result.stderr
    assert "[dev] " in result.stdout
    config = yaml.safe_load((work / "Pulumi.dev.yaml").read_text())["config"]
    assert config["drspec:spec"] == "specs/dev.yaml"
    assert config["aws:region"] == "us-east-1"
