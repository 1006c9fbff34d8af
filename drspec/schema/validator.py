"""The schema, read once, with its `$ref`s inlined, and the validator compiled over it once.

The validator differs from plain Draft 2020-12 where YAML and ECMA-262 meet:
`$` in a pattern matches only at the very end (as in ECMA-262), an integer is
written `256` rather than `256.0`, and a number is finite.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from drspec.resources import schema_path

_DEFS = "#/$defs/"
_ANNOTATIONS = frozenset({"title", "description", "markdownDescription", "examples", "default"})


@cache
def load_schema() -> dict[str, Any]:
    with schema_path().open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def ecma_anchored(pattern: str) -> str:
    """`pattern` with every unescaped `$` outside a character class as `\\Z`.

    JSON Schema patterns are ECMA-262 regexes, where `$` matches only at the end
    of the string; Python's `$` also matches before a trailing newline, which
    would let a block scalar (`region: |`) slip through `^...$` patterns.
    """
    out, escaped, in_class = [], False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "$" and not in_class:
            out.append("\\Z")
            continue
        out.append(ch)
    return "".join(out)


@cache
def compiled_pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern compiled with ECMA-262 anchoring, once per pattern."""
    return re.compile(ecma_anchored(pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Any:
    if validator.is_type(instance, "string") and not compiled_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _is_integer(checker: Any, instance: Any) -> bool:
    """An integer as YAML writes it: `256`, not `256.0` (JSON Schema would accept both)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


def _is_number(checker: Any, instance: Any) -> bool:
    """A finite number: YAML's `.inf` and `.nan` are floats, but no AWS setting takes them."""
    if isinstance(instance, float):
        return math.isfinite(instance)
    return _is_integer(checker, instance)


_TYPES = Draft202012Validator.TYPE_CHECKER.redefine_many(
    {"integer": _is_integer, "number": _is_number})
#: Draft 2020-12 with ECMA-262 `$` and YAML's integers and finite numbers
SpecValidator = validators.extend(Draft202012Validator, {"pattern": _pattern},
                                  type_checker=_TYPES)


@cache
def validator() -> Draft202012Validator:
    """The compiled validator, built once per process, over the schema with `$ref`s inlined."""
    return SpecValidator(inlined_schema())


@cache
def inlined_schema() -> dict[str, Any]:
    """The schema with every local `$ref` replaced by its definition.

    jsonschema looks a `$ref` up anew each time it is used, which is a good part of
    the validation time; the inlined schema validates the same documents about twice
    as fast. A definition merges into the schema that refers to it; where both set
    the same validation keyword, it is kept as an `allOf` so the meaning never changes.
    """
    schema = load_schema()
    defs: dict[str, Any] = schema.get("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: inline(value) for key, value in node.items() if key != "$defs"}
        ref = out.pop("$ref", None)
        if not isinstance(ref, str) or not ref.startswith(_DEFS):
            if ref is not None:
                out["$ref"] = ref
            return out
        target = inline(defs[ref.removeprefix(_DEFS)])
        if set(target) & (set(out) - _ANNOTATIONS):
            return {**out, "allOf": [target]}
        return {**target, **out}  # the referring schema's own annotations win

    result: dict[str, Any] = inline(schema)
    return result


def schema_at(where: Sequence[Any]) -> Any:
    """The part of the inlined schema at a jsonschema schema path; None where there is none."""
    node: Any = inlined_schema()
    for part in where:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
