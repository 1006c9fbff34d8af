"""What each component contributes to a failure scenario: one `Factor` apiece.

A table, a bucket, the functions and api, or the stack itself: each function
here answers how a component comes back in one situation (a replica in the
secondary region, point-in-time recovery, object versions, AWS Backup) and
with which RTO and RPO, taking every number from `drspec.figures`. Where a
setting of the spec would do better, the factor carries that `Fix`.
"""

from __future__ import annotations

from dataclasses import replace

from drspec import figures as fig
from drspec.assess.durations import figure_duration, human_duration
from drspec.assess.verdicts import Factor, Fix
from drspec.checks.cron.gap import longest_gap_seconds
from drspec.model import Bucket, Spec, Table


def backup_interval(spec: Spec) -> int | None:
    """The longest gap in seconds between two runs of the backup schedule (None: no backups)."""
    backup = spec.disaster_recovery.backup
    return None if backup is None else longest_gap_seconds(backup.schedule)


def backup_rpo(spec: Spec) -> int | None:
    """How old the newest recovery point can be: the longest gap of the schedule, plus
    the start window, because a job may start that much after its scheduled time."""
    interval = backup_interval(spec)
    return None if interval is None else interval + fig.BACKUP_START_WINDOW.seconds


def table_label(table: Table) -> str:
    return f"table '{table.ident}'"


def bucket_label(bucket: Bucket) -> str:
    return f"bucket '{bucket.ident}'"


def backup_factor(spec: Spec, component: str, where: str, rpo_fix: Fix | None) -> Factor | None:
    """Recovery from AWS Backup (`where`: the vault holding the recovery points)."""
    interval = backup_interval(spec)
    rpo = backup_rpo(spec)
    if interval is None or rpo is None:
        return None
    return Factor(component, f"AWS Backup recovery points in {where}", fig.BACKUP_RESTORE.seconds,
                  rpo,
                  f"backups run every {human_duration(interval)} at the longest "
                  f"(disaster_recovery.backup.schedule), each up to "
                  f"{figure_duration(fig.BACKUP_START_WINDOW)} after its scheduled time, and a "
                  f"restore is assumed to take {figure_duration(fig.BACKUP_RESTORE)}",
                  rpo_fix=rpo_fix, figure=fig.BACKUP_RESTORE)


def bucket_backup(spec: Spec, bucket: Bucket, where: str, rpo_fix: Fix | None) -> Factor | None:
    """Recovery of a bucket from AWS Backup, which backs up versioned buckets only.

    "You must enable S3 Versioning on your S3 bucket to use AWS Backup for
    Amazon S3" (https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html):
    the backup plan selects an unversioned bucket, but no recovery point of it exists.
    """
    if not bucket.versioning:
        return None
    return backup_factor(spec, bucket_label(bucket), where, rpo_fix)


def unrecoverable(component: str, mechanism: str, fix: Fix) -> Factor:
    return Factor(component, mechanism, 0, None, "no copy of the data survives", rpo_fix=fix)


# loss of the primary region


def standby_factor(spec: Spec, secondary: str) -> Factor:
    dr = spec.disaster_recovery
    if not dr.warm_standby:
        rto = fig.MANUAL_FAILOVER.seconds + fig.STACK_REDEPLOY.seconds
        return Factor(
            "functions and api", f"pilot light: deployed in {secondary} only on failover", rto, 0,
            f"people fail over by hand ({figure_duration(fig.MANUAL_FAILOVER)}) and `pulumi up` "
            f"deploys the network, functions and api there "
            f"({figure_duration(fig.STACK_REDEPLOY)})",
            rto_fix=Fix(("disaster_recovery", "mode"),
                        "set disaster_recovery.mode: warm_standby and add "
                        "disaster_recovery.failover (Route 53 fails over on its own)"),
            figure=fig.MANUAL_FAILOVER)
    failover = dr.failover
    if failover is None:
        return Factor(
            "functions and api", f"warm standby in {secondary}, manual failover",
            fig.MANUAL_FAILOVER.seconds, 0,
            f"without Route 53 failover people redirect traffic "
            f"({figure_duration(fig.MANUAL_FAILOVER)})",
            rto_fix=Fix(("disaster_recovery", "failover"),
                        "add disaster_recovery.failover (Route 53 health check and "
                        "failover records)"), figure=fig.MANUAL_FAILOVER)
    rto = fig.failover_seconds(failover.interval, failover.failure_threshold)
    why = (f"Route 53 notices after interval x failure_threshold = "
           f"{failover.interval}s x {failover.failure_threshold}, then the alias TTL "
           f"({fig.ROUTE53_ALIAS_TTL.seconds}s) and resolver caching "
           f"({fig.RESOLVER_CACHING.seconds}s) run out")
    faster = None
    fastest = fig.ROUTE53_FASTEST_INTERVAL.seconds
    if failover.interval > fastest or failover.failure_threshold > 1:
        faster = Fix(failover.path, f"detect sooner: disaster_recovery.failover.interval: "
                                    f"{fastest} and a lower failure_threshold")
    return Factor("functions and api", f"warm standby in {secondary}, Route 53 failover",
                  rto, 0, why, rto_fix=faster)


def table_in_secondary(spec: Spec, table: Table, secondary: str) -> Factor:
    dr = spec.disaster_recovery
    name = table_label(table)
    global_tables = Fix(("disaster_recovery", "global_tables"),
                        "set disaster_recovery.global_tables: true (every table gets a replica "
                        f"in {secondary})")
    if dr.global_tables and table.strong:
        return Factor(name, f"strongly consistent global table replica in {secondary}", 0,
                      fig.MRSC_RPO.seconds,
                      "writes return only once another region holds them (multi-Region "
                      "strong consistency): RPO 0", figure=fig.MRSC_RPO)
    if dr.global_tables:
        return Factor(name, f"global table replica in {secondary}", 0,
                      fig.GLOBAL_TABLES_LAG.seconds,
                      f"global tables replicate typically within a second, without an SLA "
                      f"(assessed as {figure_duration(fig.GLOBAL_TABLES_LAG)})",
                      figure=fig.GLOBAL_TABLES_LAG)
    backup = dr.backup
    if backup is not None and backup.copy_to_secondary:
        factor = backup_factor(spec, name, secondary, global_tables)
        if factor is not None:
            return factor
    return unrecoverable(name, f"no replica or backup copy in {secondary}", global_tables)


def bucket_in_secondary(spec: Spec, bucket: Bucket, secondary: str) -> Factor:
    dr = spec.disaster_recovery
    name = bucket_label(bucket)
    if dr.replicate_buckets and dr.replication_time_control:
        return Factor(name, "S3 replication with RTC", 0, fig.S3_RTC.seconds,
                      f"S3 RTC replicates 99.99% of objects within {figure_duration(fig.S3_RTC)}",
                      figure=fig.S3_RTC)
    rtc = Fix(("disaster_recovery", "replication_time_control"),
              f"set disaster_recovery.replication_time_control: true (S3 RTC replicates 99.99% "
              f"of objects within {figure_duration(fig.S3_RTC)}, with an SLA)")
    if dr.replicate_buckets:
        candidates = [Factor(name, "S3 replication without RTC", 0, fig.S3_REPLICATION.seconds,
                             f"plain S3 replication has no time commitment; large objects can "
                             f"take hours (assessed as {figure_duration(fig.S3_REPLICATION)})",
                             rpo_fix=rtc, figure=fig.S3_REPLICATION)]
    else:
        rtc = Fix(("disaster_recovery", "replicate_buckets"),
                  "set disaster_recovery.replicate_buckets: true and "
                  "replication_time_control: true")
        candidates = []
    backup = dr.backup
    if backup is not None and backup.copy_to_secondary:
        factor = bucket_backup(spec, bucket, secondary, rtc)
        if factor is not None:
            candidates.append(factor)
    if not candidates:
        return unrecoverable(name, f"no replica or backup copy in {secondary}", rtc)
    return min(candidates, key=lambda f: (f.rpo_seconds or 0, f.rto_seconds))


# the way back


def failback_traffic(spec: Spec) -> Factor:
    """Route 53 returns to the PRIMARY record once the primary's health check passes.

    A health check turns healthy again after FailureThreshold consecutive
    successes, as it turned unhealthy after as many failures
    (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html).
    """
    dr = spec.disaster_recovery
    failover = dr.failover
    if not dr.warm_standby or failover is None:
        return Factor("functions and api", f"people move traffic back to {spec.region}",
                      fig.MANUAL_FAILOVER.seconds, 0,
                      f"without Route 53 failover people redirect traffic "
                      f"({figure_duration(fig.MANUAL_FAILOVER)})", region=spec.region,
                      figure=fig.MANUAL_FAILOVER)
    rto = fig.failover_seconds(failover.interval, failover.failure_threshold)
    return Factor("functions and api", "Route 53 returns to the primary record", rto, 0,
                  f"the primary's health check turns healthy after failure_threshold "
                  f"consecutive successes ({failover.interval}s x "
                  f"{failover.failure_threshold}), then the alias TTL "
                  f"({fig.ROUTE53_ALIAS_TTL.seconds}s) and resolver caching "
                  f"({fig.RESOLVER_CACHING.seconds}s) run out", region=spec.region,
                  figure=fig.ROUTE53_ALIAS_TTL)


def bucket_failback(spec: Spec, bucket: Bucket) -> Factor:
    """The standby's new objects flow back by replication (the plan must have the rule
    back, or a read-only standby; `drspec.assess.simulate` checks it)."""
    dr = spec.disaster_recovery
    name = bucket_label(bucket)
    if dr.replicate_buckets:
        lag = fig.S3_RTC if dr.replication_time_control else fig.S3_REPLICATION
        return Factor(name, f"replication from the replica in {dr.secondary_region} back",
                      0, lag.seconds,
                      f"objects written last in {dr.secondary_region} may not have replicated "
                      f"back yet ({figure_duration(lag)})", region=spec.region, figure=lag)
    return Factor(name, f"copy objects written in {dr.secondary_region} back by hand",
                  fig.BUCKET_REFILL.seconds, 0,
                  f"nothing replicates between the regions: copying the standby's objects back "
                  f"is assumed to take {figure_duration(fig.BUCKET_REFILL)}",
                  region=spec.region, figure=fig.BUCKET_REFILL,
                  rto_fix=Fix(("disaster_recovery", "replicate_buckets"),
                              "set disaster_recovery.replicate_buckets: true"))


# corrupted data or a bad deploy


def table_rewind(spec: Spec, table: Table) -> Factor:
    name = table_label(table)
    pitr = Fix((*table.path, "point_in_time_recovery"),
               f"enable point_in_time_recovery on {name}")
    if table.point_in_time_recovery:
        return Factor(name, "point-in-time recovery", fig.TABLE_RESTORE.seconds,
                      fig.PITR_GRANULARITY.seconds,
                      f"point-in-time recovery restores to the second into a new table, "
                      f"assumed to take {figure_duration(fig.TABLE_RESTORE)}",
                      figure=fig.TABLE_RESTORE)
    factor = backup_factor(spec, name, spec.region, pitr)
    return factor or unrecoverable(name, "no point-in-time recovery and no backup", pitr)


def bucket_rewind(spec: Spec, bucket: Bucket) -> Factor:
    name = bucket_label(bucket)
    if bucket.versioning:
        return Factor(name, "object versions", fig.OBJECT_VERSION_RESTORE.seconds, 0,
                      f"versioning keeps every overwritten object; copying the good versions "
                      f"back is assumed to take {figure_duration(fig.OBJECT_VERSION_RESTORE)}",
                      figure=fig.OBJECT_VERSION_RESTORE)
    return unrecoverable(name, UNVERSIONED, enable_versioning(bucket))


#: Why an unversioned bucket loses what is overwritten or deleted, backups or not.
UNVERSIONED = "no versioning (AWS Backup, too, needs versioning to back up a bucket)"


def enable_versioning(bucket: Bucket) -> Fix:
    return Fix((*bucket.path, "versioning"),
               f"enable versioning on {bucket_label(bucket)} (remove versioning: false; AWS "
               "Backup and replication need it as well)")


# accidental deletion


def bucket_emptied(spec: Spec, bucket: Bucket) -> Factor:
    """The bucket emptied and deleted: every version is gone, so only copies elsewhere help.

    A bucket can be deleted only once every version is deleted, and deletes of
    versions are not replicated: the replica keeps them.
    """
    dr = spec.disaster_recovery
    name = bucket_label(bucket)
    emptied = "emptied and deleted"
    secondary = dr.secondary_region
    if dr.replicate_buckets and secondary is not None:
        rtc = dr.replication_time_control
        lag = fig.S3_RTC if rtc else fig.S3_REPLICATION
        return Factor(
            name, f"{emptied}: the replica in {secondary} keeps every version",
            fig.BUCKET_REFILL.seconds, lag.seconds,
            f"deleted versions are not replicated, so the replica keeps them, short of what "
            f"had not replicated yet ({figure_duration(lag)}); recreating the bucket and copying "
            f"the objects back is assumed to take {figure_duration(fig.BUCKET_REFILL)}",
            rpo_fix=None if rtc else Fix(
                ("disaster_recovery", "replication_time_control"),
                "set disaster_recovery.replication_time_control: true (S3 RTC replicates "
                f"99.99% of objects within {figure_duration(fig.S3_RTC)}, with an SLA)"),
                figure=fig.BUCKET_REFILL)
    if secondary is not None:
        keep = Fix(("disaster_recovery", "replicate_buckets"),
                   "set disaster_recovery.replicate_buckets: true (the replica keeps every "
                   f"version when {name} is emptied)")
    else:
        keep = Fix(("disaster_recovery", "backup"),
                   "add disaster_recovery.backup (AWS Backup keeps recovery points of "
                   f"{name} outside it), or a secondary_region to replicate it to")
    factor = bucket_backup(spec, bucket, spec.region, keep)
    if factor is not None:
        return replace(factor, mechanism=f"{emptied}: {factor.mechanism}")
    return unrecoverable(name, f"{emptied}: no replica and no backup", keep)
