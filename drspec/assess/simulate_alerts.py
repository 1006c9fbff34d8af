"""Who is told, and what keeps running, once the primary region is lost.

The standby needs alarms of its own in the secondary region. An alarm tells
someone only if it is live (outside the lost region), its
action names a topic of its own region (CloudWatch alarm actions name a
topic in the alarm's region), and that topic is live and has a subscriber.
The alarm on the primary's Route 53 health check must be in us-east-1,
where Route 53 publishes its metrics. A schedule in the lost region stops
unless a live twin calls the same function elsewhere.
"""

from __future__ import annotations

from drspec.assess.breaks import E_SCHEDULE, E_UNALERTED, Break, SpecIndex
from drspec.assess.graph import ALARM, FUNCTION, HEALTH_CHECK, SCHEDULE, TOPIC, Node, PlanGraph

#: Route 53 publishes health-check metrics only in us-east-1, so the alarm on
#: HealthCheckStatus must live there ("Route 53 metrics are not available if you
#: select any other region"):
#: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html
ROUTE53_METRICS_REGION = "us-east-1"


def live_topics(graph: PlanGraph, alarm: Node, lost: str) -> list[Node]:
    """The topics an alarm's actions reach that are live, subscribed and in its region
    (CloudWatch alarm actions name a topic of the alarm's own region)."""
    return [ref.node for ref in graph.refs(alarm, "alarmActions", type_token=TOPIC)
            if ref.region == alarm.region != lost
            and graph.subscriptions_by_topic.get(ref.node.id)]


def alerting(graph: PlanGraph, index: SpecIndex, lost: str) -> list[Break]:
    """The standby's own alarms: in the secondary region, where service now runs."""
    secondary = index.spec.disaster_recovery.secondary_region
    alarms = [a for a in graph.of_type(ALARM) if a.region == secondary != lost]
    if any(live_topics(graph, a, lost) for a in alarms):
        return []
    if index.spec.alerts is None:
        hint = (f"add alerts (email, https) so that alarms in {secondary} have a subscribed "
                "topic there")
    else:
        hint = (f"alarms and the alert topic must exist in {secondary} too: a topic there with "
                "the same subscribers, and the alarms of the standby on it")
    if not alarms:
        message = (f"no alarm in {secondary}: nobody is told when the standby fails while "
                   f"{lost} is down")
    else:
        message = (f"the alarms in {secondary} notify no topic there with a subscriber: "
                   "nobody is told")
    return [Break(E_UNALERTED, "rto", "alerts", secondary, message, ("alerts",), hint)]


def health_check_alarm(graph: PlanGraph, index: SpecIndex, lost: str) -> list[Break]:
    """An alarm on the primary's health check, in us-east-1, unless us-east-1 is lost."""
    if index.spec.disaster_recovery.failover is None or lost == ROUTE53_METRICS_REGION:
        return []
    for alarm in graph.of_type(ALARM):
        if (alarm.region == ROUTE53_METRICS_REGION
                and alarm.inputs.get("metricName") == "HealthCheckStatus"
                and graph.refs(alarm, "dimensions", type_token=HEALTH_CHECK)
                and live_topics(graph, alarm, lost)):
            return []
    return [Break(E_UNALERTED, "rto", "Route 53 health check", ROUTE53_METRICS_REGION,
                  "no alarm on the primary's HealthCheckStatus in us-east-1 notifies a "
                  "subscribed topic there: the failover itself tells nobody",
                  index.failover_path(),
                  "Route 53 publishes health-check metrics in us-east-1 only: an alarm there "
                  "on HealthCheckStatus, with a topic there that has the alert subscribers")]


def schedules(graph: PlanGraph, index: SpecIndex, lost: str) -> list[Break]:
    """Each schedule in the lost region must have a twin elsewhere calling the same function."""
    out = []
    live = {(ref.node.physical) for s in graph.of_type(SCHEDULE) if s.region != lost
            for ref in graph.refs(s, "target", type_token=FUNCTION) if ref.region != lost}
    for schedule in graph.of_type(SCHEDULE):
        if schedule.region != lost:
            continue
        targets = graph.refs(schedule, "target", type_token=FUNCTION)
        if targets and not any(t.node.physical in live for t in targets):
            spec_schedule = index.schedule(schedule)
            label = index.label(schedule)
            out.append(Break(E_SCHEDULE, "rto", label, lost,
                             f"{label} runs only in {lost}: it stops while {lost} is down",
                             spec_schedule.path if spec_schedule else ("schedules",),
                             "warm standby needs the schedule in the secondary region too, "
                             "calling the standby function"))
    return out
