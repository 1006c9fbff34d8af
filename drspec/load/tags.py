"""How the composer reads a scalar's tag: YAML 1.1's resolution (PyYAML's), remembered for
short scalars, and the tags and number forms it names."""

from __future__ import annotations

import math
import re

import yaml
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP, MERGE_TAG, VALUE = (
    TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "merge", "value"))
SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL, TIMESTAMP}
# Numbers in YAML 1.2's core schema that YAML 1.1 (PyYAML) reads as strings: `0o17`
# (octal), and floats without a dot or without a sign in the exponent (`1e3`, `1.5e3`).
YAML12_OCTAL = re.compile(r"^0o([0-7]+)$")
YAML12_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
#: the first characters those can start with
YAML12_NUMBER_START = frozenset("+-.0123456789")

_RESOLVER = Resolver()
_MAX_SHOWN_NUMBER = 40  # characters; longer numbers are not spelled out in a warning
#: tags resolved for short plain scalars, (text, implicit flags) -> tag; bounded
_RESOLVED: dict[tuple[str, bool, bool], str] = {}
_RESOLVED_MAX, _RESOLVED_LENGTH = 4096, 64


def resolve(event: yaml.ScalarEvent) -> str:
    """The tag YAML 1.1 gives an untagged scalar; `=` (YAML 1.1's !!value) is text.

    Remembered for short scalars: keys and values repeat within and across specs, and
    PyYAML's resolver tries its regular expressions one by one.
    """
    text, implicit = event.value, event.implicit
    key = (text, bool(implicit[0]), bool(implicit[1]))
    tag = _RESOLVED.get(key)
    if tag is None:
        resolved: str = _RESOLVER.resolve(ScalarNode, text, implicit)
        tag = STR if resolved == VALUE else resolved
        if len(text) <= _RESOLVED_LENGTH:
            if len(_RESOLVED) >= _RESOLVED_MAX:
                _RESOLVED.clear()
            _RESOLVED[key] = tag
    return tag


def yaml12_number_text(text: str, octal: re.Match[str] | None) -> str | None:
    """The number YAML 1.2 reads in `text`, written the way YAML 1.1 reads it too.

    None for text too long to be a setting's value or beyond a float's range.
    """
    if len(text) > _MAX_SHOWN_NUMBER:
        return None
    if octal is not None:
        return str(int(octal.group(1), 8))
    number = float(text)
    if not math.isfinite(number):
        return None
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    mantissa, e, exponent = repr(number).partition("e")
    if e and "." not in mantissa:  # YAML 1.1 floats need a dot and a signed exponent
        mantissa += ".0"
    return mantissa + e + exponent


def shown_tag(tag: str | None) -> str:
    tag = tag or "?"
    return "!!" + tag[len(TAG):] if tag.startswith(TAG) else tag
