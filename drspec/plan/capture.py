"""Offline plans: run the Pulumi program under the SDK's mocks and record it.

`capture(spec, spec_dir)` builds the environment exactly as `pulumi up` would,
but against a mock engine that records every resource registration: type,
logical name, URN, parent, `protect`, `retain_on_delete`, `ignore_changes`,
dependencies and the inputs in their wire form (camelCase keys, numbers as floats, assets replaced
by a content hash). The result is sorted by URN and free of anything that
depends on time, paths or hash seeds, so the same spec always prints the same
bytes — which is what golden tests and reviewers rely on.

The mock engine stands in for AWS (`drspec.plan.mocks`); inputs are recorded
in wire form as `drspec.plan.wire` converts them; the result is a
`drspec.plan.model.Plan`, which reads and writes without Pulumi.

This module imports Pulumi: import it only from commands and tests that need
a plan, never from the validate path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pulumi
import pulumi.runtime
from pulumi.runtime import mocks, settings
from pulumi.runtime.settings import get_project, get_stack
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await

from drspec.model import Spec
from drspec.plan.errors import PlanError, UnknownCallError
from drspec.plan.mocks import CALLS, mock_state
from drspec.plan.model import Plan, PlannedResource
from drspec.plan.wire import UNKNOWN_MARK, struct_to_wire

__all__ = ["PROJECT", "AwsMocks", "Plan", "PlannedResource", "Program", "capture"]

PROJECT = "drspec"

#: One registration of the Pulumi program.
Program = Callable[[Spec, Path], Any]


# -- recording ----------------------------------------------------------------


class AwsMocks(mocks.Mocks):
    """Deterministic stand-ins for AWS (`drspec.plan.mocks.mock_state`): ids from
    logical names, ARNs from physical names, one fixed account."""

    def __init__(self, default_region: str) -> None:
        self.default_region = default_region

    def new_resource(self, args: mocks.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return mock_state(args.typ, args.name, dict(args.inputs), self.default_region)

    def call(self, args: mocks.MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        handler = CALLS.get(args.token)
        if handler is None:
            raise UnknownCallError(
                f"the offline plan has no answer for provider function {args.token!r}; "
                "add it to drspec.plan.mocks.CALLS")
        return handler(dict(args.args or {}), self.default_region)



class RecordingMonitor(mocks.MockMonitor):
    """The SDK's mock monitor, also recording what the engine would be told."""

    def __init__(self, mocks_: mocks.Mocks) -> None:
        super().__init__(mocks_)
        self.records: dict[str, PlannedResource] = {}
        self.duplicates: list[str] = []

    def make_urn(self, parent: str, type_: str, name: str) -> str:
        """URNs as the engine builds them: the parent's whole qualified type chain
        (the SDK's mock keeps only its last link), and none for the root stack."""
        if parent:
            parent_type = parent.split("::")[2]
            if parent_type != "pulumi:pulumi:Stack":
                type_ = f"{parent_type}${type_}"
        return "urn:pulumi:" + "::".join([get_stack(), get_project(), type_, name])

    def RegisterResource(self, request: Any) -> Any:
        urn = self.make_urn(request.parent, request.type, request.name)
        if request.type != "pulumi:pulumi:Stack":
            if urn in self.records:
                self.duplicates.append(urn)
            self.records[urn] = PlannedResource(
                type=request.type,
                name=request.name,
                urn=urn,
                parent=_parent(request.parent),
                protect=request.HasField("protect") and request.protect,
                retain_on_delete=(request.HasField("retainOnDelete")
                                  and request.retainOnDelete),
                depends_on=tuple(sorted(set(request.dependencies))),
                inputs=struct_to_wire(request.object),
                ignore_changes=tuple(sorted(request.ignoreChanges)),
            )
        return super().RegisterResource(request)


def _parent(urn: str) -> str | None:
    # The root stack is every top-level resource's parent; it carries no meaning.
    if not urn or urn.split("::")[-2:-1] == ["pulumi:pulumi:Stack"]:
        return None
    return urn


# -- capture --------------------------------------------------------------------


def spec_summary(spec: Spec) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "file": Path(spec.file).as_posix() if spec.file else "",
        "name": spec.name,
        "environment": spec.environment,
        "region": spec.region,
        "regions": list(spec.regions),
    }
    if spec.waivers:  # `drspec diff` reads them from a saved plan
        summary["waivers"] = [{"rule": w.rule, "reason": w.reason} for w in spec.waivers]
    return summary


def _default_program(spec: Spec, spec_dir: Path) -> Any:
    from drspec.factory import build_environment

    return build_environment(spec, spec_dir)


def capture(spec: Spec, spec_dir: Path, *, program: Program | None = None) -> Plan:
    """Run the Pulumi program for `spec` under mocks and return its plan.

    `program` defaults to `drspec.factory.build_environment`; tests pass their
    own. Exceptions raised by the program propagate unchanged.
    """
    run = program or _default_program
    aws_mocks = AwsMocks(spec.region)
    monitor = RecordingMonitor(aws_mocks)
    _reset_runtime()
    pulumi.runtime.set_all_config({
        "aws:region": spec.region,
        f"{PROJECT}:spec": spec.file,
    })
    pulumi.runtime.set_mocks(aws_mocks, project=PROJECT, stack=spec.environment,
                             preview=False, monitor=monitor)
    resolved: dict[str, Any] = {}

    def body() -> None:
        run(spec, spec_dir)
        root = settings.get_root_resource()
        exported = dict(getattr(root, "outputs", {}) or {})
        values = _sync_await(pulumi.Output.from_input(exported).future(with_unknowns=True))
        resolved.update(values or {})

    try:
        _sync_await(run_pulumi_func(body))
    finally:
        _reset_runtime()
    if monitor.duplicates:
        dupes = ", ".join(sorted(set(monitor.duplicates)))
        raise PlanError(f"duplicate resource URNs (the engine rejects these): {dupes}")
    resources = [monitor.records[urn] for urn in sorted(monitor.records)]
    outputs = {k: _plain(v) for k, v in sorted(resolved.items())}
    return Plan(spec_summary(spec), resources, outputs)


def capture_quietly(spec: Spec, spec_dir: Path) -> Plan:
    """`capture`, without pulumi_aws's warnings about its own deprecated modules."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return capture(spec, spec_dir)


def _reset_runtime() -> None:
    """Forget the previous capture: its root stack, and any RPCs or outputs a
    failed program left pending (they would fail the next capture)."""
    settings.ROOT.set(None)
    settings.SETTINGS.rpc_manager.clear()
    with settings.SETTINGS.lock:
        settings.SETTINGS.outputs.clear()


def _plain(value: Any) -> Any:
    """Stack output values as JSON (unknowns marked)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return UNKNOWN_MARK
