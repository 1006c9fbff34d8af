"""The rule registry is complete, and the generated reference pages are current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from drspec import docgen
from drspec.catalog import all_rules

REPO = Path(__file__).resolve().parent.parent
DECLARED = re.compile(r"""\brule\(\s*["']([EW]\d{3})["']""")


def declared_in_source() -> dict[str, str]:
    """Every code a module of drspec declares with `rule(...)`, and where."""
    found: dict[str, str] = {}
    for path in sorted((REPO / "drspec").rglob("*.py")):
        for code in DECLARED.findall(path.read_text(encoding="utf-8")):
            found[code] = str(path.relative_to(REPO))
    return found


def test_the_catalog_holds_every_declared_rule() -> None:
    registered = {r.code for r in all_rules()}
    missing = {c: where for c, where in declared_in_source().items() if c not in registered}
    assert not missing, f"add these modules to drspec.catalog.RULE_MODULES: {missing}"


def test_every_rule_has_a_title_and_help() -> None:
    for r in all_rules():
        assert r.title and r.help, r.code
        assert r.source is None or r.source.startswith("https://"), r.code


@pytest.mark.parametrize("name", sorted(docgen.PAGES))
def test_the_reference_page_is_current(name: str) -> None:
    committed = (REPO / "docs" / name).read_text(encoding="utf-8")
    assert committed == docgen.PAGES[name](), (
        f"docs/{name} is stale: run `python3 -m drspec.docgen` and commit the result")


def test_the_rules_page_lists_every_code() -> None:
    page = docgen.rules_page()
    for r in all_rules():
        assert f"| `{r.code}` |" in page
