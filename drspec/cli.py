"""The `drspec` command line: a thin dispatcher over `drspec.commands.<name>`.

Each command module defines `HELP`, `add_arguments(parser)` and
`run(args) -> int`; it is imported only when its command runs, so
`drspec validate` never pays for Pulumi's imports.

Exit codes: 0 success, 1 the spec has errors (or unmet objectives),
2 usage errors, 3 drspec itself failed (a bug: one line on stderr naming the
exception and the spec; `--debug`, or `DRSPEC_DEBUG=1`, adds the traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from drspec.version import __version__

COMMANDS: dict[str, str] = {
    "validate": "check spec files against the schema and semantic rules",
    "schema": "print the JSON Schema of the spec format",
    "plan": "show every resource a spec compiles to (offline, under Pulumi mocks)",
    "assess": "judge a spec's design against its RTO/RPO objectives per failure scenario",
    "runbook": "render the DR runbook for a spec as Markdown",
    "drill": "list the DR drills (AWS FIS experiments) a spec builds and what each should show",
    "diff": "compare two specs or saved plans: what is added, removed, changed and replaced",
    "render": "print the merged spec after `extends`, optionally with where each value came from",
    "new": "write a new spec from a template (single-region, pilot-light, warm-standby)",
    "init": "write a Pulumi project using drspec, example specs, pre-commit and CI into DIR",
    "preview": "show what pulumi up would change, one stack per spec (needs the Pulumi CLI)",
    "up": "deploy one stack per spec through Pulumi's Automation API (needs the Pulumi CLI)",
    "destroy": "delete the resources of one stack per spec (needs the Pulumi CLI and --yes)",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drspec",
        description="Disaster-recovery environments on AWS from one validated YAML spec.",
    )
    parser.add_argument("--version", action="version", version=f"drspec {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the traceback when drspec itself fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        _module(name).add_arguments(cmd)
    return parser


def _module(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"drspec.commands.{name}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    args.debug = args.debug or bool(os.environ.get("DRSPEC_DEBUG"))
    try:
        result: int = _module(args.command).run(args)
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover - `drspec plan | head`
        return 0
    except Exception as exc:  # a bug in drspec, never the user's input: one line, exit 3
        return internal_error(args, exc)
    return result


#: the exit code of a failure inside drspec (1 is for specs with errors, 2 for usage)
EXIT_INTERNAL = 3


def internal_error(args: argparse.Namespace, exc: Exception) -> int:
    """One line naming the exception and the spec; the traceback only with `--debug`."""
    if args.debug:
        traceback.print_exc()
    specs = getattr(args, "spec", None) or ", ".join(getattr(args, "paths", None) or ())
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    where = f" on {specs}" if specs else ""
    tail = "report it" if args.debug else "rerun with --debug for the traceback and report it"
    print(f"drspec {args.command}: internal error{where}: {detail} "
          f"(this is a bug in drspec; {tail})", file=sys.stderr)
    return EXIT_INTERNAL
