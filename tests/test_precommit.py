"""The pre-commit hook, run by pre-commit itself against a throwaway project.

The project's `.pre-commit-config.yaml` names a committed snapshot of this
repository by path and commit, as a user's names it by URL and tag: what
`pre-commit try-repo` does, except that try-repo always works in a fresh
temporary store, which would reinstall the hook for every call. Here the
store (`PRE_COMMIT_HOME`) is shared by the tests of one session, so drspec is
installed into pre-commit's own virtualenv (from the package index, as users
get it) once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
HOOK_ID = "drspec-validate"

# What pip needs to install drspec, and the hook manifest itself.
INSTALL_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml")
INSTALL_DIRS = ("drspec", "schemas", "templates")

GIT_ENV = {
    "GIT_AUTHOR_NAME": "drspec tests", "GIT_AUTHOR_EMAIL": "tests@drspec.invalid",
    "GIT_COMMITTER_NAME": "drspec tests", "GIT_COMMITTER_EMAIL": "tests@drspec.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _pre_commit() -> list[str] | None:
    try:
        import pre_commit  # noqa: F401
    except ImportError:
        exe = shutil.which("pre-commit")
        return [exe] if exe else None
    return [sys.executable, "-m", "pre_commit"]


PRE_COMMIT = _pre_commit()
pytestmark = pytest.mark.skipif(
    PRE_COMMIT is None or shutil.which("git") is None, reason="needs git and pre-commit"
)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                   capture_output=True, env={**os.environ, **GIT_ENV})


def _manifest() -> list[dict[str, object]]:
    hooks: list[dict[str, object]] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    return hooks


def test_the_manifest_declares_the_hook() -> None:
    [hook] = _manifest()
    assert hook["id"] == HOOK_ID
    assert hook["entry"] == "drspec validate"
    assert hook["language"] == "python"
    assert hook["types"] == ["yaml"]
    # The whole specs directory is checked whenever a spec changes: a changed base is
    # checked through the specs that extend it, and they are checked against it.
    assert (hook["pass_filenames"], hook["args"]) == (False, ["specs"])
    files = re.compile(str(hook["files"]))
    assert files.search("specs/dev.yaml") and files.search("specs/x/prod.yml")
    assert not files.search("other/dev.yaml") and not files.search("specs/dev.json")


def test_this_repository_runs_the_same_hook_on_itself() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    local = {h["id"]: h for r in config["repos"] if r["repo"] == "local" for h in r["hooks"]}
    [published] = _manifest()
    ours = local[HOOK_ID]
    for key in ("files", "types", "language", "args", "pass_filenames"):
        assert ours[key] == published[key], key
    assert ours["entry"].endswith(str(published["entry"]).removeprefix("drspec "))
    assert "ruff" in local


@pytest.mark.parametrize(("command", "path"), [
    ("validate-manifest", ".pre-commit-hooks.yaml"),
    ("validate-config", ".pre-commit-config.yaml"),
])
def test_pre_commit_accepts_the_files(command: str, path: str) -> None:
    assert PRE_COMMIT is not None
    proc = subprocess.run([*PRE_COMMIT, command, str(REPO / path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed copy of what the hook installs from, as of this working tree.

    The checkout itself may hold uncommitted work (try-repo would commit it to
    a temporary repository on each call); one clean snapshot is installed once.
    """
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in INSTALL_FILES:
        shutil.copy2(REPO / name, snapshot / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in INSTALL_DIRS:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, snapshot / name, ignore=ignore)
    git(snapshot, "init", "-q")
    git(snapshot, "add", ".")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot


@pytest.fixture(scope="session")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A git repository holding one valid spec, to which tests add more."""
    git(tmp_path, "init", "-q")
    (tmp_path / "specs").mkdir()
    shutil.copy2(REPO / "tests" / "data" / "flat" / "dev.yaml", tmp_path / "specs" / "good.yaml")
    (tmp_path / "notes.yaml").write_text("not: [a spec\n")  # outside specs/: not checked
    yield tmp_path


def run_hook(project: Path, hook_repo: Path, home: Path,
             files: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    """`pre-commit run --all-files` (or `--files FILES`) in `project`, with the hook from
    `hook_repo` at HEAD."""
    assert PRE_COMMIT is not None
    rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, check=True,
                         capture_output=True, text=True).stdout.strip()
    config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": HOOK_ID}]}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))
    git(project, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [*PRE_COMMIT, "run", *(("--files", *files) if files else ("--all-files",))],
        cwd=project, env=env, capture_output=True, text=True, check=False, timeout=600,
    )


@pytest.mark.slow
def test_the_hook_fails_on_a_bad_spec_and_names_it(
        project: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    good = (project / "specs" / "good.yaml").read_text()
    # A duplicated key: an error the loader reports at the second occurrence.
    bad = good.replace("region:", "region: us-east-1\nregion:")
    (project / "specs" / "bad.yaml").write_text(bad)
    proc = run_hook(project, hook_repo, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert re.search(r"^specs/bad\.yaml:\d+:\d+: error\[E\d{3}\] ", out, re.MULTILINE), out
    assert "specs/good.yaml:" not in out
    assert "notes.yaml" not in out


@pytest.mark.slow
def test_the_hook_passes_with_only_good_specs(
        project: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    proc = run_hook(project, hook_repo, pre_commit_home)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert re.search(r"drspec validate\.+Passed", out), out


@pytest.mark.slow
def test_try_repo_checks_a_good_and_a_broken_spec(project: Path, hook_repo: Path) -> None:
    """`pre-commit try-repo`, the way a user tries the hook before pinning it."""
    assert PRE_COMMIT is not None
    good = (project / "specs" / "good.yaml").read_text()
    (project / "specs" / "broken.yaml").write_text(good.replace("tables:", "tabels:", 1))
    git(project, "add", ".")
    env = {**os.environ, "PRE_COMMIT_COLOR": "never"}
    proc = subprocess.run(
        [*PRE_COMMIT, "try-repo", str(hook_repo), HOOK_ID, "--all-files"],
        cwd=project, env=env, capture_output=True, text=True, check=False, timeout=600,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert re.search(r"^specs/broken\.yaml:\d+:1: error\[E101\] .*did you mean 'tables'",
                     out, re.MULTILINE), out
    assert "specs/good.yaml:" not in out


@pytest.mark.slow
def test_a_changed_base_is_checked_through_the_specs_that_extend_it(
        project: Path, hook_repo: Path, pre_commit_home: Path) -> None:
    good = (project / "specs" / "good.yaml").read_text()
    # A partial base (no environment) and an overlay: valid together.
    (project / "specs" / "good.yaml").unlink()
    (project / "specs" / "base.yaml").write_text(good.replace("environment: dev\n", ""))
    (project / "specs" / "dev.yaml").write_text("extends: base.yaml\nenvironment: dev\n")
    proc = run_hook(project, hook_repo, pre_commit_home, ("specs/base.yaml",))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # Only the base changes (pre-commit hands over just that file): it is still checked
    # through the overlay, and the mistake shows where it is, in the base.
    (project / "specs" / "base.yaml").write_text(
        good.replace("environment: dev\n", "").replace("    memory: 128", "    memory: 64"))
    proc = run_hook(project, hook_repo, pre_commit_home, ("specs/base.yaml",))
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert re.search(r"^specs/base\.yaml:\d+:\d+: error\[E106\] ", out, re.MULTILINE), out
    assert "E102" not in out  # the base is partial on purpose
