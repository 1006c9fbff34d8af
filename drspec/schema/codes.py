"""The codes of schema errors (E101-E109), one per kind of mistake jsonschema reports."""

from __future__ import annotations

from drspec.codes import rule

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
