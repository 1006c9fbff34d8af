"""`drspec runbook SPEC [-o FILE]`: the environment's DR runbook as Markdown.

The spec is validated first; an invalid spec prints the validate diagnostics
and nothing is written. Its recovery table is the assessment of the compiled
plan, as `drspec assess` makes it (or of the saved plan `--plan` names). The
runbook goes to standard output, or to FILE with `-o` (written only once it is
complete).

Exit codes: 0 the runbook was produced, 1 the spec is invalid or FILE cannot
be written, 2 usage errors (a plan that cannot be read, or that belongs to
another spec).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "render the DR runbook for a spec as Markdown"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the runbook to FILE instead of standard output")
    parser.add_argument("--plan", metavar="PLAN.json",
                        help="judge this saved plan (`drspec plan SPEC --format json`) "
                             "instead of compiling the spec")


def run(args: argparse.Namespace) -> int:
    from drspec.assess.engine import assess
    from drspec.assess.graph import PlanGraph
    from drspec.pipeline import validated
    from drspec.plan.obtain import PlanProblem, plan_to_judge
    from drspec.reporters import render
    from drspec.runbook.render import render as render_runbook

    result, problems = validated(args.spec)
    if result is None:
        sys.stdout.write(render("text", problems))
        return 1
    assert result.spec is not None
    try:
        plan = plan_to_judge("runbook", args.spec, result.spec, args.plan)
    except PlanProblem as exc:
        print(f"drspec runbook: {exc}", file=sys.stderr)
        return exc.code
    graph = None if plan is None else PlanGraph(plan)
    text = render_runbook(result.spec, assess(result.spec, graph))
    if args.output is None:
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    try:
        _write(target, text)
    except OSError as exc:
        print(f"drspec runbook: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"drspec runbook: wrote {target}", file=sys.stderr)
    return 0


def _write(target: Path, text: str) -> None:
    """Write through a temporary file beside `target`, so a failure leaves no half file."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
