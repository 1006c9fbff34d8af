"""`drspec assess SPEC [--plan PLAN.json]`: judge the design against its objectives.

The spec is validated first; an invalid spec prints the validate diagnostics.
Then the spec is compiled offline (as `drspec plan` does), or the saved plan
PLAN.json (`drspec plan SPEC --format json -o PLAN.json`) is read instead, so
that CI assesses exactly what it planned; the spec still gives the objectives
and the locations of the findings. Every failure scenario is simulated on the
plan (`drspec.assess.simulate`) and printed with the RTO and RPO the design
achieves, what limits them and whether the declared objectives are met; each
unmet objective and each break is a located error with a hint. `--verbose`
lists every factor of every scenario, with its region and source.

Exit codes: 0 every objective met (or none declared) and nothing broken, 1 an
objective is not met, a break was found, or the spec is invalid, 2 usage
errors (a plan that cannot be read, or that belongs to another spec).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from drspec.model import Objectives

if TYPE_CHECKING:
    from drspec.assess.engine import Assessment

HELP = "judge a spec's design against its RTO/RPO objectives per failure scenario"
FORMATS = ("text", "json")
HEADERS = ("scenario", "RTO", "RPO", "limited by", "verdict")
FACTOR_HEADERS = ("component", "region", "RTO", "RPO", "mechanism", "source")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file to assess")
    parser.add_argument("--plan", metavar="PLAN.json",
                        help="assess this saved plan (`drspec plan SPEC --format json`) "
                             "instead of compiling the spec")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="output format (default: text, a table and located findings)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="text: also list every factor of every scenario")


def run(args: argparse.Namespace) -> int:
    from drspec.assess.engine import assess, diagnostics, summary_rows
    from drspec.assess.graph import PlanGraph
    from drspec.diagnostics import sorted_diagnostics
    from drspec.pipeline import validated
    from drspec.plan.obtain import PlanProblem, plan_to_judge
    from drspec.reporters import render

    result, problems = validated(args.spec)
    if result is None:
        sys.stdout.write(render(args.format, problems))
        return 1
    assert result.spec is not None and result.document is not None
    try:
        plan = plan_to_judge("assess", args.spec, result.spec, args.plan)
    except PlanProblem as exc:
        print(f"drspec assess: {exc}", file=sys.stderr)
        return exc.code
    assessment = assess(result.spec, None if plan is None else PlanGraph(plan))
    errors = diagnostics(assessment, result.document)
    if args.format == "json":
        data = assessment.to_dict()
        data["plan"] = args.plan or (None if plan is None else "compiled from the spec")
        data["diagnostics"] = [d.to_dict() for d in sorted_diagnostics(errors)]
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=False) + "\n")
    else:
        sys.stdout.write(_text(result.file, assessment.objectives, summary_rows(assessment)))
        if args.verbose:
            sys.stdout.write(_factors(assessment))
        report = render("text", sorted_diagnostics(errors))
        if report:
            sys.stdout.write("\n" + report)
    return 0 if assessment.ok else 1


def _text(file: str, objectives: Objectives | None, rows: Sequence[tuple[str, ...]]) -> str:
    from drspec.assess.engine import human_duration

    if objectives is not None:
        wanted = ", ".join(f"{name} {human_duration(value)}" for name, value in
                           (("RTO", objectives.rto), ("RPO", objectives.rpo))
                           if value is not None)
        head = f"{file}: objectives {wanted}"
    else:
        head = f"{file}: no objectives declared (add `objectives: {{rto, rpo}}` to judge them)"
    return head + "\n\n" + _table(HEADERS, rows)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    table = [headers, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in table]
    return "\n".join(lines) + "\n"


def _factors(assessment: Assessment) -> str:
    """Every factor of every scenario, and its breaks (`--verbose`)."""
    from drspec.assess.engine import human_duration

    out = []
    for scenario in assessment.scenarios:
        rows = [(f.component, f.region or "-", human_duration(f.rto_seconds),
                 human_duration(f.rpo_seconds), f.mechanism, f.source)
                for f in scenario.factors]
        out.append(f"\n{scenario.title}:\n" + _table(FACTOR_HEADERS, rows))
        out += [f"  broken: {b.message}\n" for b in scenario.breaks]
    return "".join(out)
