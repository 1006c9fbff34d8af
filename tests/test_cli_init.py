"""`drspec init [DIR]`: a project of one's own that validates and plans as written."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
import yaml
from plan_support import REPO

from drspec import __version__
from drspec.cli import main
from drspec.pipeline import check


def init(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["init", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> Path:
    root = tmp_path / "Orders_Service"
    code, out, _ = init(capsys, str(root))
    assert code == 0 and out.count("wrote ") == 9
    return root


def test_the_project_depends_on_the_installed_drspec(project: Path) -> None:
    pulumi = yaml.safe_load((project / "Pulumi.yaml").read_text())
    assert pulumi["name"] == "drspec"  # the namespace of drspec:spec
    assert pulumi["config"]["spec"]["type"] == "string"
    assert (project / "__main__.py").read_text().splitlines() == [
        "from drspec.program import main", "main()"]
    assert (project / "requirements.txt").read_text() == f"drspec[pulumi]=={__version__}\n"
    stack = yaml.safe_load((project / "Pulumi.dev.yaml").read_text())["config"]
    assert stack == {"drspec:spec": "specs/dev.yaml", "aws:region": "us-east-1"}


def test_what_it_writes_validates_and_plans(capsys: pytest.CaptureFixture[str],
                                            project: Path) -> None:
    base = project / "specs" / "base" / "common.yaml"
    assert "environment" not in yaml.safe_load(base.read_text())  # partial
    with contextlib.chdir(project):
        assert main(["validate", "specs"]) == 0
        result = check("specs/dev.yaml")
        assert result.diagnostics == [] and result.spec is not None
        assert result.spec.name == "orders-service"
        assert main(["plan", "specs/dev.yaml", "--format", "json", "-o", "plan.json"]) == 0
    capsys.readouterr()
    assert '"environment": "dev"' in (project / "plan.json").read_text()


def test_hook_and_workflow(project: Path) -> None:
    hooks = yaml.safe_load((project / ".pre-commit-config.yaml").read_text())
    (hook,) = hooks["repos"][0]["hooks"]
    (ours,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    for key in ("id", "entry", "args", "pass_filenames", "files", "types"):
        assert hook[key] == ours[key], key
    workflow = project / ".github" / "workflows" / "drspec.yml"
    example = REPO / "examples" / "github-actions" / "drspec.yml"
    assert workflow.read_text() == example.read_text()


def test_running_it_again_never_overwrites(capsys: pytest.CaptureFixture[str],
                                           project: Path) -> None:
    dev = project / "specs" / "dev.yaml"
    dev.write_text(dev.read_text() + "# mine\n")
    (project / "requirements.txt").unlink()
    code, out, _ = init(capsys, str(project))
    assert code == 0
    assert out.count("wrote ") == 1 and "requirements.txt" in out
    assert out.count("kept ") == 8
    assert dev.read_text().endswith("# mine\n")


@pytest.mark.parametrize(("argv", "message"), [
    (("--name", "Bad Name"), "cannot be an application name"),
    (("--region", "moon-1"), "not an AWS region"),
])
def test_bad_values_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                           argv: tuple[str, ...], message: str) -> None:
    code, _, err = init(capsys, str(tmp_path), *argv)
    assert code == 2 and message in err
    assert list(tmp_path.iterdir()) == []
