"""The DR probe's posture alarm: its regions and evaluation.

Shared by the factory that builds the alarm (`drspec.factory.watch`), the
dashboard that shows its metric and the runbook that lists it, so all three
agree. No check here: checks come before the factory, which reads this.

The probe reports `PostureDegraded` on every run, so missing data is treated
as breaching: a probe that stops reporting (schedule disabled, role broken,
function crashing or timing out) raises the alarm. AWS recommends `breaching`
for metrics that report continuously, where missing data points mean
something is wrong
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data,
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarms-and-missing-data.html).
Each period is at least the longest time between two runs, so every period of
a probe that runs holds a data point, and the alarm needs
`POSTURE_EVALUATION_PERIODS` breaching periods in a row (M out of N with M = N,
https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudwatch/aws.sdk.kotlin.services.cloudwatch.model/-put-metric-alarm-request/datapoints-to-alarm.html),
so one late or skipped run is never announced. A probe that runs less often
than the longest evaluation CloudWatch allows cannot be told from a stopped
one; its missing data keeps the last state (`ignore`).
"""

from __future__ import annotations

from dataclasses import dataclass

from drspec.checks.cron.gap import longest_gap_seconds
from drspec.model import Schedule, Spec

#: An alarm's period times its evaluation periods may not exceed one day for
#: periods under an hour, seven days otherwise; periods are multiples of 60 s
#: (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
MAX_SHORT_EVALUATION = 86400
MAX_LONG_EVALUATION = 7 * 86400
LONG_PERIOD = 3600
#: Breaching periods in a row (degraded or missing) before the posture alarm fires.
POSTURE_EVALUATION_PERIODS = 3
_RATE_UNITS = {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600,
               "day": 86400, "days": 86400}


@dataclass(frozen=True)
class PostureEvaluation:
    period: int
    evaluation_periods: int
    treat_missing_data: str


def run_interval(schedule: Schedule) -> int | None:
    """The longest time between two runs of the schedule, or None if it runs at most once."""
    if schedule.rate is not None:
        count, unit = schedule.rate.split()
        return int(count) * _RATE_UNITS[unit]
    return longest_gap_seconds(schedule.cron or "")


def posture_evaluation(schedule: Schedule) -> PostureEvaluation:
    """Period and evaluation periods of the posture alarm: every period of a
    running probe holds a run, and `POSTURE_EVALUATION_PERIODS` empty or degraded
    periods in a row fire the alarm."""
    interval = run_interval(schedule)
    if interval is None or interval > MAX_LONG_EVALUATION:
        return PostureEvaluation(MAX_SHORT_EVALUATION, 1, "ignore")
    period = -(-interval // 60) * 60
    limit = MAX_LONG_EVALUATION if period >= LONG_PERIOD else MAX_SHORT_EVALUATION
    periods = min(POSTURE_EVALUATION_PERIODS, limit // period)
    return PostureEvaluation(period, periods, "breaching")


def probe_schedules(spec: Spec) -> list[Schedule]:
    """The schedules that run a `health_check` function (one naming no function runs none)."""
    probes = {f.ident for f in spec.functions if f.template == "health_check"}
    return [s for s in spec.schedules if s.function in probes]


def posture_regions(spec: Spec, schedule: Schedule) -> list[str]:
    """The regions the probe's schedule runs enabled in, each with a posture alarm:
    the primary, and a warm standby whose copy runs `always`."""
    if not schedule.enabled:
        return []
    dr = spec.disaster_recovery
    standby = dr.warm_standby and schedule.on_failover == "always"
    return [spec.region] + ([dr.secondary_region] if standby and dr.secondary_region else [])
