"""Warm standby: the functions copied to the secondary region need their data there (E511).

In warm standby every function also runs in the secondary region, wired to the
copies of the tables and buckets it names in `access`: the global-table replicas
and the replica buckets. With `global_tables: false` or `replicate_buckets: false`
those copies do not exist, so the secondary function would have nothing to read
or write (and its IAM policy nothing to name).
"""

from __future__ import annotations

from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.codes import rule
from drspec.diagnostics import Diagnostic

E_STANDBY_DATA = rule(
    "E511", "warm-standby function uses data that stays in the primary region",
    "In warm standby each function also runs in the secondary region against the copies of "
    "the tables and buckets it accesses; global_tables and replicate_buckets make those "
    "copies.")

#: access section -> (the disaster_recovery flag that copies it, what the copy is)
_COPIED_BY = {
    "tables": ("global_tables", "table replica"),
    "buckets": ("replicate_buckets", "replica bucket"),
}


@check
def standby_functions_have_their_data(ctx: CheckContext) -> Iterator[Diagnostic]:
    dr = ctx.spec.disaster_recovery
    if not dr.warm_standby:
        return
    for section, (flag, copy) in _COPIED_BY.items():
        if getattr(dr, flag):
            continue
        for fn in ctx.spec.functions:
            for ident, _level in fn.access.grants(section):
                yield ctx.error(
                    E_STANDBY_DATA,
                    f"function {fn.ident!r} uses {section[:-1]} {ident!r}, but with "
                    f"{flag}: false there is no {copy} in {dr.secondary_region} for its "
                    "warm-standby copy", (*fn.path, "access", section, ident),
                    f"remove 'disaster_recovery.{flag}: false' (copies are the default), "
                    "or set mode: pilot_light", key=True)
