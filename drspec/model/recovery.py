"""`disaster_recovery`, `objectives` and `waivers`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from drspec.diagnostics import SpecPath
from drspec.model.common import (
    DEFAULT_BACKUP_RETENTION_DAYS,
    DEFAULT_FAILURE_THRESHOLD,
    DEFAULT_HEALTH_CHECK_INTERVAL,
    DEFAULT_HEALTH_CHECK_PATH,
)


@dataclass(frozen=True)
class Failover:
    domain: str
    hosted_zone_id: str
    health_check_path: str = DEFAULT_HEALTH_CHECK_PATH
    interval: int = DEFAULT_HEALTH_CHECK_INTERVAL  # 10 or 30 seconds (Route 53)
    failure_threshold: int = DEFAULT_FAILURE_THRESHOLD
    path: SpecPath = ("disaster_recovery", "failover")


@dataclass(frozen=True)
class Backup:
    schedule: str  # six-field AWS cron
    retention_days: int = DEFAULT_BACKUP_RETENTION_DAYS
    copy_to_secondary: bool = True
    path: SpecPath = ("disaster_recovery", "backup")


@dataclass(frozen=True)
class DisasterRecovery:
    secondary_region: str | None = None
    mode: str = "pilot_light"  # pilot_light | warm_standby
    global_tables: bool = False
    replicate_buckets: bool = False
    replication_time_control: bool = False
    standby_buckets: str = "read_write"  # read_write | read_only
    standby_nat: str | None = None  # None: derived from the primary's (nat_in_standby)
    failover: Failover | None = None
    backup: Backup | None = None
    witness_region: str | None = None  # the MRSC witness of strong tables
    drills: bool = False  # AWS FIS experiment templates for the scenarios survived
    path: SpecPath = ("disaster_recovery",)

    @property
    def multi_region(self) -> bool:
        return self.secondary_region is not None

    @property
    def warm_standby(self) -> bool:
        return self.multi_region and self.mode == "warm_standby"

    @property
    def two_way_buckets(self) -> bool:
        """Replicas replicate back to their sources (writes made while failed over
        reach the primary)."""
        return self.replicate_buckets and self.standby_buckets == "read_write"

    def nat_in_standby(self, primary_nat: str) -> str:
        """The standby VPC's NAT: as the spec says, else one gateway where the
        primary has one per AZ (each gateway is charged per hour, and the standby
        takes no traffic until failover), else the primary's setting."""
        if self.standby_nat is not None:
            return self.standby_nat
        return "single" if primary_nat == "per_az" else primary_nat


@dataclass(frozen=True)
class Objectives:
    rto: int | None = None  # seconds
    rpo: int | None = None


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str


def read_disaster_recovery(raw: Mapping[str, Any] | None) -> DisasterRecovery:
    if not raw:
        return DisasterRecovery()
    secondary = raw.get("secondary_region")
    multi = secondary is not None
    failover = raw.get("failover")
    backup = raw.get("backup")
    return DisasterRecovery(
        secondary_region=secondary,
        mode=raw.get("mode", "pilot_light"),
        global_tables=raw.get("global_tables", multi) and multi,
        replicate_buckets=raw.get("replicate_buckets", multi) and multi,
        replication_time_control=raw.get("replication_time_control", False),
        standby_buckets=raw.get("standby_buckets", "read_write"),
        standby_nat=raw.get("standby_nat"),
        failover=None if failover is None else Failover(
            domain=failover["domain"],
            hosted_zone_id=failover["hosted_zone_id"],
            health_check_path=failover.get("health_check_path", DEFAULT_HEALTH_CHECK_PATH),
            interval=failover.get("interval", DEFAULT_HEALTH_CHECK_INTERVAL),
            failure_threshold=failover.get("failure_threshold", DEFAULT_FAILURE_THRESHOLD),
        ),
        backup=None if backup is None else Backup(
            schedule=backup["schedule"],
            retention_days=backup.get("retention_days", DEFAULT_BACKUP_RETENTION_DAYS),
            copy_to_secondary=backup.get("copy_to_secondary", multi) and multi,
        ),
        witness_region=raw.get("witness_region"),
        drills=raw.get("drills", False) is True,
    )
