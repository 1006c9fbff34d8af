"""The data sections: DynamoDB `tables` and S3 `buckets`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drspec.diagnostics import SpecPath
from drspec.model.common import DEFAULT_NONCURRENT_EXPIRATION_DAYS, NEVER


@dataclass(frozen=True)
class KeyAttribute:
    name: str
    type: str  # S | N | B


@dataclass(frozen=True)
class Table:
    ident: str
    partition_key: KeyAttribute
    sort_key: KeyAttribute | None = None
    billing: str = "on_demand"  # on_demand | provisioned
    read_capacity: int | None = None
    write_capacity: int | None = None
    point_in_time_recovery: bool = True
    stream: str = "new_and_old_images"
    encryption: str = "aws_managed"  # aws_owned | aws_managed | KMS key ARN
    deletion_protection: bool = True
    ttl_attribute: str | None = None
    consistency: str = "eventual"  # eventual | strong (multi-Region strong consistency)
    path: SpecPath = ()

    @property
    def strong(self) -> bool:
        """A multi-Region strongly consistent (MRSC) global table when replicated."""
        return self.consistency == "strong"

    @property
    def kms_key_arn(self) -> str | None:
        return self.encryption if self.encryption.startswith("arn:") else None


@dataclass(frozen=True)
class LifecycleRule:
    id: str
    transition_days: int | None = None
    transition_storage_class: str | None = None
    noncurrent_expiration_days: int | None = None
    expiration_days: int | None = None


@dataclass(frozen=True)
class Bucket:
    ident: str
    versioning: bool = True
    encryption: str = "sse_s3"  # sse_s3 | sse_kms | KMS key ARN
    lifecycle: tuple[LifecycleRule, ...] = ()
    force_destroy: bool = False
    # Days after which drspec's own rule deletes noncurrent versions; None:
    # drspec adds no such rule (`never`, or a lifecycle rule of the spec sets one).
    noncurrent_expiration_days: int | None = DEFAULT_NONCURRENT_EXPIRATION_DAYS
    path: SpecPath = ()

    @property
    def kms_key_arn(self) -> str | None:
        return self.encryption if self.encryption.startswith("arn:") else None

    @property
    def uses_kms(self) -> bool:
        return self.encryption != "sse_s3"

    @property
    def undo_window_days(self) -> int | None:
        """How long an overwritten or deleted object can still be restored: the
        shortest noncurrent expiration of any rule; None keeps versions forever
        (or, unversioned, there is nothing to restore from: see `versioning`)."""
        days = [r.noncurrent_expiration_days for r in self.lifecycle
                if r.noncurrent_expiration_days is not None]
        if self.noncurrent_expiration_days is not None:
            days.append(self.noncurrent_expiration_days)
        return min(days) if days else None


def read_key(raw: Mapping[str, Any] | None) -> KeyAttribute | None:
    return None if raw is None else KeyAttribute(raw["name"], raw["type"])


def read_table(ident: str, raw: Mapping[str, Any]) -> Table:
    billing = raw.get("billing", "on_demand")
    read = write = None
    if isinstance(billing, Mapping):
        read, write = billing["provisioned"]["read"], billing["provisioned"]["write"]
        billing = "provisioned"
    pk = read_key(raw["partition_key"])
    assert pk is not None
    return Table(
        ident=ident,
        partition_key=pk,
        sort_key=read_key(raw.get("sort_key")),
        billing=billing,
        read_capacity=read,
        write_capacity=write,
        point_in_time_recovery=raw.get("point_in_time_recovery", True),
        stream=raw.get("stream", "new_and_old_images"),
        encryption=raw.get("encryption", "aws_managed"),
        deletion_protection=raw.get("deletion_protection", True),
        ttl_attribute=raw.get("ttl_attribute"),
        consistency=raw.get("consistency", "eventual"),
        path=("tables", ident),
    )


def read_bucket(ident: str, raw: Mapping[str, Any]) -> Bucket:
    rules = []
    for rule in raw.get("lifecycle") or ():
        transition = rule.get("transition") or {}
        rules.append(LifecycleRule(
            id=rule["id"],
            transition_days=transition.get("days"),
            transition_storage_class=transition.get("storage_class"),
            noncurrent_expiration_days=rule.get("noncurrent_expiration_days"),
            expiration_days=rule.get("expiration_days"),
        ))
    return Bucket(
        ident=ident,
        versioning=raw.get("versioning", True),
        encryption=raw.get("encryption", "sse_s3"),
        lifecycle=tuple(rules),
        force_destroy=raw.get("force_destroy", False),
        noncurrent_expiration_days=_noncurrent_days(raw, rules),
        path=("buckets", ident),
    )


def _noncurrent_days(raw: Mapping[str, Any], rules: list[LifecycleRule]) -> int | None:
    value = raw.get("noncurrent_expiration_days")
    if value == NEVER:
        return None
    if value is not None:
        return int(value)
    if any(r.noncurrent_expiration_days is not None for r in rules):
        return None
    return DEFAULT_NONCURRENT_EXPIRATION_DAYS
