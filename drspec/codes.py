"""The registry of diagnostic codes: one stable code per kind of finding.

Ranges, by phase and section (as cfn-lint groups its rules):

- ``E0xx`` loading the YAML file; ``W0xx`` YAML warnings
- ``E1xx`` JSON Schema
- ``E2xx``/``W2xx`` network
- ``E3xx`` schedules and time (rate, cron, time zones)
- ``E4xx`` references between sections
- ``E5xx``/``W5xx`` disaster recovery, objectives
- ``E6xx`` physical names and AWS limits
- ``W7xx`` guardrails (security posture warnings)

Each module that emits codes declares them with `rule()` next to the code that
emits them (title, help, and the documentation URL of the AWS fact behind the
rule where there is one). This module imports nothing of drspec's phases;
`drspec.catalog` collects every declared rule for SARIF output and
`docs/rules.md`.
"""

from __future__ import annotations

from dataclasses import dataclass

from drspec.diagnostics import Severity


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    help: str
    severity: Severity
    source: str | None = None


RULES: dict[str, Rule] = {}


def rule(code: str, title: str, help: str, severity: Severity | None = None, *,
         source: str | None = None) -> str:
    """Register a code (idempotent for the same title) and return it."""
    sev = severity or (Severity.WARNING if code.startswith("W") else Severity.ERROR)
    existing = RULES.get(code)
    if existing is not None and existing.title != title:
        raise ValueError(f"diagnostic code {code} registered twice: {existing.title!r}, {title!r}")
    RULES[code] = Rule(code, title, help, sev, source)
    return code


E_INTERNAL = rule(
    "E000",
    "internal error",
    "drspec itself failed on this file; the file may still be wrong, but this is a bug in "
    "drspec. Please report it with the file attached.",
)

