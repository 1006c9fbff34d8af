"""The plan a command judges: compiled from the spec, or a saved plan read back.

`drspec assess` and `drspec runbook` reason over the compiled plan; with
`--plan PLAN.json` they read the plan CI saved (`drspec plan SPEC --format
json`) instead, so that what is judged is exactly what was planned. The spec
still gives the objectives and the locations of the findings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drspec.model import Spec
    from drspec.plan.model import Plan


class PlanProblem(Exception):
    """The plan to assess cannot be had: said in words, exit 2 (or 1 for the spec's code)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def load_plan(path: str, spec: Spec) -> Plan:
    """The saved plan at `path`, which must be a plan of `spec` (same name and environment)."""
    from drspec.plan.model import Plan, PlanFormatError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanProblem(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})"
                          ) from None
    try:
        plan = Plan.from_json(text)
    except PlanFormatError as exc:
        raise PlanProblem(f"{path}: not a drspec plan ({exc}); save one with "
                          "`drspec plan SPEC --format json -o PLAN.json`") from None
    got = (plan.spec.get("name"), plan.spec.get("environment"))
    if got != (spec.name, spec.environment):
        raise PlanProblem(f"{path} is the plan of name {got[0]!r}, environment {got[1]!r}, not "
                          f"of {spec.file} (name {spec.name!r}, environment "
                          f"{spec.environment!r}); plan this spec or pass its own spec")
    return plan


def compile_plan(path: str, spec: Spec) -> Plan | None:
    """The spec compiled offline, as `drspec plan` does (None: Pulumi is not installed)."""
    import importlib.util

    if importlib.util.find_spec("pulumi") is None or importlib.util.find_spec(
            "pulumi_aws") is None:
        return None
    from drspec.factory.packaging import package_problems

    problems = package_problems(spec, Path(path).parent)
    if problems:
        raise PlanProblem(f"{path}: " + "; ".join(problems), code=1)
    from drspec.plan.capture import capture_quietly

    return capture_quietly(spec, Path(path).parent)




def plan_to_judge(command: str, spec_path: str, spec: Spec, saved: str | None) -> Plan | None:
    """The saved plan, or the spec compiled; None (said on stderr) when Pulumi is missing.

    Raises `PlanProblem` when the saved plan cannot be read or is another spec's.
    """
    import sys

    plan = load_plan(saved, spec) if saved else compile_plan(spec_path, spec)
    if plan is None:
        print(f"drspec {command}: {spec_path}: judged from the spec alone, not simulated on "
              "its plan: compiling needs Pulumi (pip install 'drspec[pulumi]'), or pass "
              "--plan PLAN.json", file=sys.stderr)
    return plan
