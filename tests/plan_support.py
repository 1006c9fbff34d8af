"""Helpers for tests on captured plans: shipped specs and variants, captured once.

Variants are written to a file and validated with the real pipeline before
they are captured, so every plan a test looks at comes from a valid spec.
Captures are cached per spec text (they are deterministic), which keeps the
section tests fast.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import importlib
import inspect
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from drspec.diagnostics import format_path
from drspec.pipeline import check
from drspec.plan.capture import Plan, PlannedResource, capture

REPO = Path(__file__).resolve().parent.parent
SPECS = REPO / "specs"
SHIPPED = ("dev", "staging", "prod")


def shipped_data(name: str) -> dict[str, Any]:
    """The shipped spec as drspec reads it: merged with the base it extends."""
    from drspec.load.reader import load_file

    document, _ = load_file(SPECS / f"{name}.yaml")
    assert document is not None
    return {k: v for k, v in copy.deepcopy(document.data).items() if k != "extends"}


@functools.cache
def shipped_plan(name: str) -> Plan:
    """The plan of `specs/<name>.yaml`, with the file shown as `specs/<name>.yaml`."""
    with contextlib.chdir(REPO):  # plans show the spec path relative to the repo
        result = check(f"specs/{name}.yaml")
    assert result.ok and result.spec is not None, result.diagnostics
    return _capture(result.spec, SPECS)


def variant_plan(base: str, **changes: Any) -> Plan:
    """The plan of shipped spec `base` with top-level keys replaced (None deletes)."""
    data = copy.deepcopy(shipped_data(base))
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return plan_of(yaml.safe_dump(data, sort_keys=False))


def edited_plan(base: str, edit: Callable[[dict[str, Any]], object]) -> Plan:
    """The plan of shipped spec `base` after `edit` changed its data in place."""
    data = copy.deepcopy(shipped_data(base))
    edit(data)
    return plan_of(yaml.safe_dump(data, sort_keys=False))


@functools.cache
def plan_of(text: str) -> Plan:
    """The plan of a spec given as YAML text (validated first)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "variant.yaml"
        path.write_text(text, encoding="utf-8")
        result = check(path)
        problems = [
            f"{d.line}:{d.col} {d.code} {format_path(d.path)}: {d.message}"
            for d in result.diagnostics if d.is_error
        ]
        assert result.ok and result.spec is not None, "\n".join(problems)
        return _capture(result.spec, Path(tmp))


def _capture(spec: Any, spec_dir: Path) -> Plan:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return capture(spec, spec_dir)


def resources(plan: Plan, type_token: str, *, prefix: str = "") -> list[PlannedResource]:
    return [r for r in plan.of_type(type_token) if r.name.startswith(prefix)]


def mock_id(resource: PlannedResource) -> str:
    """The id the plan's mocks give a resource with no physical-name id."""
    return f"{resource.name}-id"


def sdk_class(type_token: str) -> type:
    """The pulumi_aws class for a type token (`aws:s3/bucket:Bucket` -> `aws.s3.Bucket`)."""
    _, module_part, class_name = type_token.split(":")
    module = module_part.split("/")[0]
    module = {"lambda": "lambda_", "index": ""}.get(module, module)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        mod = importlib.import_module("pulumi_aws" + (f".{module}" if module else ""))
    cls: type = getattr(mod, class_name)
    return cls


def accepts(type_token: str, argument: str) -> bool:
    """Whether the SDK's resource takes keyword `argument` (e.g. `tags`)."""
    cls = sdk_class(type_token)
    init = cls._internal_init  # type: ignore[attr-defined]
    return argument in inspect.signature(init).parameters
