"""A new spec from a Jinja2 template: single region, pilot light or warm standby.

The templates live in `templates/_specs/` (shipped as `drspec/_templates`);
their comments teach the format. `render_spec` fills one in; `checked` runs
the validate pipeline over the text so that nothing invalid is written.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from drspec.diagnostics import Diagnostic

NAME = re.compile(r"[a-z][a-z0-9-]{0,19}")
ENVIRONMENT = re.compile(r"[a-z][a-z0-9-]{0,15}")


@dataclass(frozen=True)
class Kind:
    """One starting point: what it is for and its defaults."""

    environment: str
    zones: int
    nat: str
    objectives: dict[str, str] = field(default_factory=dict)
    needs_secondary: bool = False


KINDS: dict[str, Kind] = {
    "single-region": Kind("dev", 2, "none"),
    # no NAT: the processor in the VPC reaches its table and bucket through the
    # gateway endpoints, and the health function (publishing to SNS) runs outside
    "pilot-light": Kind("staging", 3, "none", {"rto": "8h", "rpo": "4h"}, True),
    "warm-standby": Kind("prod", 3, "none", {"rto": "1h", "rpo": "15m"}, True),
}

#: the nearby region of the same partition a secondary region defaults to
PARTNER_REGIONS = {
    "us-east-1": "us-west-2", "us-east-2": "us-west-2", "us-west-1": "us-east-1",
    "us-west-2": "us-east-1", "eu-west-1": "eu-central-1", "eu-central-1": "eu-west-1",
    "eu-west-2": "eu-west-1", "eu-west-3": "eu-central-1", "eu-north-1": "eu-central-1",
    "ap-southeast-1": "ap-southeast-2", "ap-southeast-2": "ap-southeast-1",
    "ap-northeast-1": "ap-northeast-3", "ap-south-1": "ap-southeast-1",
    "ca-central-1": "us-east-1", "sa-east-1": "us-east-1",
}


class ScaffoldError(ValueError):
    """The values asked for cannot make a spec (said in words, for exit 2)."""


@dataclass(frozen=True)
class SpecRequest:
    name: str
    kind: str
    environment: str | None = None
    region: str = "us-east-1"
    secondary_region: str | None = None
    team: str = "platform"
    file: str = "spec.yaml"


def render_spec(request: SpecRequest) -> str:
    """The spec text for `request` (raises ScaffoldError on values no spec can hold)."""
    import jinja2

    from drspec.regions import region as known_region
    from drspec.resources import templates_dir

    kind = KINDS[request.kind]
    environment = request.environment or kind.environment
    if not NAME.fullmatch(request.name):
        raise ScaffoldError(f"{request.name!r} cannot be a name: lower-case letters, digits "
                            "and '-', starting with a letter, at most 20 characters")
    if not ENVIRONMENT.fullmatch(environment):
        raise ScaffoldError(f"{environment!r} cannot be an environment: lower-case letters, "
                            "digits and '-', starting with a letter, at most 16 characters")
    for value in (request.region, request.secondary_region):
        if value is not None and known_region(value) is None:
            raise ScaffoldError(f"{value!r} is not an AWS region drspec knows")
    secondary = request.secondary_region or PARTNER_REGIONS.get(request.region)
    if kind.needs_secondary and secondary is None:
        raise ScaffoldError(f"no default secondary region for {request.region}: "
                            "pass --secondary-region")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir())),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, autoescape=False)
    template = env.get_template(f"_specs/{request.kind}.yaml.j2")
    return template.render(
        name=request.name, environment=environment, region=request.region,
        secondary_region=secondary, team=request.team, file=request.file,
        zones=[f"{request.region}{letter}" for letter in "abc"[: kind.zones]],
        nat=kind.nat, objectives=kind.objectives, cidr="10.0.0.0/16",
        email=f"oncall-{environment}@example.com",
    )


def checked(text: str, shown: str, *, beside: Path | None = None) -> list[Diagnostic]:
    """Every finding `drspec validate` reports for `text`, located in `shown`.

    `beside` is the directory the text will live in (where its `extends` resolve).
    """
    from drspec.pipeline import check

    directory = beside if beside is not None else Path(tempfile.gettempdir())
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", dir=directory, encoding="utf-8",
                                     prefix=".drspec-new-", delete=False) as fh:
        fh.write(text)
    try:
        found = check(fh.name).diagnostics
    finally:
        Path(fh.name).unlink(missing_ok=True)
    return [replace(d, file=shown) if d.file == fh.name else d for d in found]
