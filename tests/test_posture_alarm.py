"""The posture alarm also notices a probe that stops reporting.

The probe reports `PostureDegraded` on every run, so missing data is breaching
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarms-and-missing-data),
and each period must hold at least one run of a healthy probe so that a
normal gap between runs never looks missing. Period times evaluation periods
stays within CloudWatch's limits: one day below an hour's period, seven days
otherwise (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html).
"""

from __future__ import annotations

import pytest
from dr_support import plan

from drspec.checks.cron.gap import longest_gap_seconds
from drspec.checks.posture_alarm import posture_evaluation
from drspec.model import Schedule

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


def posture_alarms() -> list:
    return [r for r in plan("prod").of_type(ALARM)
            if r.inputs["tags"]["drspec:alarm"].startswith("posture:")]


def test_prod_posture_alarms_treat_a_silent_probe_as_breaching() -> None:
    alarms = posture_alarms()
    assert {a.region for a in alarms} == {"eu-west-1", "eu-central-1"}
    for alarm in alarms:
        inputs = alarm.inputs
        assert inputs["treatMissingData"] == "breaching", alarm.name
        assert inputs["datapointsToAlarm"] == inputs["evaluationPeriods"] >= 2, alarm.name
        # prod's probe runs every minute: each 60 s period holds one run
        assert inputs["period"] == 60
        assert "probe stopped" in inputs["alarmDescription"]


@pytest.mark.parametrize(("rate", "cron"), [
    ("1 minute", None), ("5 minutes", None), ("2 hours", None), ("1 day", None),
    ("3 days", None), (None, "30 2 * * ? *"), (None, "0 8,20 ? * MON-FRI *"),
    (None, "0 12 ? * SUN *"),
])
def test_every_period_holds_a_run_and_the_evaluation_fits_cloudwatch(
        rate: str | None, cron: str | None) -> None:
    schedule = Schedule(ident="probe", function="health", rate=rate, cron=cron)
    got = posture_evaluation(schedule)
    gap = longest_gap_seconds(cron) if cron else None
    interval = gap if gap is not None else _rate_seconds(rate or "")
    assert got.treat_missing_data == "breaching"
    assert got.period >= interval and got.period % 60 == 0
    limit = 86400 if got.period < 3600 else 7 * 86400
    assert got.period * got.evaluation_periods <= limit
    assert got.evaluation_periods >= 1


def test_a_probe_rarer_than_a_week_cannot_be_watched_for_silence() -> None:
    monthly = Schedule(ident="probe", function="health", cron="0 3 1 * ? *")
    assert posture_evaluation(monthly).treat_missing_data == "ignore"


def _rate_seconds(rate: str) -> int:
    count, unit = rate.split()
    return int(count) * {"minute": 60, "minutes": 60, "hour": 3600, "hours": 3600,
                         "day": 86400, "days": 86400}[unit]
