"""`drspec render SPEC [--origins]`: the spec as drspec reads it, after `extends`.

Prints the merged YAML: a base spec with its overlays laid over it (maps merge
deeply, lists and scalars replace, `null` removes a key). With `--origins`
each line says which file and line its value came from. Only loading is
checked here (a file that cannot be read or parsed is reported, exit 1);
`drspec validate` checks the rest.
"""

from __future__ import annotations

import argparse
import sys

HELP = "print the merged spec after `extends`, optionally with where each value came from"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file to render")
    parser.add_argument("--origins", action="store_true",
                        help="add a `# FILE:LINE` comment naming where each value came from")


def run(args: argparse.Namespace) -> int:
    from drspec.diagnostics import has_errors
    from drspec.load.emit import emit
    from drspec.load.reader import load_file
    from drspec.reporters.text import render

    document, diagnostics = load_file(args.spec)
    if document is None or has_errors(diagnostics):
        sys.stderr.write(render(diagnostics))
        return 1
    files = ", ".join(document.files)
    sys.stdout.write(f"# {args.spec} after extends (drspec render): {files}\n")
    sys.stdout.write(emit(document, origins=args.origins))
    return 0
