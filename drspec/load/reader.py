"""Load a spec file: read it safely, compose it with positions, resolve `extends`.

`load_file` and `load_text` return a `Document` (plain data, a source map
and the files it came from) and the diagnostics found on the way; bad input
gives located diagnostics, never a traceback. The work is shared out:

- `drspec.load.compose` builds plain values from the YAML event stream and
  refuses hostile YAML (duplicate keys, tags, alias bombs, deep nesting);
- `drspec.load.yaml_errors` turns libyaml's errors into diagnostics in words;
- `drspec.load.overlay` lays a spec over the base it `extends`.

This module reads and decodes files (bounded, UTF-8 only); libyaml's C parser
is used where it is installed.
"""

from __future__ import annotations

import codecs
import copy
import stat
from collections import OrderedDict
from dataclasses import replace
from pathlib import Path

import yaml

from drspec.codes import rule
from drspec.diagnostics import Diagnostic
from drspec.load.compose import (
    E_DEPTH,
    Composer,
    LoadAborted,
    diag_at,
)
from drspec.load.document import Document
from drspec.load.overlay import overlay
from drspec.load.sourcemap import Location, SourceMap
from drspec.load.yaml_errors import yaml_error_diagnostic

try:  # pragma: no cover - depends on how PyYAML was built
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


E_NOT_MAPPING = rule("E005", "top level is not a mapping", "A spec is a mapping of sections.")
E_ENCODING = rule("E009", "file is not UTF-8", "Spec files must be UTF-8 encoded.")
E_READ = rule("E010", "file cannot be read", "The file is missing, unreadable or too large.")
E_EXTENDS = rule(
    "E011",
    "base spec cannot be used",
    "`extends` must name an existing spec file, relative to this one, without cycles.",
)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_EXTENDS_DEPTH = 8

_KIND_WORDS = {list: "a list", str: "a string", int: "a number", float: "a number",
               bool: "true or false"}




_UTF_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
             (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        for bom, name in _UTF_BOMS:  # UTF-32 first: its LE mark starts like UTF-16's
            if raw.startswith(bom):
                return None, [diag_at(E_ENCODING, f"the file is {name} encoded, not UTF-8",
                                      Location(file, 1, 1), "save the file as UTF-8")]
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters; the bytes before the bad one are valid UTF-8.
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8-sig")) + 1
        return None, [diag_at(E_ENCODING, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                              Location(file, line, col), "save the file as UTF-8")]
    return text, []


def load_text(raw: bytes | str, file: str) -> tuple[Document | None, list[Diagnostic]]:
    """Load one spec document from bytes or text; `file` is the name shown in diagnostics."""
    if isinstance(raw, bytes):
        text, diags = _decode(raw, file)
        if text is None:
            return None, diags
    else:
        text = raw
    composer = Composer(file)
    try:
        root, found = composer.compose(yaml.parse(text, Loader=_Loader))
    except LoadAborted:
        return None, composer.diags
    except yaml.YAMLError as exc:
        composer.diags.append(yaml_error_diagnostic(
            exc, text, composer, counts_bytes=_Loader.__name__.startswith("C")))
        return None, composer.diags
    except RecursionError:  # pragma: no cover - bounded depth makes this unreachable
        composer.diags.append(diag_at(E_DEPTH, "nesting too deep", Location(file, 1, 1)))
        return None, composer.diags
    if not isinstance(root, dict):
        what = "empty" if not found or root is None else _KIND_WORDS.get(type(root), "a value")
        composer.diags.append(diag_at(
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
            return None, [diag_at(code, f"{shown}: not a regular file", where,
                                  "a spec is a YAML file; check the path")]
        with path.open("rb") as fh:  # bounded read: st_size is not to be trusted
            raw = fh.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            return None, [diag_at(code, f"{shown}: file is larger than {MAX_FILE_BYTES} bytes",
                                  where, "a spec is a small file; check the path")]
        return raw, []
    except FileNotFoundError:
        return None, [diag_at(code, f"{shown}: no such file", where, "check the path")]
    except IsADirectoryError:
        return None, [diag_at(code, f"{shown}: is a directory, not a spec file", where)]
    except OSError as exc:
        return None, [diag_at(code, f"{shown}: cannot be read ({exc.strerror})", where)]


def _load_with_bases(path: Path, shown: str, chain: tuple[Path, ...],
                     at: Location | None) -> tuple[Document | None, list[Diagnostic]]:
    raw, diags = _read(path, shown, at)
    if raw is None:
        return None, diags
    doc, diags = load_text(raw, shown) if at is None else _load_base_text(raw, shown)
    if doc is None:
        return None, diags
    base_ref = doc.data.get("extends")
    if not isinstance(base_ref, str) or not base_ref:
        return doc, diags  # a wrong type is the schema's to report
    ext_loc = doc.locate(("extends",))
    resolved = path.resolve()
    if len(chain) >= MAX_EXTENDS_DEPTH:
        return None, [*diags, diag_at(E_EXTENDS,
                                      f"more than {MAX_EXTENDS_DEPTH} levels of extends",
                                      ext_loc, path=("extends",))]
    base_path = (path.parent / base_ref)
    if base_path.resolve() in (*chain, resolved):
        return None, [*diags, diag_at(E_EXTENDS, f"extends {base_ref!r} forms a cycle",
                                      ext_loc, "a base spec must not extend its overlay",
                                      ("extends",))]
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


#: bases composed in this process, (name shown, file bytes) -> what `load_text` gave:
#: overlays that share a base (`drspec validate specs/`) compose it once. Keyed by the
#: bytes, so an edited base is composed anew; bounded, so memory stays flat.
_BASES: OrderedDict[tuple[str, bytes], tuple[Document | None, list[Diagnostic]]] = OrderedDict()
_MAX_BASES = 8


def _load_base_text(raw: bytes, shown: str) -> tuple[Document | None, list[Diagnostic]]:
    """`load_text(raw, shown)` for a base, composed once per process and handed out as a
    copy (anchors that share a value still share it), so no caller changes another's."""
    key = (shown, raw)
    if key in _BASES:
        _BASES.move_to_end(key)
    else:
        _BASES[key] = load_text(raw, shown)
        if len(_BASES) > _MAX_BASES:
            _BASES.popitem(last=False)
    doc, diags = _BASES[key]
    if doc is None:
        return None, list(diags)
    source = doc.source
    copied = SourceMap(source.file, dict(source.values), dict(source.keys),
                       dict(source.yaml11), dict(source.removed))
    return replace(doc, data=copy.deepcopy(doc.data), source=copied), list(diags)


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
