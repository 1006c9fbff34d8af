"""Schema findings before they are located, and the rules that merge or drop them.

jsonschema reports one mistake in several ways: a typo is an unknown key and a
missing one, a wrong type comes with complaints about the value's content. A
finding carries what those rules need (the keys it suggests, the pattern it
failed, where a misplaced key belongs); `prune` keeps the finding that explains
the others, and `explain_misplaced_settings` turns a setting indented into a map
of resources into one finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from drspec.diagnostics import Diagnostic, Severity, SpecPath
from drspec.load.document import Document
from drspec.schema.codes import (
    E_FORMAT,
    E_LENGTH,
    E_MISSING_KEY,
    E_NOT_ALLOWED,
    E_RANGE,
    E_TYPE,
    E_UNKNOWN_KEY,
)
from drspec.schema.validator import SpecValidator, inlined_schema
from drspec.schema.wording import place

_VALUE_CODES = frozenset({E_NOT_ALLOWED, E_FORMAT, E_RANGE, E_LENGTH})


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    path: SpecPath
    hint: str | None = None
    #: where to point: `path` unless given; at the key rather than the value with `at_key`
    at: SpecPath | None = None
    at_key: bool = False
    #: for E101, the key suggested; for E102, the keys any one of which would do
    keys: tuple[str, ...] = ()
    #: for E105 on a string: the pattern it failed; for E107 on a string: its maximum length
    pattern: str | None = None
    max_length: int | None = None
    value: Any = None
    #: for a key written at the wrong depth: (where it belongs, the key); a "missing key"
    #: there is the same mistake. A `*` in the path stands for any entry of a map.
    misplaced: tuple[SpecPath, str] | None = None

    def diagnostic(self, doc: Document) -> Diagnostic:
        loc = doc.locate(self.path if self.at is None else self.at, key=self.at_key)
        return Diagnostic(self.code, Severity.ERROR, self.message, loc.file, loc.line, loc.col,
                          self.hint, self.path)


def prune(findings: Sequence[Finding]) -> list[Finding]:
    """Drop findings another one already explains.

    - "missing 'x'" when an unknown key nearby is a typo of 'x';
    - complaints about a value's content when its type is already wrong;
    - "does not match the format" when the string is only too long (`name` is an
      identifier of at most 20 characters: a 25-character one gets the length error);
    - every "missing key" when `extends` itself is wrong: the base was never read, and
      the keys it would have given are not missing;
    - "missing 'x'" where a key 'x' written at the wrong depth belongs, and complaints
      about that key as an entry of a map (`function:` dedented into `schedules`).
    """
    if any(f.path == ("extends",) for f in findings):
        findings = [f for f in findings if f.code != E_MISSING_KEY]
    suggested = {(f.path[:-1], k) for f in findings if f.code == E_UNKNOWN_KEY for k in f.keys}
    misplaced = {f.misplaced for f in findings if f.misplaced is not None}
    mistyped = {f.path for f in findings if f.code == E_TYPE or f.misplaced is not None}
    too_long = {f.path: f.max_length for f in findings if f.max_length is not None}
    out = []
    for f in findings:
        if f.code == E_MISSING_KEY and any((f.path[:-1], k) in suggested for k in f.keys):
            continue
        if f.code == E_MISSING_KEY and any(_is_misplaced(f.path[:-1], k, misplaced)
                                           for k in f.keys):
            continue
        if f.code in _VALUE_CODES and f.path in mistyped:
            continue
        if f.pattern is not None and f.path in too_long and _only_too_long(f, too_long[f.path]):
            continue
        out.append(f)
    return out


def _is_misplaced(where: SpecPath, key: str, misplaced: set[tuple[SpecPath, str]]) -> bool:
    return any(k == key and len(p) == len(where)
               and all(a == "*" or a == b for a, b in zip(p, where, strict=True))
               for p, k in misplaced)


def _only_too_long(finding: Finding, limit: int | None) -> bool:
    value = finding.value
    return (isinstance(value, str) and limit is not None and finding.pattern is not None
            and re.search(finding.pattern, value[:limit]) is not None)


def explain_misplaced_settings(data: Any, findings: list[Finding]) -> list[Finding]:
    """One finding for a setting indented into a map of resources, instead of many.

    `function: api` dedented out of its schedule sits in `schedules` as if it were a
    schedule named 'function': that entry is wrong in every way, and the schedule
    it came from misses its function. A map entry that has findings, whose key is
    a setting of the map's entries and whose value fits that setting, is reported
    once, as a key at the wrong depth; the findings it explains are dropped.
    """
    out = list(findings)
    for map_path, key in _setting_like_entries(data, inlined_schema()):
        entry = (*map_path, key)
        if not any(f.path[:len(entry)] == entry for f in out):
            continue  # a valid entry that happens to be named like a setting
        out = [f for f in out if f.path[:len(entry)] != entry]
        out.append(Finding(
            E_UNKNOWN_KEY,
            f"{place(map_path)}: '{key}' is a key of each entry here, not an entry of its "
            "own; is it indented too little?",
            entry, "indent it under the entry it belongs to", at_key=True,
            misplaced=((*map_path, "*"), key)))
    return out


def _setting_like_entries(data: Any, schema: Any,
                          path: SpecPath = ()) -> Iterator[tuple[SpecPath, str]]:
    """(map path, key) for each entry of a map of resources named like an entry's setting."""
    if not isinstance(data, dict) or not isinstance(schema, dict):
        return
    properties = schema.get("properties", {})
    entries = schema.get("additionalProperties")
    for key, value in data.items():
        if key in properties:
            yield from _setting_like_entries(value, properties[key], (*path, key))
        elif isinstance(entries, dict):
            settings = entries.get("properties", {})
            setting = settings.get(key)
            looks_like_entry = isinstance(value, dict) and bool(settings.keys() & value.keys())
            if isinstance(setting, dict) and not looks_like_entry and (
                    not isinstance(value, dict) or SpecValidator(setting).is_valid(value)):
                yield path, key
            else:
                yield from _setting_like_entries(value, entries, (*path, key))
