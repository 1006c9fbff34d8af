"""Property: whatever is done to a spec, validating it returns located diagnostics, never raises.

Starting from the shipped specs, hypothesis mutates the data (deletes keys,
puts values of other types in, renames keys, inserts junk keys) or the text
(duplicates lines, truncates, splices in random bytes) and runs the whole
validate pipeline: loader, schema, model, checks (and the objectives
assessment it runs on valid specs).
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_support import shipped_data

from drspec.diagnostics import Diagnostic, Severity
from drspec.pipeline import check

REPO = Path(__file__).resolve().parent.parent
# The shipped specs, each in one file (specs/ splits them into a base and overlays).
FLAT = REPO / "tests" / "data" / "flat"
SPECS = {p.name: p.read_text(encoding="utf-8") for p in sorted(FLAT.glob("*.yaml"))}
DATA = {name: shipped_data(Path(name).stem) for name in SPECS}  # merged with their base

Path_ = tuple[Any, ...]
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
_idents = st.builds(lambda first, rest: first + rest, st.sampled_from("aopx"),
                    st.text("abcdefghijklmnopqrstuvwxyz0123456789-", max_size=12))
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), _text, _idents,
    st.sampled_from(["*", "0 12 * * ? *", "1 minutes", "10.0.0.0/33", "us-east-7", "api",
                     "processor", "orders", "documents", "W999", "E201", "/health", ""]),
)
values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(_idents, _text), inner, max_size=4)),
    max_leaves=10,
)


def paths(node: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every path to a value below `node` (dict keys and list indices)."""
    out: list[Path_] = []
    if isinstance(node, dict):
        for key, child in node.items():
            out.append((*prefix, key))
            out += paths(child, (*prefix, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            out.append((*prefix, i))
            out += paths(child, (*prefix, i))
    return out


def parent(data: Any, path: Path_) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def delete(data: Any, path: Path_, draw: Callable[..., Any]) -> None:
    del parent(data, path)[path[-1]]


def replace(data: Any, path: Path_, draw: Callable[..., Any]) -> None:
    parent(data, path)[path[-1]] = draw(values)


def rename(data: Any, path: Path_, draw: Callable[..., Any]) -> None:
    container = parent(data, path)
    if isinstance(container, dict):
        container[draw(st.one_of(_idents, _text))] = container.pop(path[-1])


def insert_junk(data: Any, path: Path_, draw: Callable[..., Any]) -> None:
    container = parent(data, path)
    if isinstance(container, dict):
        container[draw(st.one_of(_idents, _text))] = draw(values)
    else:
        container.insert(draw(st.integers(0, len(container))), draw(values))


DATA_MUTATIONS = [delete, replace, rename, insert_junk]


def _vocabulary(node: Any) -> list[Any]:
    """Every scalar of the shipped specs, plus values the checks have opinions on."""
    if isinstance(node, dict):
        return [v for child in node.values() for v in _vocabulary(child)]
    if isinstance(node, list):
        return [v for child in node for v in _vocabulary(child)]
    return [node]


VOCABULARY = sorted({repr(v): v for v in [
    *_vocabulary(DATA), "10.10.1.7/24", "10.99.0.0/24", "10.30.0.0/22", "10.0.0.0/29",
    "us-west-2a", "use1-az1", "us-east-7", "cn-north-1", "0 12 * * * *", "0 25 * * ? *",
    "cron(0 12 * * ? *)", "1 minutes", "5 minute", "Europe/Berln", "W999", "W701", "api",
    "keys_only", "none", "warm_standby", "pilot_light", "replication_latency", "api_5xx",
    "lambda_errors", "dynamodb_user_errors", "procesor", "nothing", "prod", "/healthz",
]}.items())


def same_type(data: Any, path: Path_, draw: Callable[..., Any]) -> None:
    """Replace a value by one of the same type that a spec could hold (stays schema-valid
    more often, so the semantic checks see it)."""
    container = parent(data, path)
    old = container[path[-1]]
    pool = [v for _, v in VOCABULARY if type(v) is type(old) and v != old]
    if pool:
        container[path[-1]] = draw(st.sampled_from(pool))


def drop(data: Any, path: Path_, draw: Callable[..., Any]) -> None:
    """Delete a whole entry or section (keys that name things, and optional sections)."""
    container = parent(data, path)
    if isinstance(container, dict) and isinstance(container[path[-1]], dict | list):
        del container[path[-1]]


@st.composite
def mutated_data(draw: Callable[..., Any]) -> bytes:
    data = copy.deepcopy(DATA[draw(st.sampled_from(sorted(DATA)))])
    for _ in range(draw(st.integers(1, 4))):
        where = paths(data)
        if not where:
            break
        mutation = draw(st.sampled_from(DATA_MUTATIONS))
        mutation(data, draw(st.sampled_from(where)), draw)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True).encode("utf-8")


@st.composite
def plausible_data(draw: Callable[..., Any]) -> bytes:
    data = copy.deepcopy(DATA[draw(st.sampled_from(sorted(DATA)))])
    for _ in range(draw(st.integers(1, 3))):
        where = paths(data)
        if not where:
            break
        mutation = draw(st.sampled_from([same_type, same_type, same_type, drop]))
        mutation(data, draw(st.sampled_from(where)), draw)
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True).encode("utf-8")


@st.composite
def mutated_text(draw: Callable[..., Any]) -> bytes:
    raw = SPECS[draw(st.sampled_from(sorted(SPECS)))].encode("utf-8")
    kind = draw(st.sampled_from(["duplicate", "truncate", "bytes", "swap"]))
    lines = raw.splitlines(keepends=True)
    if kind == "duplicate":
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i])
        return b"".join(lines)
    if kind == "swap":
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return b"".join(lines)
    cut = draw(st.integers(0, len(raw)))
    if kind == "truncate":
        return raw[:cut]
    return raw[:cut] + draw(st.binary(min_size=1, max_size=16)) + raw[cut:]


def validate_bytes(content: bytes) -> list[Diagnostic]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "spec.yaml"
        path.write_bytes(content)
        return check(path).diagnostics


def assert_located(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        assert isinstance(d, Diagnostic)
        assert d.line >= 1 and d.col >= 1, d
        assert d.code and d.message, d
        assert d.severity in (Severity.ERROR, Severity.WARNING)


PROPERTY = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(mutated_data())
def test_mutated_data_gives_diagnostics_not_exceptions(content: bytes) -> None:
    assert_located(validate_bytes(content))


@settings(PROPERTY, max_examples=150)
@given(plausible_data())
def test_plausible_mutations_give_diagnostics_not_exceptions(content: bytes) -> None:
    assert_located(validate_bytes(content))


@PROPERTY
@given(mutated_text())
def test_mutated_text_gives_diagnostics_not_exceptions(content: bytes) -> None:
    assert_located(validate_bytes(content))


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_give_diagnostics_not_exceptions(content: bytes) -> None:
    assert_located(validate_bytes(content))


def test_the_unmutated_specs_are_valid() -> None:
    """The starting points are valid, so mutations explore the neighbourhood of valid."""
    for text in SPECS.values():
        assert not [d for d in validate_bytes(text.encode()) if d.is_error]
