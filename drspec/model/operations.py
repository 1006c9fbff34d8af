"""The operations sections: `alerts` and `alarms`."""

from __future__ import annotations

from dataclasses import dataclass

from drspec.diagnostics import SpecPath
from drspec.model.common import DEFAULT_PERIOD


@dataclass(frozen=True)
class Alerts:
    email: tuple[str, ...] = ()
    sms: tuple[str, ...] = ()
    https: tuple[str, ...] = ()
    path: SpecPath = ("alerts",)

    @property
    def subscriptions(self) -> tuple[tuple[str, str], ...]:
        """(protocol, endpoint) pairs in a stable order."""
        return (
            *(("email", e) for e in self.email),
            *(("sms", e) for e in self.sms),
            *(("https", e) for e in self.https),
        )


@dataclass(frozen=True)
class Alarm:
    ident: str
    metric: str
    target: str
    threshold: float
    period: int = DEFAULT_PERIOD
    evaluation_periods: int = 1
    comparison: str = ">"
    path: SpecPath = ()
