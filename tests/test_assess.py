"""`drspec assess`: verdicts per failure scenario, located findings, JSON, exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from assess_support import REPO, WARM, data, judged, with_table, write

import drspec
from drspec import figures as fig
from drspec.assess.engine import assess, human_duration
from drspec.cli import main
from drspec.diagnostics import Severity
from drspec.load.reader import load_file
from drspec.model import build_model
from drspec.pipeline import check

PROD = REPO / "specs" / "prod.yaml"

def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["assess", *args])
    out, err = capsys.readouterr()
    return code, out, err


# -- (a) a single region with objectives -------------------------------------------


def test_single_region_cannot_survive_the_loss_of_its_region() -> None:
    a = judged(data(objectives={"rto": "1h", "rpo": "15m"}))
    region = a.scenario("region_loss")
    assert region.meets(a.objectives) is False
    assert region.rto_seconds == fig.REGION_REBUILD.seconds
    assert region.rpo_seconds is None  # the data stays in the lost region
    findings = [f for f in a.findings if f.scenario == "region_loss"]
    assert {f.metric for f in findings} == {"rto", "rpo"}
    for f in findings:
        assert f.path == ("disaster_recovery", "secondary_region")
        assert "secondary_region" in f.hint


def test_cli_reports_unmet_objectives_as_located_errors(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = write(tmp_path, data(objectives={"rto": "1h", "rpo": "15m"}))
    code, out, _ = run(capsys, str(spec))
    assert code == 1
    assert "loss of the primary region" in out
    assert "NOT MET" in out
    located = [line for line in out.splitlines() if line.startswith(f"{spec}:")]
    assert any("error[E551]" in line and "unrecoverable" in line for line in located)
    assert any("error[E550]" in line for line in located)
    assert "hint: add disaster_recovery.secondary_region" in out


# -- (b) warm standby with failover and RTC: the production spec ----------------------


def test_prod_survives_the_loss_of_its_region() -> None:
    doc, diags = load_file(PROD)
    assert doc is not None, diags
    a = assess(build_model(doc.data, str(PROD)))
    assert a.objectives is not None
    assert (a.objectives.rto, a.objectives.rpo) == (60 * 60, 15 * 60)
    region = a.scenario("region_loss")
    assert region.meets(a.objectives) is True
    assert region.rto_seconds == fig.failover_seconds(10, 3)
    assert region.rpo_seconds == fig.S3_RTC.seconds  # RTC's 15 minutes bound the buckets
    assert [f for f in a.findings if f.scenario == "region_loss"] == []
    limited = region.limited_by(a.objectives)
    assert limited is not None and "RTC" in limited.label


def test_failover_time_follows_the_health_check_settings() -> None:
    slow = dict(WARM, failover={**WARM["failover"], "interval": 30, "failure_threshold": 3})
    a = judged(data(disaster_recovery=slow, objectives={"rto": "3m"}))
    region = a.scenario("region_loss")
    assert region.rto_seconds == fig.failover_seconds(30, 3) == 210
    (finding,) = [f for f in a.findings if f.scenario == "region_loss"]
    assert finding.path == ("disaster_recovery", "failover")
    assert "interval: 10" in finding.hint


def test_pilot_light_and_manual_failover_take_longer() -> None:
    pilot = judged(data(disaster_recovery={"secondary_region": "eu-central-1"}))
    assert pilot.scenario("region_loss").rto_seconds == (
        fig.MANUAL_FAILOVER.seconds + fig.STACK_REDEPLOY.seconds)
    warm = dict(WARM)
    del warm["failover"]
    manual = judged(data(disaster_recovery=warm, objectives={"rto": "5m"}))
    assert manual.scenario("region_loss").rto_seconds == fig.MANUAL_FAILOVER.seconds
    (finding,) = [f for f in manual.findings if f.scenario == "region_loss"]
    assert finding.path == ("disaster_recovery", "failover")


def test_backup_copies_are_the_last_line_for_region_loss() -> None:
    dr = {"secondary_region": "eu-central-1", "global_tables": False,
          "replicate_buckets": False,
          "backup": {"schedule": "0 */6 * * ? *", "copy_to_secondary": True}}
    a = judged(data(disaster_recovery=dr, objectives={"rpo": "1h"}))
    region = a.scenario("region_loss")
    # the longest gap of the schedule, and a job may start that late in its window
    assert region.rpo_seconds == 6 * 3600 + fig.BACKUP_START_WINDOW.seconds
    paths = {f.path for f in a.findings if f.scenario == "region_loss"}
    assert paths == {("disaster_recovery", "global_tables"),
                     ("disaster_recovery", "replicate_buckets")}


# -- (c) no point-in-time recovery -------------------------------------------------------


def test_without_pitr_or_backup_corruption_is_unrecoverable() -> None:
    a = judged(with_table(point_in_time_recovery=False) | {"objectives": {"rpo": "1h"}})
    corruption = a.scenario("corruption")
    assert corruption.rpo_seconds is None
    assert corruption.meets(a.objectives) is False
    limited = corruption.limited_by(a.objectives)
    assert limited is not None and limited.component == "table 'carts'"
    (finding,) = [f for f in a.findings if f.scenario == "corruption"]
    assert finding.path == ("tables", "carts", "point_in_time_recovery")
    assert finding.hint == "enable point_in_time_recovery on table 'carts'"
    assert "unrecoverable" in finding.message


def test_without_pitr_a_backup_bounds_the_loss() -> None:
    raw = with_table(point_in_time_recovery=False)
    raw["disaster_recovery"] = {"backup": {"schedule": "0 3 * * ? *"}}
    raw["objectives"] = {"rpo": "1h"}
    a = judged(raw)
    corruption = a.scenario("corruption")
    assert corruption.rpo_seconds == 24 * 3600 + fig.BACKUP_START_WINDOW.seconds  # + start window
    assert corruption.rto_seconds >= fig.BACKUP_RESTORE.seconds
    (finding,) = [f for f in a.findings if f.scenario == "corruption"]
    assert finding.path == ("tables", "carts", "point_in_time_recovery")
    assert "carts" in finding.hint


def test_replication_does_not_help_against_corruption() -> None:
    raw = with_table(point_in_time_recovery=False)
    raw["disaster_recovery"] = WARM
    a = judged(raw)
    assert a.scenario("region_loss").rpo_seconds is not None
    assert a.scenario("corruption").rpo_seconds is None


def test_pitr_rewinds_to_the_second() -> None:
    corruption = judged(data()).scenario("corruption")
    assert corruption.rpo_seconds == fig.PITR_GRANULARITY.seconds
    assert corruption.rto_seconds == fig.TABLE_RESTORE.seconds


def test_unversioned_buckets_lose_overwritten_objects() -> None:
    raw = data(objectives={"rpo": "1h"})
    raw["buckets"]["statements"] = {"versioning": False}
    a = judged(raw)
    assert a.scenario("corruption").rpo_seconds is None
    paths = {f.path for f in a.findings}
    assert ("buckets", "statements", "versioning") in paths


def test_aws_backup_of_an_unversioned_bucket_is_refused_before_assessing(
        tmp_path: Path) -> None:
    """AWS Backup backs up versioned buckets only; validate rejects the design (E510),
    so assess never credits a backup that could not exist."""
    raw = data(objectives={"rpo": "2d"})
    raw["buckets"]["statements"] = {"versioning": False}
    raw["disaster_recovery"] = {"backup": {"schedule": "0 3 * * ? *"}}
    diags = drspec.validate(write(tmp_path, raw))
    assert [(d.code, d.path) for d in diags if d.is_error] == [
        ("E510", ("buckets", "statements", "versioning"))]


# -- (d) replication time control -------------------------------------------------------


def test_rtc_off_cannot_promise_a_short_rpo() -> None:
    dr = dict(WARM, replication_time_control=False)
    a = judged(data(disaster_recovery=dr, objectives={"rpo": "10m"}))
    region = a.scenario("region_loss")
    assert region.rpo_seconds == fig.S3_REPLICATION.seconds
    (finding,) = [f for f in a.findings if f.scenario == "region_loss"]
    assert finding.path == ("disaster_recovery", "replication_time_control")
    assert "replication_time_control: true" in finding.hint
    limited = region.limited_by(a.objectives)
    assert limited is not None
    assert limited.label == "bucket 'statements' (S3 replication without RTC)"


def test_rtc_cannot_beat_fifteen_minutes() -> None:
    a = judged(data(disaster_recovery=WARM, objectives={"rpo": "1m"}))
    (finding,) = [f for f in a.findings if f.scenario == "region_loss"]
    assert finding.path == ("objectives", "rpo")
    assert "S3 RTC replicates" in finding.hint
    assert "rpo 1m cannot be met for bucket 'statements'" in finding.hint


def test_findings_sharing_a_fix_are_reported_once() -> None:
    raw = data(disaster_recovery=dict(WARM, replication_time_control=False),
               objectives={"rpo": "1h"})
    raw["buckets"]["exports"] = {}
    a = judged(raw)
    (finding,) = [f for f in a.findings if f.scenario == "region_loss"]
    assert "bucket 'statements'" in finding.message and "bucket 'exports'" in finding.message


# -- (e) no objectives ----------------------------------------------------------------


def test_without_objectives_every_verdict_is_null(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    spec = write(tmp_path, data())
    code, out, _ = run(capsys, str(spec), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["objectives"] is None
    assert report["scenarios"]
    assert {s["meets"] for s in report["scenarios"]} == {None}
    assert report["diagnostics"] == []
    code, out, _ = run(capsys, str(spec))
    assert code == 0
    assert "no objectives declared" in out
    assert "error[" not in out


# -- JSON shape and other scenarios ---------------------------------------------------


def test_json_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = write(tmp_path, with_table(point_in_time_recovery=False)
                 | {"objectives": {"rto": "2h", "rpo": "30m"}})
    code, out, _ = run(capsys, str(spec), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["objectives"] == {"rto_seconds": 7200, "rpo_seconds": 1800}
    keys = [s["scenario"] for s in report["scenarios"]]
    assert keys == ["az_loss", "region_loss", "corruption", "table_deleted",
                    "bucket_deleted", "stack_destroyed"]
    for s in report["scenarios"]:
        assert {"scenario", "rto_seconds", "rpo_seconds", "limited_by", "meets"} <= set(s)
        assert isinstance(s["rto_seconds"], int)
        assert s["rpo_seconds"] is None or isinstance(s["rpo_seconds"], int)
        assert isinstance(s["meets"], bool)
    corruption = next(s for s in report["scenarios"] if s["scenario"] == "corruption")
    assert corruption["rpo_seconds"] is None
    assert corruption["meets"] is False
    assert corruption["findings"][0]["path"] == "tables.carts.point_in_time_recovery"
    codes = {d["code"] for d in report["diagnostics"]}
    assert "E551" in codes
    assert all(d["severity"] == "error" for d in report["diagnostics"])


def test_finding_points_at_the_line_to_change(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    text = yaml.safe_dump(data(objectives={"rpo": "30m"}), sort_keys=False)
    text += ("disaster_recovery:\n"
             "  secondary_region: eu-central-1\n"
             "  replication_time_control: false\n")
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  replication_time_control: false") + 1
    code, out, _ = run(capsys, str(spec))
    assert code == 1
    expected = f"{spec}:{line}:29: error[E551] loss of the primary region: RPO 4h"
    assert expected in out, out


def test_a_single_zone_needs_a_redeploy() -> None:
    raw = data(objectives={"rto": "10m"})
    raw["network"] = {"cidr": "10.0.0.0/16", "availability_zones": ["eu-west-1a"]}
    a = judged(raw)
    az = a.scenario("az_loss")
    assert az.rto_seconds == fig.STACK_REDEPLOY.seconds
    (finding,) = [f for f in a.findings if f.scenario == "az_loss"]
    assert finding.path == ("network", "availability_zones")


def test_a_single_nat_gateway_is_a_zone_dependency() -> None:
    raw = data(objectives={"rto": "10m"}, alerts={"email": ["oncall@example.com"]})
    raw["network"]["nat"] = "single"
    raw["functions"]["web"]["access"]["alerts"] = "publish"  # SNS: through the NAT gateway
    a = judged(raw)
    (finding,) = [f for f in a.findings if f.scenario == "az_loss"]
    assert finding.path == ("network", "nat")
    assert "per_az" in finding.hint
    (nat,) = [f for f in a.scenario("az_loss").factors if f.component == "NAT gateway"]
    assert "function 'web'" in nat.mechanism
    raw["network"]["nat"] = "per_az"
    assert judged(raw).scenario("az_loss").rto_seconds == 0


def test_functions_served_by_the_gateway_endpoints_do_not_need_the_nat() -> None:
    """DynamoDB and S3 go through the VPC endpoints: one NAT gateway is no zone
    dependency for functions that reach nothing else."""
    raw = data(objectives={"rto": "10m"})
    raw["network"]["nat"] = "single"
    assert judged(raw).scenario("az_loss").rto_seconds == 0
    raw["network"]["endpoints"] = ["s3"]  # the table is now reached through the NAT
    assert judged(raw).scenario("az_loss").rto_seconds == fig.STACK_REDEPLOY.seconds


def test_functions_outside_the_vpc_do_not_depend_on_zones() -> None:
    raw = data()
    raw["network"] = {"cidr": "10.0.0.0/16", "availability_zones": ["eu-west-1a"]}
    raw["functions"]["web"]["vpc"] = False
    assert judged(raw).scenario("az_loss").rto_seconds == 0


@pytest.mark.parametrize(("options", "rpo", "path"), [
    ({}, 0, None),  # deletion protection (the default) refuses the delete
    ({"deletion_protection": False}, fig.PITR_GRANULARITY.seconds,
     ("tables", "carts", "deletion_protection")),
    ({"deletion_protection": False, "point_in_time_recovery": False}, None,
     ("tables", "carts", "deletion_protection")),
])
def test_table_deleted(options: dict[str, Any], rpo: int | None,
                       path: tuple[str, ...] | None) -> None:
    raw = with_table(**options)
    raw["objectives"] = {"rto": "5m", "rpo": "5m"}
    a = judged(raw)
    deleted = a.scenario("table_deleted")
    assert deleted.rpo_seconds == rpo
    findings = [f for f in a.findings if f.scenario == "table_deleted"]
    assert {f.path for f in findings} == ({path} if path else set())
    if path:
        assert all("deletion_protection: true" in f.hint for f in findings)


def test_an_emptied_bucket_comes_back_only_from_copies_elsewhere() -> None:
    """Deleting a bucket deletes every version first: versioning alone keeps nothing."""
    a = judged(data(objectives={"rpo": "1h"}))
    deleted = a.scenario("bucket_deleted")
    assert deleted.rpo_seconds is None
    limited = deleted.limited_by(a.objectives)
    assert limited is not None and "emptied and deleted" in limited.mechanism
    (finding,) = [f for f in a.findings if f.scenario == "bucket_deleted"]
    assert finding.path == ("disaster_recovery", "backup")
    unreplicated = data(objectives={"rpo": "1h"},
                        disaster_recovery={"secondary_region": "eu-central-1",
                                           "replicate_buckets": False})
    (finding,) = [f for f in judged(unreplicated).findings if f.scenario == "bucket_deleted"]
    assert finding.path == ("disaster_recovery", "replicate_buckets")
    backed_up = judged(data(disaster_recovery={"backup": {"schedule": "0 3 * * ? *"}}))
    assert backed_up.scenario("bucket_deleted").rpo_seconds is not None
    replicated = judged(data(disaster_recovery=WARM)).scenario("bucket_deleted")
    assert replicated.rpo_seconds == fig.S3_RTC.seconds  # what had not replicated yet
    assert replicated.rto_seconds == fig.BUCKET_REFILL.seconds


def test_stack_destroyed_keeps_protected_data() -> None:
    assert judged(data()).scenario("stack_destroyed").rpo_seconds == 0
    raw = data(protect=False, objectives={"rpo": "1h"})
    raw["buckets"]["statements"]["force_destroy"] = True
    a = judged(raw)
    destroyed = a.scenario("stack_destroyed")
    assert destroyed.rpo_seconds is None
    (finding,) = [f for f in a.findings if f.scenario == "stack_destroyed"]
    assert finding.path == ("protect",)
    assert "force_destroy: false" in finding.hint
    # The table survives: deletion protection refuses even Pulumi's delete.
    table = next(f for f in destroyed.factors if f.component == "table 'carts'")
    assert table.rpo_seconds == 0


def test_scenarios_apply_only_to_what_exists() -> None:
    keys = [s.key for s in judged(data(tables=None, buckets=None, functions=None,
                                       api=None)).scenarios]
    assert keys == ["az_loss", "region_loss", "corruption", "stack_destroyed"]


# -- validate and plan warn; invalid specs ---------------------------------------------


def test_validate_warns_with_the_same_finding(tmp_path: Path) -> None:
    spec = write(tmp_path, data(objectives={"rto": "1h", "rpo": "15m"}))
    result = check(spec)
    assert result.ok
    warnings = [d for d in result.diagnostics if d.code in ("W550", "W551")]
    assert warnings and all(d.severity is Severity.WARNING for d in warnings)
    assert result.spec is not None and result.document is not None
    from drspec.assess.engine import diagnostics

    errors = diagnostics(assess(result.spec), result.document)
    assert sorted((d.message, d.hint, d.line, d.col) for d in warnings) == sorted(
        (d.message, d.hint, d.line, d.col) for d in errors)
    assert {d.code for d in errors} == {"E550", "E551"}


def test_validate_stays_quiet_when_objectives_are_met(tmp_path: Path) -> None:
    raw = data(disaster_recovery=WARM, objectives={"rto": "2h", "rpo": "30m"})
    result = check(write(tmp_path, raw))
    assert [d for d in result.diagnostics if d.code.startswith(("W55", "E55"))] == []


def test_an_invalid_spec_gets_the_validate_diagnostics(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = write(tmp_path, data(network=None, objectives={"rto": "1h"}))
    code, out, _ = run(capsys, str(spec))
    assert code == 1
    assert "network" in out
    assert "error[E1" in out  # the schema's finding, not an assessment
    assert "scenario" not in out
    code, out, _ = run(capsys, str(spec), "--format", "json")
    assert code == 1
    assert all(d["code"].startswith("E1") for d in json.loads(out))


def test_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, str(tmp_path / "absent.yaml"))
    assert code == 1
    assert "error[E010]" in out


def test_text_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pilot = {"secondary_region": "eu-central-1", "replication_time_control": True}
    spec = write(tmp_path, data(disaster_recovery=pilot, objectives={"rto": "2h", "rpo": "30m"}))
    code, out, _ = run(capsys, str(spec))
    assert code == 0, out
    lines = out.splitlines()
    assert lines[0] == f"{spec}: objectives RTO 2h, RPO 30m"
    header = lines[2].split()
    assert header[:3] == ["scenario", "RTO", "RPO"]
    assert any(line.startswith("loss of the primary region") and line.endswith("met")
               for line in lines)


@pytest.mark.parametrize(("seconds", "shown"), [
    (None, "unrecoverable"), (0, "0s"), (1, "1s"), (150, "2m 30s"), (3600, "1h"),
    (90000, "1d 1h"), (35 * 86400, "35d"),
])
def test_human_duration(seconds: int | None, shown: str) -> None:
    assert human_duration(seconds) == shown


def test_assess_of_a_saved_plan_stays_free_of_pulumi() -> None:
    """Assessing a saved plan runs where Pulumi is not installed (CI, pre-commit)."""
    import subprocess
    import sys

    saved = PROD.parent.parent / "tests" / "golden" / "prod.json"
    probe = ("import sys; from drspec.cli import main; "
             "code = main(['assess', sys.argv[1], '--plan', sys.argv[2]]); "
             "heavy = [m for m in sys.modules if m.split('.')[0] in ('pulumi', 'pulumi_aws')]; "
             "sys.exit(9 if heavy else code)")
    proc = subprocess.run([sys.executable, "-c", probe, str(PROD), str(saved)],
                          capture_output=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr  # 9: Pulumi was imported


def test_a_strongly_consistent_table_loses_nothing_with_its_region() -> None:
    """MRSC tables have RPO 0 in the region-loss scenario; eventual ones keep the
    global-table lag. Corruption still replicates to every replica."""
    raw = data(buckets=None, disaster_recovery={**WARM, "witness_region": "eu-west-3"})
    raw["functions"]["web"]["access"].pop("buckets")
    raw["tables"]["ledger"] = {"partition_key": {"name": "id", "type": "S"},
                               "consistency": "strong"}
    a = judged(raw)
    region = a.scenario("region_loss")
    factors = {f.component: f for f in region.factors}
    assert factors["table 'ledger'"].rpo_seconds == 0
    assert "strongly consistent" in factors["table 'ledger'"].mechanism
    assert factors["table 'carts'"].rpo_seconds == fig.GLOBAL_TABLES_LAG.seconds
    assert region.rpo_seconds == fig.GLOBAL_TABLES_LAG.seconds
    raw["tables"]["carts"]["consistency"] = "strong"
    assert judged(raw).scenario("region_loss").rpo_seconds == 0
    corruption = judged(raw).scenario("corruption")
    assert corruption.rpo_seconds == fig.PITR_GRANULARITY.seconds
