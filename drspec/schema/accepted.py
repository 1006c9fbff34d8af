"""The part of a spec the JSON Schema accepted, so semantic checks run on it too.

One run should show everything that can be known: a schema error in one
table must not hide a CIDR overlap in the network. `accepted_part` removes
what the schema rejected — the setting of an entry an error is in
or section an error is in (`functions.worker.memory`, `api.throttling`,
whose defaults then apply), the entry when that leaves it incomplete
(`tables.orders`), or the whole section when it is the error (`api: 5`) — and
validates again until what is left passes. The core of a spec (`version`,
`name`, `environment`, `region`, `network`) cannot be removed: with an error
there, nothing is left to check.

Findings about what was removed would be follow-on errors (a function's
access to a pruned table is not an "unknown table", an alarm on a rejected
`api` section is not an "alarm without an API"); `is_follow_on` tells them
apart.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from drspec.diagnostics import Diagnostic, SpecPath
from drspec.load.document import Document

#: top-level keys without which no model can be built
CORE = frozenset({"version", "name", "environment", "region", "network"})
#: sections that are a mapping of named entries: an error in one removes only that entry
ENTRY_SECTIONS = frozenset({"tables", "buckets", "functions", "schedules", "alarms"})
#: rounds of remove-and-validate; each removes at least one part, and a spec has few sections
MAX_ROUNDS = 8


@dataclass
class Accepted:
    """What is left of a document once the parts the schema rejected are removed."""

    document: Document
    removed_entries: set[tuple[str, str]] = field(default_factory=set)
    removed_sections: set[str] = field(default_factory=set)

    @property
    def removed_idents(self) -> set[str]:
        return {ident for _, ident in self.removed_entries}


def _part_of(path: SpecPath) -> SpecPath | None:
    """The part to remove for an error at `path`; None when it is the spec's core."""
    if not path or path[0] in CORE:
        return None
    section = path[0]
    if section in ENTRY_SECTIONS and len(path) >= 3:
        return path[:3]  # the setting (its default applies); the entry if that was required
    if section == "api" and len(path) >= 3 and path[1] == "routes":
        return path[:3]
    return path[:2]  # an entry, or a section's setting; the section when it is the error


def _remove(data: dict[str, Any], part: SpecPath) -> SpecPath | None:
    """Remove `part`, or the nearest enclosing part present (a required key that is
    missing is reported at the key: its entry goes); the part removed, None for none."""
    while part:
        parent: Any = data
        for key in part[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict) and part[-1] in parent:
            del parent[part[-1]]
            return part
        part = part[:-1]
    return None


def accepted_part(doc: Document, errors: Iterable[Diagnostic]) -> Accepted | None:
    """`doc` without the parts the schema rejected, or None when its core was rejected."""
    from drspec.schema.diagnose import schema_diagnostics

    data = copy.deepcopy(doc.data)
    result = Accepted(Document(data, doc.source, doc.file, doc.files))
    found = [d for d in errors if d.is_error]
    for _ in range(MAX_ROUNDS):
        if not found:
            return result
        for diagnostic in found:
            part = _part_of(diagnostic.path)
            if part is not None:
                section = data.get(str(part[0])) if len(part) == 1 else None
                part = _remove(data, part)
                if part is not None and isinstance(section, dict):
                    # its entries go too (`tabels:` written for `tables:`)
                    result.removed_entries |= {(str(part[0]), str(k)) for k in section}
            if part is None or part[0] in CORE:
                return None
            if len(part) == 2 and part[0] in ENTRY_SECTIONS:
                result.removed_entries.add((str(part[0]), str(part[1])))
            elif len(part) == 1:
                result.removed_sections.add(str(part[0]))
        found = [d for d in schema_diagnostics(result.document) if d.is_error]
    return None


def is_follow_on(diagnostic: Diagnostic, accepted: Accepted, original: dict[str, Any]) -> bool:
    """Whether a semantic finding is only about a part the schema rejected: it names a
    removed entry (by key, as in `access.tables.<ident>`, or by value, as in a
    schedule's `function`), or sits in a removed section."""
    path = diagnostic.path
    if path and path[0] in accepted.removed_sections:
        return True
    words = re.findall(r"[a-z_]+", diagnostic.message.lower())
    if any(section in words for section in accepted.removed_sections):
        return True  # "the spec has no api section", when `api` was rejected
    idents = accepted.removed_idents
    if not idents:
        return False
    if path and path[-1] in idents:
        return True
    value: Any = original
    for key in path:
        value = value.get(key) if isinstance(value, dict) else (
            value[key] if isinstance(value, list) and isinstance(key, int)
            and 0 <= key < len(value) else None)
    return isinstance(value, str) and value in idents
