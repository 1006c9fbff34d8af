"""Hints for schema errors: did-you-mean, the intended form, examples, YAML 1.1 quoting.

A suggestion is made only when it is likely the one meant: the nearest key or
value when exactly one is close, the lower-case or spaced form a pattern wants,
the unquoted number or boolean a quoted one was meant to be.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from drspec.diagnostics import SpecPath
from drspec.schema.validator import compiled_pattern
from drspec.schema.wording import inline, key_text, shown

_LOOSE_ROUTE = re.compile(r"\s*([A-Za-z]+)\s*(/\S*)\s*")


def nearest(word: str, options: Iterable[str]) -> str | None:
    """The one option `word` is most likely a slip for; None when nothing is, or two are.

    A slip is a typo (a few letters wrong, missing, extra or swapped: `netwrok`,
    `ttl_atribute`), another case (`s` for `S`) or the same stem (`alarm`,
    `memory_size`, `secondary` for `alarms`, `memory`, `secondary_region`). Other
    similarity is not enough: `description` is no slip for `encryption`, nor
    `allow_credentials` for `allow_headers`; those get the list of allowed keys.
    Two equally close options (`python3.8`: `python3.10` or `python3.14`?) suggest
    neither.
    """
    folded = {c.lower(): c for c in sorted(set(options))}
    target = word.lower()
    if target in folded:
        return folded[target]
    scored = sorted((d, option) for option in folded
                    if (d := _slip_distance(target, option)) is not None)
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return folded[scored[0][1]]


def _slip_distance(word: str, option: str) -> int | None:
    """How far `word` is from `option` if it is a slip for it (see `nearest`), else None."""
    distance = _edit_distance(word, option)
    if distance <= (1 if len(option) <= 4 else 2):
        return distance
    short, long_ = sorted((word, option), key=len)
    if long_.startswith(short + "_") or long_.endswith("_" + short):
        return distance  # `sort` -> `sort_key`, `kms` -> `sse_kms`
    common = next((i for i, (a, b) in enumerate(zip(word, option, strict=False)) if a != b),
                  len(short))
    if common >= 5 and common >= 0.75 * len(short):
        return distance  # `versioned` -> `versioning`
    return None


def _edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours (`wrok` -> `work`: 1)."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def intended_form(value: Any, pattern: Any) -> str | None:
    """The form of `value` that `pattern` wants, when only case or spacing is off:
    `EU-WEST-1` -> `eu-west-1`, `post/orders` -> `POST /orders`; else None."""
    if not (isinstance(value, str) and isinstance(pattern, str)):
        return None
    candidates = [value.lower()]
    if (route := _LOOSE_ROUTE.fullmatch(value)) is not None:
        candidates.append(f"{route[1].upper()} {route[2]}")
    return next((c for c in candidates if c != value and compiled_pattern(pattern).search(c)),
                None)


def unquoted(text: str, types: Sequence[str]) -> str | None:
    """`text` as the unquoted number or boolean a quoted one was meant to be, else None."""
    value = text.strip()
    if "boolean" in types and value.lower() in ("true", "false"):
        return value.lower()
    if {"integer", "number"} & set(types) and re.fullmatch(r"-?[0-9]+", value):
        # Leading zeros dropped with string operations: `int()` refuses numbers of more
        # than 4,300 digits (sys.int_info.str_digits_check_threshold).
        sign, digits = ("-", value[1:]) if value.startswith("-") else ("", value)
        digits = digits.lstrip("0") or "0"
        return digits if digits == "0" else sign + digits
    if "number" in types and re.fullmatch(r"-?[0-9]*\.[0-9]+", value):
        return value
    return None


def yaml11_hint(written: str, value: Any, path: SpecPath) -> str:
    """Advice for a value YAML 1.1 read as something else (`no` -> false): quote it."""
    return (f"YAML 1.1 reads {written} as {shown(value, typed=True)}; "
            f"quote it if you mean the string: {key_text(path)}\"{written}\"")


def first_example(schema: Any) -> Any:
    examples = schema.get("examples") if isinstance(schema, dict) else None
    return examples[0] if examples else None


def missing_hint(schema: dict[str, Any], keys: Sequence[str]) -> str:
    """How to add one of the alternative keys `keys`, with the first one's example."""
    example = first_example(schema.get("properties", {}).get(keys[0], {}))
    first = f"{keys[0]}: {inline(example)}" if example is not None else f"{keys[0]}:"
    return f"add one of them, for example {first}"


def child_with(schema: dict[str, Any], key: str) -> str | None:
    """The one property of `schema` whose own mapping takes `key` (`tables` -> `access`)."""
    owners = [name for name, sub in schema.get("properties", {}).items()
              if isinstance(sub, dict) and key in sub.get("properties", {})]
    return owners[0] if len(owners) == 1 else None
