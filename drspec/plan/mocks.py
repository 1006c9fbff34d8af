"""Mock AWS for offline plans: outputs, ids and provider calls by type token.

`mock_state` is what AWS would answer under the Pulumi SDK's mocks: it
echoes the inputs and adds the computed outputs later inputs read (ARNs, ids,
endpoints), all deterministic (ids from logical names, ARNs from physical
names, one fixed account). Those are table-driven by type token (`OUTPUTS`,
`ID_FROM`, `NAME_KEYS`), so a section that introduces a new resource type
adds one entry here. Provider function calls are answered from `CALLS`; an
unknown token raises instead of quietly returning nothing.

This module is plain data and functions, without Pulumi: `drspec.plan.capture`
wraps `mock_state` in the SDK's mock engine, and `drspec.assess.graph` uses
it to know, from a saved plan, the ids and ARNs other resources refer to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

ACCOUNT_ID = "123456789012"
PARTITION = "aws"  # the default; regions of other partitions use theirs
DNS_SUFFIXES = {"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn",
                "aws-us-gov": "amazonaws.com"}


def partition_of(region: str) -> str:
    """`cn-north-1` -> `aws-cn`; regions drspec does not know count as `aws`."""
    from drspec.regions import region as known

    found = known(region)
    return found.partition if found is not None else PARTITION


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


#: The account AWS publishes the FIS Lambda extension from differs per region; the
#: plan shows this stand-in (the real ARN is read from SSM at deploy time).
FIS_LAYER_ACCOUNT = "000000000000"
FIS_LAYER_PARAMETER = "/aws/service/fis/lambda-extension/AWS-FIS-extension-"


def _ssm_parameter(args: Mapping[str, Any], region: str) -> dict[str, Any]:
    """SSM public parameters the program reads: the FIS extension layer's ARN only."""
    name = str(args.get("name") or "")
    if not name.startswith(FIS_LAYER_PARAMETER):
        raise LookupError(f"the offline plan has no value for SSM parameter {name!r}; "
                          "add it to drspec.plan.mocks._ssm_parameter")
    where = str(args.get("region") or region)
    arch = name[len(FIS_LAYER_PARAMETER):].split("/")[0]
    value = (f"arn:{partition_of(where)}:lambda:{where}:{FIS_LAYER_ACCOUNT}:layer:"
             f"aws-fis-extension-{arch}:1")
    return {"arn": f"arn:{partition_of(where)}:ssm:{where}::parameter{name}", "id": name,
            "insecureValue": value, "name": name, "region": where, "type": "String",
            "value": value, "version": 1, "withDecryption": True}


#: Provider functions the program may call, by token (results use camelCase keys).
CALLS: dict[str, Callable[[Mapping[str, Any], str], dict[str, Any]]] = {
    "aws:index/getCallerIdentity:getCallerIdentity": _caller_identity,
    "aws:index/getRegion:getRegion": _region,
    "aws:index/getPartition:getPartition": _partition,
    "aws:ssm/getParameter:getParameter": _ssm_parameter,
}


def mock_state(type_: str, logical: str, inputs: dict[str, Any],
               default_region: str) -> tuple[str, dict[str, Any]]:
    """The id and state the mock engine gives a new resource: the inputs echoed,
    `id` and `name`, and the type's computed outputs (`OUTPUTS`)."""
    physical = inputs.get(NAME_KEYS.get(type_, "name"))
    name = physical if isinstance(physical, str) and physical else logical
    region = inputs.get("region")
    region = region if isinstance(region, str) and region else default_region
    partition = partition_of(region)
    base = MockResource(type_, logical, name, f"{logical}-id", region, ACCOUNT_ID, inputs,
                        partition)
    outputs = OUTPUTS.get(type_, lambda r: {})(base)
    rid = {"name": name, "arn": outputs.get("arn")}.get(ID_FROM.get(type_, ""), base.id)
    if rid != base.id:
        base = MockResource(type_, logical, name, str(rid), region, ACCOUNT_ID, inputs,
                            partition)
    state = {**inputs, "id": base.id}
    state.setdefault("name", name)
    state.update(outputs)
    return base.id, state
