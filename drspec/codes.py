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

Each module that emits codes registers them here with `rule()`, so SARIF output
and the docs can list every rule with a title and a help text.
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


RULES: dict[str, Rule] = {}


def rule(code: str, title: str, help: str, severity: Severity | None = None) -> str:
    """Register a code (idempotent for the same title) and return it."""
    sev = severity or (Severity.WARNING if code.startswith("W") else Severity.ERROR)
    existing = RULES.get(code)
    if existing is not None and existing.title != title:
        raise ValueError(f"diagnostic code {code} registered twice: {existing.title!r}, {title!r}")
    RULES[code] = Rule(code, title, help, sev)
    return code


def all_rules() -> list[Rule]:
    """Every registered rule, after importing every module that registers some."""
    # Importing these registers their rules.
    import drspec.assess
    import drspec.checks
    import drspec.loader
    import drspec.schema  # noqa: F401

    return [RULES[c] for c in sorted(RULES)]
