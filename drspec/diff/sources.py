"""The two sides of a diff: a saved plan (`drspec plan --format json`) or a spec.

A spec is validated and compiled offline exactly as `drspec plan` does; a
saved plan is read and its shape checked. Anything that yields no plan
raises `BadInput` with what went wrong, in words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drspec.diagnostics import Diagnostic

MAX_PLAN_BYTES = 64 * 1024 * 1024


@dataclass
class BadInput(Exception):
    message: str
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


def load_side(path: str) -> dict[str, Any]:
    """The plan `path` holds or compiles to, in its JSON form."""
    file = Path(path)
    if not file.is_file():
        raise BadInput(f"{path}: no such file")
    if _is_plan_file(file):
        return read_plan(file)
    return plan_spec(path)


def _is_plan_file(file: Path) -> bool:
    if file.suffix.lower() == ".json":
        return True
    with file.open("rb") as fh:
        return fh.read(64).lstrip().startswith(b"{")


def read_plan(file: Path) -> dict[str, Any]:
    try:
        if file.stat().st_size > MAX_PLAN_BYTES:
            raise BadInput(f"{file}: larger than {MAX_PLAN_BYTES} bytes; not a drspec plan")
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{file}: cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise BadInput(f"{file}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from None
    problem = _plan_shape_problem(data)
    if problem:
        raise BadInput(f"{file}: not a drspec plan ({problem}); save one with "
                       "`drspec plan SPEC --format json -o FILE`")
    return dict(data)


def _plan_shape_problem(data: Any) -> str | None:
    if not isinstance(data, dict) or not isinstance(data.get("resources"), list):
        return "no 'resources' list at the top"
    for i, resource in enumerate(data["resources"]):
        if not isinstance(resource, dict):
            return f"resource {i} is not an object"
        for key in ("urn", "type", "name"):
            if not isinstance(resource.get(key), str):
                return f"resource {i} has no string {key!r}"
        if not isinstance(resource.get("inputs", {}), dict):
            return f"resource {i}: 'inputs' is not an object"
    if not isinstance(data.get("spec", {}), dict):
        return "'spec' is not an object"
    return None


def plan_spec(path: str) -> dict[str, Any]:
    """Validate and compile a spec offline (needs drspec's Pulumi extra)."""
    from drspec.pipeline import check

    result = check(path)
    if not result.ok or result.spec is None:
        raise BadInput(f"{path} is not a valid spec", [d for d in result.diagnostics
                                                        if d.is_error])
    try:
        import pulumi  # noqa: F401
        import pulumi_aws  # noqa: F401
    except ImportError:
        raise BadInput(f"comparing the spec {path} needs Pulumi: "
                       "pip install 'drspec[pulumi]' (or compare saved plans)") from None
    from drspec.factory.packaging import package_problems

    problems = package_problems(result.spec, Path(path).parent)
    if problems:
        raise BadInput(f"{path}: " + "; ".join(problems))
    from drspec.plan.capture import capture_quietly

    plan = capture_quietly(result.spec, Path(path).parent)
    data: dict[str, Any] = json.loads(plan.to_json())
    return data
