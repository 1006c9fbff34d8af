"""`drspec validate PATH...`: check spec files and report every finding.

Paths are files or directories (searched recursively for `*.yaml` and `*.yml`,
leaving out hidden ones such as `.github/`). In a directory, YAML that is not a
drspec spec (a CI workflow, docker-compose, `Pulumi.yaml`) is skipped with a
note on stderr; a file named on the command line is always checked. A base
that other specs of the same run extend is checked through them (it may be
partial, without `environment`), not on its own. All findings of all files go
into one report, in the format `--format` names.

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
    from drspec.load.discover import collect_files, file_key, looks_like_spec
    from drspec.pipeline import check_safely
    from drspec.reporters import render
    from drspec.reporters.text import summary

    targets, empty_dirs = collect_files(args.paths)
    if empty_dirs:
        for directory in empty_dirs:
            print(f"drspec validate: no *.yaml or *.yml files under {directory}", file=sys.stderr)
        return 2
    found: list[Diagnostic] = []
    checked = files_with_findings = 0
    results = [(target, *check_safely(target.path, strict=args.strict)) for target in targets]
    bases = {file_key(base) for _, result, _ in results
             if result is not None and result.document is not None
             for base in result.document.files[1:]}
    for target, result, diagnostics in results:
        document = result.document if result else None
        if target.searched and not looks_like_spec(document, diagnostics):
            print(f"drspec validate: skipped {target.path}: not a drspec spec (no 'version: 1', "
                  "'extends', 'environment', 'region' or 'network' at the top)", file=sys.stderr)
            continue
        if file_key(target.path) in bases:
            # A base may be partial (no `environment`); what it holds is checked, and
            # located in it, through every spec that extends it.
            print(f"drspec validate: {target.path}: a base; checked through the specs that "
                  "extend it", file=sys.stderr)
            continue
        checked += 1
        files_with_findings += bool(diagnostics)
        found += diagnostics
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
        print(summary(found, checked, files_with_findings), file=sys.stderr)
    return 1 if has_errors(found) else 0
