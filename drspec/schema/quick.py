"""A quick yes/no on the schema, so that the error walk runs only for documents that fail.

Most specs are valid, and proving that with jsonschema's error walk is the
larger part of `drspec validate`'s time per file. `jsonschema-rs` (compiled,
Draft 2020-12) answers the same question many times faster; the full walk in
`drspec.schema.diagnose` still runs, unchanged, whenever this module does not
answer "valid", so every finding and its wording stay as they were.

"Valid" here must mean exactly what `drspec.schema.validator` means by it:

- the same schema: the one with `$ref`s inlined;
- `pattern` is checked by the same compiled Python regex (ECMA-262 `$`, and
  Python's `\\s`, which differs from Rust's on a few control characters), as a
  custom keyword that replaces jsonschema-rs's own;
- documents holding a float, or an integer beyond 2**53, are never answered:
  jsonschema-rs counts `256.0` as an integer and compares in floating point,
  where drspec's validator refuses `256.0` and compares exactly. Specs have
  no floats, so this costs nothing in practice;
- anything jsonschema-rs cannot take (a string with a lone surrogate, an
  error inside it) is not answered either.

Without jsonschema-rs installed (an unusual platform), nothing is answered and
every document takes the full walk: slower, with the same findings.
`tests/test_schema_quick.py` checks that both agree on every shipped and
test spec and on generated variants of them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from drspec.schema.validator import compiled_pattern, inlined_schema

try:  # pragma: no cover - depends on the platform's wheels
    import jsonschema_rs
except ImportError:  # pragma: no cover
    jsonschema_rs = None  # type: ignore[assignment]

#: integers within this bound compare exactly as floats too
_EXACT_INT = 2**53
_SCALARS = (str, bool, int, type(None))


class _EcmaPattern:
    """The `pattern` keyword for jsonschema-rs, matched by drspec's own compiled regex."""

    def __init__(self, parent_schema: Any, value: str, schema_path: Any) -> None:
        self.regex: re.Pattern[str] = compiled_pattern(value)

    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and self.regex.search(instance) is None:
            raise ValueError("does not match the pattern")


@cache
def _quick_validator() -> Any:
    """jsonschema-rs compiled over the inlined schema; None where it is not installed."""
    if jsonschema_rs is None:  # pragma: no cover
        return None
    try:
        return jsonschema_rs.Draft202012Validator(
            inlined_schema(), validate_formats=False, keywords={"pattern": _EcmaPattern})
    except TypeError:  # pragma: no cover - a jsonschema-rs without custom keywords (< 0.40)
        return None


def answerable(data: Any) -> bool:
    """Whether `data` holds only values on which jsonschema-rs and drspec's validator agree:
    mappings with string keys, lists, strings, booleans, null and integers within 2**53."""
    stack = [data]
    pop, extend = stack.pop, stack.extend
    while stack:
        node = pop()
        kind = type(node)
        if kind is dict:
            for key in node:
                if type(key) is not str:
                    return False
            extend(node.values())
        elif kind is list:
            extend(node)
        elif kind is int:
            if not -_EXACT_INT <= node <= _EXACT_INT:
                return False
        elif kind not in _SCALARS:
            return False
    return True


def surely_valid(data: Any) -> bool:
    """True only when `data` certainly passes the schema; False means "ask the full walk"."""
    quick = _quick_validator()
    if quick is None or not answerable(data):
        return False
    try:
        return bool(quick.is_valid(data))
    except Exception:  # whatever it cannot take, the full walk judges
        return False
