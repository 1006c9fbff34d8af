"""AWS limits on values the spec sets, checked before deploy (E62x).

What the JSON Schema cannot say because it depends on two values together
(an alarm's period and its evaluation periods), on what drspec adds itself
(environment variables naming tables and buckets, its own tags), or on
entries being unique. Each limit and its AWS documentation URL live in
`drspec.limits`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from drspec import limits
from drspec.checks import CheckContext, check
from drspec.codes import rule
from drspec.diagnostics import Diagnostic
from drspec.model import Function, Spec, env_var_name
from drspec.naming import LIFECYCLE_RULE_IDS, env_physical, physical, replica_bucket

E_IA_TOO_EARLY = rule(
    "E620", "transition to an infrequent-access class before 30 days",
    "S3 refuses a lifecycle transition to STANDARD_IA or ONEZONE_IA earlier than 30 days "
    "after creation (or, for noncurrent versions, after becoming noncurrent).",
    source=limits.IA_MIN_DAYS.source)
E_LIFECYCLE_ID = rule(
    "E621", "lifecycle rule id used twice in a bucket",
    "A lifecycle rule's id identifies it within its bucket; S3 refuses a configuration "
    "with two rules of the same id. drspec adds rules of its own to every bucket "
    f"({', '.join(LIFECYCLE_RULE_IDS)}), so a spec rule may not use those ids either.",
    source=limits.LIFECYCLE_ID_SOURCE)
E_EXPIRATION_BEFORE_TRANSITION = rule(
    "E628", "lifecycle expiration not after its transition",
    "In one lifecycle rule the expiration must come later than the transition; S3 "
    "refuses a rule whose expiration_days is not greater than its transition's days.",
    source=limits.LIFECYCLE_EXPIRATION_SOURCE)
E_ALARM_WINDOW = rule(
    "E622", "alarm evaluates over too long a time",
    "CloudWatch refuses an alarm whose period x evaluation_periods exceeds 604,800 "
    "seconds (7 days), or 86,400 seconds (1 day) when the period is under an hour.",
    source=limits.ALARM_WINDOW_MAX.source)
E_ENV_SIZE = rule(
    "E623", "function environment over 4 KB",
    "Lambda refuses a function whose environment variables, the ones drspec sets "
    "(TABLE_*, BUCKET_*, TOPIC_ARN, DRSPEC_*) included, exceed 4 KB together.",
    source=limits.LAMBDA_ENV_BYTES.source)
E_ENV_RESERVED = rule(
    "E624", "environment variable Lambda reserves or refuses",
    "Lambda defines some variables itself (LAMBDA_TASK_ROOT, _HANDLER, AWS_REGION, ...) and "
    "refuses them in a function's configuration, as it refuses one-character names.",
    source=limits.LAMBDA_RESERVED_ENV_SOURCE)
E_ENV_CLASH = rule(
    "E625", "environment variable drspec sets itself",
    "drspec sets TABLE_<ident>, BUCKET_<ident>, TOPIC_ARN, DRSPEC_REGION and DRSPEC_SITE "
    "from the function's access; a variable of the same name would be overwritten.")
E_TOO_MANY_TAGS = rule(
    "E626", "more than 50 tags per resource",
    "AWS allows 50 tags per resource; drspec adds drspec:app, drspec:environment and Name "
    "to the spec's tags.", source=limits.TAGS_PER_RESOURCE.source)
E_SAME_KEY = rule(
    "E627", "sort key named like the partition key",
    "A DynamoDB composite primary key is two different attributes; a sort key with the "
    "partition key's name is refused when the table is created.",
    source=limits.KEY_SCHEMA_SOURCE)

#: tags drspec adds to every taggable resource (`drspec.factory.context.BuildContext.tags`)
DRSPEC_TAGS = ("drspec:app", "drspec:environment", "Name")


@check
def infrequent_access_after_30_days(ctx: CheckContext) -> Iterator[Diagnostic]:
    minimum = limits.IA_MIN_DAYS.value
    for bucket in ctx.spec.buckets:
        for index, lc in enumerate(bucket.lifecycle):
            days, cls = lc.transition_days, lc.transition_storage_class
            if cls in limits.IA_STORAGE_CLASSES and days is not None and days < minimum:
                path = (*bucket.path, "lifecycle", index, "transition", "days")
                yield ctx.error(
                    E_IA_TOO_EARLY,
                    f"bucket {bucket.ident!r}, lifecycle rule {lc.id!r}: S3 moves objects to "
                    f"{cls} no earlier than {minimum} days after creation, not after {days}",
                    path, f"write 'days: {minimum}' or more, or use INTELLIGENT_TIERING or "
                    "GLACIER_IR, which accept any number of days")


@check
def lifecycle_ids_are_unique(ctx: CheckContext) -> Iterator[Diagnostic]:
    for bucket in ctx.spec.buckets:
        first: dict[str, int] = {}
        for index, lc in enumerate(bucket.lifecycle):
            path = (*bucket.path, "lifecycle", index, "id")
            if lc.id in LIFECYCLE_RULE_IDS:
                yield ctx.error(
                    E_LIFECYCLE_ID,
                    f"bucket {bucket.ident!r}: lifecycle rule id {lc.id!r} is the id of a rule "
                    "drspec adds to every bucket itself", path,
                    "give the rule another id (ids starting with 'drspec-' are best left to "
                    "drspec)")
                continue
            earlier = first.setdefault(lc.id, index)
            if earlier != index:
                yield ctx.error(
                    E_LIFECYCLE_ID,
                    f"bucket {bucket.ident!r}: lifecycle rule id {lc.id!r} is already used by "
                    f"rule {earlier + 1} of this bucket", path,
                    "give each lifecycle rule of a bucket its own id")


@check
def expiration_after_transition(ctx: CheckContext) -> Iterator[Diagnostic]:
    for bucket in ctx.spec.buckets:
        for index, lc in enumerate(bucket.lifecycle):
            days, expires = lc.transition_days, lc.expiration_days
            if days is None or expires is None or expires > days:
                continue
            yield ctx.error(
                E_EXPIRATION_BEFORE_TRANSITION,
                f"bucket {bucket.ident!r}, lifecycle rule {lc.id!r}: objects expire after "
                f"{expires} days, not later than their transition to "
                f"{lc.transition_storage_class} after {days}; S3 refuses the rule",
                (*bucket.path, "lifecycle", index, "expiration_days"),
                f"write 'expiration_days: {days + 1}' or more, or drop the transition "
                "(objects that expire first are never moved)")


@check
def alarm_windows_fit(ctx: CheckContext) -> Iterator[Diagnostic]:
    for alarm in ctx.spec.alarms:
        window = alarm.period * alarm.evaluation_periods
        cap = limits.alarm_window_max(alarm.period)
        if window <= cap:
            continue
        under = " for periods under an hour" if cap == limits.ALARM_WINDOW_MAX_SHORT.value else ""
        raw = ctx.doc.data.get("alarms", {}).get(alarm.ident, {})
        key = "evaluation_periods" if "evaluation_periods" in raw else "period"
        yield ctx.error(
            E_ALARM_WINDOW,
            f"alarm {alarm.ident!r}: period {alarm.period} s x evaluation_periods "
            f"{alarm.evaluation_periods} is {window:,} s; CloudWatch allows at most "
            f"{cap:,} s{under}", (*alarm.path, key),
            f"with period {alarm.period}, evaluation_periods is at most "
            f"{cap // alarm.period}")


def drspec_environment(spec: Spec, fn: Function) -> dict[str, str]:
    """The variables drspec sets on `fn`, each at the longest value it takes in any
    region the function runs in (`drspec.factory.functions.environment`)."""
    env: dict[str, str] = {}
    for ident, _ in fn.access.tables:
        env[env_var_name("TABLE", ident)] = physical(spec.name, spec.environment, ident, "table")
    for ident, _ in fn.access.buckets:
        names = (physical(spec.name, spec.environment, ident, "bucket"),
                 replica_bucket(spec.name, spec.environment, ident))
        env[env_var_name("BUCKET", ident)] = max(names, key=len)
    region = max(spec.regions, key=len)
    if fn.access.alerts_publish:
        partition = ("aws-us-gov" if region.startswith("us-gov-")
                     else "aws-cn" if region.startswith("cn-") else "aws")
        topic = env_physical(spec.name, spec.environment, "topic")
        env["TOPIC_ARN"] = f"arn:{partition}:sns:{region}:123456789012:{topic}"
    env["DRSPEC_REGION"] = region
    env["DRSPEC_SITE"] = "secondary" if spec.disaster_recovery.warm_standby else "primary"
    return env


def environment_bytes(variables: dict[str, str]) -> int:
    """The size of a function's variables as compact JSON text: every key and value,
    with the quotes and separators around them (at least their plain sum)."""
    return len(json.dumps(variables, separators=(",", ":"), ensure_ascii=False).encode())


@check
def function_environments_fit(ctx: CheckContext) -> Iterator[Diagnostic]:
    limit = limits.LAMBDA_ENV_BYTES.value
    for fn in ctx.spec.functions:
        own = dict(fn.environment)
        ours = drspec_environment(ctx.spec, fn)
        env_path = (*fn.path, "environment")
        for name in own:
            if name in limits.LAMBDA_RESERVED_ENV or len(name) < 2:
                why = ("Lambda defines it itself" if len(name) >= 2
                       else "Lambda needs names of at least two characters")
                yield ctx.error(E_ENV_RESERVED, f"function {fn.ident!r}: environment variable "
                                f"{name!r} cannot be set: {why}", (*env_path, name),
                                "rename the variable", key=True)
            elif name in ours:
                yield ctx.error(E_ENV_CLASH, f"function {fn.ident!r}: drspec sets {name!r} "
                                "itself, from the function's access and region",
                                (*env_path, name), "rename the variable", key=True)
        size = environment_bytes({**own, **ours})
        if size > limit:
            yield ctx.error(
                E_ENV_SIZE,
                f"function {fn.ident!r}: its environment variables take {size:,} bytes, "
                f"{environment_bytes(ours):,} of them set by drspec; Lambda allows {limit:,}",
                env_path if own else fn.path,
                "move large values to SSM Parameter Store or S3 and read them at start-up",
                key=True)


@check
def tags_fit(ctx: CheckContext) -> Iterator[Diagnostic]:
    keys = {k for k, _ in ctx.spec.tags} | set(DRSPEC_TAGS)
    limit = limits.TAGS_PER_RESOURCE.value
    if len(keys) > limit:
        room = limit - len(set(DRSPEC_TAGS) - {k for k, _ in ctx.spec.tags})
        yield ctx.error(
            E_TOO_MANY_TAGS,
            f"every resource would carry {len(keys)} tags ({len(ctx.spec.tags)} from the spec, "
            f"plus {', '.join(DRSPEC_TAGS)} from drspec); AWS allows {limit}",
            ("tags",), f"keep at most {room} tags under 'tags'", key=True)


@check
def key_attributes_differ(ctx: CheckContext) -> Iterator[Diagnostic]:
    for table in ctx.spec.tables:
        sort = table.sort_key
        if sort is not None and sort.name == table.partition_key.name:
            yield ctx.error(
                E_SAME_KEY,
                f"table {table.ident!r}: sort key {sort.name!r} has the partition key's name; "
                "a composite key is two different attributes", (*table.path, "sort_key", "name"),
                "name the sort key after a different attribute, or drop 'sort_key' for a "
                "partition key alone")
