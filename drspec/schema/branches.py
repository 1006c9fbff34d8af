"""Which branch of a failed `anyOf`/`oneOf` to report, and how to name them all otherwise.

The branch reported is one that fits the kind of value written (a mapping for a
mapping, ...), the one with the fewest and deepest errors; when no branch fits,
one message names every alternative. Branches that each only require one key
are a choice of keys, reported as "needs 'a' or 'b'".
"""

from __future__ import annotations

from typing import Any

from jsonschema.exceptions import ValidationError

from drspec.schema.wording import TYPE_WORDS, literal

#: keywords whose failure at the top of an `anyOf` branch means the value is of another kind
_KIND_KEYWORDS = frozenset({
    "type", "const", "enum", "pattern", "multipleOf", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "not", "false",
})
#: keys a branch may hold and still only say which type the value has
_TYPE_ONLY_KEYS = frozenset({"type", "title", "description", "markdownDescription",
                             "examples", "properties", "required", "additionalProperties"})


def required_alternatives(branches: Any) -> list[str] | None:
    """The keys of `anyOf`/`oneOf` branches that each only require one key, else None."""
    keys: list[str] = []
    for branch in branches:
        if not (isinstance(branch, dict) and set(branch) == {"required"}
                and len(branch["required"]) == 1):
            return None
        keys.append(branch["required"][0])
    return keys


def fitting_branch(error: ValidationError) -> list[ValidationError] | None:
    """The errors of the branch to report, or None when the value fits no branch's kind.

    Of the branches whose own top-level keywords accept the value, the one with the
    fewest errors wins; among those, the one whose errors lie deepest in the value.
    """
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    fitting = [errs for _, errs in sorted(branches.items()) if not any(
        not e.relative_path and e.validator in _KIND_KEYWORDS for e in errs)]
    if not fitting:
        return None
    return min(fitting, key=lambda errs: (len(errs), -max(len(e.path) for e in errs)))


def alternative_words(branches: Any) -> tuple[list[str], list[str], bool]:
    """Every alternative in words, the string values among them, and whether the
    branches differ only in the type of value (then a mismatch is a wrong type)."""
    words: list[str] = []
    names: list[str] = []
    types_only = True
    for branch in branches:
        if "enum" in branch or "const" in branch:
            values = branch.get("enum", [branch.get("const")])
            words += [literal(v) for v in values]
            names += [v for v in values if isinstance(v, str)]
        else:
            words.append(describe(branch))
        if set(branch) - _TYPE_ONLY_KEYS:
            types_only = False
    return words, names, types_only


def describe(schema: dict[str, Any]) -> str:
    """A branch in words: its title, else its type."""
    if "title" in schema:
        return str(schema["title"])
    kind = schema.get("type")
    if isinstance(kind, str):
        return TYPE_WORDS.get(kind, kind)
    return "a value of the documented form"
