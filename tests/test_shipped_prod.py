"""The shipped production spec: what it keeps, exposes and pays for on purpose."""

from __future__ import annotations

from typing import Any

from plan_support import shipped_data

PROD = shipped_data("prod")


def _table_of_record(function: dict[str, Any]) -> str:
    """The table the processor template stores requests in: its first read_write table."""
    tables = function["access"]["tables"]
    return next(name for name, level in tables.items() if level == "read_write")


def test_orders_never_expire_in_production() -> None:
    """The processor expires items of a table with a ttl_attribute after RECORD_TTL_DAYS;
    TTL deletes replicate, so expired orders would be gone once backups age out."""
    processors = [f for f in PROD["functions"].values() if f["template"] == "processor"]
    assert processors
    for function in processors:
        assert "ttl_attribute" not in PROD["tables"][_table_of_record(function)]
    assert PROD["tables"]["idempotency"]["ttl_attribute"] == "expires_at"


def test_the_health_probe_is_granted_only_what_it_uses() -> None:
    """The health template reads tables and buckets and reports posture as a metric; it
    publishes nothing, so it gets no sns:Publish, no key grant and no TOPIC_ARN."""
    health = PROD["functions"]["health"]
    assert health["template"] == "health_check"
    assert "alerts" not in health["access"]


def test_no_nat_gateways_when_nothing_in_the_vpc_needs_the_internet() -> None:
    assert PROD["network"]["nat"] == "none"
    assert "standby_nat" not in PROD["disaster_recovery"]
