"""`drspec assess SPEC`: judge the design against its recovery objectives.

The spec is validated first; an invalid spec prints the validate diagnostics.
Then every failure scenario is printed with the RTO and RPO the design
achieves, what limits them and whether the declared objectives are met, and
each unmet objective as a located error with a hint.

Exit codes: 0 every objective met (or none declared), 1 an objective is not met
or the spec is invalid, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from drspec.model import Objectives

HELP = "judge a spec's design against its RTO/RPO objectives per failure scenario"
FORMATS = ("text", "json")
HEADERS = ("scenario", "RTO", "RPO", "limited by", "verdict")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("spec", metavar="SPEC", help="the spec file to assess")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="output format (default: text, a table and located findings)")


def run(args: argparse.Namespace) -> int:
    from drspec.assess.engine import assess, diagnostics, summary_rows
    from drspec.diagnostics import sorted_diagnostics
    from drspec.pipeline import validated
    from drspec.reporters import render

    result, problems = validated(args.spec)
    if result is None:
        sys.stdout.write(render(args.format, problems))
        return 1
    assert result.spec is not None and result.document is not None
    assessment = assess(result.spec)
    errors = diagnostics(assessment, result.document)
    if args.format == "json":
        data = assessment.to_dict()
        data["diagnostics"] = [d.to_dict() for d in sorted_diagnostics(errors)]
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=False) + "\n")
    else:
        sys.stdout.write(_text(result.file, assessment.objectives, summary_rows(assessment)))
        report = render("text", errors)
        if report:
            sys.stdout.write("\n" + report)
    return 0 if assessment.ok else 1


def _text(file: str, objectives: Objectives | None, rows: Sequence[tuple[str, ...]]) -> str:
    from drspec.assess.engine import human_duration

    if objectives is not None:
        wanted = ", ".join(f"{name} {human_duration(value)}" for name, value in
                           (("RTO", objectives.rto), ("RPO", objectives.rpo))
                           if value is not None)
        head = f"{file}: objectives {wanted}"
    else:
        head = f"{file}: no objectives declared (add `objectives: {{rto, rpo}}` to judge them)"
    table = [HEADERS, *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADERS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
             for row in table]
    return head + "\n\n" + "\n".join(lines) + "\n"
