"""Shared helpers for the compute-section tests: specs from text, plan captures
of the functions/api/schedules sections, and policy parsing.

`capture_compute` runs the real network and alerts sections and, for the data
the functions are wired to, one plain table per spec table and one bucket per
spec bucket registered as the region's refs (the tables and buckets sections
are tested on their own); then the real functions, api and schedules sections.
"""

from __future__ import annotations

import json
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws
import yaml

from drspec import naming
from drspec.factory import section
from drspec.factory.context import BucketRefs, BuildContext, TableRefs
from drspec.model import Spec, build_model
from drspec.plan import capture as plan
from drspec.plan.mocks import ACCOUNT_ID

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"

BASE = """
version: 1
name: shop
environment: test
region: us-east-1
protect: false
network:
  cidr: 10.0.0.0/16
  availability_zones: [us-east-1a, us-east-1b]
"""


def spec_from(text: str, base: str = BASE) -> Spec:
    data = yaml.safe_load(textwrap.dedent(base)) or {}
    data.update(yaml.safe_load(textwrap.dedent(text)) or {})
    return build_model(data, "test.yaml")


def load_spec(path: Path) -> Spec:
    """The spec at `path` as drspec reads it (merged with any base it extends)."""
    from drspec.load.reader import load_file

    document, _ = load_file(path)
    assert document is not None, path
    return build_model({k: v for k, v in document.data.items() if k != "extends"}, str(path))


def register_data(ctx: BuildContext) -> None:
    """One table and one bucket per spec entry, registered as `ctx.refs`."""
    if ctx.secondary:
        register_replicas(ctx)
        return
    for table in ctx.spec.tables:
        resource = aws.dynamodb.Table(
            f"fixture-{table.ident}-table",
            name=ctx.physical(table.ident, "table"),
            hash_key=table.partition_key.name,
            attributes=[{"name": table.partition_key.name, "type": table.partition_key.type}],
            billing_mode="PAY_PER_REQUEST",
            stream_enabled=table.stream != "none",
            region=ctx.region,
            opts=ctx.opts(),
        )
        ctx.refs.tables[table.ident] = TableRefs(resource.name, resource.arn,
                                                 resource.stream_arn, resource)
    for bucket in ctx.spec.buckets:
        resource = aws.s3.Bucket(
            f"fixture-{bucket.ident}-bucket",
            bucket=ctx.physical(bucket.ident, "bucket"),
            region=ctx.region,
            opts=ctx.opts(),
        )
        ctx.refs.buckets[bucket.ident] = BucketRefs(resource.bucket, resource.arn, resource,
                                                    kms_key_arn=bucket.kms_key_arn)


def register_replicas(ctx: BuildContext) -> None:
    """The secondary region's refs as the DR sections register them: global-table
    replicas (same name, no resource of their own) and replica buckets."""
    for table in ctx.spec.tables:
        name = ctx.physical(table.ident, "table")
        arn = f"arn:aws:dynamodb:{ctx.region}:{ACCOUNT_ID}:table/{name}"
        ctx.refs.tables[table.ident] = TableRefs(name, arn, None, None)
    for bucket in ctx.spec.buckets:
        resource = aws.s3.Bucket(
            f"fixture-{bucket.ident}-replica",
            bucket=naming.replica_bucket(ctx.spec.name, ctx.spec.environment, bucket.ident),
            region=ctx.region,
            opts=ctx.opts(),
        )
        ctx.refs.buckets[bucket.ident] = BucketRefs(resource.bucket, resource.arn, resource)


def compute_program(secondary: bool = False) -> plan.Program:
    def run(spec: Spec, spec_dir: Path) -> None:
        component = pulumi.ComponentResource("drspec:index:Environment",
                                             f"{spec.name}-{spec.environment}")
        ctx = BuildContext(spec, spec_dir, component, spec.region)
        section("network").build(ctx)
        section("alerts").build(ctx)
        register_data(ctx)
        for name in ("functions", "api", "schedules"):
            section(name).build(ctx)
        if secondary:
            standby = ctx.for_secondary()
            section("network").build(standby)
            section("alerts").build(standby)
            register_data(standby)
            for name in ("functions", "api", "schedules"):
                section(name).build(standby)
        for key, value in sorted(ctx.shared.outputs.items()):
            pulumi.export(key, value)

    return run


def capture_compute(spec: Spec, spec_dir: Path = REPO, *, secondary: bool = False) -> plan.Plan:
    return plan.capture(spec, spec_dir, program=compute_program(secondary))


@cache
def shipped(env: str, *, full: bool = False) -> plan.Plan:
    """The plan of `specs/<env>.yaml`, captured once per test session (read it,
    never change it): the whole environment when `full`, else the compute
    sections over fixture data, with the warm standby when the spec has one."""
    spec = load_spec(SPECS / f"{env}.yaml")
    if full:
        return plan.capture(spec, SPECS)
    return capture_compute(spec, SPECS, secondary=spec.disaster_recovery.warm_standby)


def policy(resource: plan.PlannedResource, key: str = "policy") -> dict[str, Any]:
    """A policy input of a planned resource, parsed."""
    document = json.loads(resource.inputs[key])
    assert isinstance(document, dict)
    return document


def statements(document: dict[str, Any]) -> list[dict[str, Any]]:
    return list(document["Statement"])


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
