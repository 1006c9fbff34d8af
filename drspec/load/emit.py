"""A loaded spec back to YAML: the merged result of `extends`, optionally with origins.

`emit(document)` writes block-style YAML in the spec's own key order; with
`origins=True` every line carries a comment naming the file and line its
value came from (the overlay where it spelled the value out, else the base),
read from the document's source map. The output loads back to the same data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import yaml

from drspec.diagnostics import SpecPath
from drspec.load.document import Document

Origin = Callable[[SpecPath], str]
INDENT = 2


def emit(document: Document, *, origins: bool = False) -> str:
    data = {k: v for k, v in document.data.items() if k != "extends"}

    def origin(path: SpecPath) -> str:
        if not origins:
            return ""
        loc = document.source.keys.get(path) or document.locate(path)
        return f"{loc.file}:{loc.line}"

    lines: list[str] = []
    _mapping(data, (), 0, lines, origin)
    return "".join(line.rstrip() + "\n" for line in lines)


def _with(text: str, where: str) -> str:
    return f"{text}  # {where}" if where else text


def _nested(value: Any) -> bool:
    return (isinstance(value, dict) and bool(value)) or (
        isinstance(value, list) and any(isinstance(v, dict | list) and v for v in value))


def _mapping(mapping: dict[str, Any], path: SpecPath, indent: int, lines: list[str],
             origin: Origin) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        sub = (*path, key)
        head = f"{pad}{flow(key)}:"
        if not _nested(value):
            lines.append(_with(f"{head} {flow(value)}", origin(sub)))
            continue
        lines.append(_with(head, origin(sub)))
        if isinstance(value, dict):
            _mapping(value, sub, indent + INDENT, lines, origin)
        else:
            _sequence(value, sub, indent + INDENT, lines, origin)


def _sequence(items: list[Any], path: SpecPath, indent: int, lines: list[str],
              origin: Origin) -> None:
    pad = " " * indent
    for i, item in enumerate(items):
        sub = (*path, i)
        if isinstance(item, dict) and item:
            start = len(lines)
            _mapping(item, sub, indent + INDENT, lines, origin)
            lines[start] = pad + "- " + lines[start][indent + INDENT:]
        else:
            lines.append(_with(f"{pad}- {flow(item)}", origin(sub)))


def flow(value: Any) -> str:
    """One value in YAML flow style on one line, quoted where YAML needs it."""
    text = yaml.safe_dump(value, default_flow_style=True, width=1 << 30,
                          allow_unicode=True, sort_keys=False)
    text = text.removesuffix("\n").removesuffix("\n...")  # a lone scalar ends the document
    # A string with line breaks folds over lines; JSON is YAML too and stays on one.
    return json.dumps(value, ensure_ascii=False) if "\n" in text else text
