"""A failure inside drspec, in any command: one line naming the bug and the spec, exit 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from drspec import pipeline
from drspec.cli import COMMANDS, EXIT_INTERNAL, main

REPO = Path(__file__).resolve().parent.parent
DEV = str(REPO / "specs" / "dev.yaml")


def _crash(*args: object, **kwargs: object) -> None:
    raise KeyError("network")


@pytest.mark.parametrize("command", ["assess", "runbook", "plan"])
def test_a_crash_in_a_command_is_one_line_and_exit_3(
        command: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("DRSPEC_DEBUG", raising=False)
    monkeypatch.setattr(pipeline, "build_model", _crash)
    assert main([command, DEV]) == EXIT_INTERNAL
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"drspec {command}: internal error on {DEV}: KeyError: 'network' (this is "
                   "a bug in drspec; rerun with --debug for the traceback and report it)\n")


def test_debug_shows_the_traceback(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(pipeline, "build_model", _crash)
    assert main(["--debug", "assess", DEV]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert 'raise KeyError("network")' in err


def test_every_command_is_covered(monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    # The handler sits in the dispatcher, so no command can escape it.
    import drspec.cli as cli

    def crashing(name: str) -> object:
        class Module:
            HELP = ""

            @staticmethod
            def add_arguments(parser: object) -> None:
                return None

            @staticmethod
            def run(args: object) -> int:
                raise RuntimeError(f"{name} broke")
        return Module

    monkeypatch.setattr(cli, "_module", crashing)
    for name in COMMANDS:
        assert main([name]) == EXIT_INTERNAL
        err = capsys.readouterr().err
        assert f"drspec {name}: internal error: RuntimeError: {name} broke" in err


def test_validate_keeps_a_crash_per_file_as_a_finding(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # One file's crash must not lose the findings of the others: E000 at the file.
    monkeypatch.delenv("DRSPEC_DEBUG", raising=False)
    monkeypatch.setattr(pipeline, "build_model", _crash)
    assert main(["validate", DEV]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{DEV}:1:1: error[E000] drspec failed while checking this file: "
                          "KeyError: 'network'")
    assert "rerun with `drspec --debug`" in out
