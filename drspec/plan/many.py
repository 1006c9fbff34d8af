"""`drspec plan` with several specs or directories: plans, then a summary table.

The specs are planned on every core (`drspec.plan.batch`); the output keeps
the order the files were named or found in. Directories are searched as
`drspec validate` searches them: YAML that is no drspec spec is skipped, and a
partial base is planned only through the specs that extend it.

Output: `table` prints each plan under its file's name, then the summary;
`json` prints one object, file -> plan (the summary goes to standard error).
With `-o DIR`, each plan goes to `DIR/<file stem>.json` (or `.txt`) and only
the summary is printed. Exit codes: 0 every spec planned, 1 one was invalid or
failed, 2 usage errors.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from drspec.diagnostics import Diagnostic
from drspec.plan.batch import Planned

HEADERS = ("spec", "environment", "resources", "protected", "result")


def run_many(paths: Sequence[str], fmt: str, output: str | None,
             render: Callable[[Sequence[Diagnostic]], str]) -> int:
    """Plan every spec `paths` name or hold; `render` turns findings into text."""
    from drspec.load.discover import collect_files
    from drspec.plan.batch import plan_files

    targets, empty = collect_files(paths)
    for directory in empty:
        print(f"drspec plan: no *.yaml or *.yml files under {directory}", file=sys.stderr)
    if empty:
        return 2
    stems = [Path(t.path).stem for t in targets]
    if output and len(set(stems)) < len(stems):
        print("drspec plan: two specs share a file name; -o DIR names plans after it",
              file=sys.stderr)
        return 2
    outcomes = _kept(plan_files(targets, fmt))
    if not outcomes:
        print("drspec plan: no drspec specs in " + ", ".join(paths), file=sys.stderr)
        return 2
    for outcome in outcomes:
        if outcome.text is None:
            sys.stderr.write(render([d for d in outcome.diagnostics if d.is_error]))
            if outcome.note != "invalid":
                print(f"drspec plan: {outcome.target.path}: {outcome.note}", file=sys.stderr)
    summary = summary_table(outcomes)
    if output:
        _write_all(Path(output), outcomes, fmt)
        sys.stdout.write(summary)
    elif fmt == "json":
        plans = {o.target.path: json.loads(o.text) for o in outcomes if o.text is not None}
        sys.stdout.write(json.dumps(plans, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
        sys.stderr.write(summary)
    else:
        for outcome in outcomes:
            if outcome.text is not None:
                sys.stdout.write(f"== {outcome.target.path}\n{outcome.text}\n")
        sys.stdout.write(summary)
    return 0 if all(o.text is not None for o in outcomes) else 1


def _kept(outcomes: Sequence[Planned]) -> list[Planned]:
    """Leave out YAML found in a directory that is no spec, and partial bases."""
    bases = {base for o in outcomes for base in o.bases}
    from drspec.load.discover import file_key

    kept = []
    for outcome in outcomes:
        if outcome.target.searched and not outcome.is_spec:
            continue
        if file_key(outcome.target.path) in bases and outcome.missing:
            continue
        kept.append(outcome)
    return kept


def summary_table(outcomes: Sequence[Planned]) -> str:
    rows = [HEADERS]
    for o in outcomes:
        result = "planned" if o.text is not None else (
            f"{sum(d.is_error for d in o.diagnostics)} errors" if o.note == "invalid"
            else "not planned")
        rows.append((o.target.path, o.environment or "-", str(o.resources) if o.text else "-",
                     str(o.protected) if o.text else "-", result))
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    planned = sum(o.text is not None for o in outcomes)
    return "\n".join(["", *lines, f"{planned} of {len(outcomes)} specs planned"]) + "\n"


def _write_all(directory: Path, outcomes: Sequence[Planned], fmt: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    suffix = ".json" if fmt == "json" else ".txt"
    for outcome in outcomes:
        if outcome.text is not None:
            (directory / (Path(outcome.target.path).stem + suffix)).write_text(
                outcome.text, encoding="utf-8")
