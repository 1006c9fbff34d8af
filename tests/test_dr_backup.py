"""AWS Backup in captured plans."""

from __future__ import annotations

import json

import pytest
from dr_support import PRIMARY, SECONDARY, plan, policy, spec, statements

from drspec.plan.capture import Plan, PlannedResource

VAULT = "aws:backup/vault:Vault"


def vaults(p: Plan) -> dict[str, PlannedResource]:
    return {str(v.region): v for v in p.of_type(VAULT)}


def backup_plan(p: Plan) -> PlannedResource:
    [found] = p.of_type("aws:backup/plan:Plan")
    return found


def test_vault_per_region_protected_and_exported() -> None:
    p = plan("prod")
    found = vaults(p)
    assert set(found) == {PRIMARY, SECONDARY}
    for vault in found.values():
        assert vault.protect and vault.retain_on_delete
        assert vault.inputs["name"] == "orders-prod-vault"
    assert p.outputs["backup_vault_name"] == "orders-prod-vault"
    assert p.outputs["backup_vault_secondary_name"] == "orders-prod-vault"


def test_plan_rule_schedule_retention_and_copy_to_the_secondary_vault() -> None:
    p = plan("prod")
    backup = spec("prod").disaster_recovery.backup
    assert backup is not None
    bp = backup_plan(p)
    assert bp.region == PRIMARY
    [rule] = bp.inputs["rules"]
    assert rule["schedule"] == f"cron({backup.schedule})" == "cron(0 3 * * ? *)"
    assert rule["targetVaultName"] == vaults(p)[PRIMARY].inputs["name"]
    assert rule["lifecycle"] == {"deleteAfter": backup.retention_days}
    [copy] = rule["copyActions"]
    secondary_vault = vaults(p)[SECONDARY]
    assert copy["destinationVaultArn"] == (
        f"arn:aws:backup:{SECONDARY}:123456789012:backup-vault:{secondary_vault.inputs['name']}")
    assert secondary_vault.urn in bp.depends_on
    assert copy["lifecycle"] == {"deleteAfter": backup.retention_days}


def test_start_window_is_the_one_assess_counts_on() -> None:
    from drspec import figures
    [rule] = backup_plan(plan("prod")).inputs["rules"]
    assert rule["startWindow"] == figures.BACKUP_START_WINDOW.seconds / 60 == 60


def test_no_copy_means_one_vault_and_no_copy_action() -> None:
    p = plan("no-copy")
    assert set(vaults(p)) == {PRIMARY}
    [rule] = backup_plan(p).inputs["rules"]
    assert not rule.get("copyActions")
    assert "backup_vault_secondary_name" not in p.outputs


def test_selection_lists_every_table_and_bucket() -> None:
    p = plan("prod")
    s = spec("prod")
    [selection] = p.of_type("aws:backup/selection:Selection")
    expected = [f"arn:aws:dynamodb:{PRIMARY}:123456789012:table/orders-prod-{t.ident}-table"
                for t in s.tables]
    expected += [f"arn:aws:s3:::orders-prod-{b.ident}-bucket" for b in s.buckets]
    assert selection.inputs["resources"] == expected
    assert selection.inputs["planId"] == f"{backup_plan(p).name}-id"
    assert selection.region == PRIMARY
    assert len(selection.inputs["name"]) <= 50


def test_service_role_trusts_backup_with_the_managed_policies() -> None:
    p = plan("prod")
    [selection] = p.of_type("aws:backup/selection:Selection")
    role_name = selection.inputs["iamRoleArn"].rsplit("/", 1)[-1]
    [role] = [r for r in p.of_type("aws:iam/role:Role") if r.inputs["name"] == role_name]
    [trust] = statements(policy(role, "assumeRolePolicy"))
    assert trust["Principal"] == {"Service": "backup.amazonaws.com"}
    attachments = [a for a in p.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                   if a.inputs["role"] == role_name]
    for attachment in attachments:
        assert attachment.urn in selection.depends_on
    assert {a.inputs["policyArn"] for a in attachments} == {
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
        "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup",
        "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore",
    }


def test_one_region_backup_keeps_its_recovery_points_at_home() -> None:
    p = plan("single-region-backup")
    assert set(vaults(p)) == {PRIMARY}
    [rule] = backup_plan(p).inputs["rules"]
    assert not rule.get("copyActions")
    [selection] = p.of_type("aws:backup/selection:Selection")
    assert len(selection.inputs["resources"]) == len(spec("prod").tables) + len(
        spec("prod").buckets)


def test_no_backup_unless_asked() -> None:
    p = plan("single-region")
    assert not [r for r in p.resources if r.type.startswith("aws:backup/")]
    assert not [r for r in p.resources if r.name.startswith("backup-")]
    assert "backup_vault_name" not in p.outputs


@pytest.mark.parametrize("variant", ["prod", "no-copy", "single-region-backup"])
def test_failed_backup_and_copy_jobs_reach_each_vault_regions_topic(variant: str) -> None:
    """EventBridge rules on AWS Backup's job events, in every region with a vault,
    publishing to that region's alerts topic, which lets exactly those rules publish."""
    p = plan(variant)
    vaults = {v.region for v in p.of_type("aws:backup/vault:Vault")}
    rules = {r.region: r for r in p.of_type("aws:cloudwatch/eventRule:EventRule")
             if r.name.startswith("backup-job-failures")}
    assert set(rules) == vaults
    for region, rule in rules.items():
        pattern = json.loads(rule.inputs["eventPattern"])
        assert pattern["source"] == ["aws.backup"]
        assert set(pattern["detail-type"]) == {"Backup Job State Change",
                                               "Copy Job State Change"}
        assert {"FAILED", "ABORTED", "EXPIRED"} <= set(pattern["detail"]["state"])
        topic = f"arn:aws:sns:{region}:123456789012:orders-prod-topic"
        [target] = [t for t in p.of_type("aws:cloudwatch/eventTarget:EventTarget")
                    if t.inputs["rule"] == rule.inputs["name"] and t.region == region]
        assert target.inputs["arn"] == topic
        assert "roleArn" not in target.inputs  # SNS targets use the topic's policy
        [topic_policy] = [t for t in p.of_type("aws:sns/topicPolicy:TopicPolicy")
                          if t.region == region]
        statements = json.loads(topic_policy.inputs["policy"])["Statement"]
        events = next(s for s in statements if s["Principal"] == {
            "Service": "events.amazonaws.com"})
        assert events["Condition"] == {"ArnEquals": {"aws:SourceArn": (
            f"arn:aws:events:{region}:123456789012:rule/orders-prod-backup-job-failures")}}
        assert topic_policy.urn in target.depends_on
