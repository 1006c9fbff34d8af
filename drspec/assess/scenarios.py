"""The failure scenarios `drspec assess` walks, each with the factors that decide it.

The loss of a zone, of the primary region, corrupted data or a bad deploy, a
deleted table, bucket or stack: each function here says which components
matter in that scenario and gathers their factors (see `drspec.assess.factors`).
"""

from __future__ import annotations

from drspec import figures as fig
from drspec.assess.durations import figure_duration
from drspec.assess.factors import (
    UNVERSIONED,
    backup_factor,
    bucket_backup,
    bucket_emptied,
    bucket_failback,
    bucket_in_secondary,
    bucket_label,
    bucket_rewind,
    enable_versioning,
    failback_traffic,
    standby_factor,
    table_in_secondary,
    table_label,
    table_rewind,
    unrecoverable,
)
from drspec.assess.verdicts import Factor, Fix, Scenario
from drspec.model import Spec

# loss of one availability zone


def az_loss(spec: Spec) -> Scenario:
    net = spec.network
    factors = [Factor(
        "regional services", "DynamoDB, S3, Lambda, API Gateway and SNS span zones", 0, 0,
        fig.AZ_MANAGED_SERVICES.says, figure=fig.AZ_MANAGED_SERVICES)]
    in_vpc = [f.ident for f in spec.functions if f.vpc]
    zones = ("network", "availability_zones")
    if in_vpc and len(net.availability_zones) == 1:
        factors.append(Factor(
            f"zone {net.availability_zones[0]}", "the only zone: functions in the VPC run there",
            fig.STACK_REDEPLOY.seconds, 0,
            f"moving the network and functions to another zone with `pulumi up` is assumed "
            f"to take {figure_duration(fig.STACK_REDEPLOY)}",
            rto_fix=Fix(zones, f"list a second zone of {spec.region} in "
                               "network.availability_zones so functions in the VPC run in both"),
                               figure=fig.STACK_REDEPLOY))
    elif net.nat == "single" and (online := [f.ident for f in spec.functions
                                              if f.vpc and spec.needs_internet(f)]):
        factors.append(Factor(
            "NAT gateway",
            f"a single one: {_functions(online)} in the VPC "
            f"{'loses' if len(online) == 1 else 'lose'} internet access while its zone is down",
            fig.STACK_REDEPLOY.seconds, 0,
            f"moving the NAT gateway with `pulumi up` is assumed to take "
            f"{figure_duration(fig.STACK_REDEPLOY)}",
            rto_fix=Fix(("network", "nat"), "set network.nat: per_az (a NAT gateway in every "
                                             "zone)"), figure=fig.STACK_REDEPLOY))
    return Scenario(
        "az_loss", "loss of one availability zone",
        f"One zone of {spec.region} fails; the rest of the region keeps working.",
        tuple(factors))


def _functions(idents: list[str]) -> str:
    quoted = ", ".join(f"'{i}'" for i in idents)
    return f"function {quoted}" if len(idents) == 1 else f"functions {quoted}"


# loss of the primary region


def region_loss(spec: Spec) -> Scenario:
    dr = spec.disaster_recovery
    secondary = dr.secondary_region
    description = f"{spec.region} is unavailable for longer than the objectives allow."
    add_secondary = Fix(
        ("disaster_recovery", "secondary_region"),
        "add disaster_recovery.secondary_region (a region other than "
        f"{spec.region}): tables become global tables and buckets replicate there")
    if secondary is None:
        factors = [Factor(
            f"region {spec.region}", "no secondary region: rebuild the stack elsewhere",
            fig.REGION_REBUILD.seconds, 0,
            f"rebuilding in a new region is assumed to take {figure_duration(fig.REGION_REBUILD)}",
            rto_fix=add_secondary, figure=fig.REGION_REBUILD)]
        data = [table_label(t) for t in spec.tables] + [bucket_label(b) for b in spec.buckets]
        if data:
            factors.append(unrecoverable(
                ", ".join(data), f"no copy outside {spec.region}", add_secondary))
        return Scenario("region_loss", "loss of the primary region", description,
                        tuple(factors))
    factors = []
    if spec.functions or spec.api is not None:
        factors.append(standby_factor(spec, secondary))
    factors += [table_in_secondary(spec, t, secondary) for t in spec.tables]
    factors += [bucket_in_secondary(spec, b, secondary) for b in spec.buckets]
    return Scenario("region_loss", "loss of the primary region",
                    description + f" Service moves to {secondary}.", tuple(factors))


# the way back to the primary region


def failback(spec: Spec) -> Scenario:
    """The primary is back: traffic returns, and what the standby took in must too."""
    dr = spec.disaster_recovery
    secondary = dr.secondary_region
    factors = []
    if spec.functions or spec.api is not None:
        factors.append(failback_traffic(spec))
    for table in spec.tables:
        name = table_label(table)
        if dr.global_tables:
            factors.append(Factor(
                name, f"the global table replicates the standby's writes back from {secondary}",
                0, fig.GLOBAL_TABLES_LAG.seconds,
                f"replicas replicate both ways; what the standby wrote last may still be in "
                f"flight ({figure_duration(fig.GLOBAL_TABLES_LAG)})", figure=fig.GLOBAL_TABLES_LAG))
        else:
            factors.append(Factor(
                name, f"copy the table restored in {secondary} back by hand",
                fig.TABLE_RESTORE.seconds, 0,
                f"a table restored in {secondary} is not replicated: exporting and restoring "
                f"it into {spec.region} is assumed to take {figure_duration(fig.TABLE_RESTORE)}",
                rto_fix=Fix(("disaster_recovery", "global_tables"),
                            "set disaster_recovery.global_tables: true (replicas replicate "
                            "both ways)"), figure=fig.TABLE_RESTORE))
    for bucket in spec.buckets:
        factors.append(bucket_failback(spec, bucket))
    return Scenario(
        "failback", "failback to the primary region",
        f"{spec.region} is back after service ran in {secondary}: traffic returns to it, and "
        f"every write accepted in {secondary} must reach it.", tuple(factors))


# corrupted data or a bad deploy


def corruption(spec: Spec) -> Scenario:
    factors = [table_rewind(spec, t) for t in spec.tables]
    factors += [bucket_rewind(spec, b) for b in spec.buckets]
    if spec.functions:
        factors.append(Factor(
            "functions", "roll back: `pulumi up` of the last good commit",
            fig.ROLLBACK_DEPLOY.seconds, 0,
            f"rolling the functions back is assumed to take "
            f"{figure_duration(fig.ROLLBACK_DEPLOY)}", figure=fig.ROLLBACK_DEPLOY))
    return Scenario(
        "corruption", "corrupted data or a bad deploy",
        "Bad writes (a bug, a bad migration, a bad deploy) must be undone. Replication "
        "copies bad writes to every replica, so only point-in-time recovery, object "
        "versions and backups help.", tuple(factors))


# accidental deletion


def table_deleted(spec: Spec) -> Scenario:
    factors = []
    for table in spec.tables:
        name = table_label(table)
        protect = Fix((*table.path, "deletion_protection"),
                      f"set deletion_protection: true on {name}")
        if table.deletion_protection:
            factors.append(Factor(name, "deletion protection refuses DeleteTable", 0, 0,
                                  "DynamoDB refuses to delete a table with deletion protection"))
            continue
        if table.point_in_time_recovery:
            factors.append(Factor(
                name, "system backup made at deletion", fig.TABLE_RESTORE.seconds,
                fig.PITR_GRANULARITY.seconds,
                "deleting a table with point-in-time recovery leaves a system backup of its "
                f"last state for 35 days; a restore is assumed to take "
                f"{figure_duration(fig.TABLE_RESTORE)}",
                rto_fix=protect, figure=fig.TABLE_RESTORE))
            continue
        both = Fix(protect.path, f"set deletion_protection: true and enable "
                                 f"point_in_time_recovery on {name}")
        factor = backup_factor(spec, name, spec.region, both)
        factors.append(factor or unrecoverable(
            name, "no deletion protection, point-in-time recovery or backup", both))
    return Scenario("table_deleted", "a table deleted by mistake",
                    "Someone deletes a table in the console, CLI or a script.", tuple(factors))


def bucket_deleted(spec: Spec) -> Scenario:
    factors = []
    for bucket in spec.buckets:
        name = bucket_label(bucket)
        if not bucket.versioning:
            factors.append(unrecoverable(name, UNVERSIONED, enable_versioning(bucket)))
            continue
        factors.append(Factor(
            name, "versioning keeps deleted objects", fig.OBJECT_VERSION_RESTORE.seconds, 0,
            "deleting objects only adds delete markers; removing the markers is assumed to "
            f"take {figure_duration(fig.OBJECT_VERSION_RESTORE)}",
            figure=fig.OBJECT_VERSION_RESTORE))
        factors.append(bucket_emptied(spec, bucket))
    return Scenario("bucket_deleted", "objects or a bucket deleted by mistake",
                    "Someone deletes objects (or empties and deletes a bucket) by hand or "
                    "from a script.", tuple(factors))


# the stack destroyed


def stack_destroyed(spec: Spec) -> Scenario:
    description = ("`pulumi destroy` runs on this stack, or entries are removed from the "
                   "spec and `pulumi up` deletes them.")
    redeploy = Factor(
        "the stack", "redeploy with `pulumi up`", fig.STACK_REDEPLOY.seconds, 0,
        f"recreating the stateless resources is assumed to take "
        f"{figure_duration(fig.STACK_REDEPLOY)}", figure=fig.STACK_REDEPLOY)
    if spec.protect:
        kept = Factor("tables, buckets and vaults",
                      "protect: Pulumi refuses to delete them and retains them", 0, 0,
                      "protected resources survive the stack")
        return Scenario("stack_destroyed", "the stack destroyed", description, (redeploy, kept))
    protect = Fix(("protect",), "set protect: true (tables, buckets and vaults get Pulumi "
                                "protect and retain_on_delete)")
    factors = [redeploy]
    for table in spec.tables:
        name = table_label(table)
        if table.deletion_protection:
            factors.append(Factor(name, "deletion protection refuses DeleteTable", 0, 0,
                                  "DynamoDB refuses to delete a table with deletion protection"))
        elif table.point_in_time_recovery:
            factors.append(Factor(
                name, "system backup made at deletion", fig.TABLE_RESTORE.seconds,
                fig.PITR_GRANULARITY.seconds,
                f"the deleted table restores from its system backup in "
                f"{figure_duration(fig.TABLE_RESTORE)} (assumed)", rto_fix=protect,
                figure=fig.TABLE_RESTORE))
        else:
            factors.append(backup_factor(spec, name, spec.region, protect)
                           or unrecoverable(name, "deleted with the stack", protect))
    for bucket in spec.buckets:
        name = bucket_label(bucket)
        if not bucket.force_destroy:
            factors.append(Factor(name, "force_destroy: false keeps a non-empty bucket", 0, 0,
                                  "S3 refuses to delete a bucket that still holds objects"))
            continue
        emptied = Fix(("protect",), f"set protect: true, or force_destroy: false on {name}")
        factors.append(bucket_backup(spec, bucket, spec.region, emptied)
                       or unrecoverable(name, "force_destroy deletes every version", emptied))
    return Scenario("stack_destroyed", "the stack destroyed", description, tuple(factors))
