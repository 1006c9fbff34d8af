"""A structure-aware spec mutator and the oracle every mutant must satisfy.

Seeds are the shipped specs and the valid test specs (after `extends`). A
mutation knows the spec format: it reads the JSON Schema to pick other allowed
enum values and numeric bounds, and the ident-keyed sections to duplicate or
rename entries so that they collide (`x` beside `x-replica`, a table named like
a function). What every mutant must satisfy is in `fuzz_oracle`.

Used by `tests/test_fuzz.py` (a fixed, derandomised budget in CI) and by
`tests/fuzz_campaign.py` (a larger campaign run by hand).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from drspec.load.reader import load_file
from drspec.resources import schema_path

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "fuzz_corpus"
SCHEMA: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))

#: Sections whose keys are idents of resources.
IDENT_SECTIONS = ("tables", "buckets", "functions", "schedules", "alarms")
#: Values the boundary mutation tries on numbers (besides the schema's own bounds).
BOUNDARIES: tuple[Any, ...] = (0, -1, 1, 10**400, -(10**400), 2**31, 2**63, 0.5)
#: Values the boundary mutation tries on strings.
STRINGS: tuple[str, ...] = ("", "/", "..", ".", "x" * 300, "\u00fcber", "a b", "*", "${x}",
                            "arn:aws:kms:us-east-1:123456789012:key/x", "0 0 * * ? *")

Path_ = tuple[str | int, ...]


class Chooser(Protocol):
    """Where a mutation's choices come from: `random.Random` or Hypothesis data."""

    def choice(self, options: Sequence[Any]) -> Any: ...


# -- seeds --------------------------------------------------------------------------


@dataclass(frozen=True)
class Seed:
    name: str
    data: dict[str, Any]
    #: directories the spec's `source` keys name, relative to the spec (copied beside mutants)
    sources: tuple[tuple[str, Path], ...]


def seed_files() -> list[Path]:
    shipped = sorted((REPO / "specs").glob("*.yaml"))
    valid = sorted((REPO / "tests" / "specs" / "valid").rglob("*.yaml"))
    return shipped + valid


def load_seeds() -> list[Seed]:
    """Every seed file that loads, as composed data (`extends` resolved)."""
    seeds = []
    for path in seed_files():
        doc, _ = load_file(path)
        if doc is None or not isinstance(doc.data, dict):
            continue
        data = copy.deepcopy(doc.data)
        data.pop("extends", None)  # merged already: the mutant stands alone
        if not {"version", "name", "environment", "region"} <= set(data):
            continue  # a partial base: checked through the spec that extends it
        sources = []
        for fn in (data.get("functions") or {}).values():
            if isinstance(fn, dict) and isinstance(fn.get("source"), str):
                where = (path.parent / fn["source"]).resolve()
                if where.is_dir() and where.is_relative_to(REPO):
                    sources.append((fn["source"], where))
        seeds.append(Seed(path.relative_to(REPO).as_posix(), data, tuple(sources)))
    return seeds


# -- the schema, read for mutations ----------------------------------------------------


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = SCHEMA
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _branches(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    node = _resolve(node)
    yield node
    for keyword in ("anyOf", "oneOf", "allOf"):
        for sub in node.get(keyword, ()):
            yield from _branches(sub)


def schemas_at(path: Path_) -> list[dict[str, Any]]:
    """The subschemas that may describe the value at `path` (every branch of a union)."""
    current = list(_branches(SCHEMA))
    for part in path:
        following: list[dict[str, Any]] = []
        for node in current:
            if isinstance(part, int):
                items = node.get("items")
                if isinstance(items, dict):
                    following += _branches(items)
                continue
            props = node.get("properties", {})
            if part in props:
                following += _branches(props[part])
            elif isinstance(node.get("additionalProperties"), dict):
                following += _branches(node["additionalProperties"])
            for pattern_schema in node.get("patternProperties", {}).values():
                following += _branches(pattern_schema)
        current = following
    return current


def allowed_values(path: Path_) -> list[Any]:
    """Enum and const values the schema allows at `path`, and the numeric bounds."""
    out: list[Any] = []
    for node in schemas_at(path):
        out += node.get("enum", [])
        if "const" in node:
            out.append(node["const"])
        for bound in ("minimum", "maximum"):
            if bound in node:
                out += [node[bound], node[bound] + (1 if bound == "maximum" else -1)]
    return out


# -- walking the data -----------------------------------------------------------------


def walk(value: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from walk(sub, (*path, key))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from walk(sub, (*path, i))


def get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def put(data: Any, path: Path_, value: Any) -> None:
    get(data, path[:-1])[path[-1]] = value


def _rename_key(mapping: dict[str, Any], old: str, new: str) -> None:
    items = [(new if k == old else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)


def _idents(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(section, ident) for section in IDENT_SECTIONS
            if isinstance(data.get(section), dict) for ident in data[section]]


# -- mutations --------------------------------------------------------------------------

Mutation = Callable[[dict[str, Any], Chooser, Sequence[Seed]], str | None]


def delete_key(data: dict[str, Any], pick: Chooser, _: Sequence[Seed]) -> str | None:
    keys = [p for p, _ in walk(data) if p and isinstance(p[-1], str)]
    path = pick.choice(keys)
    del get(data, path[:-1])[path[-1]]
    return f"delete {path}"


def duplicate_entry(data: dict[str, Any], pick: Chooser, _: Sequence[Seed]) -> str | None:
    entries = _idents(data)
    if not entries:
        return None
    section, ident = pick.choice(entries)
    others = [i for s, i in entries if i != ident]
    new = pick.choice([f"{ident}-replica", f"{ident}2", f"{ident}-secondary",
                       *(o for o in others[:4]), ident[:20] + "-" + "x" * 10])
    if new in data[section]:
        return None
    data[section][new] = copy.deepcopy(data[section][ident])
    return f"duplicate {section}.{ident} as {new}"


def rename_to_collide(data: dict[str, Any], pick: Chooser, _: Sequence[Seed]) -> str | None:
    entries = _idents(data)
    if len(entries) < 2:
        return None
    section, ident = pick.choice(entries)
    other_section, other = pick.choice([e for e in entries if e != (section, ident)])
    new = pick.choice([other, f"{other}-replica", f"{other}-fn", f"{other}-table"])
    if new in data[section] or len(new) > 31:
        return None
    _rename_key(data[section], ident, new)
    return f"rename {section}.{ident} to {new} (beside {other_section}.{other})"


def swap_values(data: dict[str, Any], pick: Chooser, _: Sequence[Seed]) -> str | None:
    scalars = [(p, v) for p, v in walk(data) if p and not isinstance(v, dict | list)]
    if len(scalars) < 2:
        return None
    path, value = pick.choice(scalars)
    same = [(p, v) for p, v in scalars if type(v) is type(value) and p != path]
    if not same:
        return None
    other, other_value = pick.choice(same)
    put(data, path, other_value)
    put(data, other, value)
    return f"swap {path} and {other}"


def boundary_number(data: dict[str, Any], pick: Chooser, _: Sequence[Seed]) -> str | None:
    numbers = [p for p, v in walk(data)
               if p and isinstance(v, int | float) and not isinstance(v, bool)]
    if not numbers:
        return None
    path = pick.choice(numbers)
    options = [v for v in allowed_values(path) if isinstance(v, int | float)]
    value = pick.choice(options + list(BOUNDARIES))
    put(data, path, value)
    return f"set {path} to {str(value)[:20]}"


def boundary_string(data: dict[str, Any], pick: Chooser, _: Sequence[Seed]) -> str | None:
    strings = [p for p, v in walk(data) if p and isinstance(v, str)]
    if not strings:
        return None
    path = pick.choice(strings)
    value = pick.choice(STRINGS)
    put(data, path, value)
    return f"set {path} to {value[:20]!r}"


def flip_choice(data: dict[str, Any], pick: Chooser, _: Sequence[Seed]) -> str | None:
    """A boolean to its opposite, or an enum value to another the schema allows."""
    candidates = []
    for path, value in walk(data):
        if not path:
            continue
        if isinstance(value, bool):
            candidates.append((path, [not value]))
        elif isinstance(value, str):
            others = [v for v in allowed_values(path) if v != value and isinstance(v, str)]
            if others:
                candidates.append((path, others))
    if not candidates:
        return None
    path, options = pick.choice(candidates)
    value = pick.choice(options)
    put(data, path, value)
    return f"set {path} to {value!r}"


def set_new_option(data: dict[str, Any], pick: Chooser, _: Sequence[Seed]) -> str | None:
    """Add an optional key the schema knows (a boolean or an enum value) where it is absent."""
    maps = [(p, v) for p, v in walk(data) if isinstance(v, dict)]
    path, mapping = pick.choice(maps)
    choices = []
    for node in schemas_at(path):
        for key, sub in node.get("properties", {}).items():
            if key in mapping:
                continue
            for branch in _branches(sub):
                if branch.get("type") == "boolean":
                    choices += [(key, True), (key, False)]
                choices += [(key, v) for v in branch.get("enum", [])]
    if not choices:
        return None
    key, value = pick.choice(choices)
    mapping[key] = value
    return f"add {(*path, key)} = {value!r}"


def empty_container(data: dict[str, Any], pick: Chooser, _: Sequence[Seed]) -> str | None:
    containers = [(p, v) for p, v in walk(data) if p and isinstance(v, dict | list) and v]
    if not containers:
        return None
    path, value = pick.choice(containers)
    put(data, path, {} if isinstance(value, dict) else [])
    return f"empty {path}"


def graft_section(data: dict[str, Any], pick: Chooser, seeds: Sequence[Seed]) -> str | None:
    """A top-level section of another seed (say its disaster_recovery) replaces this one's."""
    donor = pick.choice(seeds)
    sections = [k for k in donor.data if k not in ("version", "name", "environment", "region")]
    if not sections:
        return None
    section = pick.choice(sections)
    data[section] = copy.deepcopy(donor.data[section])
    return f"graft {section} from {donor.name}"


MUTATIONS: tuple[Mutation, ...] = (
    delete_key, duplicate_entry, rename_to_collide, swap_values, boundary_number,
    boundary_string, flip_choice, set_new_option, empty_container, graft_section,
)


def mutate(seed: Seed, pick: Chooser, seeds: Sequence[Seed], steps: int) -> tuple[
        dict[str, Any], list[str]]:
    """`seed`'s data after `steps` mutations (fewer when one does not apply)."""
    data = copy.deepcopy(seed.data)
    done = []
    for _ in range(steps):
        mutation = pick.choice(MUTATIONS)
        what = mutation(data, pick, seeds)
        if what is not None:
            done.append(what)
    return data, done
