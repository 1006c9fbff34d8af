"""`drspec plan` over many specs: one worker per core, Pulumi imported once per worker.

Each worker imports Pulumi and the pulumi-aws modules drspec uses once (in
`warm`), then captures spec after spec; `capture` resets the mock runtime
before and after each one. A worker returns the plan as text and a line for
the summary, so results cross the process boundary as plain data, in the
order the specs were given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from drspec.diagnostics import Diagnostic
from drspec.load.discover import Target

if TYPE_CHECKING:
    from drspec.model import Spec
    from drspec.plan.capture import Plan

#: the pulumi-aws modules the factory uses (imported lazily by pulumi-aws itself)
AWS_MODULES = ("acm", "apigatewayv2", "appautoscaling", "backup", "cloudwatch", "dynamodb",
               "ec2", "iam", "kms", "lambda_", "route53", "s3", "scheduler", "sns", "vpc")


@dataclass(frozen=True)
class Planned:
    """One file's outcome: a plan, findings, or the reason it was left out."""

    target: Target
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None
    environment: str = ""
    resources: int = 0
    protected: int = 0
    #: `file_key`s of the bases the file extends
    bases: tuple[str, ...] = ()
    #: why the file is not planned (not a spec, a partial base) or how it failed
    note: str = ""
    is_spec: bool = True
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Job:
    target: Target
    format: str


def warm() -> None:
    """Per worker: the imports every capture needs, once."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import pulumi_aws

        import drspec.factory
        import drspec.plan.capture  # noqa: F401

        for name in AWS_MODULES:
            getattr(pulumi_aws, name)


def plan_file(job: _Job) -> Planned:
    """Validate, then capture one spec (run in a worker)."""
    from drspec.batch import missing_top_level
    from drspec.factory.packaging import package_problems
    from drspec.load.discover import file_key, looks_like_spec
    from drspec.pipeline import check_safely

    target = job.target
    result, diagnostics = check_safely(target.path)
    document = result.document if result else None
    seen = Planned(
        target, diagnostics,
        bases=tuple(file_key(b) for b in document.files[1:]) if document else (),
        is_spec=looks_like_spec(document, diagnostics),
        missing=tuple(missing_top_level(document.data if document else None)))
    if result is None or not result.ok or result.spec is None:
        return replace(seen, note="invalid")
    spec_dir = Path(target.path).parent
    problems = package_problems(result.spec, spec_dir)
    if problems:
        return replace(seen, note="; ".join(problems))
    try:
        text, plan = _captured(result.spec, spec_dir, job.format)
    except Exception as exc:  # a failure of drspec: one line, the other specs go on
        return replace(seen, note=f"failed: {type(exc).__name__}: {exc}")
    return replace(seen, text=text, environment=result.spec.environment,
                   resources=len(plan.resources),
                   protected=sum(r.protect for r in plan.resources))


def _captured(spec: Spec, spec_dir: Path, fmt: str) -> tuple[str, Plan]:
    from drspec.plan.capture import capture_quietly
    from drspec.plan.table import render

    plan = capture_quietly(spec, spec_dir)
    return (plan.to_json() if fmt == "json" else render(plan)), plan


def plan_files(targets: Sequence[Target], fmt: str) -> list[Planned]:
    """Every target planned, in order, on every core."""
    from drspec.parallel import Progress, run_in_order

    progress = Progress(len(targets), "drspec plan")
    return run_in_order(plan_file, [_Job(t, fmt) for t in targets], initializer=warm,
                        progress=progress)
