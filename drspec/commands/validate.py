"""`drspec validate PATH...`: check spec files and report every finding.

Paths are files or directories (searched recursively for `*.yaml` and `*.yml`,
leaving out hidden ones such as `.github/`). In a directory, YAML that is not a
drspec spec (a CI workflow, docker-compose, `Pulumi.yaml`) is skipped with a
note on stderr; a file named on the command line is always checked. A base
that is a complete environment (every required top-level key) is checked as
one, and through the specs that extend it; a partial base (say, without
`environment`) that specs of the same run extend is checked through them only.
The summary counts both. All findings of all files go into one report, in the
format `--format` names.

Exit codes: 0 no errors (warnings allowed), 1 at least one error, 2 usage
errors (argparse's own exit code, or a directory with no specs in it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from drspec.diagnostics import Diagnostic, has_errors, sorted_diagnostics

HELP = "check spec files against the schema and semantic rules"
FORMATS = ("text", "json", "sarif", "github")



def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="spec files, or directories to search for *.yaml and *.yml",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text",
        help="output format (default: text, `FILE:LINE:COL: error[CODE] message`)",
    )
    parser.add_argument(
        "--strict", action="store_true",
        help="treat warnings as errors (waived warnings stay warnings)",
    )


def run(args: argparse.Namespace) -> int:
    from drspec.load.discover import collect_files, file_key
    from drspec.reporters import render
    from drspec.reporters.text import summary

    targets, empty_dirs = collect_files(args.paths)
    if empty_dirs:
        for directory in empty_dirs:
            print(f"drspec validate: no *.yaml or *.yml files under {directory}", file=sys.stderr)
        return 2
    from drspec.batch import check_files

    debug = getattr(args, "debug", False)
    results = check_files(targets, strict=args.strict, debug=debug)
    bases = {base for outcome in results for base in outcome.bases}
    found: list[Diagnostic] = []
    alone: list[list[Diagnostic]] = []  # the findings of each file checked on its own
    through_overlays: list[str] = []
    for outcome in results:
        target, diagnostics = outcome.target, outcome.diagnostics
        if target.searched and not outcome.is_spec:
            print(f"drspec validate: skipped {target.path}: not a drspec spec (no 'version: 1', "
                  "'extends', 'environment', 'region' or 'network' at the top)", file=sys.stderr)
            continue
        if file_key(target.path) in bases and outcome.missing:
            # A partial base is no environment of its own; what it holds is checked,
            # and located in it, through every spec that extends it.
            print(f"drspec validate: {target.path}: a partial base (no "
                  f"{', '.join(outcome.missing)}); checked through the specs that extend it",
                  file=sys.stderr)
            through_overlays.append(file_key(target.path))
            continue
        alone.append(diagnostics)
        found += diagnostics
    checked = len(alone) + len(through_overlays)
    if not checked:
        searched = ", ".join(p for p in args.paths if Path(p).is_dir())
        print(f"drspec validate: no drspec specs under {searched}", file=sys.stderr)
        return 2
    # A base spec several overlays extend is checked with each; report its findings once.
    found = sorted_diagnostics(found)
    report = render(args.format, found)
    if report:
        sys.stdout.write(report)
        sys.stdout.flush()
    if args.format == "text":
        with_findings = _files_with_findings(alone, set(through_overlays))
        print(summary(found, checked, with_findings), file=sys.stderr)
    return 1 if has_errors(found) else 0


def _files_with_findings(alone: list[list[Diagnostic]], bases: set[str]) -> int:
    """How many checked files have findings: a finding located in a partial base counts
    for that base, once; any other finding for the file checked."""
    from drspec.load.discover import file_key

    in_bases = set()
    count = 0
    for diagnostics in alone:
        own = [d for d in diagnostics if file_key(d.file) not in bases]
        in_bases |= {file_key(d.file) for d in diagnostics if file_key(d.file) in bases}
        count += bool(own)
    return count + len(in_bases)
