"""Which stacks a deployment touches: one per spec, named after its `environment`.

Each spec is validated first (nothing is deployed from an invalid one). Its
stack lives in the Pulumi project at or above the spec (the directory holding
`Pulumi.yaml`), and gets `drspec:spec` (the spec's path relative to that
directory, as `pulumi config set drspec:spec` would write it) and `aws:region`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from drspec.diagnostics import Diagnostic

PROJECT_FILES = ("Pulumi.yaml", "Pulumi.yml")


def find_project_dir(start: Path) -> Path | None:
    """The nearest directory at or above `start` holding `Pulumi.yaml`."""
    start = start.resolve()
    for directory in (start, *start.parents):
        if any((directory / name).is_file() for name in PROJECT_FILES):
            return directory
    return None


@dataclass(frozen=True)
class StackTarget:
    """One spec's stack: its name, project directory and config."""

    spec: str
    stack: str
    work_dir: Path
    config: dict[str, str]


@dataclass
class Selection:
    targets: list[StackTarget] = field(default_factory=list)
    #: invalid specs, located
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: other reasons nothing can run, in words
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.diagnostics and not self.problems


def select(specs: Sequence[str]) -> Selection:
    """The stack of each spec (paths relative to the working directory), or why there is none."""
    from drspec.pipeline import check

    selection = Selection()
    seen: dict[str, str] = {}
    for spec in specs:
        result = check(spec)
        if not result.ok or result.spec is None:
            selection.diagnostics += [d for d in result.diagnostics if d.is_error]
            continue
        path = Path(spec).resolve()
        project = find_project_dir(path.parent)
        if project is None:
            selection.problems.append(f"{spec}: no Pulumi.yaml at or above {path.parent}; "
                                      "`drspec init` writes one")
            continue
        stack = result.spec.environment
        if stack in seen:
            selection.problems.append(f"{spec}: environment {stack!r} is also the environment "
                                      f"of {seen[stack]}; one stack per environment")
            continue
        seen[stack] = spec
        selection.targets.append(StackTarget(spec, stack, project, {
            "drspec:spec": path.relative_to(project).as_posix(),
            "aws:region": result.spec.region,
        }))
    return selection
