"""A `health_check` function checks the data it may read (E530).

The `health_check` template answers for the tables and buckets its `access`
grants, and nothing else: without any, it answers healthy whatever happens,
and the Route 53 failover probe and the alarms that read it check nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.codes import rule
from drspec.diagnostics import Diagnostic

HEALTH_TEMPLATE = "health_check"

E_HEALTH_CHECKS_NOTHING = rule(
    "E530", "health check with nothing to check",
    "A health_check function reads the tables and buckets its access grants; with none it "
    "always answers healthy, so the failover probe routed to it can never see a failure.",
    source="https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-determining-health-of-endpoints.html")


@check
def health_checks_check_something(ctx: CheckContext) -> Iterator[Diagnostic]:
    for fn in ctx.spec.functions:
        if fn.template != HEALTH_TEMPLATE or fn.access.tables or fn.access.buckets:
            continue
        has_access = "access" in ctx.doc.data.get("functions", {}).get(fn.ident, {})
        path = (*fn.path, "access") if has_access else (*fn.path, "template")
        data = [f"{kind}: {{{', '.join(t.ident for t in items)}: read}}"
                for kind, items in (("tables", ctx.spec.tables), ("buckets", ctx.spec.buckets))
                if items]
        hint = (f"grant read access to what it should check, under access: {'; '.join(data)}"
                if data else "define the tables or buckets it should check, and grant it read "
                "access to them")
        yield ctx.error(
            E_HEALTH_CHECKS_NOTHING,
            f"function {fn.ident!r} (template {HEALTH_TEMPLATE}) has no table or bucket to "
            "check: it would always answer healthy", path, hint, key=has_access)
