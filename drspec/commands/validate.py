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
import glob
import os
import sys
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from drspec.codes import rule
from drspec.diagnostics import Diagnostic, Severity, has_errors, sorted_diagnostics

if TYPE_CHECKING:
    from drspec.pipeline import Result

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

    targets, empty_dirs = collect_files(args.paths)
    if empty_dirs:
        for directory in empty_dirs:
            print(f"drspec validate: no *.yaml or *.yml files under {directory}", file=sys.stderr)
        return 2
    found: list[Diagnostic] = []
    checked = files_with_findings = 0
    results = [(target, *_check(target.path, strict=args.strict)) for target in targets]
    bases = {_key(base) for _, result, _ in results
             if result is not None and result.document is not None
             for base in result.document.files[1:]}
    for target, result, diagnostics in results:
        if target.searched and not looks_like_spec(result, diagnostics):
            print(f"drspec validate: skipped {target.path}: not a drspec spec (no 'version: 1', "
                  "'extends', 'environment', 'region' or 'network' at the top)", file=sys.stderr)
            continue
        if _key(target.path) in bases:
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


@dataclass(frozen=True)
class Target:
    """A file to check; `searched` when found in a directory rather than named."""

    path: str
    searched: bool = False


def collect_files(paths: Iterable[str]) -> tuple[list[Target], list[str]]:
    """The files `paths` name, in order, each once; and directories holding no YAML.

    A path that is not a directory is kept as given, even when it does not
    exist: the loader reports a missing file as a located error. A file both
    named and found in a directory counts as named.
    """
    targets: dict[str, Target] = {}
    empty: list[str] = []
    for raw in paths:
        path = Path(raw)
        searched = path.is_dir()
        found = _yaml_under(path) if searched else _expanded(raw)
        if not found:
            empty.append(raw)
        for file in found:
            key = _key(file)
            known = targets.get(key)
            if known is None:
                targets[key] = Target(file, searched)
            elif known.searched and not searched:
                targets[key] = Target(known.path, searched=False)
    return list(targets.values()), empty


def _expanded(raw: str) -> list[str]:
    """`raw`, or the files it matches when it is a pattern no shell expanded (Windows)."""
    if any(c in raw for c in "*?[") and not os.path.exists(raw):
        return sorted(glob.glob(raw, recursive=True)) or [raw]
    return [raw]


def _key(file: str) -> str:
    """One spelling per file (`./specs/x.yaml`, `specs/x.yaml`)."""
    return os.path.normcase(os.path.abspath(file))


def _yaml_under(directory: Path) -> list[str]:
    """YAML files below `directory`, sorted; hidden files and directories (`.github`,
    `.venv`) are not searched."""
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.normpath(os.path.join(root, f)) for f in files
                  if not f.startswith(".") and Path(f).suffix in SPEC_SUFFIXES]
    return sorted(found, key=lambda f: Path(f).parts)


#: top-level keys only a drspec spec has among the YAML files a repository holds
SPEC_MARKERS = frozenset({"extends", "environment", "region", "network"})


def looks_like_spec(result: Result | None, diagnostics: Sequence[Diagnostic]) -> bool:
    """Whether a YAML file found in a directory is meant as a drspec spec.

    Other YAML (CI workflows, docker-compose, Pulumi project files) is skipped
    rather than reported key by key. A file that cannot be read as YAML at all
    counts as a spec: it may be one, and its error must not go unseen.
    """
    from drspec.loader import E_NOT_MAPPING

    if result is None or result.document is None:
        return not any(d.code == E_NOT_MAPPING for d in diagnostics)
    data = result.document.data
    return bool(SPEC_MARKERS & data.keys()) or data.get("version") == 1


def check_file(file: str, *, strict: bool) -> Sequence[Diagnostic]:
    """Every diagnostic for one file; a crash inside drspec becomes a diagnostic too.

    Bad input must never end in a traceback. Should a phase still raise, the
    user gets a located `E000` finding naming the exception (and the traceback
    when `DRSPEC_DEBUG` is set) instead of losing the findings of the other files.
    """
    return _check(file, strict=strict)[1]


def _check(file: str, *, strict: bool) -> tuple[Result | None, Sequence[Diagnostic]]:
    from drspec.pipeline import check

    try:
        result = check(file, strict=strict)
    except Exception as exc:  # reported as a finding, see check_file
        if os.environ.get("DRSPEC_DEBUG"):
            traceback.print_exc()
        return None, [Diagnostic(
            E_INTERNAL, Severity.ERROR,
            f"drspec failed while checking this file: {_describe(exc)}",
            file, 1, 1,
            "this is a bug in drspec; set DRSPEC_DEBUG=1 for the traceback and report it",
        )]
    return result, result.diagnostics


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
