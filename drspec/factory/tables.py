"""The `tables` section: one DynamoDB table per entry.

Keys, billing, point-in-time recovery, streams, encryption, deletion
protection and TTL come straight from the model. Encryption maps as:
`aws_owned` -> no `server_side_encryption` block (DynamoDB's default, a key
owned by AWS), `aws_managed` -> enabled without a key (`alias/aws/dynamodb`),
an ARN -> enabled with that key.

With `disaster_recovery.global_tables` every table gets a replica in the
secondary region (PITR on, tags, the table's deletion protection) and streams
are `NEW_AND_OLD_IMAGES` as global tables require. Every replica of a table
under a customer managed key needs a customer managed key of its own region:
for a multi-region key (`mrk-...`) that is the same key id there; for any
other key drspec creates one in the secondary region (rotation on, protected
like the table). The replica's key is registered with the secondary region's
table refs, so standby functions are granted exactly that key.

A table with `consistency: strong` is a multi-Region strongly consistent
(MRSC) global table: its replica is in `STRONG` mode and
`disaster_recovery.witness_region` holds the witness, the third region MRSC
needs; it has no TTL and is on demand (the checks refuse anything else).

A global table must be on-demand or have write auto scaling; DynamoDB refuses
to add a replica to a provisioned table without it ("Table write capacity
should either be Pay-Per-Request or AutoScaled"). An on-demand table gets its
replica through its own `replicas`. A provisioned table first gets an
Application Auto Scaling target and target-tracking policy on its write
capacity, pinned to the spec's `write` (minimum = maximum, so the capacity
stays what the spec says and the table's own `write_capacity` never drifts),
and then its replica as a separate `dynamodb.TableReplica` that waits for the
policy; the table ignores changes to `replicas` then, as the provider requires
when the two are combined (never both on one table).

Tables are stateful: `protect` and `retain_on_delete` unless `protect: false`.
"""

from __future__ import annotations

from typing import Any, cast

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.factory.context import BuildContext, RegionRefs, TableRefs
from drspec.model import Table

SECTION = "tables"
GLOBAL_STREAM_VIEW = "NEW_AND_OLD_IMAGES"
#: Write auto scaling of a provisioned global table (Application Auto Scaling).
WRITE_DIMENSION = "dynamodb:table:WriteCapacityUnits"
WRITE_METRIC = "DynamoDBWriteCapacityUtilization"
WRITE_TARGET_UTILIZATION = 70.0


def replica_key_arn(key_arn: str | None, region: str) -> str | None:
    """The secondary-region ARN of a multi-region key; None for any other key."""
    if key_arn is None:
        return None
    parts = key_arn.split(":")
    if len(parts) < 6 or not parts[5].startswith("key/mrk-"):
        return None
    parts[3] = region
    return ":".join(parts)


def stream_view(table: Table, global_tables: bool) -> str | None:
    """The stream view type, or None for no stream."""
    if global_tables:
        return GLOBAL_STREAM_VIEW
    return None if table.stream == "none" else table.stream.upper()


def _encryption(table: Table) -> dict[str, Any] | None:
    if table.encryption == "aws_owned":
        return None
    if table.kms_key_arn is not None:
        return {"enabled": True, "kms_key_arn": table.kms_key_arn}
    return {"enabled": True}


def _attributes(table: Table) -> list[dict[str, str]]:
    keys = [table.partition_key] + ([table.sort_key] if table.sort_key else [])
    return [{"name": k.name, "type": k.type} for k in keys]


def build(ctx: BuildContext) -> None:
    dr = ctx.spec.disaster_recovery
    secondary = dr.secondary_region if dr.global_tables else None
    for table in ctx.spec.tables:
        _build_table(ctx, table, secondary)


def _build_table(ctx: BuildContext, table: Table, secondary: str | None) -> None:
    view = stream_view(table, secondary is not None)
    args: dict[str, Any] = {
        "name": ctx.physical(table.ident, "table"),
        "hash_key": table.partition_key.name,
        "range_key": table.sort_key.name if table.sort_key else None,
        "attributes": _attributes(table),
        "point_in_time_recovery": {"enabled": table.point_in_time_recovery},
        "stream_enabled": view is not None,
        "stream_view_type": view,
        "server_side_encryption": _encryption(table),
        "deletion_protection_enabled": table.deletion_protection,
        "region": ctx.region,
        "tags": ctx.tags(),
    }
    if table.billing == "provisioned":
        args.update(billing_mode="PROVISIONED", read_capacity=table.read_capacity,
                    write_capacity=table.write_capacity)
    else:
        args["billing_mode"] = "PAY_PER_REQUEST"
    if table.ttl_attribute:
        args["ttl"] = {"attribute_name": table.ttl_attribute, "enabled": True}
    separate_replica = secondary is not None and table.billing == "provisioned"
    replica_key = None if secondary is None else _replica_key(ctx, table, secondary)
    if secondary is not None and not separate_replica:
        replica: dict[str, Any] = {
            "region_name": secondary,
            "point_in_time_recovery": True,
            "propagate_tags": True,
            "deletion_protection_enabled": table.deletion_protection,
        }
        if replica_key is not None:
            replica["kms_key_arn"] = replica_key
        args["replicas"] = [replica]
        if table.strong:
            _strongly_consistent(ctx, args, replica)

    resource = aws.dynamodb.Table(
        ctx.logical(SECTION, table.ident, "table"),
        **{k: v for k, v in args.items() if v is not None},
        # The replica of a provisioned table is a TableReplica resource.
        opts=ctx.opts(stateful=True, ignore_changes=["replicas"] if separate_replica else None),
    )
    ctx.refs.tables[table.ident] = TableRefs(
        name=resource.name,
        arn=resource.arn,
        stream_arn=resource.stream_arn if view is not None else None,
        resource=resource,
        kms_key_arn=table.kms_key_arn,
    )
    ctx.export(naming.output_key("table", table.ident, "name"), resource.name)
    ctx.export(naming.output_key("table", table.ident, "arn"), resource.arn)
    if secondary is None:
        return
    if separate_replica:
        _register_separate_replica(ctx, table, resource, secondary, replica_key)
    else:
        _register_replica(ctx, table, resource, secondary, replica_key)


def _strongly_consistent(ctx: BuildContext, args: dict[str, Any],
                         replica: dict[str, Any]) -> None:
    """A multi-Region strongly consistent table: its one replica in STRONG mode and the
    witness as the third region (pulumi-aws: `global_table_witness` "must be used
    alongside a single `replica` with `consistency_mode` set to `STRONG`").
    The mode is fixed at creation and the table must be empty then
    (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html);
    the checks (E570-E575) make sure the regions, billing and TTL allow it."""
    replica["consistency_mode"] = "STRONG"
    witness = ctx.spec.disaster_recovery.witness_region
    if witness is not None:
        args["global_table_witness"] = {"region_name": witness}


def _replica_key(ctx: BuildContext, table: Table, secondary: str) -> pulumi.Input[str] | None:
    """The key of the table's replica: none under AWS owned or managed keys, the
    multi-region key's own replica, or a customer managed key drspec creates in
    `secondary` (AWS wants a regional customer managed key per replica)."""
    if table.kms_key_arn is None:
        return None
    mrk = replica_key_arn(table.kms_key_arn, secondary)
    if mrk is not None:
        return mrk
    key = aws.kms.Key(
        ctx.logical(SECTION, table.ident, "replica-key"),
        region=secondary,
        description=f"Encrypts the {secondary} replica of {ctx.physical(table.ident, 'table')}",
        enable_key_rotation=True,
        deletion_window_in_days=30,
        tags=ctx.tags(),
        opts=ctx.opts(stateful=True),
    )
    return key.arn


def _register_replica(ctx: BuildContext, table: Table, resource: aws.dynamodb.Table,
                      secondary: str, key: pulumi.Input[str] | None) -> None:
    """The replica as a table of the secondary region (same name, its own ARN)."""
    primary = ctx.region
    arn = resource.arn.apply(lambda a: a.replace(f":{primary}:", f":{secondary}:", 1))
    # Known once AWS has created the replica; None only under a plan's mocks.
    stream = resource.replicas.apply(
        lambda replicas: next(
            (r.stream_arn for r in replicas or () if r.region_name == secondary), None
        )
    )
    refs = ctx.shared.regions.setdefault(secondary, RegionRefs())
    refs.tables[table.ident] = TableRefs(
        name=resource.name, arn=arn, stream_arn=cast(pulumi.Output[str], stream),
        resource=None, kms_key_arn=key,
    )


def _register_separate_replica(ctx: BuildContext, table: Table, resource: aws.dynamodb.Table,
                               secondary: str, key: pulumi.Input[str] | None) -> None:
    """Write auto scaling on a provisioned table, then its replica (see the module doc)."""
    assert table.write_capacity is not None
    target = aws.appautoscaling.Target(
        ctx.logical(SECTION, table.ident, "write-scaling-target"),
        service_namespace="dynamodb",
        resource_id=pulumi.Output.concat("table/", resource.name),
        scalable_dimension=WRITE_DIMENSION,
        min_capacity=table.write_capacity,
        max_capacity=table.write_capacity,
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(),
    )
    policy = aws.appautoscaling.Policy(
        ctx.logical(SECTION, table.ident, "write-scaling-policy"),
        name=f"{ctx.physical(table.ident, 'table')}-write-capacity",
        policy_type="TargetTrackingScaling",
        service_namespace=target.service_namespace,
        resource_id=target.resource_id,
        scalable_dimension=target.scalable_dimension,
        target_tracking_scaling_policy_configuration={
            "predefined_metric_specification": {"predefined_metric_type": WRITE_METRIC},
            "target_value": WRITE_TARGET_UTILIZATION,
        },
        region=ctx.region,
        opts=ctx.opts(),
    )
    replica = aws.dynamodb.TableReplica(
        ctx.logical(SECTION, table.ident, "replica"),
        global_table_arn=resource.arn,
        point_in_time_recovery=True,
        deletion_protection_enabled=table.deletion_protection,
        kms_key_arn=key,
        region=secondary,
        tags=ctx.tags(),
        opts=ctx.opts(stateful=True, depends_on=[policy]),
    )
    refs = ctx.shared.regions.setdefault(secondary, RegionRefs())
    refs.tables[table.ident] = TableRefs(
        name=resource.name, arn=replica.arn, stream_arn=None, resource=None, kms_key_arn=key,
    )
