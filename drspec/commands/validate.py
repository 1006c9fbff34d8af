"""`drspec validate PATH...`: check spec files and report every finding.

Paths are files or directories (searched recursively for `*.yaml` and `*.yml`).
All findings of all files go into one report, in the format `--format` names.

Exit codes: 0 no errors (warnings allowed), 1 at least one error, 2 usage
errors (argparse's own exit code, or a directory with no spec files in it).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Iterable, Sequence
from pathlib import Path

from drspec.codes import rule
from drspec.diagnostics import Diagnostic, Severity, has_errors, sorted_diagnostics

HELP = "check spec files against the schema and semantic rules"
FORMATS = ("text", "json", "sarif", "github")
SPEC_SUFFIXES = (".yaml", ".yml")

E_INTERNAL = rule(
    "E000",
    "internal error",
    "drspec itself failed on this file; the file may still be wrong, but this is a bug in "
    "drspec. Please report it with the file attached.",
)


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
    from drspec.reporters import render
    from drspec.reporters.text import summary

    files, empty_dirs = collect_files(args.paths)
    if empty_dirs:
        for directory in empty_dirs:
            print(f"drspec validate: no *.yaml or *.yml files under {directory}", file=sys.stderr)
        return 2
    found: list[Diagnostic] = []
    files_with_findings = 0
    for file in files:
        diagnostics = check_file(file, strict=args.strict)
        files_with_findings += bool(diagnostics)
        found += diagnostics
    # A base spec several overlays extend is checked with each; report its findings once.
    found = sorted_diagnostics(found)
    report = render(args.format, found)
    if report:
        sys.stdout.write(report)
        sys.stdout.flush()
    if args.format == "text":
        print(summary(found, len(files), files_with_findings), file=sys.stderr)
    return 1 if has_errors(found) else 0


def collect_files(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """The spec files `paths` name, in order, each once; and directories holding none.

    A path that is not a directory is kept as given, even when it does not
    exist: the loader reports a missing file as a located error.
    """
    files: list[str] = []
    empty: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        path = Path(raw)
        found = _specs_under(path) if path.is_dir() else [raw]
        if not found:
            empty.append(raw)
        for file in found:
            key = os.path.normcase(os.path.abspath(file))
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files, empty


def _specs_under(directory: Path) -> list[str]:
    found = (
        p for p in directory.rglob("*")
        if p.suffix in SPEC_SUFFIXES and p.is_file()
    )
    return sorted(str(p) for p in found)


def check_file(file: str, *, strict: bool) -> Sequence[Diagnostic]:
    """Every diagnostic for one file; a crash inside drspec becomes a diagnostic too.

    Bad input must never end in a traceback. Should a phase still raise, the
    user gets a located `E000` finding naming the exception (and the traceback
    when `DRSPEC_DEBUG` is set) instead of losing the findings of the other files.
    """
    from drspec.pipeline import check

    try:
        return check(file, strict=strict).diagnostics
    except Exception as exc:  # reported as a finding, see the docstring
        if os.environ.get("DRSPEC_DEBUG"):
            traceback.print_exc()
        return [Diagnostic(
            E_INTERNAL, Severity.ERROR,
            f"drspec failed while checking this file: {_describe(exc)}",
            file, 1, 1,
            "this is a bug in drspec; set DRSPEC_DEBUG=1 for the traceback and report it",
        )]


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
