"""Alarms drspec adds on its own keep their names (E612).

Besides the spec's alarms drspec builds one per S3 replication rule
(`<name>-<environment>-<bucket>-replication-failed-alarm`, in the rule's source
region), one on the DR posture a probe schedule reports
(`<name>-<environment>-<schedule>-posture-alarm`) and, with Route 53 failover,
one on the health check (`<name>-<environment>-failover-alarm`, in us-east-1).
A spec alarm is named `<name>-<environment>-<ident>-alarm`, so the idents
`<bucket>-replication-failed`, `<schedule>-posture` and `failover` would give
two alarms one name in one region. CloudWatch keeps
one alarm per name and region: PutMetricAlarm with a name in use replaces that
alarm (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html),
so one of the two would silently watch the other's metric.
"""

from __future__ import annotations

from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.checks.posture_alarm import posture_regions, probe_schedules
from drspec.codes import rule
from drspec.diagnostics import Diagnostic
from drspec.model import Spec

#: The region of Route 53's health-check metrics, where the failover alarm lives
#: (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html).
ROUTE53_METRICS_REGION = "us-east-1"

E_OWN_ALARM = rule(
    "E612", "alarm named like one drspec adds",
    "drspec adds an alarm per replicated bucket (<bucket>-replication-failed) and, with "
    "failover, one on the Route 53 health check (failover); a spec alarm of that ident "
    "would have the same name in the same region, and CloudWatch replaces an alarm put "
    "under a name in use.",
    source="https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/"
           "API_PutMetricAlarm.html")


def own_alarm_idents(spec: Spec) -> dict[str, str]:
    """Alarm idents taken by drspec's own alarms, each with what the alarm watches."""
    dr = spec.disaster_recovery
    taken: dict[str, str] = {}
    if dr.multi_region and dr.replicate_buckets:
        for bucket in spec.buckets:
            taken[f"{bucket.ident}-replication-failed"] = (
                f"failed S3 replication of bucket {bucket.ident!r}")
    for schedule in (s for s in probe_schedules(spec) if posture_regions(spec, s)):
        taken[f"{schedule.ident}-posture"] = (
            f"the DR posture that schedule {schedule.ident!r} reports")
    if dr.failover is not None and ROUTE53_METRICS_REGION in spec.regions:
        taken["failover"] = "the Route 53 health check of the failover"
    return taken


@check
def alarm_names_are_free(ctx: CheckContext) -> Iterator[Diagnostic]:
    taken = own_alarm_idents(ctx.spec)
    for alarm in ctx.spec.alarms:
        watches = taken.get(alarm.ident)
        if watches is None:
            continue
        yield ctx.error(
            E_OWN_ALARM,
            f"alarm {alarm.ident!r} would have the name of the alarm drspec adds on "
            f"{watches}; CloudWatch would keep only one of the two", alarm.path,
            "rename the alarm; the ident 'failover' and idents ending in "
            "'-replication-failed' or naming a probe schedule's '-posture' are drspec's",
            key=True)
