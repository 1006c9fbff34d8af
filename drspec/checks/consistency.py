"""Strongly consistent tables: what DynamoDB multi-Region strong consistency (MRSC) needs.

Every rule is quoted, with its source, in `drspec/data/mrsc.json` (read through
`drspec.regions.mrsc`): exactly three regions (the primary, the secondary and
a witness) in one Region set, the witness in neither replica's region, and no
TTL on an MRSC table.
"""

from __future__ import annotations

from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.codes import rule
from drspec.diagnostics import Diagnostic
from drspec.model import Table
from drspec.regions import mrsc

_SOURCE = mrsc().source
_WITNESS_SOURCE = mrsc().witness_source

E_NOT_GLOBAL = rule(
    "E570", "strongly consistent table without a global table",
    "consistency: strong makes a table a multi-Region strongly consistent global table, "
    "which needs disaster_recovery.secondary_region and global_tables.", source=_SOURCE)
E_NO_WITNESS = rule(
    "E571", "strongly consistent table without a witness region",
    "A MRSC global table must be deployed in exactly three Regions: with a primary and a "
    "secondary region, the third is disaster_recovery.witness_region.", source=_SOURCE)
E_REGION_SET = rule(
    "E572", "strongly consistent table outside one MRSC Region set",
    "MRSC global tables are available only in the US, EU and AP Region sets and cannot span "
    "Region sets: the primary, secondary and witness regions must be in one set.",
    source=_SOURCE)
E_WITNESS_PLACEMENT = rule(
    "E573", "witness region is a replica's region",
    "The witness must be in a different Region than the replicas and within the same Region "
    "set.", source=_WITNESS_SOURCE)
E_TTL = rule(
    "E574", "strongly consistent table with TTL",
    "Time to Live (TTL) is not supported for MRSC global tables.", source=_SOURCE)
E_PROVISIONED = rule(
    "E575", "strongly consistent table with provisioned capacity",
    "A provisioned global table gets its replica as a separate TableReplica after write auto "
    "scaling; pulumi-aws sets the consistency mode only on a table's own replicas, so drspec "
    "builds strongly consistent tables on demand (AWS's MRSC examples are on demand too).",
    source="https://www.pulumi.com/registry/packages/aws/api-docs/dynamodb/tablereplica/")
W_UNUSED_WITNESS = rule(
    "W570", "witness region without a strongly consistent table",
    "disaster_recovery.witness_region is the third region of strongly consistent tables; "
    "with none, nothing is placed there.", source=_SOURCE)

_WITNESS = ("disaster_recovery", "witness_region")


def _strong(ctx: CheckContext) -> list[Table]:
    return [t for t in ctx.spec.tables if t.strong]


def _set_words(name: str) -> str:
    return f"{name} ({', '.join(mrsc().region_sets[name])})"


@check
def strong_tables_are_global(ctx: CheckContext) -> Iterator[Diagnostic]:
    dr = ctx.spec.disaster_recovery
    if dr.global_tables:
        return
    why = ("there is no disaster_recovery.secondary_region" if not dr.multi_region
           else "disaster_recovery.global_tables is false")
    for table in _strong(ctx):
        yield ctx.error(
            E_NOT_GLOBAL,
            f"table {table.ident!r} is strongly consistent, a multi-Region global table, but "
            f"{why}", (*table.path, "consistency"),
            "name a secondary_region (and a witness_region) with global tables, or remove "
            "consistency: strong")


@check
def strong_tables_fit_their_limits(ctx: CheckContext) -> Iterator[Diagnostic]:
    for table in _strong(ctx):
        if table.ttl_attribute is not None:
            yield ctx.error(
                E_TTL, f"table {table.ident!r} is strongly consistent, and MRSC global tables "
                "do not support TTL", (*table.path, "ttl_attribute"),
                "remove ttl_attribute (expire items from the application), or remove "
                "consistency: strong")
        if table.billing == "provisioned":
            yield ctx.error(
                E_PROVISIONED, f"table {table.ident!r} is strongly consistent with provisioned "
                "capacity; drspec builds strongly consistent tables on demand",
                (*table.path, "billing"), "remove billing (on demand is the default)")


@check
def strong_tables_have_a_witness(ctx: CheckContext) -> Iterator[Diagnostic]:
    dr = ctx.spec.disaster_recovery
    strong = _strong(ctx)
    if not dr.global_tables or dr.secondary_region is None or not strong:
        return
    if dr.witness_region is None:
        home = mrsc().region_set(ctx.spec.region)
        taken = (ctx.spec.region, dr.secondary_region)
        options = [r for r in mrsc().region_sets.get(home or "", ()) if r not in taken]
        hint = (f"add disaster_recovery.witness_region: {options[0]} (one of "
                f"{', '.join(options)})" if options else
                "add disaster_recovery.witness_region in the Region set of both regions")
        for table in strong:
            yield ctx.error(
                E_NO_WITNESS, f"table {table.ident!r} is strongly consistent, which needs a "
                f"third region besides {ctx.spec.region} and {dr.secondary_region}",
                (*table.path, "consistency"), hint)
        return
    yield from _witness_placement(ctx, dr.secondary_region, dr.witness_region)


def _witness_placement(ctx: CheckContext, secondary: str, witness: str) -> Iterator[Diagnostic]:
    if witness in (ctx.spec.region, secondary):
        yield ctx.error(
            E_WITNESS_PLACEMENT, f"witness_region {witness} holds a replica already; the "
            "witness must be a third region", _WITNESS,
            "choose a region of the same Region set other than region and secondary_region")
        return
    home = mrsc().region_set(ctx.spec.region)
    if home is None:
        sets = "; ".join(_set_words(s) for s in mrsc().region_sets)
        yield ctx.error(
            E_REGION_SET, f"region {ctx.spec.region} is in no MRSC Region set; strongly "
            f"consistent tables exist only in {sets}", ("region",),
            "remove consistency: strong from the tables, or deploy in a Region set")
        return
    for key, name in (("secondary_region", secondary), ("witness_region", witness)):
        if mrsc().region_set(name) != home:
            yield ctx.error(
                E_REGION_SET, f"{key} {name} is outside the {_set_words(home)} Region set of "
                f"{ctx.spec.region}; MRSC global tables cannot span Region sets",
                ("disaster_recovery", key),
                f"choose a region of the {home} set: {', '.join(mrsc().region_sets[home])}")


@check
def witness_has_strong_tables(ctx: CheckContext) -> Iterator[Diagnostic]:
    if ctx.spec.disaster_recovery.witness_region is not None and not _strong(ctx):
        yield ctx.warning(
            W_UNUSED_WITNESS, "witness_region is set, but no table is strongly consistent",
            _WITNESS, "set consistency: strong on a table, or remove witness_region", key=True)
