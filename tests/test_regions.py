"""The region data file: generated from botocore, checked for drift, read without botocore."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from drspec import regions

REPO = Path(__file__).resolve().parent.parent


def test_data_file_matches_the_installed_botocore() -> None:
    """Fails when botocore knows other regions than drspec/data/regions.json.

    Regenerate with `python -m drspec.regions` and commit the result.
    """
    generated = regions.render(regions.build_data(regions.botocore_endpoints()))
    assert regions.data_path().read_text(encoding="utf-8") == generated


def test_known_regions_cover_the_three_partitions() -> None:
    known = regions.known_regions()
    assert known["us-east-1"].partition == "aws"
    assert known["eu-central-1"].description == "Europe (Frankfurt)"
    assert known["cn-north-1"].partition == "aws-cn"
    assert known["us-gov-west-1"].partition == "aws-us-gov"
    assert "aws-global" not in known
    assert not [name for name in known if "-iso" in name]
    assert len(known) >= 30


def test_build_data_keeps_only_the_supported_partitions_sorted() -> None:
    endpoints = {"partitions": [
        {"partition": "aws-iso", "regions": {"us-iso-east-1": {"description": "x"}}},
        {"partition": "aws-us-gov", "regions": {"us-gov-west-1": {}}},
        {"partition": "aws", "regions": {"us-west-2": {"description": "US West (Oregon)"},
                                         "eu-west-1": {"description": "Europe (Ireland)"}}},
        {"partition": "aws-cn", "regions": {"cn-north-1": {"description": "China (Beijing)"}}},
    ]}
    data = regions.build_data(endpoints)
    assert list(data["partitions"]) == ["aws", "aws-cn", "aws-us-gov"]
    assert list(data["partitions"]["aws"]) == ["eu-west-1", "us-west-2"]
    assert data["partitions"]["aws-us-gov"] == {"us-gov-west-1": "us-gov-west-1"}


def test_build_data_refuses_endpoint_data_without_a_partition() -> None:
    with pytest.raises(ValueError, match="aws-cn"):
        regions.build_data({"partitions": [{"partition": "aws", "regions": {}},
                                           {"partition": "aws-us-gov", "regions": {}}]})


def test_main_writes_then_reports_up_to_date(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "regions.json"
    assert regions.main([str(target)]) == 0
    assert "written" in capsys.readouterr().out
    assert json.loads(target.read_text())["partitions"]["aws"]["us-east-1"]
    assert target.read_text() == regions.data_path().read_text()
    assert regions.main([str(target)]) == 0
    assert "up to date" in capsys.readouterr().out


def test_validate_does_not_import_botocore(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("version: 1\nname: shop\nenvironment: dev\nregion: us-east-7\n"
                    "network: {cidr: 10.0.0.0/16, availability_zones: [us-east-7a]}\n")
    probe = ("import sys, drspec\n"
             f"codes = [d.code for d in drspec.validate({str(spec)!r})]\n"
             "print(codes, sorted(m for m in sys.modules if m.startswith('botocore')))\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=REPO).stdout.strip()
    assert out == "['E207', 'W201'] []"
