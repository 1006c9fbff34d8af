"""The loss of the primary region and the way back, simulated on the plan's graph.

The lost region takes every resource in it away; Route 53 and IAM, which are
global, stay. What is left must still serve: a SECONDARY failover record that
reaches an API in a live region, whose routes reach functions there, whose
tables and buckets exist there and are granted to them. Someone must be told:
an alarm in a live region whose action is a topic in its own region with a
subscriber, and the alarm on the primary's Route 53 health check, which
CloudWatch keeps in us-east-1 only. Schedules must run somewhere live. And
on the way back (failback) the writes the standby accepted must reach the
primary again. Each gap is a `Break` (`drspec.assess.breaks`).

`simulate(graph, spec)` returns the breaks per scenario key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from drspec.assess.breaks import (
    E_COPY_MISSING,
    E_DATA_MISSING,
    E_UNREACHABLE,
    E_WRITES_LOST,
    Break,
    SpecIndex,
)
from drspec.assess.graph import (
    API,
    API_MAPPING,
    BACKUP_PLAN,
    BACKUP_VAULT,
    BUCKET,
    DOMAIN_NAME,
    FUNCTION,
    HEALTH_CHECK,
    INTEGRATION,
    RECORD,
    REPLICATION,
    ROLE_POLICY,
    ROUTE,
    TABLE,
    TOPIC,
    Node,
    PlanGraph,
    Ref,
)
from drspec.assess.simulate_alerts import alerting, health_check_alarm, schedules
from drspec.assess.simulate_local import local_breaks
from drspec.model import Spec

#: Actions that change a bucket's objects: a standby granted them accepts writes.
BUCKET_WRITES = ("s3:PutObject", "s3:DeleteObject", "s3:*", "*")


def simulate(graph: PlanGraph, spec: Spec) -> dict[str, list[Break]]:
    """Every break the plan shows, by scenario key."""
    out = local_breaks(graph, spec)
    dr = spec.disaster_recovery
    if dr.secondary_region is None:
        return out
    lost = spec.region
    index = SpecIndex(spec)
    region = out.setdefault("region_loss", [])
    serving: list[Node] = []
    if dr.warm_standby:
        serving = reach_standby(graph, index, lost, region)
        for function in serving:
            region += function_data(graph, index, function, lost)
        region += alerting(graph, index, lost)
        region += health_check_alarm(graph, index, lost)
        region += schedules(graph, index, lost)
    region += data_copies(graph, index, lost)
    out.setdefault("failback", []).extend(writes_left_behind(graph, index, serving, lost))
    return out


# -- DNS to a live API --------------------------------------------------------------


def _failover(node: Node, kind: str) -> bool:
    return any(isinstance(p, dict) and p.get("type") == kind
               for p in node.inputs.get("failoverRoutingPolicies") or [])


def reach_standby(graph: PlanGraph, index: SpecIndex, lost: str,
                  out: list[Break]) -> list[Node]:
    """The functions that serve traffic once `lost` is gone (breaks go to `out`)."""
    path = index.failover_path()
    apis = [n for n in graph.of_type(API) if n.region != lost]
    if index.spec.disaster_recovery.failover is not None:
        apis = _dns_targets(graph, index, lost, out)
    if index.spec.api is not None and not apis:
        out.append(Break(E_UNREACHABLE, "rto", "api", None,
                         f"no API outside {lost} is left to serve", path,
                         "warm standby builds the api in the secondary region; "
                         "restore disaster_recovery.mode: warm_standby and re-plan"))
    serving: list[Node] = []
    for api in apis:
        serving += _api_functions(graph, index, api, out)
    if index.spec.api is None:  # functions without an api: each must have a live twin
        serving = [n for n in graph.of_type(FUNCTION) if n.region != lost]
    return list(dict.fromkeys(serving))


def _dns_targets(graph: PlanGraph, index: SpecIndex, lost: str,
                 out: list[Break]) -> list[Node]:
    path = index.failover_path()
    records = graph.of_type(RECORD)
    primary = [r for r in records if _failover(r, "PRIMARY")]
    if primary and not any(graph.refs(r, "healthCheckId", type_token=HEALTH_CHECK)
                           for r in primary):
        out.append(Break(E_UNREACHABLE, "rto", "Route 53", None,
                         "the PRIMARY failover record has no health check: Route 53 keeps "
                         "answering with the lost region", path,
                         "disaster_recovery.failover builds a health check on the primary "
                         "api; restore it and re-plan"))
    secondary = [r for r in records if _failover(r, "SECONDARY")]
    if not secondary:
        out.append(Break(E_UNREACHABLE, "rto", "Route 53", None,
                         f"no SECONDARY failover record: while {lost} is down, "
                         "the domain has nowhere to go", path,
                         "disaster_recovery.failover builds a SECONDARY record to the standby "
                         "api; restore it and re-plan"))
        return []
    apis = [api for record in secondary for api in _record_apis(graph, record)
            if api.region != lost]
    if not apis:
        out.append(Break(E_UNREACHABLE, "rto", "Route 53", None,
                         f"the SECONDARY failover record reaches no API outside {lost}", path,
                         "the SECONDARY record must alias the standby api's custom domain "
                         "in the secondary region"))
    return list(dict.fromkeys(apis))


def _record_apis(graph: PlanGraph, record: Node) -> list[Node]:
    """The APIs a DNS record leads to: directly, or through a custom domain's mapping."""
    found: list[Node] = []
    for ref in graph.refs(record, "aliases", "records"):
        if ref.node.type == API:
            found.append(ref.node)
        elif ref.node.type == DOMAIN_NAME:
            for mapping in graph.of_type(API_MAPPING):
                if mapping.region == ref.node.region and mapping.inputs.get(
                        "domainName") == ref.node.physical:
                    found += [r.node for r in graph.refs(mapping, "apiId", type_token=API)]
    return found


def _api_functions(graph: PlanGraph, index: SpecIndex, api: Node,
                   out: list[Break]) -> list[Node]:
    routes = [r for r in graph.of_type(ROUTE)
              if any(ref.node is api for ref in graph.refs(r, "apiId"))]
    keys = {str(r.inputs.get("routeKey")) for r in routes}
    spec_api = index.spec.api
    for spec_route in spec_api.routes if spec_api is not None else ():
        key = f"{spec_route.method} {spec_route.path}"
        if key not in keys:
            out.append(Break(E_UNREACHABLE, "rto", f"route '{key}'", api.region,
                             f"the standby api in {api.region} has no route '{key}'",
                             index.route_path(key),
                             "warm standby builds every route in the secondary region; "
                             "re-plan from the spec"))
    functions: list[Node] = []
    for route in routes:
        key = str(route.inputs.get("routeKey"))
        targets = [f.node for i in graph.refs(route, "target", type_token=INTEGRATION)
                   for f in graph.refs(i.node, "integrationUri", type_token=FUNCTION)
                   if f.node.region == api.region]
        if not targets:
            out.append(Break(E_UNREACHABLE, "rto", f"route '{key}'", api.region,
                             f"route '{key}' of the api in {api.region} reaches no function "
                             f"in {api.region}", index.route_path(key),
                             "each route of the standby api integrates the function's "
                             "standby copy in the same region"))
        functions += targets
    return functions


# -- the serving functions' data ------------------------------------------------------


def granted(graph: PlanGraph, function: Node, actions: Iterable[str] = ()) -> list[Ref]:
    """What the inline policies of a function's role grant (only `actions`, if given)."""
    roles = {r.node.id for r in graph.refs(function, "role")}
    wanted = set(actions)
    out: list[Ref] = []
    for policy in graph.of_type(ROLE_POLICY):
        if not any(r.node.id in roles for r in graph.refs(policy, "role")):
            continue
        for statement in _statements(policy):
            allowed = statement.get("Action")
            allowed = [allowed] if isinstance(allowed, str) else allowed or []
            if statement.get("Effect") != "Allow" or (wanted and not wanted & set(allowed)):
                continue
            for ref in graph.resolve(statement.get("Resource"), function):
                if ref not in out:
                    out.append(ref)
    return out


def _statements(policy: Node) -> list[dict[str, Any]]:
    try:
        document = json.loads(str(policy.inputs.get("policy", "")))
    except ValueError:
        return []
    statements = document.get("Statement", []) if isinstance(document, dict) else []
    statements = [statements] if isinstance(statements, dict) else statements
    return [s for s in statements if isinstance(s, dict)]


def function_data(graph: PlanGraph, index: SpecIndex, function: Node,
                  lost: str) -> list[Break]:
    """Each table, bucket and topic a serving function names must be live where it runs
    and granted to it there."""
    out: list[Break] = []
    allowed = granted(graph, function)
    for ref in graph.refs(function, "environment"):
        target = ref.node
        if target.type not in (TABLE, BUCKET, TOPIC):
            continue
        what = index.label(target) if target.type != TOPIC else f"topic {target.physical}"
        if ref.region == lost or ref.region not in graph.regions_of(target):
            out.append(_dead_dependency(index, function, target, ref, lost))
        elif ref not in allowed:
            out.append(_not_granted(index, function, target, what, ref.region))
    return out


def _not_granted(index: SpecIndex, function: Node, target: Node, what: str,
                 region: str | None) -> Break:
    """A serving function lacks a grant: by the spec's choice, or the plan lost it."""
    name, where = index.label(function), function.region
    message = f"{name} in {where} is not granted {what} in {region}"
    if target.type == BUCKET and index.spec.disaster_recovery.standby_buckets == "read_only":
        return Break(E_DATA_MISSING, "rto", name, where,
                     f"{message}: standby_buckets: read_only leaves a function that only "
                     "writes the bucket nothing it may do there during a failover",
                     ("disaster_recovery", "standby_buckets"),
                     "set standby_buckets: read_write (the replicas replicate back at "
                     "failback), or serve this function's writes from the primary only")
    return Break(E_DATA_MISSING, "rto", name, where, message, index.function_path(function),
                 f"the standby role must grant {what} in {where}; re-plan from the spec")


def _dead_dependency(index: SpecIndex, function: Node, target: Node, ref: Ref,
                     lost: str) -> Break:
    name, where = index.label(function), function.region
    if target.type == TOPIC:
        return Break(E_DATA_MISSING, "rto", name, where,
                     f"{name} in {where} publishes to topic {target.physical} in {ref.region}, "
                     f"which is lost with {lost}", ("alerts",),
                     f"give {where} its own alert topic with the same subscribers, and point "
                     "the standby functions at it")
    what = index.label(target)
    if target.type == TABLE:
        return Break(E_DATA_MISSING, "rto", name, where,
                     f"{name} in {where} uses {what}, which has no replica in {where}",
                     ("disaster_recovery", "global_tables"),
                     f"set disaster_recovery.global_tables: true ({what} gets a replica in "
                     f"{where})")
    return Break(E_DATA_MISSING, "rto", name, where,
                 f"{name} in {where} uses {what} in {ref.region}, which is lost with {lost}",
                 ("disaster_recovery", "replicate_buckets"),
                 f"set disaster_recovery.replicate_buckets: true (the standby uses the replica "
                 f"in {where})")


# -- data ---------------------------------------------------------------------------


def data_copies(graph: PlanGraph, index: SpecIndex, lost: str) -> list[Break]:
    """The replicas and backup copies the spec promises outside the lost region."""
    dr = index.spec.disaster_recovery
    out = []
    for table in graph.of_type(TABLE):
        if dr.global_tables and not [r for r in graph.regions_of(table) if r != lost]:
            label = index.label(table)
            out.append(Break(E_COPY_MISSING, "rpo", label, table.region,
                             f"{label} has no replica outside {lost}",
                             ("disaster_recovery", "global_tables"),
                             f"global tables give every table a replica in "
                             f"{dr.secondary_region}; re-plan from the spec"))
    replicated = {ref.node.id for c in graph.of_type(REPLICATION)
                  for ref in graph.refs(c, "bucket", type_token=BUCKET)
                  if _destinations(graph, c, lost)}
    for bucket in graph.of_type(BUCKET):
        if (dr.replicate_buckets and bucket.region == lost and index.bucket(bucket)
                and bucket.id not in replicated):
            label = index.label(bucket)
            out.append(Break(E_COPY_MISSING, "rpo", label, lost,
                             f"{label} replicates to no bucket outside {lost}",
                             index.bucket_path(bucket),
                             "disaster_recovery.replicate_buckets replicates every bucket to "
                             "a replica in the secondary region; re-plan from the spec"))
    backup = dr.backup
    if backup is not None and backup.copy_to_secondary:
        vaults = [ref for p in graph.of_type(BACKUP_PLAN)
                  for ref in graph.refs(p, "rules", type_token=BACKUP_VAULT)
                  if ref.region != lost]
        if not vaults:
            out.append(Break(E_COPY_MISSING, "rpo", "AWS Backup", dr.secondary_region,
                             f"no backup plan copies recovery points to a vault outside {lost}",
                             (*backup.path, "copy_to_secondary"),
                             "copy_to_secondary copies each recovery point to a vault in the "
                             "secondary region; re-plan from the spec"))
    return out


def _destinations(graph: PlanGraph, config: Node, lost: str) -> list[Node]:
    return [ref.node for ref in graph.refs(config, "rules", type_token=BUCKET)
            if ref.region != lost]


def writes_left_behind(graph: PlanGraph, index: SpecIndex, serving: list[Node],
                       lost: str) -> list[Break]:
    """Buckets the standby may write: at failback their new objects must flow back."""
    out = []
    back = {ref.node.id for c in graph.of_type(REPLICATION) if c.region != lost
            for ref in graph.refs(c, "bucket", type_token=BUCKET)
            if any(d.region == lost for d in _all_destinations(graph, c))}
    seen: set[str] = set()
    for function in serving:
        for ref in granted(graph, function, BUCKET_WRITES):
            bucket = ref.node
            if bucket.type != BUCKET or bucket.region == lost or bucket.id in back:
                continue
            if bucket.id in seen:
                continue
            seen.add(bucket.id)
            label = index.label(bucket)
            out.append(Break(
                E_WRITES_LOST, "rpo", label, bucket.region,
                f"the standby writes {label} in {bucket.region}, and nothing copies those "
                f"objects back to {lost}: at failback they are left behind",
                index.bucket_path(bucket),
                f"replicate the replica in {bucket.region} back to the primary bucket "
                "(two-way replication), or keep the standby read-only for this bucket"))
    return out


def _all_destinations(graph: PlanGraph, config: Node) -> list[Node]:
    return [ref.node for ref in graph.refs(config, "rules", type_token=BUCKET)]
