"""The typed context every section builder receives (no loose keyword arguments).

A `BuildContext` is one region's view of the environment being built: the
spec, the parent component, the region, and `refs` — what earlier builders
registered in that region (network, tables, buckets, functions, api), so later
builders can wire to them. `shared` holds what exists once per environment
(the SNS topic, stack outputs).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pulumi

from drspec import naming
from drspec.model import Spec


@dataclass
class NetworkRefs:
    vpc_id: pulumi.Output[str]
    public_subnet_ids: list[pulumi.Output[str]]
    private_subnet_ids: list[pulumi.Output[str]]
    private_route_table_ids: list[pulumi.Output[str]]
    # None when no function runs in the VPC (no unused security group is built).
    lambda_security_group_id: pulumi.Output[str] | None
    resources: dict[str, pulumi.Resource] = field(default_factory=dict)


@dataclass
class TableRefs:
    name: pulumi.Input[str]
    arn: pulumi.Input[str]
    stream_arn: pulumi.Input[str] | None
    resource: pulumi.Resource | None = None  # None for a global-table replica
    # The customer managed key encrypting this table (or replica) in its region.
    kms_key_arn: pulumi.Input[str] | None = None


@dataclass
class BucketRefs:
    name: pulumi.Input[str]
    arn: pulumi.Input[str]
    resource: pulumi.Resource
    versioning: pulumi.Resource | None = None
    kms_key_arn: pulumi.Input[str] | None = None
    # The customer managed key objects replicated back from the standby are
    # encrypted with, when the bucket's own key is the AWS managed `aws/s3`.
    return_key_arn: pulumi.Input[str] | None = None


@dataclass
class FunctionRefs:
    name: pulumi.Input[str]
    arn: pulumi.Input[str]
    invoke_arn: pulumi.Input[str]
    role_arn: pulumi.Input[str]
    resource: pulumi.Resource


@dataclass
class ApiRefs:
    api_id: pulumi.Input[str]
    endpoint: pulumi.Input[str]
    execution_arn: pulumi.Input[str]
    stage: pulumi.Resource
    resource: pulumi.Resource


@dataclass
class TopicRefs:
    """A region's alerts topic and the customer managed key encrypting it:
    publishers need kms:GenerateDataKey* and kms:Decrypt on it besides sns:Publish."""

    arn: pulumi.Input[str]
    key_arn: pulumi.Input[str]
    resource: pulumi.Resource
    region: str


@dataclass
class RegionRefs:
    """What has been built in one region so far."""

    alerts: TopicRefs | None = None
    network: NetworkRefs | None = None
    tables: dict[str, TableRefs] = field(default_factory=dict)
    buckets: dict[str, BucketRefs] = field(default_factory=dict)
    functions: dict[str, FunctionRefs] = field(default_factory=dict)
    api: ApiRefs | None = None
    # alarm ident -> ARN of the alarms built in this region (drill stop conditions)
    alarms: dict[str, pulumi.Input[str]] = field(default_factory=dict)


@dataclass
class Shared:
    """What exists once per environment (`topic*`: the primary region's alerts
    topic; every region's own is `RegionRefs.alerts`)."""

    topic_arn: pulumi.Input[str] | None = None
    topic: pulumi.Resource | None = None
    # The customer managed key encrypting the topic: publishers need
    # kms:GenerateDataKey* and kms:Decrypt on it besides sns:Publish.
    topic_key_arn: pulumi.Input[str] | None = None
    # The Route 53 health check of the primary API (failover), for the dashboard.
    health_check_id: pulumi.Input[str] | None = None
    outputs: dict[str, Any] = field(default_factory=dict)
    regions: dict[str, RegionRefs] = field(default_factory=dict)


@dataclass
class BuildContext:
    spec: Spec
    spec_dir: Path
    parent: pulumi.Resource
    region: str
    secondary: bool = False
    shared: Shared = field(default_factory=Shared)

    @property
    def refs(self) -> RegionRefs:
        return self.shared.regions.setdefault(self.region, RegionRefs())

    @property
    def primary_refs(self) -> RegionRefs:
        return self.shared.regions.setdefault(self.spec.region, RegionRefs())

    def for_secondary(self) -> BuildContext:
        """The same environment, seen from the secondary region."""
        region = self.spec.disaster_recovery.secondary_region
        assert region is not None
        return replace(self, region=region, secondary=True)

    # -- naming ---------------------------------------------------------------
    def logical(self, section: str, ident: str, kind: str) -> str:
        return naming.logical(section, ident, kind, secondary=self.secondary)

    def physical(self, ident: str, kind: str) -> str:
        """`<name>-<environment>-<ident>-<kind>`; secondary-region copies of
        regional resources keep the same name (names are per region)."""
        return naming.physical(self.spec.name, self.spec.environment, ident, kind)

    def env_physical(self, kind: str) -> str:
        return naming.env_physical(self.spec.name, self.spec.environment, kind)

    # -- options --------------------------------------------------------------
    def tags(self, **extra: str) -> dict[str, str]:
        tags = dict(self.spec.tags)
        tags["drspec:app"] = self.spec.name
        tags["drspec:environment"] = self.spec.environment
        tags.update(extra)
        return dict(sorted(tags.items()))

    def opts(self, *, stateful: bool = False, depends_on: list[pulumi.Resource] | None = None,
             parent: pulumi.Resource | None = None, **kwargs: Any) -> pulumi.ResourceOptions:
        """Options for a child: always `parent`; `protect` and `retain_on_delete`
        for stateful resources (tables, buckets, vaults) unless `protect: false`."""
        guard = stateful and self.spec.protect
        return pulumi.ResourceOptions(
            parent=parent or self.parent,
            protect=guard,
            retain_on_delete=guard or None,
            depends_on=depends_on,
            **kwargs,
        )

    def export(self, key: str, value: Any) -> None:
        if key in self.shared.outputs:
            raise ValueError(f"stack output {key!r} registered twice")
        self.shared.outputs[key] = value
