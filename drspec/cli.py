"""The `drspec` command line: a thin dispatcher over `drspec.commands.<name>`.

Each command module defines `HELP`, `add_arguments(parser)` and
`run(args) -> int`; it is imported only when its command runs, so
`drspec validate` never pays for Pulumi's imports.

Exit codes: 0 success, 1 the spec has errors (or unmet objectives),
2 usage errors.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from drspec import __version__

COMMANDS: dict[str, str] = {
    "validate": "check spec files against the schema and semantic rules",
    "schema": "print the JSON Schema of the spec format",
    "plan": "show every resource a spec compiles to (offline, under Pulumi mocks)",
    "assess": "judge a spec's design against its RTO/RPO objectives per failure scenario",
    "runbook": "render the DR runbook for a spec as Markdown",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drspec",
        description="Disaster-recovery environments on AWS from one validated YAML spec.",
    )
    parser.add_argument("--version", action="version", version=f"drspec {__version__}")
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
    try:
        result: int = _module(args.command).run(args)
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover - `drspec plan | head`
        return 0
    return result
