"""Shared base specs and helpers for the test suite.

Test modules vary these bases rather than writing their own: `CHECKS_BASE`
(us-east-1, every section the reference checks look at), `ASSESS_BASE`
(eu-west-1, what the assessment and runbook tests vary) and `WARM_STANDBY`
(a `disaster_recovery` section for warm standby with Route 53 failover).
`merged` lays changes over a base the way `extends` does; `SPEC_HEADER` starts
a spec written as YAML text.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

CHECKS_BASE: dict[str, Any] = {
    "version": 1,
    "name": "shop",
    "environment": "dev",
    "region": "us-east-1",
    "network": {"cidr": "10.0.0.0/16", "availability_zones": ["us-east-1a", "us-east-1b"]},
    "tables": {"orders": {"partition_key": {"name": "id", "type": "S"}}},
    "buckets": {"documents": {}},
    "functions": {
        "processor": {"template": "processor",
                      "access": {"tables": {"orders": "read_write"},
                                 "buckets": {"documents": "write"}}},
        "health": {"template": "health_check", "access": {"tables": {"orders": "read"}}},
    },
    "api": {"routes": {"POST /orders": "processor", "GET /health": "health"}},
    "alerts": {"email": ["oncall@example.com"]},
}

ASSESS_BASE: dict[str, Any] = {
    "version": 1,
    "name": "shop",
    "environment": "test",
    "region": "eu-west-1",
    "network": {"cidr": "10.0.0.0/16", "availability_zones": ["eu-west-1a", "eu-west-1b"]},
    "tables": {"carts": {"partition_key": {"name": "id", "type": "S"}}},
    "buckets": {"statements": {}},
    "functions": {"web": {"template": "processor", "access": {
        "tables": {"carts": "read_write"}, "buckets": {"statements": "read_write"}}}},
    "api": {"routes": {"GET /carts": "web", "GET /health": "web"}},
}

WARM_STANDBY: dict[str, Any] = {
    "secondary_region": "eu-central-1",
    "mode": "warm_standby",
    "replication_time_control": True,
    "failover": {"domain": "api.shop.example.com", "hosted_zone_id": "Z0123456789ABCDEFGHIJ",
                 "interval": 10, "failure_threshold": 3},
}


#: the first lines of a small spec written as YAML text (us-east-1, two zones); tests
#: append the sections they need
SPEC_HEADER = """\
version: 1
name: shop
environment: dev
region: us-east-1
network:
  cidr: 10.0.0.0/16
  availability_zones: [us-east-1a, us-east-1b]
"""


def merged(base: Any, changes: Any) -> Any:
    """`changes` over `base`, as `extends` does: maps merge, None removes a key."""
    if not (isinstance(base, dict) and isinstance(changes, dict)):
        return copy.deepcopy(changes)
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merged(out.get(key), value)
    return out


@pytest.fixture
def checks_base() -> dict[str, Any]:
    """A fresh copy of `CHECKS_BASE` to change in a test."""
    return copy.deepcopy(CHECKS_BASE)


@pytest.fixture
def assess_base() -> dict[str, Any]:
    """A fresh copy of `ASSESS_BASE` to change in a test."""
    return copy.deepcopy(ASSESS_BASE)
