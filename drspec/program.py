"""The Pulumi program: what `pulumi preview` / `pulumi up` run (via `__main__.py`).

The stack's config names the spec (`drspec:spec: specs/prod.yaml`, relative
to the project directory, the one holding `Pulumi.yaml`). The spec is validated exactly as
`drspec validate` does: warnings are logged, and any error stops the program
before a single resource is registered, with the same located diagnostics
`drspec validate` prints.
"""

from __future__ import annotations

import os
from pathlib import Path

import pulumi

from drspec.deploy.stacks import find_project_dir
from drspec.diagnostics import Diagnostic
from drspec.model import Spec

CONFIG_KEY = "spec"


class SpecError(pulumi.RunError):
    """The stack's spec is missing or invalid (shown to users without a traceback)."""


def resolve_spec(value: str | None, stack: str, cwd: Path) -> Path:
    """The spec file the stack builds: `value` relative to the project
    directory (`Pulumi.yaml` at or above `cwd`), or absolute."""
    base = find_project_dir(cwd) or cwd.resolve()
    if not value:
        raise SpecError(
            f"no spec configured for stack {stack!r}: run "
            f"`pulumi config set drspec:spec specs/{stack}.yaml` "
            "(the path is relative to the directory holding Pulumi.yaml)"
        )
    path = Path(value)
    return path if path.is_absolute() else base / path


def shown_path(path: Path, cwd: Path) -> str:
    """`path` as diagnostics show it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path, cwd) if path.is_relative_to(cwd.resolve()) else str(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def format_diagnostics(diagnostics: list[Diagnostic]) -> str:
    from drspec.reporters.text import render

    return render(diagnostics).rstrip("\n")


def _preflight(spec: Spec, spec_dir: Path, file: str) -> None:
    """Fail before the first registration on what a plan would fail on midway:
    function code that cannot be packaged or lacks its handler module. (The
    engine creates resources as they are registered, so a failure after the
    first one leaves a half-built stack.)"""
    from drspec.factory.packaging import package_problems

    problems = package_problems(spec, spec_dir)
    if problems:
        raise SpecError(
            f"{file}: function code cannot be deployed; nothing was deployed.\n"
            + "\n".join(f"  {p}" for p in problems)
        )


def main() -> None:
    """Validate the configured spec and build its environment."""
    from drspec.factory import build_environment
    from drspec.pipeline import check

    cwd = Path.cwd()
    config = pulumi.Config("drspec")
    path = resolve_spec(config.get(CONFIG_KEY), pulumi.get_stack(), cwd)
    result = check(shown_path(path, cwd))
    warnings = [d for d in result.diagnostics if not d.is_error]
    if warnings:
        pulumi.log.warn(format_diagnostics(warnings))
    if not result.ok or result.spec is None:
        errors = [d for d in result.diagnostics if d.is_error]
        raise SpecError(
            f"{result.file} is not a valid drspec spec; nothing was deployed.\n"
            + format_diagnostics(errors)
        )
    spec = result.spec
    _preflight(spec, path.parent, result.file)
    provider_region = pulumi.Config("aws").get("region")
    if provider_region and provider_region != spec.region:
        pulumi.log.warn(
            f"aws:region is {provider_region} but the spec's region is {spec.region}; "
            "regional resources follow the spec, global ones (IAM, Route 53) are unaffected"
        )
    build_environment(spec, path.parent)
