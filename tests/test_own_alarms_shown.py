"""Every alarm of the plan is in the runbook's alarm table, and the dashboard
reads the posture metric and the failover health check where they are published.

Route 53 publishes `HealthCheckStatus` only in us-east-1
(https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html);
the probe's `PostureDegraded` is reported in the region the probe runs in.
"""

from __future__ import annotations

import json
import re

import pytest
from dr_support import PRIMARY, SECONDARY, plan, spec

from drspec.runbook.render import render

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
DASHBOARD = "aws:cloudwatch/dashboard:Dashboard"


def alarm_table(text: str) -> dict[str, str]:
    section = text.split("### Alarms", 1)[1].split("\n### ", 1)[0]
    return {m.group(1): m.group(0) for m in re.finditer(r"^\| `([^`]+)` \|.*$", section, re.M)}


@pytest.mark.parametrize("variant", ["prod", "pilot-light"])
def test_the_runbook_lists_every_alarm_of_the_plan_with_its_regions(variant: str) -> None:
    rows = alarm_table(render(spec(variant)))
    alarms = plan(variant).of_type(ALARM)
    assert {a.inputs["name"] for a in alarms} == set(rows)
    for alarm in alarms:
        row = rows[alarm.inputs["name"]]
        if not alarm.inputs["tags"]["drspec:alarm"].startswith("spec:"):
            assert f"`{alarm.region}`" in row, row
            assert f"{int(alarm.inputs['period'])}s" in row, row


def test_the_dashboard_reads_posture_and_route53_where_they_are_published() -> None:
    [dashboard] = plan("prod").of_type(DASHBOARD)
    widgets = [w["properties"] for w in json.loads(dashboard.inputs["dashboardBody"])["widgets"]
               if w["type"] == "metric"]
    posture = {w["region"] for w in widgets if w["metrics"][0][1] == "PostureDegraded"}
    assert posture == {PRIMARY, SECONDARY}
    [health] = [w for w in widgets if w["metrics"][0][:2] == ["AWS/Route53",
                                                              "HealthCheckStatus"]]
    assert health["region"] == "us-east-1"
    assert health["metrics"][0][3] == "failover-primary-health-check-id"
