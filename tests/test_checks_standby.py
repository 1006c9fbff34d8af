"""Warm standby needs the data its secondary functions use (E511)."""

from __future__ import annotations

import pytest
from conftest import SPEC_HEADER
from plan_support import plan_of
from test_checks import codes, only, spec

WARM = {"secondary_region": "us-west-2", "mode": "warm_standby"}


@pytest.mark.parametrize("flag, section, ident", [
    ("global_tables", "tables", "orders"),
    ("replicate_buckets", "buckets", "documents"),
])
def test_a_standby_function_needs_the_copy_of_its_data(flag: str, section: str,
                                                       ident: str) -> None:
    found = only(spec(disaster_recovery={**WARM, flag: False}), "E511")[0]
    assert found.path == ("functions", "processor", "access", section, ident)
    assert f"with {flag}: false there is no" in found.message
    assert "us-west-2" in found.message
    assert found.hint == (f"remove 'disaster_recovery.{flag}: false' (copies are the "
                          "default), or set mode: pilot_light")


def test_pilot_light_or_unused_data_needs_no_copy() -> None:
    pilot = {**WARM, "mode": "pilot_light", "global_tables": False, "replicate_buckets": False}
    assert "E511" not in codes(spec(disaster_recovery=pilot))
    no_access = spec(disaster_recovery={**WARM, "global_tables": False},
                     functions={"processor": {"access": {"tables": None}},
                                "health": {"access": {"tables": None}}})
    assert "E511" not in codes(no_access)


def test_the_spec_e511_accepts_plans() -> None:
    """With the copies on (the default), the same warm standby spec plans."""
    text = SPEC_HEADER + """\
tables:
  orders: {partition_key: {name: id, type: S}}
functions:
  web:
    template: processor
    vpc: false
    access: {tables: {orders: read}}
disaster_recovery: {secondary_region: us-west-2, mode: warm_standby}
"""
    plan = plan_of(text)
    assert [r for r in plan.of_type("aws:lambda/function:Function")
            if r.region == "us-west-2"]
