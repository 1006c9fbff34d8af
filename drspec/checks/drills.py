"""Drills: what `disaster_recovery.drills` needs to be worth having (W57x)."""

from __future__ import annotations

from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.codes import rule
from drspec.diagnostics import Diagnostic
from drspec.drills.actions import QUOTAS
from drspec.drills.catalog import drills, injects_function_faults
from drspec.naming import FIS_CONFIG_IDENT, physical

_DRILLS = ("disaster_recovery", "drills")

W_NOTHING = rule(
    "W571", "drills with nothing to drill",
    "Drills exist for the failures the design claims to survive: a secondary region with "
    "replicated data, two zones or more, or functions. With none, no experiment is built.",
    source="https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html")
W_NO_STOP = rule(
    "W572", "drills without alarms to stop them",
    "AWS FIS stops an experiment when one of its stop-condition alarms goes into ALARM; "
    "without alarms only the duration bounds a drill.",
    source="https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html")
W_TOO_MANY = rule(
    "W573", "more alarms than a drill can have stop conditions",
    "An experiment template has at most 5 stop conditions; the first five alarms that the "
    "drill is not expected to set off are used.", source=QUOTAS)

E_CONFIG_BUCKET = rule(
    "E576", "bucket named like the drills' configuration bucket",
    f"Drills that inject function faults build a bucket '<name>-<environment>-"
    f"{FIS_CONFIG_IDENT}-bucket' for the AWS FIS Lambda extension's configuration; a spec "
    "bucket of that ident would get the same name, and S3 bucket names are unique.",
    source="https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html")


@check
def config_bucket_name_is_free(ctx: CheckContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    if not (spec.disaster_recovery.drills and injects_function_faults(spec)):
        return
    for bucket in spec.buckets:
        if bucket.ident == FIS_CONFIG_IDENT:
            name = physical(spec.name, spec.environment, FIS_CONFIG_IDENT, "bucket")
            yield ctx.error(
                E_CONFIG_BUCKET,
                f"bucket {bucket.ident!r} would be named {name!r}, the name of the bucket "
                "drills build for the AWS FIS Lambda extension's configuration",
                bucket.path, f"rename the bucket (say '{FIS_CONFIG_IDENT}s' or 'fault-config')",
                key=True)


@check
def drills_are_worth_having(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not ctx.spec.disaster_recovery.drills:
        return
    found = drills(ctx.spec)
    if not found:
        yield ctx.warning(
            W_NOTHING, "drills is on, but the design claims to survive nothing an experiment "
            "can inject", _DRILLS,
            "add a secondary_region, a second availability zone or a function, or remove drills")
        return
    if not ctx.spec.alarms:
        yield ctx.warning(
            W_NO_STOP, "drills is on, but there are no alarms to stop a drill that goes wrong",
            _DRILLS, "add alarms (api_5xx, lambda_errors, ...) that mark unacceptable service")
    for drill in found:
        if drill.left_out:
            yield ctx.warning(
                W_TOO_MANY, f"drill {drill.ident!r} can be stopped by 5 alarms; "
                f"{', '.join(repr(a) for a in drill.left_out)} will not stop it", _DRILLS,
                "waive W573, or order the alarms that matter most first")
