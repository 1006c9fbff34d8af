"""The README's two opening commands: one line each, in a virtual environment, and CI
(`.ci/run`) runs the test command exactly as written."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def opening_commands() -> list[str]:
    """The first two `sh` blocks of the README, before its first section."""
    opening = README.split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", opening, re.S)]


def test_the_opening_commands_are_one_line_each_in_a_virtual_environment() -> None:
    first, second = opening_commands()
    assert "\n" not in first and "\n" not in second
    # PEP 668: a system Python may refuse `pip install`; a virtual environment never does.
    assert first.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install ")
    assert first.endswith("&& drspec plan specs/dev.yaml")
    assert second.startswith(". .venv/bin/activate && pip install ")
    assert second.endswith("&& python3 -m pytest -q")
    assert "-c constraints.txt" in first and "-c constraints.txt" in second


def test_ci_runs_the_readme_test_command_as_written() -> None:
    _, tests = opening_commands()
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()
    assert "python3 -m venv .venv" in ci


def test_the_virtual_environment_is_not_committed() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".venv/" in ignored
