"""One jsonschema error in, the findings it stands for out: a message and a hint each.

Each validation keyword has its handler (`on_<keyword>`); a message says where,
what was expected and what was found. Formats are described in words (each
pattern in the schema has a `title`) with an example from the schema, never as
a regular expression; a wrong type comes with the way to write it right.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from jsonschema.exceptions import ValidationError

from drspec.diagnostics import SpecPath
from drspec.load.document import Document
from drspec.schema.branches import alternative_words, fitting_branch, required_alternatives
from drspec.schema.codes import (
    E_DUPLICATE,
    E_EXCLUSIVE,
    E_FORMAT,
    E_LENGTH,
    E_MISSING_KEY,
    E_NOT_ALLOWED,
    E_RANGE,
    E_TYPE,
    E_UNKNOWN_KEY,
)
from drspec.schema.findings import Finding
from drspec.schema.hints import (
    child_with,
    first_example,
    intended_form,
    missing_hint,
    nearest,
    unquoted,
    yaml11_hint,
)
from drspec.schema.validator import schema_at
from drspec.schema.wording import (
    TYPE_WORDS,
    count_words,
    either,
    inline,
    key_text,
    literal,
    one_line,
    place,
    place_in,
    range_words,
    scalar_text,
    shown,
)


class Translator:
    """Turns the errors jsonschema reports on `doc` into findings."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def translate(self, error: ValidationError) -> Iterator[Finding]:
        path: SpecPath = tuple(error.absolute_path)
        if "propertyNames" in error.absolute_schema_path:
            yield self.bad_key(error, path)
            return
        kind = error.validator
        handler = getattr(self, f"on_{kind}", None)
        if handler is not None:
            yield from handler(error, path)
        else:
            yield self.value(E_NOT_ALLOWED, error, path, f"{place(path)}: {error.message}")

    # structure ------------------------------------------------------------------------------
    def on_additionalProperties(self, error: ValidationError,
                                path: SpecPath) -> Iterator[Finding]:
        allowed = sorted(error.schema.get("properties", {}))
        for key in error.instance:
            if key in allowed:
                continue
            match = nearest(str(key), allowed)
            message = f"unknown key '{one_line(str(key))}' in {place_in(path)}"
            misplaced = None
            if match:
                message += f"; did you mean '{match}'?"
                hint = f"rename it to '{match}'"
            elif (child := child_with(error.schema, key)) is not None:
                hint = f"'{key}' is a key of '{child}': indent it under '{child}'"
            elif self.parent_has(error, path, key):
                hint = f"'{key}' is a key of {place_in(path[:-1])}: indent it less"
                misplaced = (path[:-1], key)
            else:
                hint = "allowed keys here: " + ", ".join(allowed)
            yield Finding(E_UNKNOWN_KEY, message, (*path, key), hint, at_key=True,
                          keys=(match,) if match else (), misplaced=misplaced)

    def parent_has(self, error: ValidationError, path: SpecPath, key: str) -> bool:
        """Whether the mapping around `path` takes `key` and lacks it (indented too deep)."""
        where = list(error.absolute_schema_path)[:-1]  # the schema of the mapping at `path`
        if not path or len(where) < 2 or where[-2] != "properties":
            return False
        parent_schema = schema_at(where[:-2])
        parent = _value_at(self.doc.data, path[:-1])
        return (isinstance(parent_schema, dict) and key in parent_schema.get("properties", {})
                and isinstance(parent, dict) and key not in parent)

    def on_required(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        properties = error.schema.get("properties", {})
        for key in error.validator_value:
            if key in error.instance:
                continue
            example = first_example(properties.get(key, {}))
            hint = f"add {key}: {inline(example)}" if example is not None else f"add '{key}:'"
            at = path
            if (*path, key) in self.doc.source.removed:  # an overlay's `key: null`
                hint = f"'{key}: null' here removes the base's '{key}'; delete this line"
                at = (*path, key)
            yield Finding(E_MISSING_KEY, f"missing required key '{key}' in {place_in(path)}",
                          (*path, key), hint, at=at, at_key=True, keys=(key,))

    def on_uniqueItems(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        seen: list[Any] = []
        for index, item in enumerate(error.instance):
            if item in seen:
                first = seen.index(item)
                yield Finding(
                    E_DUPLICATE,
                    f"{place(path)}: {shown(item)} is listed twice (first as item {first + 1})",
                    (*path, index), "remove the repeated item",
                )
                return
            seen.append(item)

    # alternatives ---------------------------------------------------------------------------
    def on_oneOf(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        if not error.context:  # valid under more than one branch
            keys = required_alternatives(error.validator_value)
            if keys is not None and not isinstance(error.instance, dict):
                return  # `required` ignores non-mappings; the type error says it all
            present = [k for k in keys if k in error.instance] if keys else []
            if len(present) >= 2:
                names = either(present, quote=True, conj="and")
                yield Finding(E_EXCLUSIVE,
                              f"{place_in(path)} sets both {names}; give exactly one of them",
                              (*path, present[-1]), f"remove '{present[-1]}' or '{present[0]}'",
                              at_key=True)
                return
            yield self.value(E_NOT_ALLOWED, error, path,
                             f"{place(path)}: matches more than one alternative")
            return
        yield from self.on_anyOf(error, path)

    def on_anyOf(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        keys = required_alternatives(error.validator_value)
        if keys is not None:
            names = either(keys, quote=True, conj="or")
            yield Finding(E_MISSING_KEY, f"{place_in(path)} needs {names}",
                          (*path, keys[0]), missing_hint(error.schema, keys),
                          at=path, at_key=True, keys=tuple(keys))
            return
        best = fitting_branch(error)
        if best is not None:
            for sub in best:
                yield from self.translate(sub)
            return
        yield self.alternatives(error, path)

    def alternatives(self, error: ValidationError, path: SpecPath) -> Finding:
        words, names, types_only = alternative_words(error.validator_value)
        message = f"{place(path)}: expected {either(words)}, got {shown(error.instance)}"
        match = nearest(error.instance, names) if isinstance(error.instance, str) else None
        if match:
            message += f"; did you mean '{match}'?"
        code = E_TYPE if types_only else E_NOT_ALLOWED
        return self.value(code, error, path, message)

    # values ---------------------------------------------------------------------------------
    def on_type(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        expected = error.validator_value
        types = [expected] if isinstance(expected, str) else list(expected)
        words = either([TYPE_WORDS.get(t, t) for t in types])
        found = error.instance
        message = f"{place(path)}: expected {words}, got {shown(found, typed=True)}"
        hint = None
        if isinstance(found, float) and not math.isfinite(found):
            message = (f"{place(path)}: expected {words}, got {scalar_text(found)}, "
                       "which is not a finite number")
        if "string" in types and isinstance(found, int | float) and path:
            hint = f"quote it: {key_text(path)}\"{scalar_text(found)}\""
        elif "integer" in types and isinstance(found, float) and found.is_integer():
            hint = f"write {int(found)}"
        elif isinstance(found, str) and path and (written := unquoted(found, types)):
            what = "true or false" if "boolean" in types else "the number"
            hint = (f"write {what} without quotes: {key_text(path)}{written}"
                    if len(written) <= 40 else
                    f"write the number without quotes (it has {len(written)} digits; AWS "
                    "accepts far smaller ones)")
        elif types == ["array"] and isinstance(found, str | int | float) \
                and not isinstance(found, bool) and path:
            hint = f"write a list: {key_text(path)}[{inline(found)}]"
        elif types == ["array"] and isinstance(found, dict):
            hint = "write a list: one '- item' line per item, or [a, b]"
        elif types == ["object"] and isinstance(found, list):
            hint = "a mapping has 'key: value' lines; remove the '- ' in front of them"
        elif "object" in types and found is None:
            hint = ("an empty value is null; write {} for a mapping with every default, "
                    "or remove the key")
        elif found is None:
            hint = "an empty value is null; fill it in or remove the key"
        yield self.value(E_TYPE, error, path, message, hint)

    def on_enum(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        values = list(error.validator_value)
        message = f"{place(path)}: expected {either([literal(v) for v in values])}, " \
                  f"got {shown(error.instance)}"
        if isinstance(error.instance, str):
            match = nearest(error.instance, [v for v in values if isinstance(v, str)])
            if match:
                message += f"; did you mean '{match}'?"
        yield self.value(E_NOT_ALLOWED, error, path, message)

    def on_const(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        message = f"{place(path)}: expected {literal(error.validator_value)}, " \
                  f"got {shown(error.instance)}"
        if isinstance(error.instance, str) and isinstance(error.validator_value, str) \
                and nearest(error.instance, [error.validator_value]):
            message += f"; did you mean '{error.validator_value}'?"
        yield self.value(E_NOT_ALLOWED, error, path, message)

    def on_pattern(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        words = error.schema.get("title") or "a value of the documented form"
        example = first_example(error.schema)  # the property's own, inlined over its $ref
        hint = None
        where = "" if path and isinstance(path[-1], int) else key_text(path)
        lower = intended_form(error.instance, error.validator_value)
        if lower is not None:
            hint = f"did you mean {where}{inline(lower)}?"
        elif example is not None:
            hint = f"for example {where}{inline(example)}"
        found = self.value(E_FORMAT, error, path,
                           f"{place(path)}: expected {words}, got {shown(error.instance)}", hint)
        yield replace(found, pattern=error.validator_value, value=error.instance)

    def on_not(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        reason = error.validator_value.get("title", "this value is not allowed")
        yield self.value(E_NOT_ALLOWED, error, path,
                         f"{place(path)}: {shown(error.instance)} is not allowed: {reason}")

    def on_multipleOf(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        yield self.value(E_NOT_ALLOWED, error, path,
                         f"{place(path)}: expected a multiple of {error.validator_value}, "
                         f"got {shown(error.instance)}")

    def range_finding(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        yield self.value(E_RANGE, error, path,
                         f"{place(path)}: expected {range_words(error.schema)}, "
                         f"got {shown(error.instance)}")

    on_minimum = on_maximum = on_exclusiveMinimum = on_exclusiveMaximum = range_finding

    def length_finding(self, error: ValidationError, path: SpecPath) -> Iterator[Finding]:
        kind = error.validator
        noun = {"Length": "character", "Items": "item", "Properties": "entry"}[
            kind.removeprefix("min").removeprefix("max")]
        size = len(error.instance)
        got = "none" if size == 0 else str(size)
        if kind.endswith("Length"):
            got = "an empty string" if size == 0 else f"{size} ({shown(error.instance)})"
        found = self.value(E_LENGTH, error, path,
                           f"{place(path)}: expected {count_words(error.schema, kind, noun)}, "
                           f"got {got}")
        yield replace(found, max_length=error.validator_value if kind == "maxLength" else None)

    on_minLength = on_maxLength = on_minItems = on_maxItems = length_finding
    on_minProperties = on_maxProperties = length_finding

    # helpers --------------------------------------------------------------------------------
    def value(self, code: str, error: ValidationError, path: SpecPath, message: str,
              hint: str | None = None) -> Finding:
        """A finding about the value at `path`, with the YAML 1.1 hint where it applies."""
        written = self.doc.source.yaml11.get(path)
        if written is not None:
            hint = yaml11_hint(written, error.instance, path)
        return Finding(code, message, path, hint)

    def bad_key(self, error: ValidationError, path: SpecPath) -> Finding:
        key = error.instance
        schema = error.schema
        if error.validator == "not":
            reason = error.validator_value.get("title", "it is reserved")
            code, expected = E_NOT_ALLOWED, f"is not allowed: {reason}"
        elif error.validator in ("minLength", "maxLength"):
            count = count_words(schema, error.validator, "character")
            code, expected = E_LENGTH, f"is not allowed: expected {count}"
        else:
            title = schema.get("title", "a valid key")
            code, expected = E_FORMAT, f"is not valid: expected {title}"
        example = first_example(schema)
        hint = f"for example '{example}'" if example is not None else None
        lower = intended_form(key, schema.get("pattern"))
        if lower is not None and error.validator == "pattern":
            hint = f"did you mean '{lower}'?"
        return Finding(code, f"{place(path)}: key '{one_line(str(key))}' {expected}",
                       (*path, key), hint, at_key=True)


def _value_at(data: Any, path: SpecPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data
