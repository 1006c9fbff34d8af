"""`drspec new NAME --from KIND [-o FILE]`: a new spec from a template.

KIND is `single-region`, `pilot-light` or `warm-standby`; the spec's comments
teach the format. The text is validated before it is written and is valid as
written. It goes to standard output, or to FILE with `-o` (never over an
existing file).

Exit codes: 0 written, 1 FILE exists or cannot be written, 2 usage errors
(a name, environment or region no spec can hold).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "write a new spec from a template (single-region, pilot-light, warm-standby)"
KINDS = ("single-region", "pilot-light", "warm-standby")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="the application name (orders, billing)")
    parser.add_argument("--from", dest="kind", choices=KINDS, required=True,
                        help="the starting point: single-region, pilot-light or warm-standby")
    parser.add_argument("--environment", help="the environment (default: dev, staging or "
                        "prod, by template)")
    parser.add_argument("--region", default="us-east-1", help="the primary region "
                        "(default: us-east-1)")
    parser.add_argument("--secondary-region", help="the DR region (default: a nearby region)")
    parser.add_argument("--team", default="platform", help="the `team` tag (default: platform)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE (never over an "
                        "existing file) instead of standard output")


def run(args: argparse.Namespace) -> int:
    from drspec.diagnostics import has_errors
    from drspec.reporters.text import render
    from drspec.scaffold.spec import ScaffoldError, SpecRequest, checked, render_spec

    target = Path(args.output) if args.output else None
    shown = args.output or f"{args.name}.yaml"
    request = SpecRequest(args.name, args.kind, args.environment, args.region,
                          args.secondary_region, args.team, shown)
    try:
        text = render_spec(request)
    except ScaffoldError as exc:
        print(f"drspec new: {exc}", file=sys.stderr)
        return 2
    found = checked(text, shown)
    if has_errors(found):  # a template bug: say so rather than write a broken spec
        sys.stderr.write(render(found))
        print("drspec new: the template produced an invalid spec; this is a bug in drspec",
              file=sys.stderr)
        return 1
    if target is None:
        sys.stdout.write(text)
        return 0
    try:
        with target.open("x", encoding="utf-8") as fh:
            fh.write(text)
    except FileExistsError:
        print(f"drspec new: {target} exists; not overwritten", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"drspec new: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"drspec new: wrote {target}; check it with `drspec validate {target}`",
          file=sys.stderr)
    return 0
