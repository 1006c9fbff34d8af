"""A plan as a graph: resources by type and region, and what refers to what.

A plan records only inputs; an input refers to another resource through a
string the engine computed for it: an id (`api-http-api-id`), an ARN, an
endpoint, a physical name. `PlanGraph` rebuilds those strings for every
resource with the mock engine's own rules (`drspec.plan.mocks.mock_state`,
which needs no Pulumi) and resolves the strings found in inputs back to the
resources they name, with the region each reference points at: an ARN names
its region, a bare name (a table read through its name) means the region of
the resource that holds it.

A DynamoDB global table is one resource with `replicas`: it exists in its own
region and in every replica region (`regions_of`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from drspec.plan.mocks import mock_state
from drspec.plan.model import Plan, PlannedResource

TABLE = "aws:dynamodb/table:Table"
TABLE_REPLICA = "aws:dynamodb/tableReplica:TableReplica"
BUCKET = "aws:s3/bucket:Bucket"
FUNCTION = "aws:lambda/function:Function"
TOPIC = "aws:sns/topic:Topic"
SUBSCRIPTION = "aws:sns/topicSubscription:TopicSubscription"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
RECORD = "aws:route53/record:Record"
HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
API = "aws:apigatewayv2/api:Api"
ROUTE = "aws:apigatewayv2/route:Route"
INTEGRATION = "aws:apigatewayv2/integration:Integration"
DOMAIN_NAME = "aws:apigatewayv2/domainName:DomainName"
API_MAPPING = "aws:apigatewayv2/apiMapping:ApiMapping"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
LIFECYCLE = "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"
VERSIONING = "aws:s3/bucketVersioning:BucketVersioning"
SCHEDULE = "aws:scheduler/schedule:Schedule"
EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget"
BACKUP_PLAN = "aws:backup/plan:Plan"
BACKUP_SELECTION = "aws:backup/selection:Selection"
BACKUP_VAULT = "aws:backup/vault:Vault"
SUBNET = "aws:ec2/subnet:Subnet"
NAT = "aws:ec2/natGateway:NatGateway"
EC2_ROUTE = "aws:ec2/route:Route"
ROUTE_TABLE_ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation"

#: Services whose resources have no region of their own.
GLOBAL_PREFIXES = ("aws:iam/", "aws:route53/", "drspec:", "pulumi:")

_SPLIT = re.compile(r"[\s\"',;()\[\]{}]+")
_ARN_REGION = re.compile(r"^arn:[^:]+:[^:]+:([a-z0-9-]*):")
_ARN_PREFIX = re.compile(r"^(arn:[^:]+:[^:]+:)[a-z0-9-]*:")


@dataclass(frozen=True, eq=False)  # one node per resource: identity is equality
class Node:
    """One resource with the state the engine gave it (inputs and computed outputs)."""

    resource: PlannedResource
    id: str
    state: dict[str, Any]
    region: str | None  # None: a global resource (IAM, Route 53)

    @property
    def type(self) -> str:
        return self.resource.type

    @property
    def logical(self) -> str:
        return self.resource.name

    @property
    def inputs(self) -> dict[str, Any]:
        return self.resource.inputs

    @property
    def physical(self) -> str:
        return str(self.state.get("name", self.logical))

    @property
    def arn(self) -> str | None:
        arn = self.state.get("arn")
        return arn if isinstance(arn, str) else None

    def __str__(self) -> str:
        where = f" in {self.region}" if self.region else ""
        return f"{self.logical}{where}"


@dataclass(frozen=True)
class Ref:
    """A reference to `node`, pointing at `region` (None: a global resource)."""

    node: Node
    region: str | None


class PlanGraph:
    """The resources of a plan and the references between them."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.default_region = str(plan.spec.get("region", ""))
        self.nodes = [self._node(r) for r in plan.resources]
        self._handles: dict[str, list[tuple[Node, str | None]]] = {}
        for node in self.nodes:
            for handle, region in self._handles_of(node):
                entries = self._handles.setdefault(handle, [])
                if (node, region) not in entries:
                    entries.append((node, region))

    def _node(self, resource: PlannedResource) -> Node:
        glob = resource.type.startswith(GLOBAL_PREFIXES)
        region = None if glob else (resource.region or self.default_region)
        rid, state = mock_state(resource.type, resource.name, dict(resource.inputs),
                                region or self.default_region)
        return Node(resource, rid, state, region)

    def _handles_of(self, node: Node) -> Iterator[tuple[str, str | None]]:
        yield node.id, node.region
        given = set(_strings(node.inputs))
        for value in _strings(node.state):
            if value in given:
                continue
            yield value, _arn_region(value) or node.region
            if value.startswith("https://"):
                yield value.removeprefix("https://").split("/")[0], node.region
        if node.type in NAMED_BY_PHYSICAL:
            yield node.physical, node.region
        for region in self.regions_of(node):
            if region != node.region and node.arn:
                yield _with_region(node.arn, region), region

    # -- lookups ---------------------------------------------------------------------

    def of_type(self, type_token: str) -> list[Node]:
        return [n for n in self.nodes if n.type == type_token]

    def regions_of(self, node: Node) -> tuple[str, ...]:
        """Where the resource exists: its region, and a global table's replica regions.

        A replica is either listed in the table's `replicas` or (provisioned
        tables, whose replicas scale on their own) a `TableReplica` resource
        naming the table's ARN.
        """
        regions = [] if node.region is None else [node.region]
        if node.type == TABLE:
            for replica in node.inputs.get("replicas") or []:
                if isinstance(replica, dict) and isinstance(replica.get("regionName"), str):
                    regions.append(replica["regionName"])
            for replica in self.of_type(TABLE_REPLICA):
                if replica.region and any(ref.node is node for ref in
                                          self.refs(replica, "globalTableArn")):
                    regions.append(replica.region)
        return tuple(dict.fromkeys(regions))

    def refs(self, node: Node, *keys: str, type_token: str | None = None) -> list[Ref]:
        """What the inputs of `node` (only those under `keys`, if given) refer to.

        A bare name that several resources share (a function's name in both
        regions) means the one in `node`'s region, or else all of them.
        """
        values = node.inputs if not keys else {k: node.inputs.get(k) for k in keys}
        return self.resolve(values, node, type_token=type_token)

    def resolve(self, value: Any, origin: Node, *, type_token: str | None = None) -> list[Ref]:
        """The resources the strings in `value` name, read as `origin` would."""
        found: list[Ref] = []
        for text in _strings(value):
            for candidate in _candidates(text):
                for ref in self._resolve(candidate, origin):
                    if ref.node is not origin and ref not in found and (
                            type_token is None or ref.node.type == type_token):
                        found.append(ref)
        return found

    def _resolve(self, candidate: str, origin: Node) -> list[Ref]:
        entries = self._handles.get(candidate, [])
        if not entries:
            return []
        named = _arn_region(candidate)
        if named is None and len(entries) > 1:
            local = [e for e in entries if e[1] == origin.region]
            entries = local or entries
        out = []
        for target, region in entries:
            if named is None and target.type == TABLE and origin.region in self.regions_of(
                    target):
                region = origin.region  # a table by name: the replica next to the caller
            out.append(Ref(target, named or region))
        return out

    @cached_property
    def subscriptions_by_topic(self) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {}
        for sub in self.of_type(SUBSCRIPTION):
            for ref in self.refs(sub, "topic", type_token=TOPIC):
                out.setdefault(ref.node.id, []).append(sub)
        return out


#: Types whose physical name other resources use (environment variables, policies).
NAMED_BY_PHYSICAL = frozenset({TABLE, BUCKET, FUNCTION, TOPIC, "aws:iam/role:Role",
                               BACKUP_VAULT, DOMAIN_NAME})


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def _candidates(text: str) -> Iterator[str]:
    """The strings inside `text` that may name a resource: the whole, the pieces of
    embedded JSON (policies), tokens, and each token's `/`-prefixes and `/`-pieces."""
    yield text
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        try:
            parsed = json.loads(stripped)
        except ValueError:
            parsed = None
        if parsed is not None:
            for inner in _strings(parsed):
                yield from _candidates(inner)
            return
    for token in _SPLIT.split(text):
        if not token:
            continue
        yield token
        host = token.removeprefix("https://")
        if host != token:
            yield host.split("/")[0]
        parts = token.split("/")
        arn = token.startswith("arn:")
        for i in range(1, len(parts)):
            yield "/".join(parts[:i])
            if not arn:  # `integrations/<id>`; an ARN's pieces would lose its region
                yield parts[i]


def _arn_region(text: str) -> str | None:
    match = _ARN_REGION.match(text)
    return match.group(1) or None if match else None


def _with_region(arn: str, region: str) -> str:
    """`arn:aws:dynamodb:eu-west-1:...` with another region."""
    return _ARN_PREFIX.sub(lambda m: f"{m.group(1)}{region}:", arn, count=1)
