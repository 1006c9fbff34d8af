"""Disaster-recovery checks: what replication and failover need to work (E5xx)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from drspec.checks import CheckContext, check
from drspec.checks.references import normalised_route
from drspec.codes import rule
from drspec.diagnostics import Diagnostic
from drspec.model import Route
from drspec.regions import known_regions

E_SAME_REGION = rule("E501", "secondary region equals the primary",
                     "A secondary region protects against a regional outage only if it is "
                     "another region.")
E_PARTITION = rule("E502", "regions in different partitions",
                   "Replication, global tables and backup copies work only between regions of "
                   "one partition (aws, aws-cn, aws-us-gov).")
E_VERSIONING = rule("E503", "replicated bucket without versioning",
                    "S3 replication requires versioning on the source and destination buckets.")
E_FAILOVER_MODE = rule("E504", "failover without warm standby",
                       "Route 53 failover needs something to fail over to: mode warm_standby "
                       "deploys the API in the secondary region.")
E_HEALTH_ROUTE = rule("E505", "failover health check has no route",
                      "The Route 53 health check requests GET <health_check_path> on the API; "
                      "an api route must serve it.")
E_STREAM = rule("E506", "global table without NEW_AND_OLD_IMAGES stream",
                "DynamoDB global tables replicate through a stream of NEW_AND_OLD_IMAGES.")
E_BACKUP_COPY = rule("E507", "backup copy without a secondary region",
                     "backup.copy_to_secondary copies recovery points to the secondary region, "
                     "which the spec must name.")
E_NO_SECONDARY = rule("E508", "replication setting without a secondary region",
                      "global_tables, replicate_buckets, mode, replication_time_control, "
                      "standby_buckets and standby_nat describe the secondary region; without "
                      "secondary_region there is nothing to replicate to.")
E_RTC = rule("E509", "replication time control without replicated buckets",
             "replication_time_control applies to bucket replication, which is off.")
E_BACKUP_VERSIONING = rule(
    "E510", "backed-up bucket without versioning",
    "AWS Backup protects an S3 bucket only when versioning is on "
    "(https://docs.aws.amazon.com/aws-backup/latest/devguide/s3-backups.html); the backup "
    "selection covers every bucket.")

W_STANDBY_ONLY = rule(
    "W520", "standby setting without a warm standby",
    "standby_buckets, standby_nat and a schedule's on_failover shape what runs in the "
    "secondary region; only mode warm_standby runs anything there, so in pilot light they "
    "change nothing.")

_NEEDS_SECONDARY = ("mode", "global_tables", "replicate_buckets", "replication_time_control",
                    "standby_buckets", "standby_nat")
#: settings of the standby's compute, which only warm standby builds
_WARM_ONLY = ("standby_buckets", "standby_nat")


def _raw_dr(ctx: CheckContext) -> dict[str, Any]:
    raw = ctx.doc.data.get("disaster_recovery")
    return raw if isinstance(raw, dict) else {}


@check
def secondary_region_differs(ctx: CheckContext) -> Iterator[Diagnostic]:
    secondary = ctx.spec.disaster_recovery.secondary_region
    if secondary is None:
        return
    path = ("disaster_recovery", "secondary_region")
    if secondary == ctx.spec.region:
        yield ctx.error(E_SAME_REGION,
                        f"secondary_region {secondary} is the primary region", path,
                        f"choose another region than {ctx.spec.region}")
        return
    regions = known_regions()
    primary, other = regions.get(ctx.spec.region), regions.get(secondary)
    if primary is not None and other is not None and primary.partition != other.partition:
        area = primary.name.split("-")[0]
        same = sorted((r.name for r in regions.values()
                       if r.partition == primary.partition and r.name != primary.name),
                      key=lambda name: (name.split("-")[0] != area, name))
        yield ctx.error(
            E_PARTITION,
            f"{secondary} is in partition {other.partition}, {ctx.spec.region} in "
            f"{primary.partition}; AWS cannot replicate across partitions", path,
            f"choose a secondary region in {primary.partition}, e.g. {', '.join(same[:3])}")


@check
def settings_need_secondary(ctx: CheckContext) -> Iterator[Diagnostic]:
    if ctx.spec.disaster_recovery.secondary_region is not None:
        return
    raw = _raw_dr(ctx)
    for key in _NEEDS_SECONDARY:
        if key in raw:
            yield ctx.error(
                E_NO_SECONDARY,
                f"disaster_recovery.{key} is set, but there is no secondary_region to "
                "replicate to", ("disaster_recovery", key),
                f"add disaster_recovery.secondary_region, or remove {key}", key=True)
    backup = raw.get("backup")
    if isinstance(backup, dict) and backup.get("copy_to_secondary") is True:
        yield ctx.error(
            E_BACKUP_COPY,
            "backup.copy_to_secondary is true, but there is no secondary_region to copy to",
            ("disaster_recovery", "backup", "copy_to_secondary"),
            "add disaster_recovery.secondary_region, or set copy_to_secondary: false")


@check
def standby_settings_need_warm_standby(ctx: CheckContext) -> Iterator[Diagnostic]:
    dr = ctx.spec.disaster_recovery
    if dr.warm_standby:
        return
    raw = _raw_dr(ctx)
    hint = "set disaster_recovery.mode: warm_standby, or remove the setting"
    for key in _WARM_ONLY if dr.secondary_region is not None else ():
        if key in raw:
            yield ctx.warning(
                W_STANDBY_ONLY, f"disaster_recovery.{key} is set, but mode {dr.mode} runs "
                "nothing in the secondary region", ("disaster_recovery", key), hint, key=True)
    schedules = ctx.doc.data.get("schedules") or {}
    for schedule in ctx.spec.schedules:
        written = schedules.get(schedule.ident)
        if isinstance(written, dict) and "on_failover" in written:
            yield ctx.warning(
                W_STANDBY_ONLY, f"schedule {schedule.ident!r} sets on_failover, but "
                + (f"mode {dr.mode} runs" if dr.secondary_region else "a single region has")
                + " no copy of it in a secondary region",
                (*schedule.path, "on_failover"), hint, key=True)


@check
def replicated_buckets_are_versioned(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not ctx.spec.disaster_recovery.replicate_buckets:
        return
    for bucket in ctx.spec.buckets:
        if not bucket.versioning:
            yield ctx.error(
                E_VERSIONING,
                f"bucket {bucket.ident!r} has versioning off, but buckets are replicated and "
                "S3 replication needs versioning", (*bucket.path, "versioning"),
                "remove versioning: false (versioning is on by default), or set "
                "disaster_recovery.replicate_buckets: false")


@check
def backed_up_buckets_are_versioned(ctx: CheckContext) -> Iterator[Diagnostic]:
    if ctx.spec.disaster_recovery.backup is None:
        return
    for bucket in ctx.spec.buckets:
        if not bucket.versioning:
            yield ctx.error(
                E_BACKUP_VERSIONING,
                f"bucket {bucket.ident!r} has versioning off, but AWS Backup, which backs up "
                "every bucket here, needs versioning", (*bucket.path, "versioning"),
                "remove versioning: false (versioning is on by default)")


@check
def replication_time_control_has_buckets(ctx: CheckContext) -> Iterator[Diagnostic]:
    dr = ctx.spec.disaster_recovery
    if dr.multi_region and dr.replication_time_control and not dr.replicate_buckets:
        yield ctx.error(
            E_RTC, "replication_time_control is on, but replicate_buckets is off",
            ("disaster_recovery", "replication_time_control"),
            "remove replication_time_control, or let buckets replicate")


@check
def global_tables_have_streams(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not ctx.spec.disaster_recovery.global_tables:
        return
    for table in ctx.spec.tables:
        if table.stream != "new_and_old_images":
            yield ctx.error(
                E_STREAM,
                f"table {table.ident!r} has stream {table.stream}, but global tables need "
                "NEW_AND_OLD_IMAGES streams", (*table.path, "stream"),
                "remove stream (the default is new_and_old_images) or set "
                "stream: new_and_old_images")


@check
def failover_has_standby_and_route(ctx: CheckContext) -> Iterator[Diagnostic]:
    dr = ctx.spec.disaster_recovery
    failover = dr.failover
    if failover is None:
        return
    if not dr.warm_standby:
        missing = ("mode: warm_standby" if dr.multi_region
                   else "a secondary_region and mode: warm_standby")
        yield ctx.error(
            E_FAILOVER_MODE,
            "failover needs a standby API in the secondary region, which only "
            "mode: warm_standby deploys", failover.path,
            f"add {missing} to disaster_recovery, or remove failover", key=True)
    raw_failover = _raw_dr(ctx).get("failover")
    explicit = isinstance(raw_failover, dict) and "health_check_path" in raw_failover
    path = (*failover.path, "health_check_path") if explicit else failover.path
    target = failover.health_check_path.split("?", 1)[0]
    api = ctx.spec.api
    if api is None:
        yield ctx.error(E_HEALTH_ROUTE,
                        f"failover checks GET {target} on the API, but the spec has no api",
                        path, f"add an api section with a route \"GET {target}\"",
                        key=not explicit)
        return
    wanted = normalised_route(Route("GET", target, ""))
    for route in api.routes:
        method, route_path = normalised_route(route)
        if route.method == "$default":
            return
        if method in ("GET", "ANY") and route_path in (wanted[1], "/{+}"):
            return
    yield ctx.error(E_HEALTH_ROUTE,
                    f"failover checks GET {target}, but no api route serves it", path,
                    f"add the route \"GET {target}\": <function> (e.g. a health_check "
                    "template function)", key=not explicit)
