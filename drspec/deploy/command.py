"""What `drspec preview`, `drspec up` and `drspec destroy` share: arguments and flow.

Exit codes: 0 every stack succeeded, 1 a spec is invalid or a stack failed,
2 usage errors (no Pulumi CLI, no Pulumi.yaml, two specs of one environment,
`destroy` without `--yes`).
"""

from __future__ import annotations

import argparse
import sys


def add_arguments(parser: argparse.ArgumentParser, action: str) -> None:
    parser.add_argument("specs", nargs="+", metavar="SPEC",
                        help="spec files; one stack each, named after its environment")
    if action == "destroy":
        parser.add_argument("--yes", action="store_true",
                            help="really delete every resource of these stacks")


def run(args: argparse.Namespace, action: str) -> int:
    from drspec.deploy.run import pulumi_missing, render_summary, run_all
    from drspec.deploy.stacks import select
    from drspec.reporters.text import render

    if action == "destroy" and not args.yes:
        print("drspec destroy: deletes every resource of the stacks (protected ones stop it); "
              "add --yes to go ahead", file=sys.stderr)
        return 2
    selection = select(args.specs)
    if selection.diagnostics:
        sys.stderr.write(render(selection.diagnostics))
        print(f"drspec {action}: invalid specs; nothing was run", file=sys.stderr)
        return 1
    for problem in selection.problems:
        print(f"drspec {action}: {problem}", file=sys.stderr)
    if selection.problems:
        return 2
    missing = pulumi_missing()
    if missing:
        print(f"drspec {action}: {missing}", file=sys.stderr)
        return 2
    outcomes = run_all(action, selection.targets)
    sys.stdout.write(render_summary(action, outcomes))
    return 0 if all(o.ok for o in outcomes) else 1
