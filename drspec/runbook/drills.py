"""The drill catalogue: each drill with what it injects, what should happen and how to run it.

Shared by `drspec drill` (text or JSON) and the runbook's "Drills" section, so
the two never disagree. What each drill injects comes from
`drspec.drills.catalog`; what should happen comes from `assess` (the RTO and
RPO of the scenario it proves), the spec's alarms and its failover setup.
"""

from __future__ import annotations

from typing import Any

from drspec import figures as fig
from drspec import naming
from drspec.assess.engine import Assessment, human_duration
from drspec.drills.actions import ACTIONS_REFERENCE, LAMBDA_ACTIONS
from drspec.drills.catalog import Drill, drills
from drspec.model import Spec

#: What the cross-region action needs before it can run (actions reference).
ROUTE_QUOTA = ("raise the Amazon VPC quota `routes per route table` to 250 (350 when the "
               "isolated region is us-east-1) plus the routes already in the route tables: "
               "FIS builds route tables holding every route of the isolated region")


def template_output(drill: Drill) -> str:
    """The stack output holding the drill's experiment template id."""
    return f"drill_{drill.ident.replace('-', '_')}_template_id"


def catalogue(spec: Spec, assessment: Assessment) -> list[dict[str, Any]]:
    """Every drill of `spec` as plain values (empty without `drills`)."""
    return [_entry(spec, assessment, d) for d in drills(spec)]


def _alarm(spec: Spec, ident: str) -> str:
    return naming.physical(spec.name, spec.environment, ident, "alarm")


def _scenario(assessment: Assessment, key: str | None) -> dict[str, Any] | None:
    found = [s for s in assessment.scenarios if s.key == key]
    if not found:
        return None
    scenario = found[0]
    rpo = scenario.rpo_seconds
    return {"key": scenario.key, "title": scenario.title,
            "rto": human_duration(scenario.rto_seconds),
            "rpo": "unrecoverable" if rpo is None else human_duration(rpo)}


def _entry(spec: Spec, assessment: Assessment, drill: Drill) -> dict[str, Any]:
    return {
        "ident": drill.ident,
        "title": drill.title,
        "injects": drill.injects,
        "region": drill.region,
        "template_output": template_output(drill),
        "actions": [{"name": s.name, "action": s.action.id, "does": s.words,
                     "parameters": dict(s.parameters)} for s in drill.steps],
        "scenario": _scenario(assessment, drill.scenario),
        "expected_alarms": [_alarm(spec, a) for a in drill.expected_alarms],
        "stop_alarms": [_alarm(spec, a) for a in drill.stop_alarms],
        "left_out_alarms": [_alarm(spec, a) for a in drill.left_out],
        "route53_failover": drill.failover,
        "runbook_section": drill.runbook,
        "prerequisites": _prerequisites(drill),
        "judge": _judge(spec, drill),
        "source": LAMBDA_ACTIONS if drill.ident.startswith("function-") else ACTIONS_REFERENCE,
    }


def _prerequisites(drill: Drill) -> list[str]:
    out = []
    if any(s.name == "isolate-subnets" for s in drill.steps):
        out.append(ROUTE_QUOTA)
    if drill.ident.startswith("function-"):
        out.append("faults reach every invocation only after a ramp-up of up to 60 s, and "
                   "stop up to 20 s after the experiment ends (FIS Lambda extension)")
    return out


def _judge(spec: Spec, drill: Drill) -> list[str]:
    """What a passing drill looks like, in the order one checks it."""
    out = []
    if drill.expected_alarms:
        names = ", ".join(f"`{_alarm(spec, a)}`" for a in drill.expected_alarms)
        verb = "goes" if len(drill.expected_alarms) == 1 else "go"
        out.append(f"{names} {verb} into ALARM during the experiment and back to OK after it")
    else:
        out.append("no alarm goes into ALARM: the design absorbs this failure")
    out += _judge_specific(spec, drill)
    out.append("the experiment ends `completed`, not `stopped` (a stop alarm fired: find "
               "out why before running it again) or `failed` (its log says which action)")
    return out


def _judge_specific(spec: Spec, drill: Drill) -> list[str]:
    dr = spec.disaster_recovery
    if drill.ident == "region-isolation":
        out = [f"the API in {spec.region} keeps answering: isolation cuts cross-region "
               "traffic, not the region", "replication catches up after the experiment "
               "(the replicas hold the writes made during it)"]
        if any(t.strong for t in spec.tables) and dr.global_tables:
            out.append(f"writes to strongly consistent tables fail in {spec.region} while "
                       "it is cut off (no quorum) and succeed in "
                       f"{dr.secondary_region}")
        return out
    if drill.ident == "az-loss":
        return [f"the API keeps answering from the other zones of {spec.region}"]
    if drill.ident == "function-errors" and drill.failover and dr.failover is not None:
        total = human_duration(fig.failover_seconds(dr.failover.interval,
                                                    dr.failover.failure_threshold))
        return [f"the Route 53 health check turns unhealthy and clients reach "
                f"{dr.secondary_region} within about {total}; after the experiment "
                f"Route 53 sends them back to {spec.region} on its own"]
    if drill.ident == "function-errors":
        return ["clients see errors for the length of the experiment: nothing takes over"]
    return ["the API answers, slower, for the length of the experiment"]
