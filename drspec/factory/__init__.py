"""The resource factory: one module per spec section, all under one component.

Each section module exposes `build(ctx: BuildContext) -> None`, reads only the
typed model (`ctx.spec`) and registers what later sections need in
`ctx.refs`. Which sections exist, in which order and in which regions is
`drspec.sections.SECTIONS`: `PRIMARY` runs in the primary region; `REPLICAS`
next (secondary compute is wired to the replicas); `SECONDARY` runs in the
secondary region when the spec asks for warm standby, `PILOT_LIGHT` (its
alerts and alarms) when the secondary region holds only data copies; `GLOBAL`
runs last (DR wiring that spans both regions).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pulumi

from drspec.factory.context import BuildContext, Shared
from drspec.model import Spec
from drspec.sections import secondary_sections, sections_in

Builder = Callable[[BuildContext], None]

PRIMARY: tuple[str, ...] = sections_in("primary")
REPLICAS: tuple[str, ...] = sections_in("replicas")
SECONDARY: tuple[str, ...] = secondary_sections(warm_standby=True)
PILOT_LIGHT: tuple[str, ...] = secondary_sections(warm_standby=False)
GLOBAL: tuple[str, ...] = sections_in("global")

COMPONENT_TYPE = "drspec:index:Environment"


def section(name: str) -> ModuleType:
    return importlib.import_module(f"drspec.factory.{name}")


class Environment(pulumi.ComponentResource):
    """Every resource of one drspec environment, as children of this component."""

    def __init__(self, spec: Spec, spec_dir: Path,
                 opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(COMPONENT_TYPE, f"{spec.name}-{spec.environment}", None, opts)
        self.spec = spec
        shared = Shared()
        ctx = BuildContext(spec, spec_dir, self, spec.region, shared=shared)
        for name in PRIMARY:
            section(name).build(ctx)
        dr = spec.disaster_recovery
        if dr.multi_region:
            # Data replication first: secondary compute is wired to the replicas.
            for name in REPLICAS:
                section(name).build(ctx)
            secondary = ctx.for_secondary()
            for name in SECONDARY if dr.warm_standby else PILOT_LIGHT:
                section(name).build(secondary)
        for name in GLOBAL:
            section(name).build(ctx)
        self.outputs = dict(sorted(shared.outputs.items()))
        self.register_outputs(self.outputs)


def build_environment(spec: Spec, spec_dir: Path) -> Environment:
    """Build the environment and export its stack outputs."""
    env = Environment(spec, spec_dir)
    for key, value in env.outputs.items():
        pulumi.export(key, value)
    return env
