"""Failures inside one region, simulated on the plan: a zone, a table, objects, the stack.

The spec-level factors (`drspec.assess.factors`) say how a component comes
back: a NAT gateway per zone, point-in-time recovery, object versions,
Pulumi's protect. Here the plan must show the mechanism each factor counts
on; where it does not (an edited plan, a factory that drifted from the spec)
the gap is a `Break`. `undo_windows` reads how long a deleted object can be
brought back from the buckets' lifecycle rules (noncurrent version expiry).
"""

from __future__ import annotations

from drspec.assess.breaks import E_COPY_MISSING, E_ZONE, Break, SpecIndex
from drspec.assess.graph import (
    BACKUP_VAULT,
    BUCKET,
    EC2_ROUTE,
    FUNCTION,
    LIFECYCLE,
    NAT,
    REPLICATION,
    ROUTE_TABLE_ASSOCIATION,
    SUBNET,
    TABLE,
    VERSIONING,
    Node,
    PlanGraph,
)
from drspec.model import Spec


def local_breaks(graph: PlanGraph, spec: Spec) -> dict[str, list[Break]]:
    index = SpecIndex(spec)
    return {
        "az_loss": zone_breaks(graph, index),
        "table_deleted": table_breaks(graph, index),
        "bucket_deleted": bucket_breaks(graph, index),
        "stack_destroyed": stack_breaks(graph, index),
    }


# -- a zone ---------------------------------------------------------------------------


def _zone(graph: PlanGraph, node: Node) -> str | None:
    zone = node.inputs.get("availabilityZone")
    return zone if isinstance(zone, str) else None


def zone_breaks(graph: PlanGraph, index: SpecIndex) -> list[Break]:
    """Functions in the VPC must span two zones; with `nat: per_az`, each private
    subnet must reach the internet through a NAT gateway of its own zone."""
    net = index.spec.network
    out: list[Break] = []
    if len(net.availability_zones) >= 2:
        for function in graph.of_type(FUNCTION):
            subnets = graph.refs(function, "vpcConfig", type_token=SUBNET)
            zones = {_zone(graph, s.node) for s in subnets}
            if len(zones) == 1:
                label = index.label(function)
                out.append(Break(E_ZONE, "rto", label, function.region,
                                 f"{label} in {function.region} runs in one zone only "
                                 f"({zones.pop()}): it stops with that zone",
                                 ("network", "availability_zones"),
                                 "functions in the VPC get a private subnet in every zone of "
                                 "network.availability_zones; re-plan from the spec"))
    if net.nat == "per_az":
        out += _nat_breaks(graph, index)
    return out


def _nat_breaks(graph: PlanGraph, index: SpecIndex) -> list[Break]:
    out = []
    nat_zone = {}
    for nat in graph.of_type(NAT):
        subnets = graph.refs(nat, "subnetId", type_token=SUBNET)
        nat_zone[nat.id] = _zone(graph, subnets[0].node) if subnets else None
    routes_by_table: dict[str, list[Node]] = {}
    for route in graph.of_type(EC2_ROUTE):
        if route.inputs.get("natGatewayId"):
            table = str(route.inputs.get("routeTableId"))
            routes_by_table.setdefault(table, []).append(route)
    for assoc in graph.of_type(ROUTE_TABLE_ASSOCIATION):
        if assoc.region != index.spec.region:
            # The standby's VPC has `disaster_recovery.standby_nat` (one gateway by
            # default, to save the hourly charge of the others): not `network.nat`.
            continue
        table = str(assoc.inputs.get("routeTableId"))
        subnets = graph.refs(assoc, "subnetId", type_token=SUBNET)
        for route in routes_by_table.get(table, []):
            zone = _zone(graph, subnets[0].node) if subnets else None
            via = nat_zone.get(str(route.inputs.get("natGatewayId")))
            if zone and via and via != zone:
                out.append(Break(E_ZONE, "rto", f"subnet {subnets[0].node.logical}",
                                 assoc.region,
                                 f"the private subnet in {zone} reaches the internet through "
                                 f"the NAT gateway in {via}: losing {via} cuts it off",
                                 ("network", "nat"),
                                 "network.nat: per_az routes each zone through its own NAT "
                                 "gateway; re-plan from the spec"))
    return out


# -- a table, objects, the stack --------------------------------------------------------


def table_breaks(graph: PlanGraph, index: SpecIndex) -> list[Break]:
    out = []
    for node in graph.of_type(TABLE):
        table = index.table(node)
        if table is None:
            continue
        label = index.label(node)
        pitr = node.inputs.get("pointInTimeRecovery")
        if table.point_in_time_recovery and not (isinstance(pitr, dict) and pitr.get("enabled")):
            out.append(Break(E_COPY_MISSING, "rpo", label, node.region,
                             f"{label} has no point-in-time recovery in the plan",
                             (*table.path, "point_in_time_recovery"),
                             "point_in_time_recovery enables PITR on the table; re-plan from "
                             "the spec"))
        if table.deletion_protection and node.inputs.get("deletionProtectionEnabled") is not True:
            out.append(Break(E_COPY_MISSING, "rpo", label, node.region,
                             f"{label} has no deletion protection in the plan",
                             (*table.path, "deletion_protection"),
                             "deletion_protection makes DynamoDB refuse DeleteTable; re-plan "
                             "from the spec"))
    return out


def bucket_breaks(graph: PlanGraph, index: SpecIndex) -> list[Break]:
    versioned = {ref.node.id for v in graph.of_type(VERSIONING)
                 if (v.inputs.get("versioningConfiguration") or {}).get("status") == "Enabled"
                 for ref in graph.refs(v, "bucket", type_token=BUCKET)}
    out = []
    for node in graph.of_type(BUCKET):
        bucket = index.bucket(node)
        if bucket is not None and bucket.versioning and node.id not in versioned:
            label = index.label(node)
            out.append(Break(E_COPY_MISSING, "rpo", label, node.region,
                             f"{label} ({node.physical}) is not versioned in the plan: a "
                             "deleted or overwritten object is gone",
                             (*bucket.path, "versioning"),
                             "versioning keeps every version; re-plan from the spec"))
    return out


STATEFUL = (TABLE, BUCKET, BACKUP_VAULT)


def stack_breaks(graph: PlanGraph, index: SpecIndex) -> list[Break]:
    if not index.spec.protect:
        return []
    out = []
    for node in graph.nodes:
        if node.type in STATEFUL and not (node.resource.protect
                                          and node.resource.retain_on_delete):
            label = index.label(node)
            out.append(Break(E_COPY_MISSING, "rpo", label, node.region,
                             f"{label} ({node.physical}) is not protected and retained in the "
                             "plan: `pulumi destroy` deletes it", ("protect",),
                             "protect: true gives tables, buckets and vaults Pulumi protect "
                             "and retain_on_delete; re-plan from the spec"))
    return out + companion_breaks(graph, index)


#: What a bucket's protection, encryption, versioning and replication are made of:
#: deleting one changes the retained bucket (deleting `s3.BucketVersioning`
#: suspends versioning,
#: https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketversioning/).
BUCKET_COMPANIONS = (
    VERSIONING, LIFECYCLE, REPLICATION,
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "aws:s3/bucketPolicy:BucketPolicy",
)


def companion_breaks(graph: PlanGraph, index: SpecIndex) -> list[Break]:
    """A companion of a protected and retained bucket that `pulumi destroy` deletes:
    the bucket survives without its versioning, encryption, access block or replication."""
    out = []
    for node in graph.nodes:
        if node.type not in BUCKET_COMPANIONS or (node.resource.protect
                                                  and node.resource.retain_on_delete):
            continue
        for ref in graph.refs(node, "bucket", type_token=BUCKET):
            kept = ref.node.resource
            if kept.protect and kept.retain_on_delete:
                label = index.label(ref.node)
                out.append(Break(E_COPY_MISSING, "rpo", label, node.region,
                                 f"{node.logical} of {label} is not protected and retained in "
                                 "the plan: `pulumi destroy` deletes it and the kept bucket "
                                 "loses what it sets", ("protect",),
                                 "protect: true gives a bucket's companions protect and "
                                 "retain_on_delete too; re-plan from the spec"))
    return out


def undo_windows(graph: PlanGraph, spec: Spec) -> dict[str, int | None]:
    """Per primary bucket (spec ident): the days a deleted object's versions are kept
    (the shortest `noncurrentVersionExpiration`), None when they are kept until deleted."""
    index = SpecIndex(spec)
    days: dict[str, int | None] = {}
    for node in graph.of_type(BUCKET):
        bucket = index.bucket(node)
        if bucket is not None and node.region == spec.region:
            days[bucket.ident] = None
    for config in graph.of_type(LIFECYCLE):
        for ref in graph.refs(config, "bucket", type_token=BUCKET):
            bucket = index.bucket(ref.node)
            if bucket is None or ref.node.region != spec.region:
                continue
            for rule in config.inputs.get("rules") or []:
                expiry = rule.get("noncurrentVersionExpiration") if isinstance(rule, dict) else None
                if (isinstance(expiry, dict) and rule.get("status") == "Enabled"
                        and isinstance(expiry.get("noncurrentDays"), int | float)):
                    value = int(expiry["noncurrentDays"])
                    current = days.get(bucket.ident)
                    days[bucket.ident] = value if current is None else min(current, value)
    return days
