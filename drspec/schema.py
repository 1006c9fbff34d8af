"""JSON Schema validation, with every error turned into a located, readable diagnostic.

The schema (`schemas/drspec-v1.schema.json`) is read and compiled once per
process. Each error jsonschema reports becomes one finding with a stable code
(E101-E109), a message that says what was expected and what was found, and
a hint; findings are then located in the file through `Document.locate`.

Translation rules worth knowing:

- an unknown key is reported at the key, with the nearest allowed key
  ("did you mean ...?"); the "missing key" error its typo caused is dropped;
- for `anyOf`/`oneOf`, the branch that fits the kind of value written (a
  mapping for a mapping, ...) is reported; when no branch fits, one message
  names every alternative;
- a wrong type at a path hides the other complaints about the same value;
- formats are described in words (each pattern in the schema has a `title`)
  with an example from the schema, never as a regular expression;
- a value YAML 1.1 read as something else (`no` -> false) gets a hint to quote it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from drspec.codes import rule
from drspec.diagnostics import Diagnostic, Severity, SpecPath, format_path, sorted_diagnostics
from drspec.loader import Document
from drspec.resources import schema_path

E_UNKNOWN_KEY = rule(
    "E101", "unknown key",
    "The key is not part of the spec format here; it is usually a typo. Every section "
    "accepts only the keys the format defines.",
)
E_MISSING_KEY = rule(
    "E102", "missing required key",
    "A required key (or one of a set of alternatives) is missing from this section.",
)
E_TYPE = rule(
    "E103", "wrong type",
    "The value has the wrong type: a string where a number is expected, a list where a "
    "mapping is expected, and so on. Quote values YAML would otherwise read as numbers or "
    "booleans.",
)
E_NOT_ALLOWED = rule(
    "E104", "value not allowed",
    "The value is not one of the values allowed here.",
)
E_FORMAT = rule(
    "E105", "value does not match the expected format",
    "The value does not have the required form (an identifier, a region code, a CIDR "
    "range, a duration, ...).",
)
E_RANGE = rule(
    "E106", "number out of range",
    "The number is below the minimum or above the maximum allowed here.",
)
E_LENGTH = rule(
    "E107", "wrong number of items or characters",
    "The list, mapping or string is shorter or longer than allowed.",
)
E_DUPLICATE = rule(
    "E108", "duplicate list item",
    "A list whose items must be unique holds the same item twice.",
)
E_EXCLUSIVE = rule(
    "E109", "conflicting keys",
    "Only one of a set of alternative keys may be given (`template` or `source`, `rate` or "
    "`cron`).",
)

_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}
#: keywords whose failure at the top of an `anyOf` branch means the value is of another kind
_KIND_KEYWORDS = frozenset({
    "type", "const", "enum", "pattern", "multipleOf", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "not", "false",
})
_VALUE_CODES = frozenset({E_NOT_ALLOWED, E_FORMAT, E_RANGE, E_LENGTH})
_DEFS = "#/$defs/"
_ANNOTATIONS = frozenset({"title", "description", "markdownDescription", "examples", "default"})
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_RESOLVER = Resolver()


@cache
def load_schema() -> dict[str, Any]:
    with schema_path().open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _ecma_anchored(pattern: str) -> str:
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
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(_ecma_anchored(pattern))


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Any:
    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
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
_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern},
                               type_checker=_TYPES)


@cache
def validator() -> Draft202012Validator:
    """The compiled validator, built once per process, over the schema with `$ref`s inlined."""
    return _Validator(inlined_schema())


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


def schema_diagnostics(doc: Document) -> list[Diagnostic]:
    """Every schema error in `doc`, located, deduplicated and sorted by position."""
    translator = _Translator(doc)
    findings: list[_Finding] = []
    for error in validator().iter_errors(doc.data):
        findings.extend(translator.translate(error))
    findings = _explain_misplaced_settings(doc.data, findings)
    return sorted_diagnostics(f.diagnostic(doc) for f in _prune(findings))


def _explain_misplaced_settings(data: Any, findings: list[_Finding]) -> list[_Finding]:
    """One finding for a setting indented into a map of resources, instead of many.

    `function: api` dedented out of its schedule sits in `schedules` as if it were a
    schedule named 'function': that entry is wrong in every way, and the schedule
    it came from misses its function. A map entry that has findings, whose key is
    a setting of the map's entries and whose value fits that setting, is reported
    once, as a key at the wrong depth; the findings it explains are dropped.
    """
    out = list(findings)
    for map_path, key in _setting_like_entries(data, inlined_schema()):
        entry = (*map_path, key)
        if not any(f.path[:len(entry)] == entry for f in out):
            continue  # a valid entry that happens to be named like a setting
        out = [f for f in out if f.path[:len(entry)] != entry]
        out.append(_Finding(
            E_UNKNOWN_KEY,
            f"{_where(map_path)}: '{key}' is a key of each entry here, not an entry of its "
            "own; is it indented too little?",
            entry, "indent it under the entry it belongs to", at_key=True,
            misplaced=((*map_path, "*"), key)))
    return out


def _setting_like_entries(data: Any, schema: Any,
                          path: SpecPath = ()) -> Iterator[tuple[SpecPath, str]]:
    """(map path, key) for each entry of a map of resources named like an entry's setting."""
    if not isinstance(data, dict) or not isinstance(schema, dict):
        return
    properties = schema.get("properties", {})
    entries = schema.get("additionalProperties")
    for key, value in data.items():
        if key in properties:
            yield from _setting_like_entries(value, properties[key], (*path, key))
        elif isinstance(entries, dict):
            settings = entries.get("properties", {})
            setting = settings.get(key)
            looks_like_entry = isinstance(value, dict) and bool(settings.keys() & value.keys())
            if isinstance(setting, dict) and not looks_like_entry and (
                    not isinstance(value, dict) or _Validator(setting).is_valid(value)):
                yield path, key
            else:
                yield from _setting_like_entries(value, entries, (*path, key))


# -- findings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Finding:
    code: str
    message: str
    path: SpecPath
    hint: str | None = None
    #: where to point: `path` unless given; at the key rather than the value with `at_key`
    at: SpecPath | None = None
    at_key: bool = False
    #: for E101, the key suggested; for E102, the keys any one of which would do
    keys: tuple[str, ...] = ()
    #: for E105 on a string: the pattern it failed; for E107 on a string: its maximum length
    pattern: str | None = None
    max_length: int | None = None
    value: Any = None
    #: for a key written at the wrong depth: (where it belongs, the key); a "missing key"
    #: there is the same mistake. A `*` in the path stands for any entry of a map.
    misplaced: tuple[SpecPath, str] | None = None

    def diagnostic(self, doc: Document) -> Diagnostic:
        loc = doc.locate(self.path if self.at is None else self.at, key=self.at_key)
        return Diagnostic(self.code, Severity.ERROR, self.message, loc.file, loc.line, loc.col,
                          self.hint, self.path)


def _prune(findings: Sequence[_Finding]) -> list[_Finding]:
    """Drop findings another one already explains.

    - "missing 'x'" when an unknown key nearby is a typo of 'x';
    - complaints about a value's content when its type is already wrong;
    - "does not match the format" when the string is only too long (`name` is an
      identifier of at most 20 characters: a 25-character one gets the length error);
    - every "missing key" when `extends` itself is wrong: the base was never read, and
      the keys it would have given are not missing;
    - "missing 'x'" where a key 'x' written at the wrong depth belongs, and complaints
      about that key as an entry of a map (`function:` dedented into `schedules`).
    """
    if any(f.path == ("extends",) for f in findings):
        findings = [f for f in findings if f.code != E_MISSING_KEY]
    suggested = {(f.path[:-1], k) for f in findings if f.code == E_UNKNOWN_KEY for k in f.keys}
    misplaced = {f.misplaced for f in findings if f.misplaced is not None}
    mistyped = {f.path for f in findings if f.code == E_TYPE or f.misplaced is not None}
    too_long = {f.path: f.max_length for f in findings if f.max_length is not None}
    out = []
    for f in findings:
        if f.code == E_MISSING_KEY and any((f.path[:-1], k) in suggested for k in f.keys):
            continue
        if f.code == E_MISSING_KEY and any(_is_misplaced(f.path[:-1], k, misplaced)
                                           for k in f.keys):
            continue
        if f.code in _VALUE_CODES and f.path in mistyped:
            continue
        if f.pattern is not None and f.path in too_long and _only_too_long(f, too_long[f.path]):
            continue
        out.append(f)
    return out


def _is_misplaced(where: SpecPath, key: str, misplaced: set[tuple[SpecPath, str]]) -> bool:
    return any(k == key and len(p) == len(where)
               and all(a == "*" or a == b for a, b in zip(p, where, strict=True))
               for p, k in misplaced)


def _only_too_long(finding: _Finding, limit: int | None) -> bool:
    value = finding.value
    return (isinstance(value, str) and limit is not None and finding.pattern is not None
            and re.search(finding.pattern, value[:limit]) is not None)


# -- translation ------------------------------------------------------------------------------


class _Translator:
    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def translate(self, error: ValidationError) -> Iterator[_Finding]:
        path: SpecPath = tuple(error.absolute_path)
        if "propertyNames" in error.absolute_schema_path:
            yield self.bad_key(error, path)
            return
        kind = error.validator
        handler = getattr(self, f"on_{kind}", None)
        if handler is not None:
            yield from handler(error, path)
        else:
            yield self.value(E_NOT_ALLOWED, error, path, f"{_where(path)}: {error.message}")

    # structure ------------------------------------------------------------------------------
    def on_additionalProperties(self, error: ValidationError,
                                path: SpecPath) -> Iterator[_Finding]:
        allowed = sorted(error.schema.get("properties", {}))
        for key in error.instance:
            if key in allowed:
                continue
            match = _nearest(str(key), allowed)
            message = f"unknown key '{_one_line(str(key))}' in {_where_in(path)}"
            misplaced = None
            if match:
                message += f"; did you mean '{match}'?"
                hint = f"rename it to '{match}'"
            elif (child := _child_with(error.schema, key)) is not None:
                hint = f"'{key}' is a key of '{child}': indent it under '{child}'"
            elif self.parent_has(error, path, key):
                hint = f"'{key}' is a key of {_where_in(path[:-1])}: indent it less"
                misplaced = (path[:-1], key)
            else:
                hint = "allowed keys here: " + ", ".join(allowed)
            yield _Finding(E_UNKNOWN_KEY, message, (*path, key), hint, at_key=True,
                           keys=(match,) if match else (), misplaced=misplaced)

    def parent_has(self, error: ValidationError, path: SpecPath, key: str) -> bool:
        """Whether the mapping around `path` takes `key` and lacks it (indented too deep)."""
        where = list(error.absolute_schema_path)[:-1]  # the schema of the mapping at `path`
        if not path or len(where) < 2 or where[-2] != "properties":
            return False
        parent_schema = _schema_at(where[:-2])
        parent = _value_at(self.doc.data, path[:-1])
        return (isinstance(parent_schema, dict) and key in parent_schema.get("properties", {})
                and isinstance(parent, dict) and key not in parent)

    def on_required(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        properties = error.schema.get("properties", {})
        for key in error.validator_value:
            if key in error.instance:
                continue
            example = _first_example(properties.get(key, {}))
            hint = f"add {key}: {_inline(example)}" if example is not None else f"add '{key}:'"
            at = path
            if (*path, key) in self.doc.source.removed:  # an overlay's `key: null`
                hint = f"'{key}: null' here removes the base's '{key}'; delete this line"
                at = (*path, key)
            yield _Finding(E_MISSING_KEY, f"missing required key '{key}' in {_where_in(path)}",
                           (*path, key), hint, at=at, at_key=True, keys=(key,))

    def on_uniqueItems(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        seen: list[Any] = []
        for index, item in enumerate(error.instance):
            if item in seen:
                first = seen.index(item)
                yield _Finding(
                    E_DUPLICATE,
                    f"{_where(path)}: {_shown(item)} is listed twice (first as item {first + 1})",
                    (*path, index), "remove the repeated item",
                )
                return
            seen.append(item)

    # alternatives ---------------------------------------------------------------------------
    def on_oneOf(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        if not error.context:  # valid under more than one branch
            keys = _required_alternatives(error.validator_value)
            if keys is not None and not isinstance(error.instance, dict):
                return  # `required` ignores non-mappings; the type error says it all
            present = [k for k in keys if k in error.instance] if keys else []
            if len(present) >= 2:
                names = _either(present, quote=True, conj="and")
                yield _Finding(E_EXCLUSIVE,
                               f"{_where_in(path)} sets both {names}; give exactly one of them",
                               (*path, present[-1]), f"remove '{present[-1]}' or '{present[0]}'",
                               at_key=True)
                return
            yield self.value(E_NOT_ALLOWED, error, path,
                             f"{_where(path)}: matches more than one alternative")
            return
        yield from self.on_anyOf(error, path)

    def on_anyOf(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context or ():
            branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
        keys = _required_alternatives(error.validator_value)
        if keys is not None:
            names = _either(keys, quote=True, conj="or")
            yield _Finding(E_MISSING_KEY, f"{_where_in(path)} needs {names}",
                           (*path, keys[0]), _missing_hint(error.schema, keys),
                           at=path, at_key=True, keys=tuple(keys))
            return
        fitting = [errs for _, errs in sorted(branches.items()) if not any(
            not e.relative_path and e.validator in _KIND_KEYWORDS for e in errs)]
        if fitting:
            best = min(fitting, key=lambda errs: (len(errs), -max(len(e.path) for e in errs)))
            for sub in best:
                yield from self.translate(sub)
            return
        yield self.alternatives(error, path)

    def alternatives(self, error: ValidationError, path: SpecPath) -> _Finding:
        words: list[str] = []
        names: list[str] = []
        types_only = True
        for branch in error.validator_value:
            if "enum" in branch or "const" in branch:
                values = branch.get("enum", [branch.get("const")])
                words += [_literal(v) for v in values]
                names += [v for v in values if isinstance(v, str)]
            else:
                words.append(self.describe(branch))
            if set(branch) - {"type", "title", "description", "markdownDescription",
                              "examples", "properties", "required", "additionalProperties"}:
                types_only = False
        message = f"{_where(path)}: expected {_either(words)}, got {_shown(error.instance)}"
        match = _nearest(error.instance, names) if isinstance(error.instance, str) else None
        if match:
            message += f"; did you mean '{match}'?"
        code = E_TYPE if types_only else E_NOT_ALLOWED
        return self.value(code, error, path, message)

    # values ---------------------------------------------------------------------------------
    def on_type(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        expected = error.validator_value
        types = [expected] if isinstance(expected, str) else list(expected)
        words = _either([_TYPE_WORDS.get(t, t) for t in types])
        found = error.instance
        message = f"{_where(path)}: expected {words}, got {_shown(found, typed=True)}"
        hint = None
        if isinstance(found, float) and not math.isfinite(found):
            message = (f"{_where(path)}: expected {words}, got {_scalar_text(found)}, "
                       "which is not a finite number")
        if "string" in types and isinstance(found, int | float) and path:
            hint = f"quote it: {_key_text(path)}\"{_scalar_text(found)}\""
        elif "integer" in types and isinstance(found, float) and found.is_integer():
            hint = f"write {int(found)}"
        elif isinstance(found, str) and path and (written := _unquoted(found, types)):
            what = "true or false" if "boolean" in types else "the number"
            hint = f"write {what} without quotes: {_key_text(path)}{written}"
        elif types == ["array"] and isinstance(found, str | int | float) \
                and not isinstance(found, bool) and path:
            hint = f"write a list: {_key_text(path)}[{_inline(found)}]"
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

    def on_enum(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        values = list(error.validator_value)
        message = f"{_where(path)}: expected {_either([_literal(v) for v in values])}, " \
                  f"got {_shown(error.instance)}"
        if isinstance(error.instance, str):
            match = _nearest(error.instance, [v for v in values if isinstance(v, str)])
            if match:
                message += f"; did you mean '{match}'?"
        yield self.value(E_NOT_ALLOWED, error, path, message)

    def on_const(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        message = f"{_where(path)}: expected {_literal(error.validator_value)}, " \
                  f"got {_shown(error.instance)}"
        if isinstance(error.instance, str) and isinstance(error.validator_value, str) \
                and _nearest(error.instance, [error.validator_value]):
            message += f"; did you mean '{error.validator_value}'?"
        yield self.value(E_NOT_ALLOWED, error, path, message)

    def on_pattern(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        words = error.schema.get("title") or "a value of the documented form"
        example = _first_example(error.schema)  # the property's own, inlined over its $ref
        hint = None
        where = "" if path and isinstance(path[-1], int) else _key_text(path)
        lower = _intended_form(error.instance, error.validator_value)
        if lower is not None:
            hint = f"did you mean {where}{_inline(lower)}?"
        elif example is not None:
            hint = f"for example {where}{_inline(example)}"
        found = self.value(E_FORMAT, error, path,
                           f"{_where(path)}: expected {words}, got {_shown(error.instance)}", hint)
        yield replace(found, pattern=error.validator_value, value=error.instance)

    def on_not(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        reason = error.validator_value.get("title", "this value is not allowed")
        yield self.value(E_NOT_ALLOWED, error, path,
                         f"{_where(path)}: {_shown(error.instance)} is not allowed: {reason}")

    def on_multipleOf(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        yield self.value(E_NOT_ALLOWED, error, path,
                         f"{_where(path)}: expected a multiple of {error.validator_value}, "
                         f"got {_shown(error.instance)}")

    def range_finding(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        yield self.value(E_RANGE, error, path,
                         f"{_where(path)}: expected {_range_words(error.schema)}, "
                         f"got {_shown(error.instance)}")

    on_minimum = on_maximum = on_exclusiveMinimum = on_exclusiveMaximum = range_finding

    def length_finding(self, error: ValidationError, path: SpecPath) -> Iterator[_Finding]:
        kind = error.validator
        noun = {"Length": "character", "Items": "item", "Properties": "entry"}[
            kind.removeprefix("min").removeprefix("max")]
        size = len(error.instance)
        got = "none" if size == 0 else str(size)
        if kind.endswith("Length"):
            got = "an empty string" if size == 0 else f"{size} ({_shown(error.instance)})"
        found = self.value(E_LENGTH, error, path,
                           f"{_where(path)}: expected {_count_words(error.schema, kind, noun)}, "
                           f"got {got}")
        yield replace(found, max_length=error.validator_value if kind == "maxLength" else None)

    on_minLength = on_maxLength = on_minItems = on_maxItems = length_finding
    on_minProperties = on_maxProperties = length_finding

    # helpers --------------------------------------------------------------------------------
    def value(self, code: str, error: ValidationError, path: SpecPath, message: str,
              hint: str | None = None) -> _Finding:
        """A finding about the value at `path`, with the YAML 1.1 hint where it applies."""
        written = self.doc.source.yaml11.get(path)
        if written is not None:
            hint = (f"YAML 1.1 reads {written} as {_shown(error.instance, typed=True)}; "
                    f"quote it if you mean the string: {_key_text(path)}\"{written}\"")
        return _Finding(code, message, path, hint)

    def bad_key(self, error: ValidationError, path: SpecPath) -> _Finding:
        key = error.instance
        schema = error.schema
        if error.validator == "not":
            reason = error.validator_value.get("title", "it is reserved")
            code, expected = E_NOT_ALLOWED, f"is not allowed: {reason}"
        elif error.validator in ("minLength", "maxLength"):
            count = _count_words(schema, error.validator, "character")
            code, expected = E_LENGTH, f"is not allowed: expected {count}"
        else:
            title = schema.get("title", "a valid key")
            code, expected = E_FORMAT, f"is not valid: expected {title}"
        example = _first_example(schema)
        hint = f"for example '{example}'" if example is not None else None
        lower = _intended_form(key, schema.get("pattern"))
        if lower is not None and error.validator == "pattern":
            hint = f"did you mean '{lower}'?"
        shown = _one_line(str(key))
        return _Finding(code, f"{_where(path)}: key '{shown}' {expected}", (*path, key), hint,
                        at_key=True)

    def describe(self, schema: dict[str, Any]) -> str:
        if "title" in schema:
            return str(schema["title"])
        kind = schema.get("type")
        if isinstance(kind, str):
            return _TYPE_WORDS.get(kind, kind)
        return "a value of the documented form"


_LOOSE_ROUTE = re.compile(r"\s*([A-Za-z]+)\s*(/\S*)\s*")


def _intended_form(value: Any, pattern: Any) -> str | None:
    """The form of `value` that `pattern` wants, when only case or spacing is off:
    `EU-WEST-1` -> `eu-west-1`, `post/orders` -> `POST /orders`; else None."""
    if not (isinstance(value, str) and isinstance(pattern, str)):
        return None
    candidates = [value.lower()]
    if (route := _LOOSE_ROUTE.fullmatch(value)) is not None:
        candidates.append(f"{route[1].upper()} {route[2]}")
    return next((c for c in candidates if c != value and _compiled(pattern).search(c)), None)


def _unquoted(text: str, types: Sequence[str]) -> str | None:
    """`text` as the unquoted number or boolean a quoted one was meant to be, else None."""
    value = text.strip()
    if "boolean" in types and value.lower() in ("true", "false"):
        return value.lower()
    if {"integer", "number"} & set(types) and re.fullmatch(r"-?[0-9]+", value):
        return str(int(value))
    if "number" in types and re.fullmatch(r"-?[0-9]*\.[0-9]+", value):
        return value
    return None


def _schema_at(where: Sequence[Any]) -> Any:
    """The part of the (inlined) schema at a jsonschema schema path."""
    node: Any = inlined_schema()
    for part in where:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _value_at(data: Any, path: SpecPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _child_with(schema: dict[str, Any], key: str) -> str | None:
    """The one property of `schema` whose own mapping takes `key` (`tables` -> `access`)."""
    owners = [name for name, sub in schema.get("properties", {}).items()
              if isinstance(sub, dict) and key in sub.get("properties", {})]
    return owners[0] if len(owners) == 1 else None


# -- wording ----------------------------------------------------------------------------------


def _where(path: SpecPath) -> str:
    return format_path(path) or "the spec"


def _where_in(path: SpecPath) -> str:
    return format_path(path) or "the top level"


def _nearest(word: str, options: Iterable[str]) -> str | None:
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
    """How far `word` is from `option` if it is a slip for it (see `_nearest`), else None."""
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


def _either(words: Sequence[str], *, quote: bool = False, conj: str = "or") -> str:
    items = [f"'{w}'" if quote else w for w in words]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conj} {items[1]}"
    return ", ".join(items[:-1]) + f" {conj} {items[-1]}"


def _literal(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else _scalar_text(value)


def _scalar_text(value: Any) -> str:
    """`value` as YAML writes it: `true`, `null`, `.inf`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    return str(value)


def _shown(value: Any, *, typed: bool = False) -> str:
    """How a found value is named in a message: `the boolean false`, `'per-az'`, `a list`."""
    if value is None:
        return "an empty value (null)"
    if isinstance(value, bool):
        return f"the boolean {_scalar_text(value)}"
    if isinstance(value, int):
        return f"the integer {value}" if typed else str(value)
    if isinstance(value, float):
        return f"the number {value}" if typed else str(value)
    if isinstance(value, str):
        text = _one_line(value if len(value) <= 60 else value[:57] + "...")
        return f"the string '{text}'" if typed else f"'{text}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _one_line(text: str) -> str:
    """`text` with line breaks and control characters escaped (`us-east-1\\n`)."""
    return "".join(_ESCAPES.get(c, f"\\x{ord(c):02x}") if ord(c) < 32 or c == "\x7f" else c
                   for c in text)


def _key_text(path: SpecPath) -> str:
    """How the value's place is written in YAML: `environment: ` or `- ` for a list item."""
    if not path:
        return ""
    last = path[-1]
    return "- " if isinstance(last, int) else f"{_inline(last)}: "


def _inline(value: Any) -> str:
    """A value in YAML flow style, for hints: `{name: order_id, type: S}`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_inline(k)}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    if isinstance(value, str):
        return value if _is_plain(value) else json.dumps(value, ensure_ascii=False)
    return _scalar_text(value)


def _is_plain(text: str) -> bool:
    """Whether `text` reads back as the same string when written unquoted in a flow mapping."""
    if not text or text[0] in _INDICATORS or any(c in text for c in "{}[],#") \
            or ": " in text or text != text.strip():
        return False
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _first_example(schema: Any) -> Any:
    examples = schema.get("examples") if isinstance(schema, dict) else None
    return examples[0] if examples else None


def _missing_hint(schema: dict[str, Any], keys: Sequence[str]) -> str:
    example = _first_example(schema.get("properties", {}).get(keys[0], {}))
    first = f"{keys[0]}: {_inline(example)}" if example is not None else f"{keys[0]}:"
    return f"add one of them, for example {first}"


def _required_alternatives(branches: Any) -> list[str] | None:
    """The keys of `anyOf`/`oneOf` branches that each only require one key, else None."""
    keys: list[str] = []
    for branch in branches:
        if not (isinstance(branch, dict) and set(branch) == {"required"}
                and len(branch["required"]) == 1):
            return None
        keys.append(branch["required"][0])
    return keys


def _range_words(schema: dict[str, Any]) -> str:
    noun = "an integer" if schema.get("type") == "integer" else "a number"
    low, high = schema.get("minimum"), schema.get("maximum")
    if "exclusiveMinimum" in schema:
        return f"{noun} greater than {schema['exclusiveMinimum']}"
    if "exclusiveMaximum" in schema:
        return f"{noun} less than {schema['exclusiveMaximum']}"
    if low is not None and high is not None:
        return f"{noun} from {low} to {high}"
    if low is not None:
        return f"{noun} of at least {low}"
    return f"{noun} of at most {high}"


def _count_words(schema: dict[str, Any], keyword: str, noun: str) -> str:
    suffix = keyword.removeprefix("min").removeprefix("max")
    low, high = schema.get(f"min{suffix}"), schema.get(f"max{suffix}")
    plural = "entries" if noun == "entry" else f"{noun}s"
    if low is not None and high is not None:
        return f"{low} to {high} {plural}"
    if low is not None:
        return f"at least {low} {noun if low == 1 else plural}"
    return f"at most {high} {noun if high == 1 else plural}"
