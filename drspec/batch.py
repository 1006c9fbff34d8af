"""`drspec validate` over many files: every core, and little kept per file.

Each file is checked in a worker process (`drspec.parallel`); what comes back
is only what the report needs: the findings, which bases the file extends,
whether it looks like a spec at all and which required top-level keys it
lacks (a partial base). The loaded document and model stay in the worker, so
memory does not grow with the number of files beyond their findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from drspec.diagnostics import Diagnostic
from drspec.load.discover import Target

#: files per run below which checking stays in this process
MIN_FILES_FOR_POOL = 48


@dataclass(frozen=True)
class Checked:
    """One file's outcome, as the report needs it."""

    target: Target
    diagnostics: list[Diagnostic]
    #: `file_key`s of the bases the file extends
    bases: tuple[str, ...]
    #: whether a file found in a directory is meant as a drspec spec
    is_spec: bool
    #: the required top-level keys it lacks after its own `extends` (a partial base)
    missing: tuple[str, ...]


@dataclass(frozen=True)
class _Job:
    target: Target
    strict: bool
    debug: bool


def check_file(job: _Job) -> Checked:
    from drspec.load.discover import file_key, looks_like_spec
    from drspec.pipeline import check_safely

    result, diagnostics = check_safely(job.target.path, strict=job.strict, debug=job.debug)
    document = result.document if result else None
    bases = tuple(file_key(b) for b in document.files[1:]) if document is not None else ()
    return Checked(job.target, diagnostics, bases, looks_like_spec(document, diagnostics),
                   tuple(missing_top_level(document.data if document else None)))


def missing_top_level(data: dict[str, object] | None) -> list[str]:
    """The top-level keys every environment needs that `data` lacks: a base that lacks
    none is an environment and is checked as one."""
    from drspec.schema.validator import load_schema

    if data is None:
        return []
    required: list[str] = load_schema().get("required", [])
    return [f"'{key}'" for key in required if key not in data]


def _warm() -> None:
    """Per worker: import the pipeline and compile the schema's validators once."""
    import drspec.pipeline  # noqa: F401
    from drspec.schema.quick import surely_valid
    from drspec.schema.validator import validator

    validator()
    surely_valid({})


def check_files(targets: Sequence[Target], *, strict: bool = False,
                debug: bool = False) -> list[Checked]:
    """Every target checked, in order; on every core when there are many."""
    from drspec.parallel import Progress, run_in_order

    progress = Progress(len(targets), "drspec validate")
    jobs = [_Job(t, strict, debug) for t in targets]
    return run_in_order(check_file, jobs, initializer=_warm, progress=progress,
                        min_items=MIN_FILES_FOR_POOL)
