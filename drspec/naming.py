"""Names are a contract: physical AWS names and Pulumi logical names.

A Pulumi logical name is a resource's identity; changing it replaces the
resource. Logical names are therefore pure functions of the spec keys that
own the resource (`<section>-<ident>-<kind>`), never of list positions or of
other entries, so editing one spec entry never renames another.
`tests/test_naming.py` pins them.

Physical names follow `<name>-<environment>-<ident>-<kind>`. This module is
imported by `validate` (to check AWS length limits), so it must stay free of
Pulumi imports.
"""

from __future__ import annotations

import hashlib

# AWS limits on physical names, by kind (characters).
LIMITS: dict[str, int] = {
    "table": 255,
    "bucket": 63,
    "fn": 64,
    "role": 64,
    "topic": 256,
    "api": 128,
    "schedule": 64,
    "alarm": 255,
    "vault": 50,
    "plan": 50,
    "sg": 255,
    "dashboard": 255,
}

#: Ids of the lifecycle rules drspec adds to every bucket after the spec's own
#: (`drspec.factory.buckets.bucket_lifecycle_rules`): the bucket-level
#: `noncurrent_expiration_days` and the clean-up of incomplete uploads and
#: expired delete markers. A spec rule may not use them (E621).
NONCURRENT_RULE_ID = "drspec-noncurrent-versions"
CLEANUP_RULE_ID = "drspec-cleanup"
LIFECYCLE_RULE_IDS = (NONCURRENT_RULE_ID, CLEANUP_RULE_ID)

#: The ident in the name of the bucket holding the FIS Lambda extension's
#: configuration (`drspec.factory.fis_extension`); no spec bucket may take it (E576).
FIS_CONFIG_IDENT = "fis-config"


def physical(app: str, environment: str, ident: str, kind: str) -> str:
    """`shop`, `prod`, `orders`, `table` -> `shop-prod-orders-table`."""
    return f"{app}-{environment}-{ident}-{kind}"


def env_physical(app: str, environment: str, kind: str) -> str:
    """A per-environment resource with no ident (topic, api, vault): `shop-prod-topic`."""
    return f"{app}-{environment}-{kind}"


def replica_bucket(app: str, environment: str, ident: str) -> str:
    """The secondary-region copy of bucket `ident` (bucket names are global)."""
    return physical(app, environment, ident, "replica")


def bounded_name(name: str, limit: int) -> str:
    """`name`, or when longer than `limit` its head plus a stable hash of the whole."""
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{name[: limit - 9]}-{digest}"


def role_name(base: str, *, region: str | None = None) -> str:
    """The physical name of a role: `<base>-role`, or `<base>-<region>-role` for
    a copy in the secondary region (IAM is global, so the two must differ).
    Names over IAM's 64 characters keep their head and end in a hash of the
    full name, so they stay unique and stable. `validate` and the factory both
    call this, so a name `validate` accepts is the name the factory builds."""
    name = f"{base}-{region}-role" if region else f"{base}-role"
    return bounded_name(name, LIMITS["role"])


def logical(section: str, ident: str, kind: str, *, secondary: bool = False) -> str:
    """A stable logical name: `tables-orders-table`, `network-vpc` (ident may be empty)."""
    parts = [section, ident, kind] if ident else [section, kind]
    if secondary:
        parts.append("secondary")
    return "-".join(parts)


def output_key(kind: str, ident: str, attribute: str) -> str:
    """A stack output name: `("table", "order-items", "arn")` -> `table_order_items_arn`.
    Not injective (`bucket` `x` `replica_name` = `bucket` `x-replica` `name`):
    `validate` rejects specs whose outputs collide (checks/names.py)."""
    return f"{kind}_{ident.replace('-', '_')}_{attribute}"


#: The ID of the one replication rule on every replicated bucket (also a
#: dimension of the `ReplicationLatency` metric its alarms read).
REPLICATION_RULE_ID = "replicate-everything"

#: The ID of the rule replicating a replica bucket back to its source (two-way
#: replication: objects written in the standby region reach the primary).
RETURN_RULE_ID = "replicate-back"


def replication_rule_id(*, to_replica: bool) -> str:
    return REPLICATION_RULE_ID if to_replica else RETURN_RULE_ID
