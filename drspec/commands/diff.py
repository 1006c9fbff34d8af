"""`drspec diff OLD NEW`: what a change does to an environment, resource by resource.

OLD and NEW are each a spec or a saved plan (`drspec plan --format json`).
Printed: resources added, deleted and changed (each changed input, old → new),
and every change that makes AWS replace a resource, with the source that says
so; a replaced or deleted stateful resource names the data at risk. In an
environment named `prod*`, destroying a stateful resource is refused unless
the new spec waives W703.

Exit codes (as `git diff --exit-code`): 0 no differences, 1 differences,
2 bad input (a missing file, an invalid spec, a file that is no plan),
3 a stateful resource would be destroyed in production and W703 is not waived.
"""

from __future__ import annotations

import argparse
import sys

HELP = "compare two specs or saved plans: what is added, removed, changed and replaced"
FORMATS = ("text", "json")
EXIT_REFUSED = 3


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", metavar="OLD", help="the spec or saved plan before the change")
    parser.add_argument("new", metavar="NEW", help="the spec or saved plan after the change")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text (default, for people) or json")


def run(args: argparse.Namespace) -> int:
    from drspec.diff.compare import compare
    from drspec.diff.guardrail import refusals
    from drspec.diff.report import render_json, render_text
    from drspec.diff.sources import BadInput, load_side
    from drspec.reporters.text import render

    try:
        old, new = load_side(args.old), load_side(args.new)
    except BadInput as exc:
        if exc.diagnostics:
            sys.stderr.write(render(exc.diagnostics))
        print(f"drspec diff: {exc}", file=sys.stderr)
        return 2
    diff = compare(old, new)
    refused = refusals(diff)
    renderer = render_json if args.format == "json" else render_text
    sys.stdout.write(renderer(diff, args.old, args.new, refused))
    sys.stdout.flush()
    if any(r.waived is None for r in refused):
        return EXIT_REFUSED
    return 0 if diff.equal else 1
