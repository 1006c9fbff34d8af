"""Defaults, durations and names shared by the sections of the model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULT_RUNTIME = "python3.12"


DEFAULT_HANDLER = "index.handler"


DEFAULT_MEMORY = 256


DEFAULT_TIMEOUT = 30


DEFAULT_PERIOD = 300


DEFAULT_HEALTH_CHECK_PATH = "/health"


DEFAULT_HEALTH_CHECK_INTERVAL = 30


DEFAULT_FAILURE_THRESHOLD = 3


DEFAULT_BACKUP_RETENTION_DAYS = 35


DEFAULT_ENDPOINTS = ("dynamodb", "s3")
#: Days a noncurrent object version is kept when neither the bucket nor one of
#: its lifecycle rules says (S3 keeps them forever by default; on a versioned
#: bucket an expiration only adds a delete marker).
DEFAULT_NONCURRENT_EXPIRATION_DAYS = 90
#: The spelling that keeps noncurrent versions forever.
NEVER = "never"


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> int:
    """`"15m"` -> 900 seconds."""
    return int(text[:-1]) * _UNITS[text[-1]]


def format_duration(seconds: float) -> str:
    """900 -> `"15m"`; the largest unit that divides evenly, else seconds."""
    seconds = round(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def env_var_name(prefix: str, ident: str) -> str:
    """`("TABLE", "order-items")` -> `TABLE_ORDER_ITEMS`."""
    return f"{prefix}_{ident.upper().replace('-', '_')}"


def pairs(mapping: Mapping[str, Any] | None) -> tuple[tuple[str, str], ...]:
    return tuple((str(k), str(v)) for k, v in (mapping or {}).items())


def opt_duration(value: str | None) -> int | None:
    return None if value is None else parse_duration(value)
