"""Offline plans: run the Pulumi program under the SDK's mocks and record it.

`capture(spec, spec_dir)` builds the environment exactly as `pulumi up` would,
but against a mock engine that records every resource registration: type,
logical name, URN, parent, `protect`, `retain_on_delete`, `ignore_changes`,
dependencies and the inputs in their wire form (camelCase keys, numbers as floats, assets replaced
by a content hash). The result is sorted by URN and free of anything that
depends on time, paths or hash seeds, so the same spec always prints the same
bytes — which is what golden tests and reviewers rely on.

The mock engine stands in for AWS: `new_resource` echoes the inputs and adds
the computed outputs later inputs read (ARNs, ids, endpoints). Those are
table-driven by type token (`OUTPUTS`, `ID_FROM`, `NAME_KEYS`) so a section
that introduces a new resource type adds one entry here. Provider function
calls are answered from `CALLS`; an unknown token raises instead of quietly
returning nothing.

This module imports Pulumi: import it only from commands and tests that need
a plan, never from the validate path.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pulumi
import pulumi.runtime
from pulumi.runtime import mocks, rpc, settings
from pulumi.runtime.settings import get_project, get_stack
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from drspec.model import Spec

PROJECT = "drspec"
ACCOUNT_ID = "123456789012"
PARTITION = "aws"  # the default; regions of other partitions use theirs
DNS_SUFFIXES = {"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn",
                "aws-us-gov": "amazonaws.com"}


def partition_of(region: str) -> str:
    """`cn-north-1` -> `aws-cn`; regions drspec does not know count as `aws`."""
    from drspec.regions import region as known

    found = known(region)
    return found.partition if found is not None else PARTITION

#: One registration of the Pulumi program.
Program = Callable[[Spec, Path], Any]


class PlanError(Exception):
    """The program cannot be captured as a valid plan (e.g. duplicate URNs)."""


# -- the recorded plan ----------------------------------------------------------


@dataclass(frozen=True)
class PlannedResource:
    """One resource as the engine would receive it."""

    type: str
    name: str
    urn: str
    parent: str | None
    protect: bool
    retain_on_delete: bool
    depends_on: tuple[str, ...]
    inputs: dict[str, Any]
    #: Input properties the engine leaves alone on updates (`ignore_changes`).
    ignore_changes: tuple[str, ...] = ()

    @property
    def region(self) -> str | None:
        region = self.inputs.get("region")
        return region if isinstance(region, str) else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "name": self.name,
            "urn": self.urn,
            "parent": self.parent,
            "protect": self.protect,
            "retain_on_delete": self.retain_on_delete,
            "depends_on": list(self.depends_on),
            "ignore_changes": list(self.ignore_changes),
            "inputs": self.inputs,
        }


@dataclass
class Plan:
    spec: dict[str, Any]
    resources: list[PlannedResource] = field(default_factory=list)
    outputs: dict[str, Any] = field(default_factory=dict)

    def of_type(self, type_token: str) -> list[PlannedResource]:
        return [r for r in self.resources if r.type == type_token]

    def named(self, name: str) -> PlannedResource:
        """The resource with logical name `name` (KeyError when absent)."""
        for r in self.resources:
            if r.name == name:
                return r
        raise KeyError(name)

    def by_urn(self, urn: str) -> PlannedResource:
        for r in self.resources:
            if r.urn == urn:
                return r
        raise KeyError(urn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "spec": self.spec,
            "resources": [r.to_dict() for r in self.resources],
            "outputs": self.outputs,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# -- wire form ------------------------------------------------------------------

_SIG = rpc._special_sig_key
_ASSET = rpc._special_asset_sig
_ARCHIVE = rpc._special_archive_sig
_SECRET = rpc._special_secret_sig
_RESOURCE = rpc._special_resource_sig
_OUTPUT = rpc._special_output_value_sig
UNKNOWN_MARK = "<unknown>"


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _path_digest(path: Path) -> str:
    """Content hash of a file, or of a directory tree (names and contents, not times)."""
    if path.is_dir():
        h = hashlib.sha256()
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = file.relative_to(path).as_posix()
            h.update(rel.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
        return "sha256:" + h.hexdigest()
    return _sha(path.read_bytes())


def _asset_digest(value: Mapping[str, Any]) -> str:
    if "text" in value:
        return _sha(str(value["text"]).encode())
    if "path" in value:
        return _path_digest(Path(str(value["path"])))
    if "uri" in value:
        return _sha(str(value["uri"]).encode())
    if "assets" in value:
        h = hashlib.sha256()
        for name, child in sorted(value["assets"].items()):
            h.update(name.encode() + b"\0" + _asset_digest(child).encode() + b"\n")
        return "sha256:" + h.hexdigest()
    raise PlanError(f"unrecognised asset or archive: {sorted(value)}")


def wire_value(value: Any) -> Any:
    """A JSON-able copy of a wire value: assets and archives become content
    hashes, secrets `{"secret": value}`, resource references their URN."""
    if isinstance(value, dict):
        sig = value.get(_SIG)
        if sig == _ASSET:
            return {"asset": _asset_digest(value)}
        if sig == _ARCHIVE:
            return {"archive": _asset_digest(value)}
        if sig == _SECRET:
            return {"secret": wire_value(value.get("value"))}
        if sig == _RESOURCE:
            return value.get("urn")
        if sig == _OUTPUT:
            inner = value.get("value", UNKNOWN_MARK)
            return {"secret": wire_value(inner)} if value.get("secret") else wire_value(inner)
        return {k: wire_value(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [wire_value(v) for v in value]
    if value == rpc.UNKNOWN:
        return UNKNOWN_MARK
    return value


def _proto_value(value: Any) -> Any:
    """A protobuf `Value` as plain Python (numbers stay floats, as on the wire)."""
    kind = value.WhichOneof("kind")
    if kind == "struct_value":
        return {k: _proto_value(v) for k, v in value.struct_value.fields.items()}
    if kind == "list_value":
        return [_proto_value(v) for v in value.list_value.values]
    if kind == "null_value" or kind is None:
        return None
    return getattr(value, kind)


def _struct_to_wire(struct: Any) -> dict[str, Any]:
    data = {k: _proto_value(v) for k, v in struct.fields.items()}
    out = wire_value(data)
    assert isinstance(out, dict)
    return out


# -- mock AWS -------------------------------------------------------------------

#: Which input holds a type's physical name (default `name`).
NAME_KEYS: dict[str, str] = {
    "aws:s3/bucket:Bucket": "bucket",
    "aws:cloudwatch/dashboard:Dashboard": "dashboardName",
    "aws:apigatewayv2/domainName:DomainName": "domainName",
    "aws:acm/certificate:Certificate": "domainName",
}

#: What AWS uses as a type's id: its physical `name`, its `arn`, or (absent
#: here) `<logical name>-id`.
ID_FROM: dict[str, str] = {
    "aws:dynamodb/table:Table": "name",
    "aws:s3/bucket:Bucket": "name",
    "aws:iam/role:Role": "name",
    "aws:lambda/function:Function": "name",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "name",
    "aws:cloudwatch/dashboard:Dashboard": "name",
    "aws:backup/vault:Vault": "name",
    "aws:sns/topic:Topic": "arn",
    "aws:iam/policy:Policy": "arn",
    "aws:acm/certificate:Certificate": "arn",
}


@dataclass(frozen=True)
class MockResource:
    """What an output template sees: one resource being created."""

    type: str
    logical: str
    name: str  # physical name (or the logical name when the input has none)
    id: str
    region: str
    account: str
    inputs: Mapping[str, Any]
    partition: str = PARTITION

    @property
    def dns_suffix(self) -> str:
        return DNS_SUFFIXES.get(self.partition, "amazonaws.com")


Outputs = Callable[[MockResource], dict[str, Any]]


def _arn(template: str) -> Outputs:
    """Outputs `{arn}` from a format string over MockResource fields."""
    return lambda r: {"arn": template.format(r=r, p=r.partition)}


def _table(r: MockResource) -> dict[str, Any]:
    arn = f"arn:{r.partition}:dynamodb:{r.region}:{r.account}:table/{r.name}"
    out: dict[str, Any] = {"arn": arn}
    if r.inputs.get("streamEnabled"):
        out["streamArn"] = f"{arn}/stream/1970-01-01T00:00:00.000"
        out["streamLabel"] = "1970-01-01T00:00:00.000"
    return out


def _table_replica(r: MockResource) -> dict[str, Any]:
    """A global-table replica: the table's ARN with the replica's region."""
    parts = str(r.inputs.get("globalTableArn", "")).split(":")
    if len(parts) < 6:
        return {}
    parts[3] = r.region
    return {"arn": ":".join(parts)}


def _bucket(r: MockResource) -> dict[str, Any]:
    return {
        "arn": f"arn:{r.partition}:s3:::{r.name}",
        "bucket": r.name,
        "bucketDomainName": f"{r.name}.s3.{r.dns_suffix}",
        "bucketRegionalDomainName": f"{r.name}.s3.{r.region}.{r.dns_suffix}",
    }


def _function(r: MockResource) -> dict[str, Any]:
    arn = f"arn:{r.partition}:lambda:{r.region}:{r.account}:function:{r.name}"
    return {
        "arn": arn,
        "qualifiedArn": f"{arn}:$LATEST",
        "invokeArn": (f"arn:{r.partition}:apigateway:{r.region}:lambda:path/2015-03-31/"
                      f"functions/{arn}/invocations"),
        "version": "$LATEST",
    }


def _http_api(r: MockResource) -> dict[str, Any]:
    return {
        "arn": f"arn:{r.partition}:apigateway:{r.region}::/apis/{r.id}",
        "apiEndpoint": f"https://{r.id}.execute-api.{r.region}.{r.dns_suffix}",
        "executionArn": f"arn:{r.partition}:execute-api:{r.region}:{r.account}:{r.id}",
    }


def _stage(r: MockResource) -> dict[str, Any]:
    api = r.inputs.get("apiId", "api")
    stage = r.inputs.get("name", r.id)
    suffix = "" if stage == "$default" else f"/{stage}"
    return {
        "arn": f"arn:{r.partition}:apigateway:{r.region}::/apis/{api}/stages/{stage}",
        "executionArn": f"arn:{r.partition}:execute-api:{r.region}:{r.account}:{api}/{stage}",
        "invokeUrl": f"https://{api}.execute-api.{r.region}.{r.dns_suffix}{suffix}",
    }


def _domain_name(r: MockResource) -> dict[str, Any]:
    config = dict(r.inputs.get("domainNameConfiguration") or {})
    config.setdefault("targetDomainName", f"d-{r.id}.execute-api.{r.region}.{r.dns_suffix}")
    config.setdefault("hostedZoneId", "Z2FDTNDATAQYW2")
    return {
        "arn": f"arn:{r.partition}:apigateway:{r.region}::/domainnames/{r.name}",
        "apiMappingSelectionExpression": "$request.basepath",
        "domainNameConfiguration": config,
    }


def _certificate(r: MockResource) -> dict[str, Any]:
    names = [r.name, *(r.inputs.get("subjectAlternativeNames") or [])]
    return {
        "arn": f"arn:{r.partition}:acm:{r.region}:{r.account}:certificate/{r.logical}",
        "domainValidationOptions": [
            {
                "domainName": n,
                "resourceRecordName": f"_validation.{n}.",
                "resourceRecordType": "CNAME",
                # ACM's validation record depends on the domain and the account
                # only: certificates for one domain in two regions share it.
                "resourceRecordValue": f"_validation.{n}.acm-validations.aws.",
            }
            for n in names
        ],
    }


def _kms_key(r: MockResource) -> dict[str, Any]:
    return {"arn": f"arn:{r.partition}:kms:{r.region}:{r.account}:key/{r.id}", "keyId": r.id}


#: Computed outputs per type token, beyond the echoed inputs, `id` and `name`.
OUTPUTS: dict[str, Outputs] = {
    "aws:dynamodb/table:Table": _table,
    "aws:dynamodb/tableReplica:TableReplica": _table_replica,
    "aws:s3/bucket:Bucket": _bucket,
    "aws:lambda/function:Function": _function,
    "aws:apigatewayv2/api:Api": _http_api,
    "aws:apigatewayv2/stage:Stage": _stage,
    "aws:apigatewayv2/domainName:DomainName": _domain_name,
    "aws:acm/certificate:Certificate": _certificate,
    "aws:kms/key:Key": _kms_key,
    "aws:sns/topic:Topic": _arn("arn:{p}:sns:{r.region}:{r.account}:{r.name}"),
    "aws:iam/role:Role": _arn("arn:{p}:iam::{r.account}:role/{r.name}"),
    "aws:iam/policy:Policy": _arn("arn:{p}:iam::{r.account}:policy/{r.name}"),
    "aws:ec2/vpc:Vpc": _arn("arn:{p}:ec2:{r.region}:{r.account}:vpc/{r.id}"),
    "aws:ec2/subnet:Subnet": _arn("arn:{p}:ec2:{r.region}:{r.account}:subnet/{r.id}"),
    "aws:ec2/securityGroup:SecurityGroup":
        _arn("arn:{p}:ec2:{r.region}:{r.account}:security-group/{r.id}"),
    "aws:ec2/routeTable:RouteTable":
        _arn("arn:{p}:ec2:{r.region}:{r.account}:route-table/{r.id}"),
    "aws:ec2/internetGateway:InternetGateway":
        _arn("arn:{p}:ec2:{r.region}:{r.account}:internet-gateway/{r.id}"),
    "aws:ec2/vpcEndpoint:VpcEndpoint":
        _arn("arn:{p}:ec2:{r.region}:{r.account}:vpc-endpoint/{r.id}"),
    "aws:ec2/eip:Eip": lambda r: {"allocationId": r.id, "publicIp": "192.0.2.1"},
    "aws:cloudwatch/metricAlarm:MetricAlarm":
        _arn("arn:{p}:cloudwatch:{r.region}:{r.account}:alarm:{r.name}"),
    "aws:cloudwatch/dashboard:Dashboard": lambda r: {
        "dashboardArn": f"arn:{r.partition}:cloudwatch::{r.account}:dashboard/{r.name}",
    },
    "aws:cloudwatch/logGroup:LogGroup":
        _arn("arn:{p}:logs:{r.region}:{r.account}:log-group:{r.name}"),
    "aws:scheduler/schedule:Schedule":
        _arn("arn:{p}:scheduler:{r.region}:{r.account}:schedule/default/{r.name}"),
    "aws:backup/vault:Vault":
        _arn("arn:{p}:backup:{r.region}:{r.account}:backup-vault:{r.name}"),
    "aws:backup/plan:Plan":
        _arn("arn:{p}:backup:{r.region}:{r.account}:backup-plan:{r.id}"),
    "aws:route53/healthCheck:HealthCheck":
        _arn("arn:{p}:route53:::healthcheck/{r.id}"),
    # ACM certificate validations wait on the validation record's FQDN.
    "aws:route53/record:Record": lambda r: {"fqdn": str(r.inputs.get("name", "")).rstrip(".")},
}


def _caller_identity(args: Mapping[str, Any], region: str) -> dict[str, Any]:
    return {
        "accountId": ACCOUNT_ID,
        "arn": f"arn:{partition_of(region)}:iam::{ACCOUNT_ID}:user/drspec",
        "id": ACCOUNT_ID,
        "userId": "AIDADRSPECPLAN",
    }


def _region(args: Mapping[str, Any], region: str) -> dict[str, Any]:
    name = args.get("region") or args.get("name") or region
    return {
        "name": name,
        "region": name,
        "id": name,
        "endpoint": f"ec2.{name}.{DNS_SUFFIXES[partition_of(name)]}",
        "description": name,
    }


def _partition(args: Mapping[str, Any], region: str) -> dict[str, Any]:
    return {
        "partition": partition_of(region),
        "id": partition_of(region),
        "dnsSuffix": DNS_SUFFIXES[partition_of(region)],
        "reverseDnsSuffix": ".".join(reversed(DNS_SUFFIXES[partition_of(region)].split("."))),
    }


#: Provider functions the program may call, by token (results use camelCase keys).
CALLS: dict[str, Callable[[Mapping[str, Any], str], dict[str, Any]]] = {
    "aws:index/getCallerIdentity:getCallerIdentity": _caller_identity,
    "aws:index/getRegion:getRegion": _region,
    "aws:index/getPartition:getPartition": _partition,
}


class UnknownCallError(PlanError):
    """The program called a provider function the plan has no answer for."""


class AwsMocks(mocks.Mocks):
    """Deterministic stand-ins for AWS: ids from logical names, ARNs from
    physical names, one fixed account."""

    def __init__(self, default_region: str) -> None:
        self.default_region = default_region

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        inputs = dict(args.inputs)
        logical = args.name
        physical = inputs.get(NAME_KEYS.get(args.typ, "name"))
        name = physical if isinstance(physical, str) and physical else logical
        region = inputs.get("region")
        region = region if isinstance(region, str) and region else self.default_region
        partition = partition_of(region)
        base = MockResource(args.typ, logical, name, f"{logical}-id", region, ACCOUNT_ID, inputs,
                            partition)
        outputs = OUTPUTS.get(args.typ, lambda r: {})(base)
        rid = {"name": name, "arn": outputs.get("arn")}.get(ID_FROM.get(args.typ, ""), base.id)
        if rid != base.id:
            base = MockResource(args.typ, logical, name, str(rid), region, ACCOUNT_ID, inputs,
                                partition)
        state = {**inputs, "id": base.id}
        state.setdefault("name", name)
        state.update(outputs)
        return base.id, state

    def call(self, args: mocks.MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        handler = CALLS.get(args.token)
        if handler is None:
            raise UnknownCallError(
                f"the offline plan has no answer for provider function {args.token!r}; "
                "add it to drspec.plan.CALLS")
        return handler(dict(args.args or {}), self.default_region)


class RecordingMonitor(mocks.MockMonitor):
    """The SDK's mock monitor, also recording what the engine would be told."""

    def __init__(self, mocks_: mocks.Mocks) -> None:
        super().__init__(mocks_)
        self.records: dict[str, PlannedResource] = {}
        self.duplicates: list[str] = []

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        """URNs as the engine builds them: the parent's whole qualified type chain
        (the SDK's mock keeps only its last link), and none for the root stack."""
        if parent:
            parent_type = parent.split("::")[2]
            if parent_type != "pulumi:pulumi:Stack":
                type_ = f"{parent_type}${type_}"
        return "urn:pulumi:" + "::".join([get_stack(), get_project(), type_, name])

    def RegisterResource(self, request: Any) -> Any:
        urn = self.make_urn(request.parent, request.type, request.name)
        if request.type != "pulumi:pulumi:Stack":
            if urn in self.records:
                self.duplicates.append(urn)
            self.records[urn] = PlannedResource(
                type=request.type,
                name=request.name,
                urn=urn,
                parent=_parent(request.parent),
                protect=request.HasField("protect") and request.protect,
                retain_on_delete=(request.HasField("retainOnDelete")
                                  and request.retainOnDelete),
                depends_on=tuple(sorted(set(request.dependencies))),
                inputs=_struct_to_wire(request.object),
                ignore_changes=tuple(sorted(request.ignoreChanges)),
            )
        return super().RegisterResource(request)


def _parent(urn: str) -> str | None:
    # The root stack is every top-level resource's parent; it carries no meaning.
    if not urn or urn.split("::")[-2:-1] == ["pulumi:pulumi:Stack"]:
        return None
    return urn


# -- capture --------------------------------------------------------------------


def spec_summary(spec: Spec) -> dict[str, Any]:
    return {
        "file": Path(spec.file).as_posix() if spec.file else "",
        "name": spec.name,
        "environment": spec.environment,
        "region": spec.region,
        "regions": list(spec.regions),
    }


def _default_program(spec: Spec, spec_dir: Path) -> Any:
    from drspec.factory import build_environment

    return build_environment(spec, spec_dir)


def capture(spec: Spec, spec_dir: Path, *, program: Program | None = None) -> Plan:
    """Run the Pulumi program for `spec` under mocks and return its plan.

    `program` defaults to `drspec.factory.build_environment`; tests pass their
    own. Exceptions raised by the program propagate unchanged.
    """
    run = program or _default_program
    aws_mocks = AwsMocks(spec.region)
    monitor = RecordingMonitor(aws_mocks)
    _reset_runtime()
    pulumi.runtime.set_all_config({
        "aws:region": spec.region,
        f"{PROJECT}:spec": spec.file,
    })
    pulumi.runtime.set_mocks(aws_mocks, project=PROJECT, stack=spec.environment,
                             preview=False, monitor=monitor)
    resolved: dict[str, Any] = {}

    def body() -> None:
        run(spec, spec_dir)
        root = settings.get_root_resource()
        exported = dict(getattr(root, "outputs", {}) or {})
        values = _sync_await(pulumi.Output.from_input(exported).future(with_unknowns=True))
        resolved.update(values or {})

    try:
        _sync_await(run_pulumi_func(body))
    finally:
        _reset_runtime()
    if monitor.duplicates:
        dupes = ", ".join(sorted(set(monitor.duplicates)))
        raise PlanError(f"duplicate resource URNs (the engine rejects these): {dupes}")
    resources = [monitor.records[urn] for urn in sorted(monitor.records)]
    outputs = {k: _plain(v) for k, v in sorted(resolved.items())}
    return Plan(spec_summary(spec), resources, outputs)


def _reset_runtime() -> None:
    """Forget the previous capture: its root stack, and any RPCs or outputs a
    failed program left pending (they would fail the next capture)."""
    settings.ROOT.set(None)
    settings.SETTINGS.rpc_manager.clear()
    with settings.SETTINGS.lock:
        settings.SETTINGS.outputs.clear()


def _plain(value: Any) -> Any:
    """Stack output values as JSON (unknowns marked)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return UNKNOWN_MARK
