"""Safe YAML loading that keeps every node's position and refuses hostile input.

The loader builds plain Python values (dict, list, str, int, float, bool,
None) straight from the YAML event stream, with an explicit stack instead of
recursion, so it controls everything PyYAML's constructors would do silently:

- duplicate keys are reported (PyYAML keeps the last one);
- only the standard scalar tags are accepted; `!!python/...` and every other
  tag is reported and never constructed;
- one document per file, a mapping at the top;
- aliases may expand to a bounded number of nodes (no billion laughs), nesting
  is bounded (no stack exhaustion);
- scalars that YAML 1.1 and YAML 1.2 read differently (`no`, `on`, `0755`,
  `1:30`) are kept as PyYAML reads them but recorded, so that a schema error
  there can tell the user to quote the value, and a warning says it anyway.

libyaml's C parser is used where it is installed.
"""

from __future__ import annotations

import codecs
import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from drspec.codes import rule
from drspec.diagnostics import Diagnostic, Severity, SpecPath
from drspec.sourcemap import Location, SourceMap

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

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
E_NOT_MAPPING = rule("E005", "top level is not a mapping", "A spec is a mapping of sections.")
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
E_ENCODING = rule("E009", "file is not UTF-8", "Spec files must be UTF-8 encoded.")
E_READ = rule("E010", "file cannot be read", "The file is missing, unreadable or too large.")
E_EXTENDS = rule(
    "E011",
    "base spec cannot be used",
    "`extends` must name an existing spec file, relative to this one, without cycles.",
)
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
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_EXTENDS_DEPTH = 8

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_YAML12_BOOLS = {"true", "false"}
_OCTAL_OR_SEXAGESIMAL = re.compile(r"^[-+]?(0[0-7_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+)$")
_RESOLVER = Resolver()
_MAX_INT_DIGITS = 4000  # Python refuses to convert longer ones (sys.int_info)
_KIND_WORDS = {list: "a list", str: "a string", int: "a number", float: "a number",
               bool: "true or false"}
_CONSTRUCTOR = SafeConstructor()
_MERGE = object()


class LoadAborted(Exception):
    """Raised inside the composer for input too hostile to go on reading."""


@dataclass
class Document:
    """A loaded spec: plain data, where each part came from, and the file name."""

    data: dict[str, Any]
    source: SourceMap
    file: str
    files: tuple[str, ...] = field(default=())

    def locate(self, path: SpecPath, *, key: bool = False) -> Location:
        return self.source.locate(path, key=key)


def _diag(code: str, message: str, loc: Location, hint: str | None = None,
          path: SpecPath = (), severity: Severity = Severity.ERROR) -> Diagnostic:
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


class _Composer:
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
        self.diags.append(_diag(code, message, loc, hint, path))

    # -- scalars ---------------------------------------------------------
    def scalar(self, event: yaml.ScalarEvent, path: SpecPath) -> Any:
        loc = self.loc(event.start_mark)
        tag = event.tag
        if tag in (None, "!"):
            tag = _resolve(event)
            if tag == _TAG + "merge":  # `<<` as a value, not a key: just text
                tag = _TAG + "str"
        if tag not in _SCALAR_TAGS:
            self.error(E_TAG, f"unsupported YAML tag {_shown_tag(event.tag)}", loc,
                       "remove the tag; drspec reads plain values only", path)
            return event.value
        text = event.value
        node = ScalarNode(tag, text)
        try:
            if tag == _TAG + "str" or tag == _TAG + "timestamp":
                return text
            if tag == _TAG + "null":
                return None
            if tag == _TAG + "bool":
                if text.lower() not in _YAML12_BOOLS:
                    self.note_yaml11(path, text, loc, f"{text!r} is read as a boolean")
                return _CONSTRUCTOR.construct_yaml_bool(node)
            if tag == _TAG + "int":
                if _OCTAL_OR_SEXAGESIMAL.match(text) and text.strip("+-") != "0":
                    self.note_yaml11(path, text, loc, f"{text!r} is read as the number "
                                     f"{_CONSTRUCTOR.construct_yaml_int(node)}")
                return _CONSTRUCTOR.construct_yaml_int(node)
            return _CONSTRUCTOR.construct_yaml_float(node)
        except (ValueError, yaml.YAMLError):
            if tag == _TAG + "int" and len(text) > _MAX_INT_DIGITS:  # see sys.int_info
                self.error(E_BIG_NUMBER, f"the integer {text[:12]}... ({len(text)} digits) is "
                           "too large", loc, "no setting takes a number this large", path)
            else:
                shown = text if len(text) <= 40 else text[:37] + "..."
                self.error(E_TAG, f"value {shown!r} does not fit its tag {_shown_tag(tag)}",
                           loc, path=path)
            return text

    def note_yaml11(self, path: SpecPath, text: str, loc: Location, what: str) -> None:
        self.source.yaml11[path] = text
        self.diags.append(_diag(
            W_YAML11,
            f"{what} by YAML 1.1 (drspec, PyYAML); editors reading YAML 1.2 see the "
            f"string {text!r}",
            loc,
            f"quote it ('{text}') if you mean a string"
            + ("; write true or false for a boolean" if not text[:1].isdigit() else ""),
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
                expected = _TAG + ("map" if kind == "map" else "seq")
                if event.tag not in (None, "!", expected):
                    self.error(E_TAG, f"unsupported YAML tag {_shown_tag(event.tag)}", loc,
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
                loc = self.loc(event.start_mark)
                if event.anchor not in self.anchors:
                    self.error(E_SYNTAX, f"alias *{event.anchor} names no anchor defined before it",
                               loc, path=path)
                    value, size = None, 1
                else:
                    value, size = self.anchors[event.anchor]
                    self.expanded += size
                    if self.expanded > MAX_ALIAS_NODES:
                        self.error(E_ALIAS,
                                   f"aliases expand to more than {MAX_ALIAS_NODES} nodes", loc,
                                   "use fewer or smaller aliases", path)
                        raise LoadAborted
                if parent is None:
                    root = value
                else:
                    self.attach(parent, value, loc, size, is_scalar=False, alias=True)
                continue
            if isinstance(event, yaml.ScalarEvent):
                loc = self.loc(event.start_mark)
                if parent is not None and parent.kind == "map" and not parent.has_key:
                    self.take_key(parent, event, loc)
                    continue
                value = self.scalar(event, path)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                if event.value == "" and not event.style and parent is not None \
                        and parent.kind == "map" and parent.key_loc is not None:
                    # `tables:` with nothing after it: libyaml's mark is past the end of
                    # the line; the key is what the user sees and must fix.
                    loc = parent.key_loc
                if parent is None:
                    root = value
                else:
                    self.attach(parent, value, loc, 1, is_scalar=True)
        return root, found

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
        if tag in (None, "!"):
            tag = _resolve(event)
        if event.anchor:
            self.anchors[event.anchor] = (event.value, 1)
        frame.has_key = True
        frame.key_loc = loc
        if tag == _TAG + "merge":
            frame.key = _MERGE
            return
        key = event.value
        if tag != _TAG + "str":
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


def _resolve(event: yaml.ScalarEvent) -> str:
    """The tag YAML 1.1 gives an untagged scalar; `=` (YAML 1.1's !!value) is text."""
    tag: str = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)
    return _TAG + "str" if tag == _TAG + "value" else tag


def _shown_tag(tag: str | None) -> str:
    tag = tag or "?"
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


_UTF_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
             (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        for bom, name in _UTF_BOMS:  # UTF-32 first: its LE mark starts like UTF-16's
            if raw.startswith(bom):
                return None, [_diag(E_ENCODING, f"the file is {name} encoded, not UTF-8",
                                    Location(file, 1, 1), "save the file as UTF-8")]
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters; the bytes before the bad one are valid UTF-8.
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8-sig")) + 1
        return None, [_diag(E_ENCODING, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                            Location(file, line, col), "save the file as UTF-8")]
    return text, []


_CLOSERS = {"flow sequence": ("list", "[", "]"), "flow mapping": ("mapping", "{", "}")}


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, composer: _Composer) -> Diagnostic:
    """A libyaml error in words, located where the mistake is rather than where it showed.

    libyaml notices a missing ':' on the line after the key, an unclosed quote
    or bracket at the end of the file; the mark of the construct it was reading
    (`context_mark`) is then the place to point at.
    """
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context or ""
    mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
    hint = "check indentation, quoting and ':' after each key"
    char = _char_at(text, mark)
    if char == "\t" or "tab character" in problem:
        problem = "a tab character; YAML indents with spaces only"
        hint = "replace the tab with spaces"
    elif problem == "could not find expected ':'" and start is not None:
        mark, problem = start, "no ':' after the key that starts here"
        hint = "write 'key: value', with a space after the ':'"
    elif "quoted scalar" in context and "end of stream" in problem and start is not None:
        mark, problem, hint = start, "the quoted value that starts here is never closed", \
            "add the closing quote"
    elif context.removeprefix("while parsing a ") in _CLOSERS and start is not None \
            and mark is not None and mark.line > start.line:
        noun, opener, closer = _CLOSERS[context.removeprefix("while parsing a ")]
        mark, problem = start, f"the {noun} that starts here with '{opener}' is never closed"
        hint = f"add the closing '{closer}'"
    elif problem == "found character that cannot start any token" and char:
        problem, hint = f"'{char}' cannot start an unquoted value", "quote the value"
    elif problem == "did not find expected key" and context.endswith("block mapping") \
            and start is not None:
        problem = ("this line is not indented like the keys of the mapping that starts at "
                   f"line {start.line + 1}")
        hint = ("give the keys of one mapping the same indentation; check the line before "
                "too, and quotes opened earlier")
    elif problem == "mapping values are not allowed in this context":
        hint = ("is this line indented deeper than the one before? A value that contains "
                "': ' must be quoted")
    elif context:
        problem = f"{problem} ({context})"
    loc = composer.loc(mark) if mark is not None else Location(composer.file, 1, 1)
    return _diag(E_SYNTAX, f"YAML syntax error: {problem}", loc, hint)


def _char_at(text: str, mark: Any) -> str:
    """The character at a libyaml mark (line and column count characters), or ''."""
    if mark is None:
        return ""
    lines = text.splitlines()
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]


def load_text(raw: bytes | str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """Load one spec document from bytes or text; `file` is the name shown in diagnostics."""
    if isinstance(raw, bytes):
        text, diags = _decode(raw, file)
        if text is None:
            return None, diags
    else:
        text = raw
    composer = _Composer(file)
    try:
        root, found = composer.compose(yaml.parse(text, Loader=_Loader))
    except LoadAborted:
        return None, composer.diags
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = composer.loc(mark) if mark is not None else Location(file, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml >= 0.2.5 stops at 1000 levels itself
            composer.diags.append(_diag(E_DEPTH, f"nesting deeper than {MAX_DEPTH} levels", loc,
                                        "a spec needs only a few levels; this file is malformed"))
            return None, composer.diags
        composer.diags.append(_syntax_error(exc, text, composer))
        return None, composer.diags
    except yaml.reader.ReaderError as exc:  # control characters and the like
        # libyaml counts bytes of the UTF-8 encoding, PyYAML counts characters.
        before = (text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
                  if _Loader.__name__.startswith("C") else text[: exc.position])
        loc = Location(file, before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        composer.diags.append(_diag(E_SYNTAX, f"YAML does not allow the character {char} here",
                                    loc, "remove the control character"))
        return None, composer.diags
    except yaml.YAMLError as exc:
        composer.diags.append(_diag(E_SYNTAX, f"YAML error: {exc}", Location(file, 1, 1)))
        return None, composer.diags
    except RecursionError:  # pragma: no cover - bounded depth makes this unreachable
        composer.diags.append(_diag(E_DEPTH, "nesting too deep", Location(file, 1, 1)))
        return None, composer.diags
    if not isinstance(root, dict):
        what = "empty" if not found or root is None else _KIND_WORDS.get(type(root), "a value")
        composer.diags.append(_diag(
            E_NOT_MAPPING, f"the top level of a spec must be a mapping, but the file is {what}",
            Location(file, 1, 1), "start with 'version: 1', then 'name:', 'environment:', ..."))
        return None, composer.diags
    composer.source.values.setdefault((), Location(file, 1, 1))
    return Document(root, composer.source, file, (file,)), composer.diags


def load_file(path: str | Path) -> tuple[Document | None, list[Diagnostic]]:
    """Load a spec file, resolving `extends` (base specs) onto it."""
    return _load_with_bases(Path(path), str(path), (), None)


def _read(path: Path, shown: str, at: Location | None) -> tuple[bytes | None, list[Diagnostic]]:
    where = at or Location(shown, 1, 1)
    code = E_EXTENDS if at is not None else E_READ
    try:
        if path.is_dir():
            raise IsADirectoryError
        if not stat.S_ISREG(path.stat().st_mode):
            return None, [_diag(code, f"{shown}: not a regular file", where,
                                "a spec is a YAML file; check the path")]
        with path.open("rb") as fh:  # bounded read: st_size is not to be trusted
            raw = fh.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            return None, [_diag(code, f"{shown}: file is larger than {MAX_FILE_BYTES} bytes", where,
                                "a spec is a small file; check the path")]
        return raw, []
    except FileNotFoundError:
        return None, [_diag(code, f"{shown}: no such file", where, "check the path")]
    except IsADirectoryError:
        return None, [_diag(code, f"{shown}: is a directory, not a spec file", where)]
    except OSError as exc:
        return None, [_diag(code, f"{shown}: cannot be read ({exc.strerror})", where)]


def _load_with_bases(path: Path, shown: str, chain: tuple[Path, ...],
                     at: Location | None) -> tuple[Document | None, list[Diagnostic]]:
    raw, diags = _read(path, shown, at)
    if raw is None:
        return None, diags
    doc, diags = load_text(raw, shown)
    if doc is None:
        return None, diags
    base_ref = doc.data.get("extends")
    if not isinstance(base_ref, str) or not base_ref:
        return doc, diags  # a wrong type is the schema's to report
    ext_loc = doc.locate(("extends",))
    resolved = path.resolve()
    if len(chain) >= MAX_EXTENDS_DEPTH:
        return None, [*diags, _diag(E_EXTENDS, f"more than {MAX_EXTENDS_DEPTH} levels of extends",
                                    ext_loc, path=("extends",))]
    base_path = (path.parent / base_ref)
    if base_path.resolve() in (*chain, resolved):
        return None, [*diags, _diag(E_EXTENDS, f"extends {base_ref!r} forms a cycle", ext_loc,
                                    "a base spec must not extend its overlay", ("extends",))]
    shown_base = _display(base_path)
    base, base_diags = _load_with_bases(base_path, shown_base, (*chain, resolved), ext_loc)
    if "\\" in base_ref and not base_path.exists():  # written on Windows, read elsewhere
        forward = base_ref.replace("\\", "/")
        base_diags = [replace(d, hint=f"write the path with forward slashes, '{forward}'; "
                              "they work on every system") for d in base_diags]
    diags = [*diags, *base_diags]
    if base is None:
        return None, diags
    return overlay(base, doc), diags


def _display(path: Path) -> str:
    """A base spec's path in the style its overlay was named: absolute when that was
    absolute (so reports from CI and SARIF viewers find it), else relative to the
    working directory."""
    import os

    if path.is_absolute():
        return os.path.normpath(path)
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def overlay(base: Document, top: Document) -> Document:
    """`top` over `base`: maps merge deeply, lists and scalars replace, null removes a key."""
    source = SourceMap(top.file)
    source.update(base.source)

    def merge(b: Any, t: Any, path: SpecPath) -> Any:
        if isinstance(b, dict) and isinstance(t, dict):
            out = dict(b)
            for key, value in t.items():
                sub = (*path, key)
                if value is None:
                    source.subtree_dropped(sub)
                    if out.pop(key, None) is not None and sub in top.source.keys:
                        source.removed[sub] = top.source.keys[sub]
                elif key in out and isinstance(out[key], dict) and isinstance(value, dict):
                    out[key] = merge(out[key], value, sub)
                else:
                    out[key] = value
                    source.subtree_dropped(sub)
            return out
        source.subtree_dropped(path)
        return t

    data = merge(base.data, top.data, ())
    # The overlay's own positions win wherever it spelled something out.
    for table_name in ("values", "keys", "yaml11"):
        table = getattr(source, table_name)
        for p, loc in getattr(top.source, table_name).items():
            if _present(data, p):
                table[p] = loc
    source.values[()] = top.source.values.get((), Location(top.file, 1, 1))
    return Document(data, source, top.file, (*top.files, *base.files))


def _present(data: Any, path: SpecPath) -> bool:
    for part in path:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if in_dict or in_list:
            data = data[part]
        else:
            return False
    return True
