"""Reference checks: every ident a section names exists and is of the right kind (E4xx).

Also what a reference needs on disk: a function's `template` directory under
`templates/` and its `source` directory, relative to the spec file that names it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from drspec.checks import CheckContext, check
from drspec.checks.suggest import did_you_mean, nearest
from drspec.codes import rule
from drspec.diagnostics import Diagnostic, SpecPath
from drspec.model import Alarm, Route, Spec
from drspec.resources import templates_dir
from drspec.sections import DATA_KINDS, PRESET_ALIASES, PRESETS, preset

E_FUNCTION = rule("E401", "unknown function",
                  "Schedules and API routes name a function defined under `functions`.")
E_ACCESS = rule("E402", "access to an unknown table or bucket",
                "A function's `access` names tables and buckets defined in the spec.")
E_ALARM_TARGET = rule("E403", "unknown alarm target",
                      "An alarm's target is the function, table or bucket its metric measures, "
                      "or `api`.")
E_ALARM_KIND = rule("E404", "alarm target of the wrong kind",
                    "lambda_* metrics measure a function, dynamodb_* a table, api_* the API "
                    "(target `api`), replication_latency a replicated bucket.")
E_ALARM_API = rule("E405", "API alarm without an API",
                   "api_* metrics measure the `api` section, which the spec must define.")
E_ALARM_REPLICATION = rule(
    "E406", "replication alarm without replication metrics",
    "S3 publishes ReplicationLatency only for replicated buckets with replication metrics, "
    "which drspec turns on with disaster_recovery.replication_time_control.")
E_ALERTS = rule("E407", "publish access without alerts",
                "`access.alerts: publish` grants publishing to the alerts topic, which exists "
                "only with an `alerts` section.")
E_TEMPLATE = rule("E408", "unknown function template",
                  "`template` names a directory under templates/.")
E_SOURCE = rule("E409", "function source directory missing",
                "`source` is a directory relative to the spec file that names it.")
E_TABLE_REPLICATION = rule(
    "E411", "replication latency alarm on a table without it",
    "DynamoDB publishes ReplicationLatency for every source and destination region pair of a "
    "global table; a table that is not replicated has none, and \"Global tables configured "
    "for multi-Region strong consistency (MRSC) do not publish a ReplicationLatency metric\".",
    source="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
           "V2globaltables_HowItWorks.html")
E_ROUTE = rule("E410", "duplicate API route",
               "Two routes with the same method and the same path (ignoring a trailing slash "
               "and the names of path parameters) match the same requests.")
W_NO_ALERTS = rule("W401", "alarms notify nobody",
                   "Alarms notify the alerts topic; without an `alerts` section nobody hears "
                   "them.")

W_PRESET_RENAMED = rule("W402", "alarm preset under its former name",
                       "A preset that was renamed to say what it measures still works under "
                       "its former name; write the new one.")


def metric_kind(metric: str) -> str | None:
    """The kind of resource the preset `metric` measures (None for an unknown preset)."""
    name = PRESET_ALIASES.get(metric, metric)
    return PRESETS[name].target_kind if name in PRESETS else None


def _idents(spec: Spec, kind: str) -> list[str]:
    if kind == "function":
        return [f.ident for f in spec.functions]
    data = next((k for k in DATA_KINDS if k.kind == kind), None)
    return [] if data is None else [item.ident for item in getattr(spec, data.key)]


def _unknown(ctx: CheckContext, code: str, kind: str, ident: str, path: SpecPath,
             where: str, *, key: bool = False) -> Diagnostic:
    known = _idents(ctx.spec, kind)
    return ctx.error(code, f"{where} names {kind} {ident!r}, which is not defined", path,
                     did_you_mean(ident, known, what=f"{kind}s"), key=key)


@check
def functions_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    functions = set(_idents(ctx.spec, "function"))
    for schedule in ctx.spec.schedules:
        if schedule.function not in functions:
            yield _unknown(ctx, E_FUNCTION, "function", schedule.function,
                           (*schedule.path, "function"), f"schedule {schedule.ident!r}")
    for route in ctx.spec.api.routes if ctx.spec.api else ():
        if route.function not in functions:
            yield _unknown(ctx, E_FUNCTION, "function", route.function, route.spec_path,
                           f"route {route.key!r}")


@check
def access_targets_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    for fn in ctx.spec.functions:
        for data in DATA_KINDS:
            known = set(_idents(ctx.spec, data.kind))
            for ident, _ in fn.access.grants(data.key):
                if ident not in known:
                    yield _unknown(ctx, E_ACCESS, data.kind, ident,
                                   (*fn.path, "access", data.key, ident),
                                   f"function {fn.ident!r}", key=True)


@check
def alerts_exist_for_publishers(ctx: CheckContext) -> Iterator[Diagnostic]:
    if ctx.spec.alerts is not None:
        return
    for fn in ctx.spec.functions:
        if fn.access.alerts_publish:
            yield ctx.error(
                E_ALERTS,
                f"function {fn.ident!r} may publish to the alerts topic, but the spec has no "
                "alerts section", (*fn.path, "access", "alerts"),
                "add an alerts section (e.g. alerts: {email: [oncall@example.com]}), or "
                "remove alerts: publish")


@check
def preset_names(ctx: CheckContext) -> Iterator[Diagnostic]:
    raw = ctx.doc.data.get("alarms") or {}
    for alarm in ctx.spec.alarms:
        written = (raw.get(alarm.ident) or {}).get("metric")
        if written in PRESET_ALIASES:
            new = PRESET_ALIASES[written]
            yield ctx.warning(
                W_PRESET_RENAMED, f"preset {written} is now called {new} ({PRESETS[new].words})",
                (*alarm.path, "metric"), f"write metric: {new}")


@check
def alarm_targets(ctx: CheckContext) -> Iterator[Diagnostic]:
    for alarm in ctx.spec.alarms:
        kind = metric_kind(alarm.metric)
        if kind == "api":
            yield from _api_alarm(ctx, alarm)
        elif kind is not None:
            yield from _resource_alarm(ctx, alarm, kind)


def _api_alarm(ctx: CheckContext, alarm: Alarm) -> Iterator[Diagnostic]:
    if alarm.target != "api":
        yield ctx.error(
            E_ALARM_KIND, f"metric {alarm.metric} measures the API; its target is 'api', "
            f"not {alarm.target!r}", (*alarm.path, "target"), "set target: api")
    elif ctx.spec.api is None:
        yield ctx.error(
            E_ALARM_API, f"alarm {alarm.ident!r} measures the API, but the spec has no api "
            "section", (*alarm.path, "metric"),
            "add an api section with routes, or use a lambda_* metric on a function")


def _kind_of(spec: Spec, ident: str) -> str | None:
    for kind in ("function", "table", "bucket"):
        if ident in _idents(spec, kind):
            return kind
    return "api" if ident == "api" and spec.api is not None else None


def _resource_alarm(ctx: CheckContext, alarm: Alarm, kind: str) -> Iterator[Diagnostic]:
    path = (*alarm.path, "target")
    # Idents are unique per section only: a table and a function may share one, and
    # the metric's kind says which of them the alarm measures.
    actual = kind if alarm.target in _idents(ctx.spec, kind) else _kind_of(ctx.spec, alarm.target)
    if actual is None:
        yield _unknown(ctx, E_ALARM_TARGET, kind, alarm.target, path, f"alarm {alarm.ident!r}")
        return
    if actual != kind:
        known = _idents(ctx.spec, kind)
        hint = (f"target a {kind} ({', '.join(known)})" if known
                else f"define a {kind} to measure")
        yield ctx.error(
            E_ALARM_KIND, f"metric {alarm.metric} measures a {kind}, but {alarm.target!r} is "
            f"{'the API' if actual == 'api' else 'a ' + actual}", path, hint)
        return
    if kind == "bucket":
        yield from _replication_alarm(ctx, alarm)
    elif preset(alarm.metric).name == "dynamodb_replication_latency":
        yield from _table_replication_alarm(ctx, alarm)


def _table_replication_alarm(ctx: CheckContext, alarm: Alarm) -> Iterator[Diagnostic]:
    table = next(t for t in ctx.spec.tables if t.ident == alarm.target)
    path = (*alarm.path, "metric")
    if not ctx.spec.disaster_recovery.global_tables:
        yield ctx.error(
            E_TABLE_REPLICATION,
            f"table {alarm.target!r} is not a global table, so DynamoDB publishes no "
            "ReplicationLatency for it", path,
            "set disaster_recovery.secondary_region (tables replicate by default), or remove "
            "the alarm")
    elif table.strong:
        yield ctx.error(
            E_TABLE_REPLICATION,
            f"table {alarm.target!r} is multi-Region strongly consistent (consistency: "
            "strong): MRSC tables publish no ReplicationLatency", path,
            "remove the alarm: MRSC writes reach a second region before they succeed "
            "(RPO zero)")


def _replication_alarm(ctx: CheckContext, alarm: Alarm) -> Iterator[Diagnostic]:
    dr = ctx.spec.disaster_recovery
    path = (*alarm.path, "metric")
    if not dr.replicate_buckets:
        yield ctx.error(
            E_ALARM_REPLICATION,
            f"bucket {alarm.target!r} is not replicated, so S3 publishes no "
            "ReplicationLatency for it", path,
            "set disaster_recovery.secondary_region (buckets replicate by default) and "
            "replication_time_control: true")
    elif not dr.replication_time_control:
        yield ctx.error(
            E_ALARM_REPLICATION,
            "S3 publishes ReplicationLatency only with replication metrics, which "
            "replication_time_control turns on", path,
            "set disaster_recovery.replication_time_control: true")


@check
def alarms_have_listeners(ctx: CheckContext) -> Iterator[Diagnostic]:
    if ctx.spec.alarms and ctx.spec.alerts is None:
        yield ctx.warning(
            W_NO_ALERTS,
            f"{len(ctx.spec.alarms)} alarm{'s' if len(ctx.spec.alarms) > 1 else ''} but no "
            "alerts section: nobody is notified", ("alarms",),
            "add an alerts section with email, sms or https subscribers", key=True)


_TEMPLATE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def available_templates() -> list[str]:
    root = templates_dir()
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir()
                  if p.is_dir() and not p.name.startswith(("_", ".")))


@check
def templates_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    for fn in ctx.spec.functions:
        name = fn.template
        if name is None:
            continue
        plain = _TEMPLATE_NAME.fullmatch(name) is not None and ".." not in name
        if plain and (templates_dir() / name).is_dir():
            continue
        options = available_templates()
        match = nearest(name, options)
        hint = (f"did you mean '{match}'?" if match
                else f"available templates: {', '.join(options)}" if options
                else "no templates are installed")
        yield ctx.error(E_TEMPLATE, f"function {fn.ident!r}: there is no template {name!r}",
                        (*fn.path, "template"), hint)


@check
def sources_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    for fn in ctx.spec.functions:
        if fn.source is None:
            continue
        path = (*fn.path, "source")
        spec_file = Path(ctx.doc.locate(path).file)
        directory = spec_file.parent / fn.source
        if directory.is_dir():
            continue
        what = "is a file, not a directory" if directory.is_file() else "does not exist"
        yield ctx.error(
            E_SOURCE, f"function {fn.ident!r}: source {fn.source!r} {what} "
            f"(resolved relative to {spec_file.name}: {directory})", path,
            "source is a directory with the handler code, relative to the spec file")


_PARAM = re.compile(r"\{[^{}/]*?(\+?)\}")


def normalised_route(route: Route) -> tuple[str, str]:
    """(METHOD, path) with a trailing slash dropped and parameter names erased."""
    path = route.path
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return route.method.upper(), _PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


@check
def routes_are_unique(ctx: CheckContext) -> Iterator[Diagnostic]:
    if ctx.spec.api is None:
        return
    seen: dict[tuple[str, str], Route] = {}
    for route in ctx.spec.api.routes:
        norm = normalised_route(route)
        first = seen.setdefault(norm, route)
        if first is route:
            continue
        yield ctx.error(
            E_ROUTE, f"route {route.key!r} matches the same requests as {first.key!r}",
            route.spec_path,
            f"remove one of them, or merge them into {first.key!r}", key=True)
