"""The Pulumi project as users run it.

The project and stack files are checked everywhere. The tests marked
`pulumi_cli` drive the real CLI against a local file backend and run only
where `pulumi` is on PATH; the full preview also needs AWS credentials (the
provider and `getCallerIdentity` talk to AWS even in a preview).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from plan_support import REPO

from drspec.pipeline import check

PULUMI = shutil.which("pulumi")
needs_cli = pytest.mark.skipif(PULUMI is None, reason="the Pulumi CLI is not installed")


def stack_files() -> list[Path]:
    return sorted(REPO.glob("Pulumi.*.yaml"))


def test_project_file_declares_the_spec_config() -> None:
    project = yaml.safe_load((REPO / "Pulumi.yaml").read_text())
    assert project["name"] == "drspec"  # the config namespace the program reads
    assert project["runtime"]["name"] == "python"
    assert project["config"]["spec"]["type"] == "string"
    assert (REPO / "__main__.py").is_file()
    assert "-e .[pulumi]" in (REPO / "requirements.txt").read_text().splitlines()


def test_every_stack_names_a_valid_spec_in_its_region() -> None:
    stacks = {p.name.removeprefix("Pulumi.").removesuffix(".yaml"): p for p in stack_files()}
    assert {"dev", "staging", "prod"} <= set(stacks)
    for name, path in stacks.items():
        config = yaml.safe_load(path.read_text())["config"]
        result = check(REPO / config["drspec:spec"])
        assert result.ok and result.spec is not None, name
        assert result.spec.environment == name
        assert config["aws:region"] == result.spec.region


def _project(tmp_path: Path, spec_text: str) -> tuple[Path, dict[str, str]]:
    """A copy of the project using this interpreter (no ./venv) and a local backend."""
    project = yaml.safe_load((REPO / "Pulumi.yaml").read_text())
    project["runtime"] = {"name": "python"}
    work = tmp_path / "project"
    (work / "specs").mkdir(parents=True)
    (work / "Pulumi.yaml").write_text(yaml.safe_dump(project))
    shutil.copy(REPO / "__main__.py", work / "__main__.py")
    (work / "specs" / "dev.yaml").write_text(spec_text)
    state = tmp_path / "state"
    state.mkdir()
    env = {
        **os.environ,
        "PULUMI_BACKEND_URL": state.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": "drspec-test",
        "PULUMI_SKIP_UPDATE_CHECKS": "true",
        "PULUMI_PYTHON_CMD": sys.executable,
    }
    for command in (["stack", "init", "dev"],
                    ["config", "set", "drspec:spec", "specs/dev.yaml"],
                    ["config", "set", "aws:region", "us-east-1"]):
        subprocess.run([str(PULUMI), *command, "--non-interactive"], cwd=work, env=env,
                       check=True, capture_output=True, text=True, timeout=120)
    return work, env


def _preview(work: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PULUMI), "preview", "--non-interactive", "--diff"],
                          cwd=work, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.pulumi_cli
@needs_cli
def test_preview_of_an_invalid_spec_fails_with_located_diagnostics(tmp_path: Path) -> None:
    work, env = _project(tmp_path, "version: 1\nname: shop\nenvironment: dev\n"
                                   "region: us-east-1\nnetwork: {cidr: 10.0.0.0/33}\n")
    result = _preview(work, env)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "specs/dev.yaml is not a valid drspec spec; nothing was deployed." in output
    assert "specs/dev.yaml:5:" in output
    assert "Traceback" not in output


def _has_aws_credentials() -> bool:
    return bool(os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE")
                or (Path.home() / ".aws" / "credentials").is_file())


@pytest.mark.pulumi_cli
@needs_cli
@pytest.mark.skipif(not _has_aws_credentials(), reason="a preview needs AWS credentials")
def test_preview_of_the_dev_spec(tmp_path: Path) -> None:
    work, env = _project(tmp_path, (REPO / "tests" / "data" / "flat" / "dev.yaml").read_text())
    result = _preview(work, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tables-orders-table" in result.stdout
    assert "network-vpc" in result.stdout
