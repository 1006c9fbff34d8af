"""`drspec runbook SPEC [-o FILE]`: the environment's DR runbook as Markdown.

The spec is validated first; an invalid spec prints the validate diagnostics
and nothing is written. The runbook goes to standard output, or to FILE with
`-o` (written only once it is complete).

Exit codes: 0 the runbook was produced, 1 the spec is invalid or FILE cannot
be written, 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "render the DR runbook for a spec as Markdown"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the runbook to FILE instead of standard output")


def run(args: argparse.Namespace) -> int:
    from drspec.pipeline import validated
    from drspec.reporters import render
    from drspec.runbook.render import render as render_runbook

    result, problems = validated(args.spec)
    if result is None:
        sys.stdout.write(render("text", problems))
        return 1
    assert result.spec is not None
    text = render_runbook(result.spec)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    try:
        _write(target, text)
    except OSError as exc:
        print(f"drspec runbook: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"drspec runbook: wrote {target}", file=sys.stderr)
    return 0


def _write(target: Path, text: str) -> None:
    """Write through a temporary file beside `target`, so a failure leaves no half file."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
