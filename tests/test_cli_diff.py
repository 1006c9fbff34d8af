"""`drspec diff OLD NEW`: changes input by input, replacements with sources, the guardrail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from plan_support import REPO

from drspec.cli import main
from drspec.diff.compare import Action, compare

PROD = (REPO / "tests" / "data" / "flat" / "prod.yaml").read_text(encoding="utf-8")
DEV = (REPO / "tests" / "data" / "flat" / "dev.yaml").read_text(encoding="utf-8")
GOLDEN = REPO / "tests" / "golden"
NEW_KEY = "partition_key: {name: id, type: S}"
OLD_KEY = "partition_key: {name: order_id, type: S}"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> str:
    """A spec beside copies of what the shipped specs extend."""
    target = tmp_path / name
    target.write_text(text, encoding="utf-8")
    for base in (REPO / "specs").glob("base/*.yaml"):
        (tmp_path / "base").mkdir(exist_ok=True)
        (tmp_path / "base" / base.name).write_text(base.read_text(encoding="utf-8"))
    return str(target)


def test_a_spec_and_its_saved_plan_are_equal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, str(GOLDEN / "dev.json"), str(REPO / "specs" / "dev.yaml"))
    assert code == 0
    assert out.rstrip().endswith("no changes")


def test_a_new_key_schema_replaces_the_table_and_prod_refuses_it(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert OLD_KEY in PROD
    new = write(tmp_path, "prod.yaml", PROD.replace(OLD_KEY, NEW_KEY, 1))
    code, out, _ = run(capsys, str(GOLDEN / "prod.json"), new)
    assert code == 3
    assert "± REPLACE aws:dynamodb/table:Table tables-orders-table" in out
    assert ('hashKey: "order_id" → "id"  [forces replacement: https://docs.aws.amazon.com/'
            'AWSCloudFormation/latest/TemplateReference/aws-resource-dynamodb-table.html]') in out
    assert "data at risk: All table items" in out
    assert "error[W703] aws:dynamodb/table:Table tables-orders-table would be replaced" in out


def test_a_waiver_lets_the_replacement_through(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    text = PROD.replace(OLD_KEY, NEW_KEY, 1)
    text += "\nwaivers:\n  - rule: W703\n    reason: orders are re-imported from the ledger\n"
    code, out, _ = run(capsys, str(GOLDEN / "prod.json"), write(tmp_path, "prod.yaml", text))
    assert code == 1
    assert "warning[W703]" in out and "(waived: orders are re-imported from the ledger)" in out


def test_outside_production_a_replacement_is_shown_not_refused(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    new = write(tmp_path, "dev.yaml", DEV.replace("name: order_id", "name: id", 1))
    code, out, _ = run(capsys, str(GOLDEN / "dev.json"), new, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["refusals"] == [] and data["equal"] is False
    (table,) = [r for r in data["resources"] if r["action"] == "replace"]
    assert table["type"] == "aws:dynamodb/table:Table" and table["stateful"]
    assert table["physical_name"] == "orders-dev-orders-table"
    forcing = [c for c in table["changes"] if c["replacement"] == "replace"]
    assert [(c["input"], c["old"], c["new"]) for c in forcing] == [("hashKey", "order_id", "id")]


def test_an_in_place_change_is_an_update(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    new = write(tmp_path, "dev.yaml", DEV.replace("memory: 128", "memory: 256", 1))
    code, out, _ = run(capsys, str(GOLDEN / "dev.json"), new)
    assert code == 1
    assert "~ update aws:lambda/function:Function functions-health-fn" in out
    assert "memorySize: 128.0 → 256.0" in out
    assert "REPLACE" not in out and "W703" not in out


def test_a_removed_stateful_resource_names_its_data() -> None:
    old = json.loads((GOLDEN / "dev.json").read_text())
    new = dict(old, resources=[r for r in old["resources"]
                               if r["type"] != "aws:s3/bucket:Bucket"])
    diff = compare(old, new)
    (removed,) = [r for r in diff.resources if r.action is Action.REMOVE]
    assert removed.destroys_data and removed.data_at_risk and "objects" in removed.data_at_risk


def _table_plan(replicas: list[dict[str, str]], witness: str | None = None) -> dict:
    inputs: dict = {"name": "t", "hashKey": "id", "replicas": replicas}
    if witness:
        inputs["globalTableWitness"] = {"regionName": witness}
    resource = {"urn": "urn:pulumi:prod::drspec::aws:dynamodb/table:Table::t",
                "type": "aws:dynamodb/table:Table", "name": "t", "inputs": inputs}
    return {"spec": {"environment": "prod"}, "resources": [resource]}


MREC = [{"regionName": "eu-central-1"}]
MRSC = [{"regionName": "eu-central-1", "consistencyMode": "STRONG"}]


@pytest.mark.parametrize(("old", "new", "action"), [
    (_table_plan(MREC), _table_plan(MRSC, "eu-west-3"), Action.REPLACE),
    (_table_plan([]), _table_plan(MRSC, "eu-west-3"), Action.REPLACE),
    (_table_plan(MRSC, "eu-west-3"), _table_plan(MREC), Action.REPLACE),
    (_table_plan(MRSC, "eu-west-3"), _table_plan(MRSC, "eu-west-2"), Action.REPLACE),
    (_table_plan([]), _table_plan(MREC), Action.UPDATE),
    (_table_plan(MREC), _table_plan([*MREC, {"regionName": "eu-west-2"}]), Action.UPDATE),
    (_table_plan(MRSC, "eu-west-3"), _table_plan([]), Action.UPDATE),
])
def test_a_global_table_keeps_its_consistency_mode_and_mrsc_members(
        old: dict, new: dict, action: Action) -> None:
    (table,) = compare(old, new).resources
    assert table.action is action
    if action is Action.REPLACE:
        assert table.destroys_data and table.data_at_risk
        assert {c.source for c in table.changes if c.replacement} == {
            "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
            "V2globaltables_HowItWorks.html"}


def test_prod_refuses_turning_a_strongly_consistent_table_eventual(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    strong = "    consistency: strong\n"
    assert strong in PROD
    new = write(tmp_path, "prod.yaml", PROD.replace(strong, "", 1))
    code, out, _ = run(capsys, str(GOLDEN / "prod.json"), new)
    assert code == 3
    assert "± REPLACE aws:dynamodb/table:Table tables-customers-table" in out
    assert "error[W703] aws:dynamodb/table:Table tables-customers-table would be replaced" in out


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    ('{"resources": 3}', "not a drspec plan"),
    ('{"resources": [', "not valid JSON"),
    ("version: 1\n", "is not a valid spec"),
])
def test_bad_input_exits_2_without_a_traceback(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path, content: str | None,
                                               message: str) -> None:
    bad = tmp_path / ("bad.json" if content and content.startswith("{") else "bad.yaml")
    if content is not None:
        bad.write_text(content)
    code, out, err = run(capsys, str(bad), str(GOLDEN / "dev.json"))
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
