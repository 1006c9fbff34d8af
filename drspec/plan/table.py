"""A captured plan as a table for people (`drspec plan --format table`).

Resources are grouped by the spec section that owns them — the first part of
their logical name (`tables-orders-table` -> `tables`) — in the order the
factory builds them. One line per resource: type, logical name, region
(`global` for IAM and Route 53) and the settings a reviewer checks
(`KEY_SETTINGS`, by type token), `[protected]` for resources Pulumi refuses
to delete. A summary with counts closes the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from drspec.plan.model import Plan, PlannedResource
from drspec.sections import SECTION_NAMES

ENVIRONMENT = "environment"
SECTION_ORDER: tuple[str, ...] = (ENVIRONMENT, *SECTION_NAMES)

Inputs = Mapping[str, Any]


def section_of(resource: PlannedResource, plan: Plan) -> str:
    if resource.type.startswith("drspec:"):
        return ENVIRONMENT
    return resource.name.split("-", 1)[0]


def short_type(token: str) -> str:
    """`aws:dynamodb/table:Table` -> `dynamodb.Table`; other tokens unchanged."""
    parts = token.split(":")
    if len(parts) == 3 and parts[0] == "aws":
        return f"{parts[1].split('/')[0]}.{parts[2]}"
    return token


def num(value: Any) -> str:
    """Wire numbers are floats: 256.0 -> `256`."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def on_off(value: Any) -> str:
    return "on" if value else "off"


def _table(i: Inputs) -> list[str]:
    out = [str(i.get("name", ""))]
    if i.get("billingMode") == "PROVISIONED":
        out.append(f"provisioned r{num(i.get('readCapacity'))}/w{num(i.get('writeCapacity'))}")
    else:
        out.append("on-demand")
    out.append(f"PITR {on_off((i.get('pointInTimeRecovery') or {}).get('enabled'))}")
    out.append(f"stream {i.get('streamViewType') if i.get('streamEnabled') else 'off'}")
    sse = i.get("serverSideEncryption")
    if not sse:
        out.append("SSE aws-owned")
    else:
        out.append(f"SSE {sse.get('kmsKeyArn') or 'aws-managed'}")
    out.append(f"deletion protection {on_off(i.get('deletionProtectionEnabled'))}")
    ttl = i.get("ttl")
    if ttl:
        out.append(f"TTL {ttl.get('attributeName')}")
    replicas = [r.get("regionName") for r in i.get("replicas") or ()]
    if replicas:
        out.append(f"replicas {', '.join(map(str, replicas))}")
    return out


def _table_replica(i: Inputs) -> list[str]:
    """A global-table replica built as its own resource (provisioned tables)."""
    table = str(i.get("globalTableArn", "")).rsplit("/", 1)[-1]
    out = [f"replica of {table}", f"PITR {on_off(i.get('pointInTimeRecovery'))}"]
    if i.get("kmsKeyArn"):
        out.append(f"SSE {i['kmsKeyArn']}")
    out.append(f"deletion protection {on_off(i.get('deletionProtectionEnabled'))}")
    return out


def _scaling_target(i: Inputs) -> list[str]:
    dimension = str(i.get("scalableDimension", "")).rsplit(":", 1)[-1]
    return [str(i.get("resourceId", "")), dimension,
            f"{num(i.get('minCapacity', ''))}..{num(i.get('maxCapacity', ''))}"]


def _function(i: Inputs) -> list[str]:
    return [
        str(i.get("name", "")),
        str(i.get("runtime", "")),
        f"{num(i.get('memorySize', ''))} MB",
        f"{num(i.get('timeout', ''))} s",
        "in VPC" if i.get("vpcConfig") else "no VPC",
    ]


def _sse(i: Inputs) -> list[str]:
    out = []
    for rule in i.get("rules") or ():
        default = rule.get("applyServerSideEncryptionByDefault") or {}
        text = str(default.get("sseAlgorithm", ""))
        if default.get("kmsMasterKeyId"):
            text += f" {default['kmsMasterKeyId']}"
        if rule.get("bucketKeyEnabled"):
            text += " (bucket key)"
        out.append(text)
    return out


def _public_access(i: Inputs) -> list[str]:
    switches = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls",
                "restrictPublicBuckets")
    off = [s for s in switches if not i.get(s)]
    return ["all public access blocked"] if not off else [f"OPEN: {', '.join(off)} off"]


def _alarm(i: Inputs) -> list[str]:
    metric = i.get("metricName")
    namespace = i.get("namespace", "")
    stat = i.get("extendedStatistic") or i.get("statistic") or ""
    period = i.get("period")
    stats = [q["metric"] for q in i.get("metricQueries") or () if q.get("metric")]
    if stats:  # metric math: the metrics it adds up
        namespace = stats[0].get("namespace", "")
        names = sorted({str(m.get("metricName")) for m in stats})
        metric = f"sum of {len(stats)} ({'+'.join(names)})"
        stat = str(stats[0].get("stat", ""))
        period = stats[0].get("period")
    return [
        str(i.get("name", "")),
        f"{namespace} {metric} {stat}".strip(),
        f"{i.get('comparisonOperator', '')} {num(i.get('threshold', ''))}",
        f"{num(i.get('evaluationPeriods', ''))} x {num(period)}s",
    ]


_ROUTE_TARGETS = {
    "gatewayId": "internet gateway",
    "natGatewayId": "NAT gateway",
    "vpcEndpointId": "VPC endpoint",
    "transitGatewayId": "transit gateway",
    "vpcPeeringConnectionId": "peering connection",
}


def _route(i: Inputs) -> list[str]:
    target = next((label for key, label in _ROUTE_TARGETS.items() if i.get(key)), "?")
    return [f"{i.get('destinationCidrBlock', '')} -> {target}"]


def _name(i: Inputs) -> list[str]:
    for key in ("name", "bucket", "dashboardName", "domainName"):
        if isinstance(i.get(key), str):
            return [i[key]]
    return []


KEY_SETTINGS: dict[str, Callable[[Inputs], list[str]]] = {
    "aws:dynamodb/table:Table": _table,
    "aws:dynamodb/tableReplica:TableReplica": _table_replica,
    "aws:appautoscaling/target:Target": _scaling_target,
    "aws:lambda/function:Function": _function,
    "aws:s3/bucket:Bucket": lambda i: [str(i.get("bucket", "")),
                                       *(["force destroy"] if i.get("forceDestroy") else [])],
    "aws:s3/bucketVersioning:BucketVersioning":
        lambda i: [f"versioning {(i.get('versioningConfiguration') or {}).get('status')}"],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
        _sse,
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": _public_access,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration":
        lambda i: [f"rules {', '.join(str(r.get('id')) for r in i.get('rules') or ())}"],
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls":
        lambda i: [str((i.get("rule") or {}).get("objectOwnership", ""))],
    "aws:ec2/vpc:Vpc": lambda i: [f"cidr {i.get('cidrBlock')}"],
    "aws:ec2/subnet:Subnet": lambda i: [
        str(i.get("availabilityZone", "")), str(i.get("cidrBlock", "")),
        *(["public IPs on launch"] if i.get("mapPublicIpOnLaunch") else []),
    ],
    "aws:ec2/route:Route": _route,
    "aws:ec2/vpcEndpoint:VpcEndpoint":
        lambda i: [f"{i.get('serviceName')} ({i.get('vpcEndpointType')})"],
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": lambda i: [
        f"egress {i.get('ipProtocol')} {num(i.get('fromPort'))}-{num(i.get('toPort'))} "
        f"to {i.get('cidrIpv4') or i.get('prefixListId') or i.get('referencedSecurityGroupId')}"
    ],
    "aws:kms/key:Key": lambda i: [f"rotation {on_off(i.get('enableKeyRotation'))}"],
    "aws:sns/topic:Topic": lambda i: [str(i.get("name", "")),
                                      "encrypted" if i.get("kmsMasterKeyId") else "UNENCRYPTED"],
    "aws:sns/topicSubscription:TopicSubscription":
        lambda i: [f"{i.get('protocol')} {i.get('endpoint')}"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": _alarm,
    "aws:cloudwatch/logGroup:LogGroup": lambda i: [
        str(i.get("name", "")), f"retention {num(i.get('retentionInDays', 'never expires'))} d",
    ],
    "aws:apigatewayv2/api:Api": lambda i: [str(i.get("name", "")), str(i.get("protocolType"))],
    "aws:apigatewayv2/route:Route": lambda i: [str(i.get("routeKey", ""))],
    "aws:apigatewayv2/integration:Integration": lambda i: [
        f"{i.get('integrationType')} payload {i.get('payloadFormatVersion', '')}".strip()
    ],
    "aws:scheduler/schedule:Schedule": lambda i: [
        str(i.get("name", "")), str(i.get("scheduleExpression", "")),
        str(i.get("scheduleExpressionTimezone") or "UTC"), str(i.get("state") or ""),
    ],
}


def settings(resource: PlannedResource) -> str:
    describe = KEY_SETTINGS.get(resource.type, _name)
    parts = [p for p in describe(resource.inputs) if p and p != "None"]
    if resource.protect:
        parts.append("[protected]")
    return ", ".join(parts)


def region_of(resource: PlannedResource) -> str:
    if resource.type.startswith("drspec:"):
        return "-"
    return resource.region or "global"


def _section_rank(section: str) -> tuple[int, str]:
    if section in SECTION_ORDER:
        return SECTION_ORDER.index(section), section
    return len(SECTION_ORDER), section


def render(plan: Plan) -> str:
    regions: list[str] = list(plan.spec.get("regions") or [])
    groups: dict[str, list[PlannedResource]] = {}
    for r in plan.resources:
        groups.setdefault(section_of(r, plan), []).append(r)

    def order(r: PlannedResource) -> tuple[int, str]:
        region = r.region
        return (regions.index(region) if region in regions else -1, r.name)

    rows: list[tuple[str, list[tuple[str, str, str, str]]]] = []
    for section in sorted(groups, key=_section_rank):
        members = sorted(groups[section], key=order)
        rows.append((section, [
            (short_type(r.type), r.name, region_of(r), settings(r)) for r in members
        ]))
    widths = [
        max((len(line[col]) for _, lines in rows for line in lines), default=0)
        for col in range(3)
    ]
    spec = plan.spec
    out = [
        f"{spec.get('name')}-{spec.get('environment')} ({spec.get('file')}): "
        f"{len(plan.resources)} resources in {', '.join(regions)}",
    ]
    for section, lines in rows:
        out.append("")
        out.append(f"{section} ({len(lines)})")
        for line in lines:
            cells = [line[c].ljust(widths[c]) for c in range(3)]
            out.append(("  " + "  ".join(cells) + "  " + line[3]).rstrip())
    counts = Counter(section_of(r, plan) for r in plan.resources)
    protected = sum(1 for r in plan.resources if r.protect)
    by_region = Counter(region_of(r) for r in plan.resources if region_of(r) != "-")
    out.append("")
    out.append(
        f"{len(plan.resources)} resources: "
        + ", ".join(f"{s} {counts[s]}" for s in sorted(counts, key=_section_rank))
    )
    out.append(
        "by region: " + ", ".join(f"{k} {v}" for k, v in sorted(by_region.items()))
        + f"; {protected} protected"
    )
    if plan.outputs:
        out.append(f"stack outputs: {', '.join(plan.outputs)}")
    return "\n".join(out) + "\n"
