"""Fixture specs with their expected diagnostics written at the top.

`tests/specs/valid/` holds specs that must produce no error; `tests/specs/invalid/`
specs that must. A fixture is a `*.yaml` file, or a folder whose entry point is
`spec.yaml` (for cases spread over several files, such as `extends`). The
comments at the top of the entry file list every diagnostic the file must
produce, errors and warnings alike, one per line:

    # expect: E201 12            (code and line in this file)
    # expect: E201 base.yaml:9   (code, and file:line relative to the fixture folder)

The file must produce exactly this multiset of (code, file, line). A few
fixtures cannot be stored as text files (bytes that are not UTF-8); they are
generated below and checked the same way.

cfn-lint checks for CloudFormation that drspec covers, each with a fixture:

- `ipv4-network` format, host bits set -> E201 network-cidr-host-bits.yaml
- E3059 subnet CIDR inside the VPC CIDR -> E202 network-subnet-outside-vpc.yaml
- E3060 subnets overlap -> E203 network-subnets-overlap.yaml
- E3027 rate value not a positive integer -> the schema (E105) schedule-rate-value.yaml
- E3027 rate unit singular exactly for 1 -> E301 schedule-rate-plural.yaml
- E3027 cron not six fields -> the schema (E105) schedule-cron-five-fields.yaml, and E302
  schedule-cron-wrapped.yaml for six words that are no six fields
- E3027 day-of-month and day-of-week both given -> E304 schedule-cron-days.yaml
- (beyond cfn-lint: each cron field's values and wildcards, E303 schedule-cron-field.yaml;
  both day fields '?', E304; time zones, E305)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from drspec.pipeline import check

SPECS = Path(__file__).resolve().parent / "specs"
REPO = SPECS.parent.parent
_EXPECT = re.compile(r"^#\s*expect:\s*(?P<code>[EW]\d{3})\s+(?:(?P<file>\S+):)?(?P<line>\d+)\s*$")

Expectation = tuple[str, Path, int]


@dataclass(frozen=True)
class Generated:
    """A fixture written by the test: bytes plus its expectations."""

    content: bytes
    expect: tuple[tuple[str, int], ...]


GENERATED: dict[str, Generated] = {
    # A Latin-1 'é' in a value on line 4.
    "not-utf8.yaml": Generated(
        b"version: 1\nname: shop\nenvironment: dev\nregion: caf\xe9\n", (("E009", 4),)),
    # A UTF-16 file (editors on Windows save these): not UTF-8 either.
    "utf16.yaml": Generated("version: 1\n".encode("utf-16"), (("E009", 1),)),
    # A NUL byte is valid UTF-8 but no YAML character.
    "nul-byte.yaml": Generated(b"version: 1\nname: sh\x00op\n", (("E001", 2),)),
}


def entry_files(kind: str) -> list[Path]:
    root = SPECS / kind
    return sorted([*root.glob("*.yaml"), *root.glob("*/spec.yaml")])


def expectations(entry: Path) -> list[Expectation]:
    """The `# expect:` lines in the comment block at the top of `entry`."""
    out = []
    for line in entry.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _EXPECT.match(line)
        if match:
            target = entry.parent / match["file"] if match["file"] else entry
            out.append((match["code"], target.resolve(), int(match["line"])))
        elif line.lstrip("# ").startswith("expect"):
            raise AssertionError(f"{entry}: malformed expectation {line!r}")
    return out


def produced(entry: Path) -> tuple[list[Expectation], list[str]]:
    result = check(entry)
    got = [(d.code, Path(d.file).resolve(), d.line) for d in result.diagnostics]
    shown = [f"{Path(d.file).name}:{d.line}:{d.col}: {d.severity} {d.code} {d.message}"
             f" [hint: {d.hint}]" for d in result.diagnostics]
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 1, d
    return got, shown


def _param(kind: str) -> list[object]:
    return [pytest.param(p, id=str(p.relative_to(SPECS / kind))) for p in entry_files(kind)]


def _assert_same(entry: Path, expected: list[Expectation]) -> list[str]:
    got, shown = produced(entry)
    missing = Counter(expected) - Counter(got)
    extra = Counter(got) - Counter(expected)
    assert not missing and not extra, (
        f"\nmissing: {sorted(missing.elements())}\nunexpected: {sorted(extra.elements())}"
        "\nproduced:\n  " + "\n  ".join(shown))
    return shown


@pytest.mark.parametrize("entry", _param("valid"))
def test_valid_fixture(entry: Path) -> None:
    expected = expectations(entry)
    assert all(code.startswith("W") for code, _, _ in expected), \
        "valid fixtures may expect warnings only"
    _assert_same(entry, expected)


@pytest.mark.parametrize("entry", _param("invalid"))
def test_invalid_fixture(entry: Path) -> None:
    expected = expectations(entry)
    assert any(code.startswith("E") for code, _, _ in expected), \
        "an invalid fixture must expect at least one error"
    _assert_same(entry, expected)


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_fixture(name: str, tmp_path: Path) -> None:
    case = GENERATED[name]
    entry = tmp_path / name
    entry.write_bytes(case.content)
    _assert_same(entry, [(code, entry.resolve(), line) for code, line in case.expect])


def test_shipped_specs_are_clean() -> None:
    """The specs drspec ships produce no error, and no warning of the semantic checks.

    (Warnings about unmet recovery objectives belong to `assess` and are judged there.)
    """
    for spec in sorted((REPO / "specs").glob("*.yaml")):
        got, shown = produced(spec)
        flagged = [code for code, _, _ in got if code[0] == "E" or code[1] in "23467"]
        assert flagged == [], shown


def test_fixture_folders_exist_and_are_found() -> None:
    assert len(entry_files("valid")) >= 5
    assert len(entry_files("invalid")) >= 30
    # Base specs in fixture folders are reached through `extends`, not run alone.
    assert all(p.name == "spec.yaml" or p.parent.name in ("valid", "invalid")
               for kind in ("valid", "invalid") for p in entry_files(kind))


def all_expected_codes() -> set[str]:
    codes = {code for kind in ("valid", "invalid") for entry in entry_files(kind)
             for code, _, _ in expectations(entry)}
    return codes | {code for case in GENERATED.values() for code, _ in case.expect}


#: Semantic-check codes no fixture can reach through the whole pipeline, and why.
#: Unit tests in tests/test_checks_*.py cover each of them.
UNREACHABLE = {
    "E306": "the schema's pattern for `rate` rejects every malformed rate first",
    "W302": "depends on the host lacking a time zone database",
    "E641": "needs a source tree over 50 MB; tests/test_checks_sources.py writes a sparse one",
}


def check_codes() -> set[str]:
    """The codes the modules of drspec.checks register (module-level constants)."""
    import importlib
    import pkgutil

    import drspec.checks
    from drspec.codes import RULES

    codes = set()
    for info in pkgutil.iter_modules(drspec.checks.__path__):
        module = importlib.import_module(f"drspec.checks.{info.name}")
        codes |= {v for v in vars(module).values() if isinstance(v, str) and v in RULES}
    return codes


def test_every_check_code_has_a_fixture() -> None:
    semantic = check_codes()
    assert len(semantic) >= 40
    missing = semantic - all_expected_codes() - set(UNREACHABLE)
    assert not missing, f"codes without a fixture: {sorted(missing)}"
    assert set(UNREACHABLE) <= semantic
