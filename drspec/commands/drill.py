"""`drspec drill SPEC [--format text|json]`: the drill catalogue of a spec.

For each AWS FIS experiment the spec's `disaster_recovery.drills` builds: what
it injects (the FIS actions and their parameters), what should happen (the RTO
and RPO `assess` gives the scenario it proves, the alarms that should go into
ALARM and back to OK, the alarms that stop it, whether Route 53 should fail
over), how to start it and which runbook section to follow. Nothing is
compiled or run: the catalogue is read from the spec.

Exit codes: 0 the catalogue was printed (empty, with a note, when the spec
has no drills), 1 the spec is invalid, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

HELP = "list the DR drills (AWS FIS experiments) a spec builds and what each should show"
FORMATS = ("text", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="output format (default: text)")


def run(args: argparse.Namespace) -> int:
    from drspec.assess.engine import assess
    from drspec.pipeline import validated
    from drspec.reporters import render
    from drspec.runbook.drills import catalogue

    result, problems = validated(args.spec)
    if result is None:
        sys.stdout.write(render(args.format, problems))
        return 1
    assert result.spec is not None
    entries = catalogue(result.spec, assess(result.spec))
    if args.format == "json":
        sys.stdout.write(json.dumps({"spec": result.spec.file, "drills": entries},
                                    indent=2) + "\n")
        return 0
    if not entries:
        print(f"{args.spec}: no drills (set disaster_recovery.drills: true)", file=sys.stderr)
        return 0
    sys.stdout.write("\n".join(_text(e) for e in entries))
    return 0


def _text(entry: dict[str, Any]) -> str:
    lines = [f"{entry['ident']}: {entry['title']}",
             f"  injects     {entry['injects']} ({entry['region']})"]
    for action in entry["actions"]:
        params = ", ".join(f"{k}={v}" for k, v in action["parameters"].items())
        lines.append(f"    {action['action']} ({params}): {action['does']}")
    scenario = entry["scenario"]
    if scenario is not None:
        lines.append(f"  proves      {scenario['title']}: RTO {scenario['rto']}, "
                     f"RPO {scenario['rpo']} (assess)")
    lines.append(f"  alarms      {', '.join(entry['expected_alarms']) or 'none'} "
                 "should go into ALARM and back to OK")
    lines.append(f"  stopped by  {', '.join(entry['stop_alarms']) or 'its duration only'}")
    if entry["left_out_alarms"]:
        lines.append(f"  not a stop  {', '.join(entry['left_out_alarms'])} (FIS allows 5)")
    lines.append(f"  failover    {'yes' if entry['route53_failover'] else 'no'} "
                 "(Route 53)")
    lines.append(f"  runbook     {entry['runbook_section']}")
    lines += [f"  note        {p}" for p in entry["prerequisites"]]
    lines += [f"  passes if   {j}" for j in entry["judge"]]
    lines.append(f"  start       aws fis start-experiment --region {entry['region']} "
                 f"--experiment-template-id \"$(pulumi stack output {entry['template_output']})\"")
    return "\n".join(lines) + "\n"
