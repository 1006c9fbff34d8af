"""`drspec runbook`: real names, only the sections a spec needs, no empty headings.

The shipped specs' runbooks are also kept as goldens (`tests/golden/runbook-*.md`);
when a change to them is intended, rewrite them with

    DRSPEC_ACCEPT=1 python -m pytest tests/test_runbook.py
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from assess_support import REPO, SHIPPED, WARM, data, valid, with_table, write
from aws_cli_check import command_lines, problems
from golden_support import GOLDEN, assert_matches_golden

from drspec import naming
from drspec.cli import main
from drspec.load.reader import load_file
from drspec.model import Spec, build_model
from drspec.runbook.render import render

HEADING = re.compile(r"^(#{1,6}) (.+)$")


def shipped(path: Path) -> Spec:
    doc, diags = load_file(path)
    assert doc is not None, diags
    return build_model(doc.data, f"specs/{path.name}")


def headings(text: str) -> list[tuple[int, str, int]]:
    """(level, title, line index) of every Markdown heading outside code blocks."""
    out, fenced = [], False
    for i, line in enumerate(text.splitlines()):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        match = None if fenced else HEADING.match(line)
        if match:
            out.append((len(match.group(1)), match.group(2), i))
    return out


def empty_headings(text: str) -> list[str]:
    """Headings with no content before the next heading of the same or a higher level."""
    lines = text.splitlines()
    found = headings(text)
    empty = []
    for n, (level, title, start) in enumerate(found):
        end = next((i for lv, _, i in found[n + 1:] if lv <= level), len(lines))
        body = [line for i, line in enumerate(lines[start + 1:end], start + 1)
                if line.strip() and not any(i == j for _, _, j in found)]
        if not body:
            empty.append(title)
    return empty


def titles(text: str) -> list[str]:
    return [title for _, title, _ in headings(text)]


def runbook(raw: dict[str, Any]) -> str:
    return render(valid(raw))


# -- every shipped spec -----------------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_runbooks_name_the_real_resources(capsys: pytest.CaptureFixture[str],
                                                  path: Path) -> None:
    code = main(["runbook", str(path)])
    out, _ = capsys.readouterr()
    assert code == 0
    spec = shipped(path)
    app, env = spec.name, spec.environment
    for table in spec.tables:
        name = naming.physical(app, env, table.ident, "table")
        assert f"`{name}`" in out
        if table.point_in_time_recovery:
            assert f"--source-table-name {name}" in out
    for bucket in spec.buckets:
        name = naming.physical(app, env, bucket.ident, "bucket")
        versions = out[out.index("## Recover S3 object versions"):]
        assert re.search(rf"BUCKET={name}\b|# or .*\b{name}\b", versions), name
        if spec.disaster_recovery.replicate_buckets:
            assert f"`{naming.replica_bucket(app, env, bucket.ident)}`" in out
    for fn in spec.functions:
        assert f"`{naming.physical(app, env, fn.ident, 'fn')}`" in out
    for alarm in spec.alarms:
        assert f"`{naming.physical(app, env, alarm.ident, 'alarm')}`" in out
    assert f"`{naming.env_physical(app, env, 'topic')}`" in out
    assert f"--region {spec.region}" in out
    assert empty_headings(out) == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_runbooks_are_deterministic(path: Path) -> None:
    assert render(shipped(path)) == render(shipped(path))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_runbook_matches_golden(path: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """What `drspec runbook` writes: its recovery table judged on the compiled plan."""
    monkeypatch.chdir(REPO)
    target = tmp_path / "RUNBOOK.md"
    assert main(["runbook", f"specs/{path.name}", "-o", str(target)]) == 0
    assert_matches_golden(target.read_text(encoding="utf-8"),
                          GOLDEN / f"runbook-{path.stem}.md", f"the runbook of specs/{path.name}")


def test_the_runbook_judges_a_saved_plan(tmp_path: Path) -> None:
    spec, saved = REPO / "specs" / "dev.yaml", tmp_path / "plan.json"
    assert main(["plan", str(spec), "--format", "json", "-o", str(saved)]) == 0
    compiled, from_plan = tmp_path / "a.md", tmp_path / "b.md"
    assert main(["runbook", str(spec), "-o", str(compiled)]) == 0
    assert main(["runbook", str(spec), "--plan", str(saved), "-o", str(from_plan)]) == 0
    assert compiled.read_text() == from_plan.read_text()
    other = REPO / "specs" / "prod.yaml"
    assert main(["runbook", str(other), "--plan", str(saved)]) == 2


def test_prod_runbook_covers_warm_standby_failover_and_backup() -> None:
    text = render(shipped(REPO / "specs" / "prod.yaml"))
    assert "## Fail over to eu-central-1" in text
    assert "Failover is automatic" in text
    assert "`https://api.orders.example.com`" in text
    assert "over HTTPS every 10s\nand marks it unhealthy after 3 consecutive failures (30s)" in text
    assert "--health-check-id \"$(pulumi stack output health_check_id)\"" in text
    assert "--backup-vault-name orders-prod-vault --region eu-west-1" in text
    assert "`--region eu-central-1`" in text  # the copies in the secondary vault
    assert "--role-name orders-prod-backup-role" in text
    assert ("aws s3 sync s3://orders-prod-documents-replica "
            "s3://orders-prod-documents-bucket") in text
    assert "Schedule `orders-prod-probe-schedule` runs `orders-prod-health-fn`" in text
    assert "| loss of the primary region | 2m 30s | 15m |" in text


# -- only the sections a spec needs --------------------------------------------------


def test_a_single_region_runbook_has_no_failover_or_backup() -> None:
    text = runbook(data())
    assert "## Loss of the primary region" in text
    for absent in ("Fail over", "Fail back", "AWS Backup", "Route 53", "Alarms",
                   "Notifications", "DR probe", "Restore a deleted table",
                   "Loss of an availability zone"):
        assert not any(absent in t for t in titles(text)), absent
    assert "## Restore a table to a point in time" in text
    assert "## Recover S3 object versions" in text
    assert empty_headings(text) == []


def _words(text: str) -> str:
    """Text with every run of whitespace one space, to match prose across line breaks."""
    return " ".join(text.split())


def test_a_point_in_time_restore_says_what_it_lacks_and_how_data_goes_back() -> None:
    """The restored table is a new, bare table: the runbook copies items back into the
    live table (the one the stack manages) rather than swapping tables."""
    text = runbook(data(disaster_recovery=WARM))
    section = _words(text[text.index("## Restore a table to a point in time"):
                          text.index("## Recover S3 object versions")])
    assert ("--source-table-name shop-test-carts-table "
            "--target-table-name shop-test-carts-table-restored "
            '--restore-date-time "$RESTORE_TO"') in section.replace("\\ ", "")
    assert ("no point-in-time recovery, stream, TTL, tags, deletion protection or alarms, "
            "and no replica in `eu-central-1`") in section
    assert "The stack does not manage it" in section
    assert "`shop-test-carts-table`: `{\"id\": {\"S\": \"...\"}}`" in section
    assert ('aws dynamodb get-item --table-name "$TABLE-restored" --key "$KEY"'
            in section)
    assert 'aws dynamodb put-item --table-name "$TABLE" --item file://item.json' in section
    assert "TABLE=shop-test-carts-table " in section
    assert 'aws dynamodb delete-table --table-name "$TABLE-restored"' in section
    single = _words(runbook(with_table(sort_key={"name": "at", "type": "N"})))
    assert "`shop-test-carts-table`: `{\"id\": {\"S\": \"...\"}, \"at\": {\"N\": \"...\"}}`" \
        in single
    assert "no replica in" not in single


def test_replicated_buckets_undelete_by_copying() -> None:
    """Deleting a delete marker (a versioned delete) is not replicated: in a replicated
    bucket the object would stay deleted in the replica, so the runbook copies instead."""
    def versions(text: str) -> str:
        return _words(text[text.index("## Recover S3 object versions"):])

    replicated = versions(runbook(data(disaster_recovery=WARM)))
    assert "aws s3api copy-object" in replicated
    assert "and the copy replicates to `eu-central-1`" in replicated
    assert "aws s3api delete-object" not in replicated
    assert "Do not undelete by deleting the delete marker" in replicated
    single = versions(runbook(data()))
    assert 'aws s3api delete-object --bucket "$BUCKET" --key "$KEY"' in single
    assert "Do not undelete" not in single


def test_an_emptied_bucket_is_refilled_from_its_replica() -> None:
    """The assessment counts on the replica when a bucket is emptied and deleted; the
    runbook says how to get the objects back from it."""
    text = runbook(data(disaster_recovery=WARM))
    section = _words(text[text.index("## Refill an emptied or deleted bucket"):])
    assert "`pulumi refresh`, then `pulumi up`" in section
    assert ("aws s3 sync s3://shop-test-statements-replica s3://shop-test-statements-bucket "
            "--source-region eu-central-1 --region eu-west-1") in section
    assert "Refill" not in "".join(titles(runbook(data())))  # no replica, no section


def test_a_backup_restore_passes_only_the_restore_metadata_under_a_new_name() -> None:
    """start-restore-job takes the RestoreMetadata map, not the whole output of
    get-recovery-point-restore-metadata; AWS Backup never overwrites, so the copy
    gets a new name and the data is copied back from it."""
    text = runbook(data(disaster_recovery={"backup": {"schedule": "0 3 * * ? *"}}))
    section = _words(text[text.index("## Restore from AWS Backup"):])
    assert ('--recovery-point-arn "$RECOVERY_POINT_ARN" \\ --query RestoreMetadata '
            "--output json --region eu-west-1 > metadata.json") in section
    assert "--metadata file://metadata.json" in section
    assert "set `targetTableName` (say `shop-test-carts-table-restored`)" in section
    assert "set `DestinationBucketName` to a new bucket name and `NewBucket` to `\"true\"`" \
        in section
    assert "AWS Backup never overwrites" in section
    assert "a restored table has no point-in-time recovery, stream, TTL, tags or deletion" \
        in section
    assert 'aws s3 sync "s3://$COPY" "s3://$BUCKET" --region eu-west-1' in section


def test_no_pitr_no_restore_section() -> None:
    raw = with_table(point_in_time_recovery=False)
    raw["buckets"]["statements"] = {"versioning": False}
    text = runbook(raw)
    assert not any("point in time" in t for t in titles(text))
    assert "restore-table-to-point-in-time" not in text
    assert not any("object versions" in t for t in titles(text))
    assert empty_headings(text) == []


def test_nothing_but_a_network() -> None:
    text = runbook(data(tables=None, buckets=None, functions=None, api=None))
    assert titles(text) == ["Disaster-recovery runbook: shop-test", "At a glance",
                            "What this design can recover", "Resources", "Detect",
                            "Loss of the primary region"]
    assert empty_headings(text) == []


def test_pilot_light_failover_is_a_deploy() -> None:
    text = runbook(data(disaster_recovery={"secondary_region": "eu-central-1"}))
    assert "## Fail over to eu-central-1" in text
    assert "set `disaster_recovery.mode: warm_standby`" in text
    assert "pulumi stack output api_endpoint_secondary" in text
    assert "Route 53" not in "".join(titles(text))
    assert "set `disaster_recovery.mode: pilot_light` again" in _words(text)
    assert empty_headings(text) == []


def test_warm_standby_with_failover_detects_with_route53() -> None:
    text = runbook(data(disaster_recovery=WARM))
    assert "### Route 53 health check" in text
    assert "Failover is automatic" in text
    assert "`Name=shop-test-primary-api`" in text
    assert "The tables are global tables" in text


def _fail_back(text: str) -> str:
    return _words(text[text.index("## Fail back"):text.index("## Roll back a bad deploy")])


def test_fail_back_holds_traffic_until_the_buckets_have_replicated_back() -> None:
    """Replicas replicate back (two-way), but Route 53 fails back on its own: the
    runbook holds the health check down until the return rules have drained, then
    lets traffic return."""
    section = _words(_fail_back(runbook(data(disaster_recovery=WARM))))
    hold = ('aws route53 update-health-check --health-check-id '
            '"$(pulumi stack output health_check_id)" \\ --resource-path /hold-failback')
    drained = "`OperationsPendingReplication` of the `replicate-back` rules"
    release = ('aws route53 update-health-check --health-check-id '
               '"$(pulumi stack output health_check_id)" \\ --resource-path /health')
    assert hold in section and drained in section and release in section
    assert section.index(hold) < section.index(drained) < section.index(release)
    assert "aws s3 sync" not in section
    assert "writes made in `eu-central-1` reach `eu-west-1` without help" in section
    read_only = _fail_back(runbook(data(disaster_recovery={
        **WARM, "standby_buckets": "read_only"})))
    assert "the standby was read-only for buckets, so nothing was written there" in \
        _words(read_only)


def test_manual_failover_finds_the_secondary_endpoint_without_the_stack_state() -> None:
    """The stack's state may live in the failed region: the endpoint also comes from
    API Gateway in the secondary region, by the API's real name."""
    manual = {k: v for k, v in WARM.items() if k != "failover"}
    text = _words(runbook(data(disaster_recovery=manual)))
    assert ("aws apigatewayv2 get-apis --region eu-central-1 \\ --query "
            "\"Items[?Name=='shop-test-api'].ApiEndpoint\" --output text") in text


def test_manual_fail_back_waits_for_the_buckets_before_clients_move() -> None:
    manual = {k: v for k, v in WARM.items() if k != "failover"}
    section = _fail_back(runbook(data(disaster_recovery=manual)))
    assert "update-health-check" not in section
    assert section.index("replicate-back") < section.index("Point clients back")
    pilot = _fail_back(runbook(data(disaster_recovery={"secondary_region": "eu-central-1"})))
    assert pilot.index("replicate-back") < pilot.index("`disaster_recovery.mode: pilot_light`")


def test_detection_says_which_region_alerts_when() -> None:
    """Each region alerts on its own, and us-east-1 announces the failover; a single
    region's alerts die with it, which the on-call engineer must know."""
    warm = data(disaster_recovery=WARM, alerts={"email": ["oncall@example.com"]})
    warm["alarms"] = {"web-errors": {"metric": "lambda_errors", "target": "web",
                                     "threshold": 5}}
    detect = _words(runbook(warm).split("## Detect")[1].split("\n## ")[0])
    assert ("When `eu-west-1` is lost, its alarms and topic go with it; `eu-central-1` "
            "keeps alerting on its own") in detect
    assert "announced from `us-east-1`: the alarm `shop-test-failover-alarm`" in detect
    assert "exists in each of `eu-west-1`, `eu-central-1`, `us-east-1`" in detect
    topic_only = _words(runbook(data(alerts={"email": ["oncall@example.com"]})))
    assert "The SNS topic runs in `eu-west-1` itself" in topic_only
    assert "failing clients and on the AWS Health Dashboard" in topic_only
    assert "no alert may come" not in runbook(data())


def test_failover_enables_the_schedules_that_wait_in_the_standby() -> None:
    warm = data(disaster_recovery=WARM)
    warm["schedules"] = {"nightly": {"rate": "1 day", "function": "web"},
                         "report": {"rate": "1 day", "function": "web",
                                    "on_failover": "stop"}}
    text = _words(runbook(warm))
    assert ("aws scheduler get-schedule --region eu-central-1 --group-name "
            "shop-test-schedules --name shop-test-nightly-schedule") in text
    assert "These schedules do not run while `eu-west-1` is lost: " \
        "`shop-test-report-schedule`" in text
    assert "Disable again the schedules enabled in `eu-central-1`" in text


def test_a_single_zone_gets_a_second_zone_with_its_subnets() -> None:
    """Listed subnets go one per zone: a second zone without its subnets fails validation."""
    raw = data()
    raw["network"] = {"cidr": "10.0.0.0/16", "availability_zones": ["eu-west-1a"],
                      "public_subnets": ["10.0.1.0/24"], "private_subnets": ["10.0.2.0/24"]}
    section = _words(runbook(raw).split("## Loss of an availability zone")[1].split("##")[0])
    assert "add a second zone of `eu-west-1` to `network.availability_zones`" in section
    assert ("with a subnet for it at the end of both `network.public_subnets` and "
            "`network.private_subnets` (inside `10.0.0.0/16`") in section
    assert "run `drspec validate` on the spec, then `pulumi up`" in section
    carved = data()
    carved["network"] = {"cidr": "10.0.0.0/16", "availability_zones": ["eu-west-1a"]}
    assert "public_subnets" not in runbook(carved)


def test_alarms_and_probe_with_real_names() -> None:
    raw = data(alerts={"email": ["oncall@example.com"]})
    raw["functions"]["health"] = {"template": "health_check", "memory": 128,
                                  "access": {"tables": {"carts": "read"}}}
    raw["schedules"] = {"probe": {"rate": "5 minutes", "function": "health"}}
    raw["alarms"] = {
        "web-errors": {"metric": "lambda_errors", "target": "web", "threshold": 5},
        "carts-throttles": {"metric": "dynamodb_user_errors", "target": "carts",
                            "threshold": 10, "evaluation_periods": 2, "period": 60},
    }
    text = runbook(raw)
    assert ("| `shop-test-web-errors-alarm` | errors of function `shop-test-web-fn` "
            "(`lambda_errors`) | > 5 for 1 period of 300s |") in text
    assert "table `shop-test-carts-table`" in text
    assert "> 10 for 2 periods of 60s" in text
    assert "- email: `oncall@example.com`" in text
    assert "Schedule `shop-test-probe-schedule` runs `shop-test-health-fn` on `rate(5 minutes)`" \
        in text
    assert empty_headings(text) == []


def test_unprotected_tables_get_the_undelete_procedure() -> None:
    text = runbook(with_table(deletion_protection=False))
    assert "## Restore a deleted table" in text
    section = _words(text[text.index("## Restore a deleted table"):])
    assert "TABLE=shop-test-carts-table " in section
    assert 'list-backups --table-name "$TABLE" --backup-type SYSTEM' in section
    assert 'restore-table-from-backup --target-table-name "$TABLE"' in section
    # what the restore leaves out, and how the stack puts it back
    assert "no point-in-time recovery, stream, TTL or tags." in section
    assert ("1. `pulumi refresh`: the stack reads the table as it is now. 2. `pulumi up`: "
            "point-in-time recovery, stream, TTL and tags return") in section
    assert "describe-table" not in section  # no replica to look for


def test_a_deleted_global_table_comes_back_from_its_replica_first() -> None:
    """Deleting the table in the primary region can leave its replica, which holds the
    data: add the replica back from there rather than restore an older backup."""
    text = runbook(with_table(deletion_protection=False) | {"disaster_recovery": WARM})
    section = _words(text[text.index("## Restore a deleted table"):])
    assert ('aws dynamodb describe-table --table-name "$TABLE" --query Table.TableStatus '
            "--region eu-central-1") in section
    assert ('aws dynamodb update-table --table-name "$TABLE" --region eu-central-1 \\ '
            """--replica-updates '[{"Create": {"RegionName": "eu-west-1"}}]'""") in section
    assert section.index("update-table") < section.index("Otherwise restore it")
    assert "and no replica in `eu-central-1`" in section
    assert "TTL, tags and the replica return as the spec sets them" in section


def test_unmet_objectives_are_listed_with_their_fix() -> None:
    text = runbook(data(objectives={"rto": "1h", "rpo": "15m"}))
    assert "| Objectives | RTO 1h, RPO 15m |" in text
    assert "Change `disaster_recovery.secondary_region`" in text


@cache
def _variants() -> dict[str, str]:
    """Runbooks of the shipped specs and of specs that bring in the other sections."""
    out = {p.stem: render(shipped(p)) for p in SHIPPED}
    unprotected = with_table(deletion_protection=False)
    out["unprotected"] = runbook(unprotected)
    out["unprotected-global"] = runbook(unprotected | {"disaster_recovery": WARM})
    out["pilot-light"] = runbook(data(disaster_recovery={"secondary_region": "eu-central-1"}))
    manual = {k: v for k, v in WARM.items() if k != "failover"}
    out["manual-failover"] = runbook(data(disaster_recovery=manual))
    out["backup-only"] = runbook(data(disaster_recovery={"backup": {"schedule": "0 3 * * ? *"}}))
    single = data()
    single["network"] = {"cidr": "10.0.0.0/16", "availability_zones": ["eu-west-1a"],
                         "public_subnets": ["10.0.1.0/24"], "private_subnets": ["10.0.2.0/24"]}
    out["single-zone"] = runbook(single)
    return out


VARIANTS = ("dev", "staging", "prod", "unprotected", "unprotected-global", "pilot-light",
            "manual-failover", "backup-only", "single-zone")


@pytest.mark.parametrize("name", VARIANTS)
def test_every_aws_command_is_valid_for_the_cli(name: str) -> None:
    """Subcommands, options, required options and JSON arguments as the AWS CLI v2's
    service models define them; placeholders are quoted shell variables."""
    assert sorted(_variants()) == sorted(VARIANTS)
    commands = command_lines(_variants()[name])
    assert commands, name
    found = {line: problems(line) for line in commands}
    assert {line: p for line, p in found.items() if p} == {}


def test_the_cli_check_catches_mistakes() -> None:
    assert problems("aws dynamodb restore-table-to-point-in-time --source-table-name t "
                    "--restore-date-time 2024-01-01T00:00:00Z") == [
        "dynamodb restore-table-to-point-in-time: --target-table-name is required"]
    assert problems("aws backup start-restore-job --recovery-point-arn a --iam-role-arn r") == [
        "backup start-restore-job: --metadata is required"]
    assert problems("aws s3api copy-object --bucket b --key k --region r") == [
        "s3api copy-object: --copy-source is required"]
    assert problems("aws s3api delete-object --bucket b --key <key>")[0].startswith("unquoted")
    assert problems("aws dynamodb update-table --table-name t --replica-updates "
                    "'[{\"Create\": {}'")[0].endswith("is not valid JSON: Expecting ',' "
                                                     "delimiter: line 1 column 15 (char 14)")
    assert problems("aws dynamodb wait table-exist --table-name t") != []
    assert problems("aws s3 sync s3://a s3://b --source-regon x") != []
    assert problems('aws x get-role --role-name "$(aws iam get-role --role-nam r)"') != []
    assert problems("aws route53 update-health-check --health-check-id h --no-inverted") == []


def test_a_former_preset_name_reads_like_the_new_one() -> None:
    from plan_support import shipped_data

    data = shipped_data("dev")
    data["alarms"]["orders-throttles"]["metric"] = "dynamodb_user_errors"
    spec = build_model(data, "dev.yaml")
    assert "(`dynamodb_throttles`)" in render(spec)


def _plan_strings(variant: str) -> tuple[set[str], set[str]]:
    """Every string input of the captured plan of a `dr_support` variant, and its outputs."""
    from dr_support import plan

    captured = plan(variant)
    strings: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, str):
            strings.add(value)
            strings.update(value.split("/"))  # a name inside a path (a log group's)
        elif isinstance(value, dict):
            for v in value.values():
                collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    for resource in captured.resources:
        collect(resource.inputs)
    return strings, set(captured.outputs)


@pytest.mark.parametrize("variant", ["prod", "pilot-light"])
def test_names_exist_in_the_plan(variant: str) -> None:
    """Every resource name the runbook quotes is one the program creates."""
    from dr_support import spec

    strings, _ = _plan_strings(variant)
    text = render(spec(variant))
    quoted = {n for n in re.findall(r"orders-prod-[a-z0-9-]*[a-z0-9]", text)
              if not n.endswith("-restored")}
    assert {"orders-prod-vault", "orders-prod-backup-role", "orders-prod-documents-replica",
            "orders-prod-probe-schedule", "orders-prod-orders-table"} <= quoted
    assert len(quoted) > 20
    assert sorted(quoted - strings) == []


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value, *value.split("/")}  # a name inside a path (a log group's)
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value))
    return set()


@pytest.mark.parametrize("name", ["dev", "staging", "prod"])
def test_shipped_runbooks_quote_only_names_their_plans_create(name: str) -> None:
    """What `drspec runbook` prints for a shipped spec names what `drspec plan` builds
    for it: every quoted physical name, the regions, and the restored tables' sources."""
    from plan_support import shipped_plan

    plan = shipped_plan(name)
    strings = set().union(*(_strings(r.inputs) for r in plan.resources))
    regions = {r.inputs["region"] for r in plan.resources if "region" in r.inputs}
    text = render(shipped(REPO / "specs" / f"{name}.yaml"))
    quoted = set(re.findall(rf"orders-{name}-[a-z0-9-]*[a-z0-9]", text))
    restored = {n for n in quoted if n.endswith("-restored")}
    assert {n.removesuffix("-restored") for n in restored} <= strings
    assert len(quoted - restored) >= 8
    assert sorted(quoted - restored - strings) == []
    assert set(re.findall(r"--(?:source-)?region ([a-z]+-[a-z]+-\d)", text)) <= regions


def test_stack_outputs_exist_in_the_plan() -> None:
    from dr_support import spec

    strings, outputs = _plan_strings("prod")
    text = render(spec("prod"))
    assert "orders-prod-primary-api" in text and "orders-prod-primary-api" in strings
    quoted = set(re.findall(r"pulumi stack output ([a-z_]+)", text))
    assert quoted == {"api_endpoint", "api_endpoint_secondary", "health_check_id",
                      "drill_region_isolation_template_id", "drill_az_loss_template_id",
                      "drill_function_errors_template_id",
                      "drill_function_latency_template_id"}
    assert quoted <= outputs


# -- the command ---------------------------------------------------------------------


def test_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = write(tmp_path, data())
    assert main(["runbook", str(spec)]) == 0
    printed, _ = capsys.readouterr()
    target = tmp_path / "RUNBOOK.md"
    assert main(["runbook", str(spec), "-o", str(target)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert str(target) in err
    assert target.read_text(encoding="utf-8") == printed
    assert {p.name for p in tmp_path.iterdir()} == {"spec.yaml", "RUNBOOK.md"}


def test_invalid_spec_writes_nothing(capsys: pytest.CaptureFixture[str],
                                     tmp_path: Path) -> None:
    spec = write(tmp_path, data(network=None))
    target = tmp_path / "RUNBOOK.md"
    assert main(["runbook", str(spec), "-o", str(target)]) == 1
    out, _ = capsys.readouterr()
    assert f"{spec}:" in out and "error[E1" in out
    assert not target.exists()
    assert {p.name for p in tmp_path.iterdir()} == {"spec.yaml"}


def test_unwritable_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = write(tmp_path, data())
    assert main(["runbook", str(spec), "-o", str(tmp_path / "missing" / "RUNBOOK.md")]) == 1
    _, err = capsys.readouterr()
    assert "cannot write" in err
    assert not (tmp_path / "missing").exists()


def test_empty_heading_detector_works() -> None:
    assert empty_headings("# A\n\n## B\n\n## C\ntext\n") == ["B"]
    assert empty_headings("# A\n## B\ntext\n```\n# not a heading\n```\n") == []
    assert empty_headings("# A\n\n## B\n### C\n") == ["A", "B", "C"]


def test_strongly_consistent_tables_tell_writers_what_changes() -> None:
    raw = data(disaster_recovery={**WARM, "witness_region": "eu-west-3"})
    raw["tables"]["ledger"] = {"partition_key": {"name": "id", "type": "S"},
                               "consistency": "strong"}
    text = runbook(raw)
    assert ("| `ledger` | `shop-test-ledger-table` | eu-west-1, eu-central-1 (strongly "
            "consistent, witness eu-west-3) |") in text
    assert "| `carts` | `shop-test-carts-table` | eu-west-1, eu-central-1 |" in text
    failover = _words(text[text.index("## Fail over"):text.index("## Fail back")])
    assert "Strongly consistent tables (`shop-test-ledger-table`)" in failover
    assert "(RPO 0)" in failover
    assert "reaches the witness in `eu-west-3`" in failover
    assert "ReplicatedWriteConflictException" in failover
    assert "Transactions are not supported" in failover
    assert "Strongly consistent" not in runbook(data(disaster_recovery=WARM))
    assert empty_headings(text) == []


def test_warm_standby_without_an_api_fails_over_the_functions_only() -> None:
    """Warm standby copies functions even without an API: the runbook names them and
    claims no API, endpoint or API Gateway lookup in the secondary region."""
    manual = {k: v for k, v in WARM.items() if k != "failover"}
    text = runbook(data(api=None, disaster_recovery=manual))
    fail_over = _words(text[text.index("## Fail over"):text.index("## Fail back")])
    assert "The functions run in `eu-central-1` already, under the same names " \
           "(`shop-test-web-fn`)" in fail_over
    assert "api" not in fail_over.lower().replace("api,", "").replace("no api", "")
    assert "Point the functions' callers back at `eu-west-1`" in _fail_back(text)
    pilot = runbook(data(api=None, disaster_recovery={"secondary_region": "eu-central-1"}))
    assert "api_endpoint" not in pilot and "(network, functions)" in _words(pilot)
    assert empty_headings(text) == [] and empty_headings(pilot) == []
