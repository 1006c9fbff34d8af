"""`drspec new NAME --from KIND`: specs from templates that validate as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from drspec.cli import main
from drspec.pipeline import check

KINDS = ("single-region", "pilot-light", "warm-standby")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["new", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("kind", KINDS)
def test_each_template_validates_as_written_without_findings(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str) -> None:
    target = tmp_path / "billing.yaml"
    code, out, err = run(capsys, "billing", "--from", kind, "-o", str(target))
    assert code == 0 and out == "" and f"wrote {target}" in err
    result = check(target)
    assert result.diagnostics == [] and result.spec is not None
    assert result.spec.name == "billing"
    text = target.read_text()
    assert text.count("\n#") > 10  # comments that teach the format
    has_dr = kind != "single-region"
    assert (result.spec.disaster_recovery.secondary_region is not None) is has_dr
    if kind == "warm-standby":
        assert result.spec.environment == "prod"
        assert result.spec.disaster_recovery.mode == "warm_standby"


def test_options_reach_the_spec(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    code, _, _ = run(capsys, "ledger", "--from", "pilot-light", "--environment", "qa",
                     "--region", "eu-west-1", "--secondary-region", "eu-north-1",
                     "-o", str(target))
    assert code == 0
    spec = check(target).spec
    assert spec is not None
    assert (spec.environment, spec.region) == ("qa", "eu-west-1")
    assert spec.disaster_recovery.secondary_region == "eu-north-1"
    assert spec.network.availability_zones == ("eu-west-1a", "eu-west-1b", "eu-west-1c")


def test_standard_output_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "shop", "--from", "single-region")
    assert code == 0 and "name: shop\n" in out and "environment: dev\n" in out


def test_an_existing_file_is_never_overwritten(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("keep me\n")
    code, _, err = run(capsys, "shop", "--from", "single-region", "-o", str(target))
    assert code == 1 and "exists; not overwritten" in err
    assert target.read_text() == "keep me\n"


@pytest.mark.parametrize(("argv", "message"), [
    (("Shop!", "--from", "single-region"), "cannot be a name"),
    (("shop", "--from", "pilot-light", "--region", "mars-north-1"), "not an AWS region"),
    (("shop", "--from", "warm-standby", "--region", "af-south-1"), "--secondary-region"),
    (("shop", "--from", "single-region", "--environment", "Prod"), "cannot be an environment"),
])
def test_values_no_spec_can_hold_exit_2(capsys: pytest.CaptureFixture[str],
                                        argv: tuple[str, ...], message: str) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and message in err and "Traceback" not in err


def test_an_unknown_template_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["new", "shop", "--from", "active-active"])
    assert exc.value.code == 2
