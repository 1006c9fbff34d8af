"""The promise `validate` makes, checked on one spec: a spec it accepts plans,
assesses (simulated on its plan) and renders a runbook without raising; a spec
it rejects gets located findings only (no E000 "drspec failed")."""

from __future__ import annotations

import shutil
import tempfile
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from drspec.codes import E_INTERNAL
from drspec.pipeline import check_safely


@dataclass
class Outcome:
    """What one mutant did: rejected (located findings), accepted and planned, or crashed."""

    valid: bool
    planned: bool = False
    crash: str | None = None  # a one-line signature of the failure
    detail: str = ""


def dump(data: dict[str, Any], header: Sequence[str] = ()) -> str:
    comments = "".join(f"# {line}\n" for line in header)
    return comments + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _signature(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/drspec/" in f.filename]
    where = (f"{Path(frames[-1].filename).name}:{frames[-1].name}" if frames
             else str(exc).split(":")[0][:60])
    return f"{type(exc).__name__} in {where}"


def run_spec(text: str, sources: Sequence[tuple[str, Path]] = (), *, plan: bool = True,
             ) -> Outcome:
    """The oracle on one spec text, written to a fresh directory."""
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        for rel, where in sources:
            target = (directory / rel).resolve()
            if target.is_relative_to(directory) and not target.exists():
                shutil.copytree(where, target)
        path = directory / "mutant.yaml"
        path.write_text(text, encoding="utf-8")
        return judge(path, plan=plan)


def judge(path: Path, *, plan: bool = True) -> Outcome:
    result, diagnostics = check_safely(str(path))
    internal = [d for d in diagnostics if d.code == E_INTERNAL or d.line < 1]
    if internal:
        return Outcome(False, crash=f"validate: {internal[0].message[:120]}",
                       detail="\n".join(str(d) for d in internal))
    if result is None or not result.ok or result.spec is None:
        return Outcome(False)
    if not plan:
        return Outcome(True)
    try:
        _plan_assess_render(result.spec, path.parent)
    except Exception as exc:  # the finding this harness exists for
        return Outcome(True, crash=_signature(exc), detail=traceback.format_exc(limit=-6))
    return Outcome(True, planned=True)


def _plan_assess_render(spec: Any, spec_dir: Path) -> None:
    import warnings

    from drspec.assess.engine import assess
    from drspec.assess.graph import PlanGraph
    from drspec.factory.packaging import package_problems
    from drspec.plan.capture import capture
    from drspec.runbook.render import render

    problems = package_problems(spec, spec_dir)
    if problems:  # `drspec plan` would refuse the spec validate accepted
        raise RuntimeError(f"package problems: {problems}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        plan = capture(spec, spec_dir)
    clashes = name_clashes(plan.to_dict())
    if clashes:  # `pulumi up` would fail, or one resource would silently replace another
        raise NameClash("; ".join(clashes))
    render(spec, assess(spec, PlanGraph(plan)))  # as `drspec assess` and `runbook` do


class NameClash(Exception):
    """Two planned resources AWS tells apart by name alone share their name."""


#: Resource types whose name AWS keeps unique, and the inputs that make up that name.
#: S3 bucket names and IAM role names are global; the others are per region.
UNIQUE_NAMES: dict[str, tuple[str, ...]] = {
    "aws:s3/bucket:Bucket": ("bucket",),
    "aws:iam/role:Role": ("name",),
    "aws:cloudwatch/metricAlarm:MetricAlarm": ("region", "name"),
    "aws:lambda/function:Function": ("region", "name"),
    "aws:dynamodb/table:Table": ("region", "name"),
    "aws:sns/topic:Topic": ("region", "name"),
    "aws:scheduler/schedule:Schedule": ("region", "groupName", "name"),
    "aws:cloudwatch/logGroup:LogGroup": ("region", "name"),
}


def name_clashes(plan: dict[str, Any]) -> list[str]:
    """Names two planned resources share, and lifecycle rule ids used twice in a bucket."""
    default_region = plan.get("spec", {}).get("region")
    seen: dict[tuple[Any, ...], str] = {}
    out = []
    for resource in plan["resources"]:
        inputs = resource.get("inputs", {})
        if resource["type"].endswith("bucketLifecycleConfiguration:BucketLifecycleConfiguration"):
            ids = [r.get("id") for r in inputs.get("rules", [])]
            out += [f"{resource['name']}: lifecycle rule id {i!r} twice"
                    for i in sorted({i for i in ids if ids.count(i) > 1})]
        keys = UNIQUE_NAMES.get(resource["type"])
        if keys is None:
            continue
        values = {**inputs, "region": inputs.get("region") or default_region}
        key = (resource["type"], *(values.get(k) for k in keys))
        if None in key:
            continue
        if key in seen:
            out.append(f"{seen[key]} and {resource['name']} are both {key[-1]!r}")
        seen[key] = resource["name"]
    return out
