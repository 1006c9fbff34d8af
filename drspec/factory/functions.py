"""Lambda functions: role, policies, log group and the function, per spec entry.

Per function, in the region of `ctx`:

- an IAM role trusted by `lambda.amazonaws.com`, named `<function>-role`; the
  warm-standby copy in the secondary region is `<function>-<region>-role`
  (IAM is global, so the two need different names). Names over IAM's 64
  characters keep their head and end in a hash of the full name;
- the AWS managed `AWSLambdaBasicExecutionRole`, plus
  `AWSLambdaVPCAccessExecutionRole` when the function runs in the VPC;
- one inline policy with exactly what `access` grants (see `drspec.factory.iam`);
- a log group `/aws/lambda/<function>` with `LOG_RETENTION_DAYS` retention,
  created before the function so Lambda never creates an unmanaged one;
- the function: code packaged deterministically (`source_code_hash` changes
  exactly when the code does), in the private subnets with the Lambda
  security group when `vpc`, and environment variables naming what it may
  use: the user's `environment`, `TABLE_<IDENT>` / `BUCKET_<IDENT>` per grant,
  `TOPIC_ARN` (its own region's alerts topic) when it may publish, `DRSPEC_REGION` and `DRSPEC_SITE`
  (`primary` or `secondary`). drspec's variables win over user ones of the
  same name.

Architecture: functions rendered from drspec's templates run on `arm64`
(pure Python with boto3 only; Graviton is cheaper per GB-second). Functions
built from the user's own `source` run on `x86_64`, Lambda's default, because
their dependencies may include native wheels built for it.

Table and bucket names and ARNs always come from the region's refs: in the
secondary region those are the global-table replicas and the replica buckets
that the DR sections registered there. A KMS grant uses the key registered
with the table's or bucket's refs (a replica's own key in the secondary
region); for a bucket without one, the key ARN the spec gives, which belongs
to the primary region, so the secondary copy gets no grant on it. Readers of a
bucket that objects replicate back to under a return key (`sse_kms` with the
AWS managed key, two-way replication) may also decrypt with that key. With
`disaster_recovery.standby_buckets: read_only` the standby's bucket grants are
read-only.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.factory import fis_extension, iam
from drspec.factory.context import BuildContext, FunctionRefs, TopicRefs
from drspec.factory.packaging import package_function
from drspec.model import Function, env_var_name
from drspec.sections import DATA_KINDS

SECTION = "functions"
LOG_RETENTION_DAYS = 30
TEMPLATE_ARCHITECTURE = "arm64"
SOURCE_ARCHITECTURE = "x86_64"


class FunctionWiringError(Exception):
    """A function needs a resource that was not built in its region."""


def build(ctx: BuildContext) -> None:
    for fn in ctx.spec.functions:
        refs = build_function(ctx, fn)
        ctx.refs.functions[fn.ident] = refs
        suffix = "_secondary" if ctx.secondary else ""
        ctx.export(naming.output_key("function", fn.ident, "name") + suffix, refs.name)
        ctx.export(naming.output_key("function", fn.ident, "arn") + suffix, refs.arn)


def physical_name(ctx: BuildContext, fn: Function) -> str:
    return ctx.physical(fn.ident, "fn")


def function_role_name(ctx: BuildContext, fn: Function) -> str:
    return naming.role_name(physical_name(ctx, fn),
                            region=ctx.region if ctx.secondary else None)


def architecture(fn: Function) -> str:
    return SOURCE_ARCHITECTURE if fn.source is not None else TEMPLATE_ARCHITECTURE


def build_function(ctx: BuildContext, fn: Function) -> FunctionRefs:
    name = physical_name(ctx, fn)
    role = _role(ctx, fn)
    attachments = _attachments(ctx, fn, role)
    policy = _inline_policy(ctx, fn, role)
    log_group = aws.cloudwatch.LogGroup(
        ctx.logical(SECTION, fn.ident, "log-group"),
        name=f"/aws/lambda/{name}",
        retention_in_days=LOG_RETENTION_DAYS,
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(),
    )
    package = package_function(ctx.spec, fn, ctx.spec_dir)
    depends: list[pulumi.Resource] = [log_group, *attachments]
    if policy is not None:
        depends.append(policy)
    function = aws.lambda_.Function(
        ctx.logical(SECTION, fn.ident, "fn"),
        name=name,
        role=role.arn,
        runtime=fn.runtime,
        handler=fn.handler,
        memory_size=fn.memory,
        timeout=fn.timeout,
        architectures=[architecture(fn)],
        code=package.archive(),
        source_code_hash=package.source_code_hash,
        environment=aws.lambda_.FunctionEnvironmentArgs(variables=environment(ctx, fn)),
        layers=fis_extension.layers(ctx, architecture(fn)),
        vpc_config=_vpc_config(ctx, fn),
        logging_config=aws.lambda_.FunctionLoggingConfigArgs(log_format="Text",
                                                             log_group=log_group.name),
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(depends_on=depends),
    )
    return FunctionRefs(
        name=function.name,
        arn=function.arn,
        invoke_arn=function.invoke_arn,
        role_arn=role.arn,
        resource=function,
    )


# -- IAM ------------------------------------------------------------------------


def _role(ctx: BuildContext, fn: Function) -> aws.iam.Role:
    name = function_role_name(ctx, fn)
    return aws.iam.Role(
        ctx.logical(SECTION, fn.ident, "role"),
        name=name,
        description=f"Lambda {physical_name(ctx, fn)} in {ctx.region}",
        assume_role_policy=iam.render(iam.lambda_trust()),
        tags=ctx.tags(Name=name),
        opts=ctx.opts(),
    )


def _attachments(ctx: BuildContext, fn: Function,
                 role: aws.iam.Role) -> list[aws.iam.RolePolicyAttachment]:
    partition = iam.partition(ctx.region)
    managed = [("basic-execution", iam.LAMBDA_BASIC_EXECUTION)]
    if fn.vpc:
        managed.append(("vpc-access", iam.LAMBDA_VPC_ACCESS))
    return [
        aws.iam.RolePolicyAttachment(
            ctx.logical(SECTION, fn.ident, kind),
            role=role.name,
            policy_arn=arn.format(partition=partition),
            opts=ctx.opts(parent=role),
        )
        for kind, arn in managed
    ]


def policy_document(ctx: BuildContext, fn: Function) -> dict[str, Any] | None:
    """The function's inline policy as data (None when `access` grants nothing)."""
    probe = fn.template == iam.PROBE_TEMPLATE
    dr = ctx.spec.disaster_recovery
    tables = []
    for ident, level in fn.access.tables:
        ref = ctx.refs.tables.get(ident)
        if ref is None:
            raise FunctionWiringError(
                f"function {fn.ident!r} reads table {ident!r}, which has no resource "
                f"in {ctx.region}")
        table = ctx.spec.table(ident)
        # The key of the table in this region: a replica has its own.
        tables.append(iam.TableGrant(ident, level, ref.arn, stream=table.stream != "none",
                                     kms_key_arn=ref.kms_key_arn, probe=probe))
    buckets = []
    for ident, level in fn.access.buckets:
        bref = ctx.refs.buckets.get(ident)
        if bref is None:
            raise FunctionWiringError(
                f"function {fn.ident!r} uses bucket {ident!r}, which has no resource "
                f"in {ctx.region}")
        bucket = ctx.spec.bucket(ident)
        kms_arn = bref.kms_key_arn
        if kms_arn is None and not ctx.secondary:
            kms_arn = bucket.kms_key_arn
        granted = standby_bucket_level(ctx, level)
        if granted is None:
            continue
        buckets.append(iam.BucketGrant(
            ident, granted, bref.arn, kms_key_arn=kms_arn,
            probe_replication=probe and dr.replicate_buckets
            and (dr.two_way_buckets or not ctx.secondary),
            return_key_arn=bref.return_key_arn,
        ))
    alerts = _topic(ctx, fn)
    topic = None if alerts is None else iam.TopicGrant(alerts.arn, alerts.region,
                                                       alerts.key_arn)
    return fis_extension.with_config_read(
        ctx, iam.function_policy(tables, buckets, topic, ctx.region))


def standby_bucket_level(ctx: BuildContext, level: str) -> str | None:
    """A bucket grant's level in this region: with `standby_buckets: read_only` the
    standby's functions may only read the replicas (no grant at all for a
    write-only use), so a write while failed over fails with AccessDenied
    instead of creating an object no rule brings back to the primary."""
    if not (ctx.secondary and ctx.spec.disaster_recovery.standby_buckets == "read_only"):
        return level
    return "read" if iam.reads(level) else None


def _topic(ctx: BuildContext, fn: Function) -> TopicRefs | None:
    """The alerts topic of the function's own region: a standby that publishes
    to the primary's topic would go silent with the primary region."""
    if not fn.access.alerts_publish:
        return None
    if ctx.refs.alerts is None:
        raise FunctionWiringError(
            f"function {fn.ident!r} publishes alerts, but {ctx.region} has no alerts topic")
    return ctx.refs.alerts


def _inline_policy(ctx: BuildContext, fn: Function,
                   role: aws.iam.Role) -> aws.iam.RolePolicy | None:
    document = policy_document(ctx, fn)
    if document is None:
        return None
    return aws.iam.RolePolicy(
        ctx.logical(SECTION, fn.ident, "policy"),
        name="access",
        role=role.id,
        policy=iam.render(document),
        opts=ctx.opts(parent=role),
    )


# -- configuration -----------------------------------------------------------------


def environment(ctx: BuildContext, fn: Function) -> dict[str, pulumi.Input[str]]:
    """The function's environment variables, sorted by name."""
    env: dict[str, pulumi.Input[str]] = dict(fn.environment)
    for data in DATA_KINDS:
        refs = getattr(ctx.refs, data.key)
        for ident, _level in fn.access.grants(data.key):
            env[env_var_name(str(data.env_prefix), ident)] = refs[ident].name
    topic = _topic(ctx, fn)
    if topic is not None:
        env["TOPIC_ARN"] = topic.arn
    env.update(fis_extension.environment(ctx))
    env["DRSPEC_REGION"] = ctx.region
    env["DRSPEC_SITE"] = "secondary" if ctx.secondary else "primary"
    return dict(sorted(env.items()))


def _vpc_config(ctx: BuildContext, fn: Function) -> aws.lambda_.FunctionVpcConfigArgs | None:
    if not fn.vpc:
        return None
    network = ctx.refs.network
    if network is None or network.lambda_security_group_id is None:
        raise FunctionWiringError(
            f"function {fn.ident!r} runs in the VPC, but no network was built in {ctx.region}")
    return aws.lambda_.FunctionVpcConfigArgs(
        subnet_ids=list(network.private_subnet_ids),
        security_group_ids=[network.lambda_security_group_id],
    )
