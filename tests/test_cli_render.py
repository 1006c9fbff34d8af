"""`drspec render SPEC [--origins]`: the merged spec after `extends`, and where values came from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from plan_support import REPO

from drspec.cli import main
from drspec.load.reader import load_file

EXTENDS = REPO / "tests" / "specs" / "valid" / "extends"
SPECS = sorted((REPO / "specs").glob("*.yaml"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["render", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("spec", [EXTENDS / "spec.yaml", *SPECS], ids=lambda p: p.name)
def test_the_output_loads_back_to_the_merged_data(capsys: pytest.CaptureFixture[str],
                                                  spec: Path) -> None:
    document, _ = load_file(spec)
    assert document is not None
    for flags in ((), ("--origins",)):
        code, out, _ = run(capsys, str(spec), *flags)
        assert code == 0
        expected = {k: v for k, v in document.data.items() if k != "extends"}
        assert yaml.safe_load(out) == expected


def test_origins_name_the_file_and_line_of_each_value(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(EXTENDS / "spec.yaml"), "--origins")
    assert code == 0
    lines = out.splitlines()
    base, overlay = str(EXTENDS / "base.yaml"), str(EXTENDS / "spec.yaml")
    assert f"environment: staging  # {overlay}:6" in lines
    assert f"name: shop  # {base}:3" in lines
    assert f"    rate: 1 day  # {overlay}:21" in lines
    assert not any(re.match(r"\s*cron:", line) for line in lines)  # removed with null
    for line in lines[1:]:  # every value says where it came from, and the line holds it
        file, number = line.rsplit("  # ", 1)[1].rsplit(":", 1)
        source = Path(file).read_text().splitlines()[int(number) - 1]
        key = line.split(":", 1)[0].strip().lstrip("- ")
        assert key in source or key.isdigit(), (line, source)


def test_a_file_that_cannot_be_loaded_is_reported(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: nowhere.yaml\nversion: 1\n")
    code, out, err = run(capsys, str(bad))
    assert code == 1 and out == ""
    assert f"{bad}:1:10: error[E011]" in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["dev", "staging", "prod"])
def test_the_flat_copies_tests_use_match_the_shipped_specs(name: str) -> None:
    """tests/data/flat/ holds each shipped environment in one file (for tests that edit
    its text); it must stay what specs/<name>.yaml and its base merge to."""
    shipped, _ = load_file(REPO / "specs" / f"{name}.yaml")
    flat, _ = load_file(REPO / "tests" / "data" / "flat" / f"{name}.yaml")
    assert shipped is not None and flat is not None
    assert {k: v for k, v in shipped.data.items() if k != "extends"} == flat.data
