"""Many specs in one call: `drspec plan DIR` and `drspec validate DIR` on every core."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from plan_support import REPO

from drspec.batch import check_files
from drspec.cli import main
from drspec.load.discover import collect_files
from drspec.parallel import Progress, run_in_order

GOLDEN = REPO / "tests" / "golden"


def square(n: int) -> int:
    return n * n


def test_results_come_back_in_order_from_the_pool() -> None:
    items = list(range(40))
    assert run_in_order(square, items, min_items=2) == [n * n for n in items]
    assert run_in_order(square, items, min_items=1000) == [n * n for n in items]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_only_on_a_terminal() -> None:
    quiet = io.StringIO()
    run_in_order(square, [1, 2, 3], progress=Progress(3, "x", quiet), min_items=1000)
    assert quiet.getvalue() == ""
    tty = Terminal()
    run_in_order(square, [1, 2, 3], progress=Progress(3, "x", tty), min_items=1000)
    assert "\rx [" in tty.getvalue() and "] 3/3" in tty.getvalue()
    assert tty.getvalue().endswith("\r\x1b[K")


def test_plan_of_a_directory_plans_every_environment_as_one_by_one(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert main(["plan", "specs", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    plans = json.loads(out)
    assert sorted(plans) == ["specs/dev.yaml", "specs/prod.yaml", "specs/staging.yaml"]
    for name, plan in plans.items():
        golden = json.loads((GOLDEN / f"{Path(name).stem}.json").read_text())
        assert plan == golden, name
    assert "3 of 3 specs planned" in err


def test_an_invalid_spec_is_reported_and_the_others_planned(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    shutil.copy(REPO / "tests" / "data" / "flat" / "dev.yaml", tmp_path / "a.yaml")
    (tmp_path / "b.yaml").write_text("version: 1\nname: shop\nenvironment: qa\n")
    (tmp_path / "ci.yaml").write_text("jobs: {}\n")  # not a spec: left out
    out_dir = tmp_path / "plans"
    code = main(["plan", str(tmp_path), "-o", str(out_dir)])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"{tmp_path / 'b.yaml'}:1:1: error[E102]" in err
    assert "1 of 2 specs planned" in out and "ci.yaml" not in out
    assert (out_dir / "a.txt").is_file() and not (out_dir / "b.txt").exists()


def test_validate_on_many_files_finds_what_one_by_one_finds(tmp_path: Path) -> None:
    text = (REPO / "tests" / "specs" / "valid" / "network-single-az.yaml").read_text()
    for i in range(60):
        (tmp_path / f"s{i:02d}.yaml").write_text(text)
    targets, _ = collect_files([str(tmp_path)])
    pooled = check_files(targets)
    assert len(pooled) == 60
    assert [c.target.path for c in pooled] == [t.path for t in targets]
    from drspec.pipeline import check

    for checked in pooled:
        assert checked.diagnostics == check(checked.target.path).diagnostics
        assert [d.code for d in checked.diagnostics] == ["W201"]
