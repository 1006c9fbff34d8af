"""Changes to a DynamoDB global table's consistency mode or members that AWS refuses in place.

A multi-Region strongly consistent (MRSC) table is made from an empty table,
with its replicas and witness chosen at creation; its consistency mode never
changes afterwards. In the plan this is the table's `replicas[].consistencyMode`
and `globalTableWitness`, which `drspec diff` otherwise compares as plain
inputs. Sources (also in `drspec/data/replacement.json`):

- "You cannot change a global table's consistency mode after creation";
  "Converting a single-Region table to a MRSC global table with existing
  items is not supported"; "You cannot add additional replicas to an existing
  MRSC global table. You cannot delete a single replica or a witness"
  https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/V2globaltables_HowItWorks.html
- "The witness must be added when creating the MRSC global table"
  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GlobalTableWitnessGroupUpdate.html
- `MultiRegionConsistency` "is only valid when you create a global table"
  https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html

What stays possible in place, and so is not reported: adding or removing
replicas of an eventually consistent (MREC) table, and turning an MRSC table
back into a single-Region table (deleting its replica and witness together).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

STRONG = "STRONG"
#: pulumi-aws: `consistency_mode` "Default value is `EVENTUAL`"
EVENTUAL = "EVENTUAL"


def _replicas(inputs: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    value = inputs.get("replicas")
    return [r for r in value if isinstance(r, Mapping)] if isinstance(value, list) else []


def mode(inputs: Mapping[str, Any]) -> str:
    """STRONG when a replica is strongly consistent, else EVENTUAL (also for no replicas)."""
    modes = {str(r.get("consistencyMode") or EVENTUAL) for r in _replicas(inputs)}
    return STRONG if STRONG in modes else EVENTUAL


def members(inputs: Mapping[str, Any]) -> tuple[tuple[str, ...], str | None]:
    """The replica regions and the witness region."""
    regions = tuple(sorted(str(r.get("regionName")) for r in _replicas(inputs)))
    witness = inputs.get("globalTableWitness")
    region = witness.get("regionName") if isinstance(witness, Mapping) else None
    return regions, (str(region) if region else None)


def cannot_update(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Whether going from `old` to `new` table inputs needs a new, empty table."""
    before, after = mode(old), mode(new)
    regions, witness = members(new)
    if not regions and witness is None:
        return False  # back to one Region: allowed, and no mode any more
    if before != after:
        return True
    return after == STRONG and members(old) != (regions, witness)


#: compound rules by the name `replacement.json` gives them
CHECKS = {"global_table_consistency": cannot_update}
