"""`drspec plan SPEC`: every resource the spec compiles to, offline.

The spec is validated first, exactly as `drspec validate` does: errors are
printed to stderr and nothing else happens (exit 1). So is function code that
cannot be packaged or lacks the module its `handler` names (exit 1, one line
per function). A valid spec runs the
Pulumi program under mocks (`drspec.plan.capture.capture`, no AWS account and no
Pulumi CLI involved) and prints the plan as a table for people or as JSON
(the format of the golden plans in `tests/golden/`).

Should the program itself fail — a bug in drspec, not in the spec — the
exception reaches `drspec.cli`, which prints one line and exits 3.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drspec.plan.model import Plan

HELP = "show every resource a spec compiles to (offline, under Pulumi mocks)"
FORMATS = ("table", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("specs", nargs="+", metavar="SPEC",
                        help="the spec file to plan; or several, or directories of specs, "
                        "planned on every core")
    parser.add_argument(
        "--format", choices=FORMATS, default="table",
        help="table (default, for people) or json (the full plan, stable byte for byte)",
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE",
        help="write the plan to FILE instead of standard output (with several specs: a "
        "directory, one file per spec)",
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path as _Path

    if len(args.specs) > 1 or _Path(args.specs[0]).is_dir():
        from drspec.plan.many import run_many
        from drspec.reporters.text import render

        return run_many(args.specs, args.format, args.output, render)
    args.spec = args.specs[0]
    return _run_one(args)


def _run_one(args: argparse.Namespace) -> int:
    from drspec.pipeline import check
    from drspec.reporters.text import render

    result = check(args.spec)
    if result.diagnostics:
        sys.stderr.write(render(result.diagnostics))
    if not result.ok or result.spec is None:
        return 1
    from drspec.factory.packaging import package_problems

    problems = package_problems(result.spec, Path(args.spec).parent)
    if problems:  # the user's code, not drspec: no "report a bug" here
        for problem in problems:
            print(f"drspec plan: {args.spec}: {problem}", file=sys.stderr)
        return 1
    plan = make_plan(result.spec, Path(args.spec).parent)
    text = plan.to_json() if args.format == "json" else render_table(plan)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return 0


def make_plan(spec: object, spec_dir: Path) -> Plan:
    """The captured plan (exceptions propagate to `drspec.cli`: a bug in drspec)."""
    from drspec.model import Spec
    from drspec.plan.capture import capture_quietly

    assert isinstance(spec, Spec)
    return capture_quietly(spec, spec_dir)


def render_table(plan: Plan) -> str:
    from drspec.plan.table import render

    return render(plan)
