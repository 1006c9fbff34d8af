"""SARIF 2.1.0: the format code-scanning services (GitHub, Azure DevOps, IDEs) import.

One log with one run. The driver lists every registered rule
(`drspec.catalog.all_rules()`), so viewers can show a rule's title and help
beside each result. Locations are URIs: relative paths stay relative to
`%SRCROOT%` (the checkout root, the directory drspec was run from), absolute
paths become `file://` URIs; both percent-encoded, with forward slashes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from drspec.catalog import all_rules
from drspec.codes import Rule
from drspec.diagnostics import Diagnostic, Severity, format_path, sorted_diagnostics

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "drspec"
INFORMATION_URI = "https://pypi.org/project/drspec/"
SRCROOT = "%SRCROOT%"


def render(diagnostics: Sequence[Diagnostic]) -> str:
    return json.dumps(sarif_log(diagnostics), indent=2, ensure_ascii=False) + "\n"


def sarif_log(diagnostics: Sequence[Diagnostic]) -> dict[str, Any]:
    """The SARIF log object for `diagnostics` (all files in one run)."""
    from drspec.version import __version__
    found = sorted_diagnostics(diagnostics)
    rules = _rules_for(found)
    index = {r.code: i for i, r in enumerate(rules)}
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(r) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.code]) for d in found],
            }
        ],
    }


def _rules_for(diagnostics: Sequence[Diagnostic]) -> list[Rule]:
    """Every registered rule, plus a plain one for any code that was never registered."""
    rules = {r.code: r for r in all_rules()}
    for d in diagnostics:
        if d.code not in rules:
            rules[d.code] = Rule(d.code, d.code, "", d.severity)
    return [rules[code] for code in sorted(rules)]


def rule_name(title: str) -> str:
    """A rule's SARIF `name`: its title as one PascalCase identifier (`DuplicateKey`)."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words) or "Rule"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _rule(r: Rule) -> dict[str, Any]:
    text = r.help or r.title
    return {
        "id": r.code,
        "name": rule_name(r.title),
        "shortDescription": {"text": r.title},
        "fullDescription": {"text": text},
        "help": {"text": text},
        "defaultConfiguration": {"level": _level(r.severity)},
    }


def _result(d: Diagnostic, rule_index: int) -> dict[str, Any]:
    message = f"{d.message}\nhint: {d.hint}" if d.hint else d.message
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _level(d.severity),
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(d.file),
                    "region": {"startLine": max(d.line, 1), "startColumn": max(d.col, 1)},
                }
            }
        ],
    }
    props: dict[str, str] = {}
    if d.path:
        props["specPath"] = format_path(d.path)
    if d.hint:
        props["hint"] = d.hint
    if props:
        result["properties"] = props
    return result


def artifact_location(file: str) -> dict[str, str]:
    """`file` as a SARIF artifactLocation: a relative URI under %SRCROOT%, or a file:// URI."""
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    # as_posix(): forward slashes on every platform, and `./specs/x` -> `specs/x`.
    return {"uri": quote(path.as_posix(), safe="/"), "uriBaseId": SRCROOT}
