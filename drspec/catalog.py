"""Every diagnostic rule drspec declares, collected from the phases that emit them.

Rules are declared next to the code that emits them (`drspec.codes.rule`); this
module sits above every phase and imports each one, so that the registry is
complete for SARIF output, waivers and `docs/rules.md`.
"""

from __future__ import annotations

import importlib

from drspec.codes import RULES, Rule
from drspec.diagnostics import Severity

#: every module that declares rules; `tests/test_rules_doc.py` checks it is complete
RULE_MODULES: tuple[str, ...] = (
    "drspec.load.reader",
    "drspec.load.compose",
    "drspec.schema.codes",
    "drspec.checks",
    "drspec.assess.engine",
    "drspec.assess.breaks",
    "drspec.waivers",
    "drspec.diff.guardrail",
)


def all_rules() -> list[Rule]:
    """Every declared rule, sorted by code."""
    for name in RULE_MODULES:
        importlib.import_module(name)
    return [RULES[c] for c in sorted(RULES)]


def warning_codes() -> list[str]:
    """Every declared warning code: what a waiver may name."""
    return [r.code for r in all_rules() if r.severity is Severity.WARNING]
