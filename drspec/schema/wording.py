"""How schema messages write places, values, lists of choices, ranges and counts.

Values are named as YAML writes them (`true`, `null`, `.inf`), strings are
shown on one line, and a place in the spec is written as its dotted path.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from drspec.diagnostics import SpecPath, format_path

TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_RESOLVER = Resolver()
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def place(path: SpecPath) -> str:
    """A place in the spec as a message starts with it: `tables.orders.ttl`, or `the spec`."""
    return format_path(path) or "the spec"


def place_in(path: SpecPath) -> str:
    """A mapping as a message names it after "in": `tables.orders`, or `the top level`."""
    return format_path(path) or "the top level"


def either(words: Sequence[str], *, quote: bool = False, conj: str = "or") -> str:
    items = [f"'{w}'" if quote else w for w in words]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conj} {items[1]}"
    return ", ".join(items[:-1]) + f" {conj} {items[-1]}"


def literal(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else scalar_text(value)


def scalar_text(value: Any) -> str:
    """`value` as YAML writes it: `true`, `null`, `.inf`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    return str(value)


def shown(value: Any, *, typed: bool = False) -> str:
    """How a found value is named in a message: `the boolean false`, `'per-az'`, `a list`."""
    if value is None:
        return "an empty value (null)"
    if isinstance(value, bool):
        return f"the boolean {scalar_text(value)}"
    if isinstance(value, int):
        digits = str(value)
        if len(digits) > 20:  # a huge number, shown by its head and size
            digits = f"{digits[:12]}... ({len(digits.lstrip('-'))} digits)"
        return f"the integer {digits}" if typed else digits
    if isinstance(value, float):
        return f"the number {value}" if typed else str(value)
    if isinstance(value, str):
        text = one_line(value if len(value) <= 60 else value[:57] + "...")
        return f"the string '{text}'" if typed else f"'{text}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def one_line(text: str) -> str:
    """`text` with line breaks and control characters escaped (`us-east-1\\n`)."""
    return "".join(_ESCAPES.get(c, f"\\x{ord(c):02x}") if ord(c) < 32 or c == "\x7f" else c
                   for c in text)


def key_text(path: SpecPath) -> str:
    """How the value's place is written in YAML: `environment: ` or `- ` for a list item."""
    if not path:
        return ""
    last = path[-1]
    return "- " if isinstance(last, int) else f"{inline(last)}: "


def inline(value: Any) -> str:
    """A value in YAML flow style, for hints: `{name: order_id, type: S}`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{inline(k)}: {inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(inline(v) for v in value) + "]"
    if isinstance(value, str):
        return value if _is_plain(value) else json.dumps(value, ensure_ascii=False)
    return scalar_text(value)


def _is_plain(text: str) -> bool:
    """Whether `text` reads back as the same string when written unquoted in a flow mapping."""
    if not text or text[0] in _INDICATORS or any(c in text for c in "{}[],#") \
            or ": " in text or text != text.strip():
        return False
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def range_words(schema: dict[str, Any]) -> str:
    noun = "an integer" if schema.get("type") == "integer" else "a number"
    low, high = schema.get("minimum"), schema.get("maximum")
    if low == -sys.float_info.max and high == sys.float_info.max:
        return "a finite number (a double)"
    if "exclusiveMinimum" in schema:
        return f"{noun} greater than {schema['exclusiveMinimum']}"
    if "exclusiveMaximum" in schema:
        return f"{noun} less than {schema['exclusiveMaximum']}"
    if low is not None and high is not None:
        return f"{noun} from {low} to {high}"
    if low is not None:
        return f"{noun} of at least {low}"
    return f"{noun} of at most {high}"


def count_words(schema: dict[str, Any], keyword: str, noun: str) -> str:
    suffix = keyword.removeprefix("min").removeprefix("max")
    low, high = schema.get(f"min{suffix}"), schema.get(f"max{suffix}")
    plural = "entries" if noun == "entry" else f"{noun}s"
    if low is not None and high is not None:
        return f"{low} to {high} {plural}"
    if low is not None:
        return f"at least {low} {noun if low == 1 else plural}"
    return f"at most {high} {noun if high == 1 else plural}"
