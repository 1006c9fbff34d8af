"""Compose plain values with positions from the YAML event stream, refusing hostile YAML.

The composer builds plain Python values (dict, list, str, int, float, bool,
None) straight from the YAML event stream, with an explicit stack instead of
recursion, so it controls everything PyYAML's constructors would do silently:

- duplicate keys are reported (PyYAML keeps the last one);
- only the standard scalar tags are accepted; `!!python/...` and every other
  tag is reported and never constructed;
- one document per file (the caller checks that it is a mapping);
- aliases may expand to a bounded number of nodes (no billion laughs), nesting
  is bounded (no stack exhaustion);
- scalars that YAML 1.1 and YAML 1.2 read differently (`no`, `on`, `0755`,
  `1:30`) are kept as PyYAML reads them but recorded, so that a schema error
  there can tell the user to quote the value, and a warning says it anyway.

The codes it reports are registered here; `drspec.load.reader` re-exports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from drspec.codes import rule
from drspec.diagnostics import Diagnostic, Severity, SpecPath
from drspec.load.sourcemap import Location, SourceMap
from drspec.load.tags import (
    BOOL,
    INT,
    MERGE_TAG,
    NULL,
    SCALAR_TAGS,
    STR,
    TAG,
    TIMESTAMP,
    YAML12_FLOAT,
    YAML12_NUMBER_START,
    YAML12_OCTAL,
    resolve,
    shown_tag,
    yaml12_number_text,
)

E_SYNTAX = rule("E001", "YAML syntax error", "The file is not well-formed YAML.")
E_DUPLICATE_KEY = rule(
    "E002", "duplicate key", "A key appears twice in one mapping; YAML parsers keep only one."
)
E_TAG = rule(
    "E003",
    "unsupported YAML tag",
    "Only plain YAML values are accepted; tags such as !!python/object are never constructed.",
)
E_MULTI_DOC = rule("E004", "more than one document", "A spec file holds exactly one YAML document.")
E_KEY_TYPE = rule(
    "E006",
    "key is not a string",
    "Mapping keys must be strings; YAML reads `1`, `yes`, `null` as other types.",
)
E_ALIAS = rule(
    "E007",
    "alias expansion too large",
    "Aliases may expand to a bounded number of nodes (protection against 'billion laughs').",
)
E_DEPTH = rule("E008", "nesting too deep", "A spec nests at most a few levels deep.")
E_BIG_NUMBER = rule(
    "E012", "number too large",
    "An integer with thousands of digits fits no setting; it is refused before Python "
    "spends time converting it.",
)
W_YAML11 = rule(
    "W001",
    "YAML 1.1 / 1.2 ambiguity",
    "PyYAML (YAML 1.1) and editors (YAML 1.2) read this scalar differently; quote it or "
    "write it unambiguously.",
)

MAX_DEPTH = 32
MAX_ALIAS_NODES = 5_000

_YAML12_BOOLS = {"true", "false"}
_OCTAL_OR_SEXAGESIMAL = re.compile(r"^[-+]?(0[0-7_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+)$")
_MAX_INT_DIGITS = 4000  # Python refuses to convert longer ones (sys.int_info)
_CONSTRUCTOR = SafeConstructor()
_MERGE = object()


class LoadAborted(Exception):
    """Raised inside the composer for input too hostile to go on reading."""


def diag_at(code: str, message: str, loc: Location, hint: str | None = None,
            path: SpecPath = (), severity: Severity = Severity.ERROR) -> Diagnostic:
    """A diagnostic at `loc`."""
    return Diagnostic(code, severity, message, loc.file, loc.line, loc.col, hint, path)


@dataclass
class _Frame:
    kind: str  # "map" or "seq"
    value: Any
    path: SpecPath
    anchor: str | None
    loc: Location
    size: int = 1
    key: Any = None  # pending key (map only); _MERGE for `<<`
    key_loc: Location | None = None
    has_key: bool = False
    seen: dict[str, Location] = field(default_factory=dict)
    merged: list[tuple[dict[str, Any], Location]] = field(default_factory=list)


class Composer:
    """Composes one file's events into plain values, collecting positions in
    `source` and problems in `diags`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.source = SourceMap(file)
        self.diags: list[Diagnostic] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.expanded = 0

    def loc(self, mark: Any) -> Location:
        return Location(self.file, mark.line + 1, mark.column + 1)

    def error(self, code: str, message: str, loc: Location, hint: str | None = None,
              path: SpecPath = ()) -> None:
        self.diags.append(diag_at(code, message, loc, hint, path))

    # -- scalars ---------------------------------------------------------
    def scalar(self, event: yaml.ScalarEvent, path: SpecPath, loc: Location) -> Any:
        """The value of a scalar at `loc` (the event's start)."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = resolve(event)
            if tag == MERGE_TAG:  # `<<` as a value, not a key: just text
                tag = STR
        if tag not in SCALAR_TAGS:
            self.error(E_TAG, f"unsupported YAML tag {shown_tag(event.tag)}", loc,
                       "remove the tag; drspec reads plain values only", path)
            return event.value
        text = event.value
        try:
            if tag in (STR, TIMESTAMP):
                if tag == STR and event.implicit[0] and text[:1] in YAML12_NUMBER_START:
                    self.note_yaml12_number(path, text, loc)
                return text
            if tag == NULL:
                return None
            node = ScalarNode(tag, text)
            if tag == BOOL:
                if text.lower() not in _YAML12_BOOLS:
                    self.note_yaml11(path, text, loc, f"{text!r} is read as a boolean")
                return _CONSTRUCTOR.construct_yaml_bool(node)
            if tag == INT:
                if _OCTAL_OR_SEXAGESIMAL.match(text) and text.strip("+-") != "0":
                    self.note_yaml11(path, text, loc, f"{text!r} is read as the number "
                                     f"{_CONSTRUCTOR.construct_yaml_int(node)}")
                return _CONSTRUCTOR.construct_yaml_int(node)
            return _CONSTRUCTOR.construct_yaml_float(node)
        except (ValueError, yaml.YAMLError):
            if tag == INT and len(text) > _MAX_INT_DIGITS:  # see sys.int_info
                self.error(E_BIG_NUMBER, f"the integer {text[:12]}... ({len(text)} digits) is "
                           "too large", loc, "no setting takes a number this large", path)
            else:
                shown = text if len(text) <= 40 else text[:37] + "..."
                self.error(E_TAG, f"value {shown!r} does not fit its tag {shown_tag(tag)}",
                           loc, path=path)
            return text

    def note_yaml11(self, path: SpecPath, text: str, loc: Location, what: str) -> None:
        self.source.yaml11[path] = text
        self.diags.append(diag_at(
            W_YAML11,
            f"{what} by YAML 1.1 (drspec, PyYAML); editors reading YAML 1.2 see the "
            f"string {text!r}",
            loc,
            f"quote it ('{text}') if you mean a string"
            + ("; write true or false for a boolean" if not text[:1].isdigit() else ""),
            path,
            Severity.WARNING,
        ))

    def note_yaml12_number(self, path: SpecPath, text: str, loc: Location) -> None:
        """Warn about a plain scalar YAML 1.2 reads as a number and YAML 1.1 as text."""
        octal = YAML12_OCTAL.match(text)
        if octal is None and not YAML12_FLOAT.match(text):
            return
        number = yaml12_number_text(text, octal)
        seen = "a number" if number is None else f"the number {number}"
        self.diags.append(diag_at(
            W_YAML11,
            f"{text!r} is read as the string {text!r} by YAML 1.1 (drspec, PyYAML); "
            f"editors reading YAML 1.2 see {seen}",
            loc,
            f"quote it ('{text}') if you mean a string"
            + ("" if number is None else f"; write {number} for the number"),
            path,
            Severity.WARNING,
        ))

    # -- tree ------------------------------------------------------------
    def compose(self, events: Any) -> tuple[Any, bool]:
        """Compose one document from `events`; returns (value, found_document)."""
        stack: list[_Frame] = []
        root: Any = None
        found = False
        for event in events:
            if isinstance(event, yaml.ScalarEvent):  # most events, so tested first
                parent = stack[-1] if stack else None
                if parent is not None and parent.kind == "map" and not parent.has_key:
                    self.take_key(parent, event, self.loc(event.start_mark))
                else:
                    value = self.value(event, parent)
                    if parent is None:
                        root = value
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                if found:
                    self.error(E_MULTI_DOC, "a spec file holds exactly one YAML document",
                               self.loc(event.start_mark),
                               "remove the '---' separator and everything after it")
                    return root, found
                found = True
                continue
            if isinstance(event, yaml.StreamStartEvent | yaml.DocumentEndEvent):
                continue
            if isinstance(event, yaml.StreamEndEvent):
                break
            parent = stack[-1] if stack else None
            path = self.child_path(parent)
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
                loc = self.loc(event.start_mark)
                expected = TAG + ("map" if kind == "map" else "seq")
                if event.tag not in (None, "!", expected):
                    self.error(E_TAG, f"unsupported YAML tag {shown_tag(event.tag)}", loc,
                               "remove the tag; drspec reads plain mappings and lists", path)
                if len(stack) >= MAX_DEPTH:
                    self.error(E_DEPTH, f"nesting deeper than {MAX_DEPTH} levels", loc,
                               "a spec needs only a few levels; this file is malformed", path)
                    raise LoadAborted
                stack.append(_Frame(kind, {} if kind == "map" else [], path, event.anchor, loc))
                continue
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frame = stack.pop()
                if frame.kind == "map":
                    self.apply_merges(frame)
                if frame.anchor:
                    self.anchors[frame.anchor] = (frame.value, frame.size)
                if stack:
                    self.attach(stack[-1], frame.value, frame.loc, frame.size, is_scalar=False)
                else:
                    root = frame.value
                continue
            if isinstance(event, yaml.AliasEvent):
                value = self.alias(event, parent, path)
                if parent is None:
                    root = value
                continue
        return root, found

    def value(self, event: yaml.ScalarEvent, parent: _Frame | None) -> Any:
        """A scalar that is not a key: its value, attached to `parent` with its position."""
        loc = self.loc(event.start_mark)
        value = self.scalar(event, self.child_path(parent), loc)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        if event.value == "" and not event.style and parent is not None \
                and parent.kind == "map" and parent.key_loc is not None:
            # `tables:` with nothing after it: libyaml's mark is past the end of
            # the line; the key is what the user sees and must fix.
            loc = parent.key_loc
        if parent is not None:
            self.attach(parent, value, loc, 1, is_scalar=True)
        return value

    def alias(self, event: yaml.AliasEvent, parent: _Frame | None, path: SpecPath) -> Any:
        """The value an alias stands for, attached to `parent`; alias bombs are refused."""
        loc = self.loc(event.start_mark)
        if event.anchor not in self.anchors:
            self.error(E_SYNTAX, f"alias *{event.anchor} names no anchor defined before it",
                       loc, path=path)
            value, size = None, 1
        else:
            value, size = self.anchors[event.anchor]
            self.expanded += size
            if self.expanded > MAX_ALIAS_NODES:
                self.error(E_ALIAS, f"aliases expand to more than {MAX_ALIAS_NODES} nodes",
                           loc, "use fewer or smaller aliases", path)
                raise LoadAborted
        if parent is not None:
            self.attach(parent, value, loc, size, is_scalar=False, alias=True)
        return value

    def child_path(self, parent: _Frame | None) -> SpecPath:
        if parent is None:
            return ()
        if parent.kind == "seq":
            return (*parent.path, len(parent.value))
        if parent.has_key and parent.key is not _MERGE:
            return (*parent.path, parent.key)
        return parent.path

    def take_key(self, frame: _Frame, event: yaml.ScalarEvent, loc: Location) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            tag = resolve(event)
        if event.anchor:
            self.anchors[event.anchor] = (event.value, 1)
        frame.has_key = True
        frame.key_loc = loc
        if not frame.path:
            # The top level is located at its first key, not at 1:1 (a comment, perhaps):
            # findings about the whole document, such as a missing key, point there.
            self.source.values.setdefault((), loc)
        if tag == MERGE_TAG:
            frame.key = _MERGE
            return
        key = event.value
        if tag != STR:
            shown = "null" if key in ("", "~") else key
            self.error(E_KEY_TYPE,
                       f"key {shown!r} is read as {tag.rsplit(':', 1)[-1]}, not a string", loc,
                       f"quote the key: '{key}':", (*frame.path, key))
        if key in frame.seen:
            first = frame.seen[key]
            self.error(E_DUPLICATE_KEY,
                       f"duplicate key {key!r} (first defined at line {first.line})", loc,
                       "remove one of them; YAML would silently keep only the last",
                       (*frame.path, key))
        else:
            frame.seen[key] = loc
        frame.key = key

    def attach(self, frame: _Frame, value: Any, loc: Location, size: int, *,
               is_scalar: bool, alias: bool = False) -> None:
        frame.size += size
        if frame.kind == "seq":
            path = (*frame.path, len(frame.value))
            frame.value.append(value)
            self.source.values.setdefault(path, loc)
            return
        if not frame.has_key:
            # A mapping or list used as a key (`? [a, b]: x`): refuse, keep going.
            self.error(E_KEY_TYPE, "a mapping key must be a plain string", loc, path=frame.path)
            frame.has_key, frame.key, frame.key_loc = True, None, loc
            return
        key, key_loc = frame.key, frame.key_loc
        frame.has_key, frame.key = False, None
        if key is None:
            return
        if key is _MERGE:
            sources = value if isinstance(value, list) else [value]
            for item in sources:
                if isinstance(item, dict):
                    frame.merged.append((item, loc))
                else:
                    self.error(E_SYNTAX, "'<<' merges mappings only", loc, path=frame.path)
            return
        path = (*frame.path, key)
        if key not in frame.value:
            frame.value[key] = value
        self.source.values[path] = loc
        if key_loc is not None:
            self.source.keys[path] = key_loc

    def apply_merges(self, frame: _Frame) -> None:
        for merged, loc in frame.merged:
            for key, value in merged.items():
                if key not in frame.value:
                    frame.value[key] = value
                    self.source.values.setdefault((*frame.path, key), loc)

