"""The compiled yes/no on the schema agrees with the full validator, so skipping the
error walk for documents it calls valid changes no finding.

For every spec the repository holds (shipped, test, example and generated
variants), `surely_valid` may say "valid" only where jsonschema's walk finds no
error, and where the document is one it answers (no floats, no huge integers)
jsonschema-rs and the walk give the same verdict both ways.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drspec.diagnostics import has_errors
from drspec.load.document import Document
from drspec.load.reader import load_file
from drspec.schema import diagnose, quick
from drspec.schema.validator import validator

REPO = Path(__file__).resolve().parent.parent
SPEC_FILES = sorted({
    *REPO.glob("specs/**/*.yaml"), *REPO.glob("tests/specs/**/*.yaml"),
    *REPO.glob("tests/data/**/*.yaml"), *REPO.glob("tests/fuzz_corpus/**/*.yaml"),
    *REPO.glob("examples/**/*.yaml"),
})


def _loaded(path: Path) -> Document | None:
    """The document as `drspec validate` hands it to the schema: only when it loaded
    without errors."""
    document, diagnostics = load_file(path)
    return None if has_errors(diagnostics) else document


DOCUMENTS = {str(p.relative_to(REPO)): d for p in SPEC_FILES if (d := _loaded(p)) is not None}


def walk_valid(data: Any) -> bool:
    return next(iter(validator().iter_errors(data)), None) is None


def assert_agree(data: Any) -> None:
    full = walk_valid(data)
    if quick.surely_valid(data):
        assert full, "the quick check passed a document the full walk rejects"
    if quick.answerable(data):
        assert quick._quick_validator().is_valid(data) == full


def test_the_corpus_holds_valid_and_invalid_documents() -> None:
    verdicts = {walk_valid(d.data) for d in DOCUMENTS.values()}
    assert len(DOCUMENTS) > 50 and verdicts == {True, False}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_quick_and_full_agree_on_every_spec(name: str) -> None:
    assert_agree(DOCUMENTS[name].data)


def test_shipped_specs_take_the_quick_path() -> None:
    for name in ("specs/prod.yaml", "specs/staging.yaml", "specs/dev.yaml"):
        assert quick.surely_valid(DOCUMENTS[name].data), name


def test_findings_are_the_same_with_and_without_the_quick_path(
        monkeypatch: pytest.MonkeyPatch) -> None:
    with_quick = {n: diagnose.schema_diagnostics(d) for n, d in DOCUMENTS.items()}
    monkeypatch.setattr(diagnose, "surely_valid", lambda data: False)
    assert with_quick == {n: diagnose.schema_diagnostics(d) for n, d in DOCUMENTS.items()}


@pytest.mark.parametrize("value", [256.0, 1.5, float("inf"), float("nan"), 2**60, -(2**60)])
def test_values_the_validators_read_differently_are_not_answered(value: object) -> None:
    data = copy.deepcopy(DOCUMENTS["specs/prod.yaml"].data)
    data["objectives"] = {"rto": "15 minutes", "rpo": "1 minute", "weight": value}
    data["network"] = {**data.get("network", {}), "availability_zones": value}
    assert not quick.answerable(data)
    assert not quick.surely_valid(data)


# Strings that ECMA-262, Rust's regex and Python's re disagree on: a trailing newline
# (`$`), the information separators Python counts as whitespace, no-break spaces.
_TRICKY_SUFFIXES = ["\n", "\x1c", "\x1f", "\x85", "\u00a0", "\ufeff", "\u2028", " ", ""]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    children = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in children:
        out.append((*prefix, key))
        out += _paths(child, (*prefix, key))
    return out


_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**54), 2**54), st.text(max_size=12),
    st.sampled_from(["us-east-1", "10.0.0.0/16", "GET /orders", "a@b.co", "1 minute",
                     "0 12 * * ? *", "orders", "W101", "+15555550100", "https://x.io"]),
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1,
                                                    max_size=8), inner, max_size=3)),
    max_leaves=6,
)


def _tricky_variants(data: Any) -> Iterator[Any]:
    """The document with one string value, or one key, given one tricky suffix: every
    string and key of the document in turn, with every suffix."""
    for path in _paths(data):
        for suffix in _TRICKY_SUFFIXES[:-2]:
            if isinstance(_parent(data, path), dict):
                variant = copy.deepcopy(data)
                container = _parent(variant, path)
                container[path[-1] + suffix] = container.pop(path[-1])
                yield variant
            if isinstance(_parent(data, path)[path[-1]], str):
                variant = copy.deepcopy(data)
                _parent(variant, path)[path[-1]] += suffix
                yield variant


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def test_quick_and_full_agree_on_every_string_with_a_tricky_suffix() -> None:
    """Patterns are where Python's re and Rust's regex differ (`\\s`, `$`)."""
    checked = 0
    for variant in _tricky_variants(DOCUMENTS["tests/data/flat/prod.yaml"].data):
        assert_agree(variant)
        checked += 1
    assert checked > 500


@st.composite
def mutated(draw: Callable[..., Any]) -> Any:
    """A shipped or test spec, changed in one to three places."""
    names = sorted(n for n, d in DOCUMENTS.items() if walk_valid(d.data))
    data = copy.deepcopy(DOCUMENTS[draw(st.sampled_from(names))].data)
    for _ in range(draw(st.integers(1, 3))):
        where = _paths(data)
        if not where:
            break
        path = draw(st.sampled_from(where))
        container = data
        for part in path[:-1]:
            container = container[part]
        old, how = container[path[-1]], draw(st.sampled_from(["suffix", "replace", "delete"]))
        if how == "suffix" and isinstance(old, str):
            container[path[-1]] = old + draw(st.sampled_from(_TRICKY_SUFFIXES))
        elif how == "delete":
            del container[path[-1]]
        else:
            container[path[-1]] = draw(_values)
    return data


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_quick_and_full_agree_on_mutated_specs(data: Any) -> None:
    assert_agree(data)


def test_without_jsonschema_rs_every_document_takes_the_full_walk(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quick, "_quick_validator", lambda: None)
    assert not quick.surely_valid(DOCUMENTS["specs/prod.yaml"].data)
