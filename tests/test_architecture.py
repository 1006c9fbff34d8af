"""The shape of the code: phases in order, no cycles, small units, sections complete.

Read from the source with `ast`, so a violation names the file and the import.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from drspec import sections

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "drspec"

#: Each module's phase: a module may import from its own phase or an earlier one.
#: The longest matching prefix decides. `drspec.plan.model` is the plan as data,
#: and `drspec.plan.mocks` what the mock engine answers (the ids and ARNs inputs
#: refer to), both read by `assess`; capturing a plan (the rest of `drspec.plan`)
#: runs the factory.
LAYERS: tuple[tuple[str, int], ...] = (
    ("drspec.diagnostics", 0), ("drspec.codes", 0), ("drspec.figures", 0),
    ("drspec.regions", 0), ("drspec.naming", 0), ("drspec.resources", 0),
    ("drspec.sections", 0), ("drspec.limits", 0), ("drspec.version", 0),
    ("drspec.parallel", 0),
    ("drspec.source_tree", 0),
    ("drspec.load", 1),
    ("drspec.schema", 2),
    ("drspec.model", 3), ("drspec.drills", 3),
    ("drspec.checks", 4),
    ("drspec.plan.model", 5), ("drspec.plan.mocks", 5),
    ("drspec.assess", 6),
    ("drspec.pipeline", 7), ("drspec.waivers", 7), ("drspec.catalog", 7),
    ("drspec.batch", 7),
    ("drspec.factory", 8),
    ("drspec.plan", 9),
    ("drspec.runbook", 10), ("drspec.diff", 10),
    ("drspec.reporters", 11), ("drspec.deploy", 11), ("drspec.scaffold", 11),
    ("drspec.program", 12), ("drspec.docgen", 12), ("drspec.commands", 12),
    ("drspec.cli", 13), ("drspec.__main__", 13), ("drspec", 13),
)

#: Modules `drspec validate` runs: none of them may import Pulumi or the factory.
VALIDATE_PATH = ("drspec.load", "drspec.schema", "drspec.model", "drspec.checks",
                 "drspec.pipeline", "drspec.waivers", "drspec.catalog", "drspec.assess",
                 "drspec.sections", "drspec.codes", "drspec.diagnostics")

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> int:
    best = max((prefix for prefix, _ in LAYERS
                if name == prefix or name.startswith(prefix + ".")), key=len)
    return dict(LAYERS)[best]


def imports(path: Path, *, top_level_only: bool = False) -> Iterator[tuple[str, int]]:
    """(imported drspec module, line) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("drspec"):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.level:
                continue
            if node.module == "drspec":
                for alias in node.names:
                    yield f"drspec.{alias.name}", node.lineno
            elif node.module.startswith("drspec"):
                yield node.module, node.lineno


def test_every_module_has_a_phase() -> None:
    for name in modules():
        assert layer(name) >= 0, name


def test_an_earlier_phase_never_imports_a_later_one() -> None:
    problems = []
    for name, path in modules().items():
        if name in ("drspec",):
            continue  # the package's public API re-exports `validate`
        for target, line in imports(path):
            if layer(target) > layer(name):
                problems.append(f"{path.relative_to(REPO)}:{line}: {name} "
                                f"(phase {layer(name)}) imports {target} "
                                f"(phase {layer(target)})")
    assert not problems, "\n".join(problems)


def test_no_command_imports_another() -> None:
    problems = []
    for name, path in modules().items():
        if not name.startswith("drspec.commands."):
            continue
        for target, line in imports(path):
            if target.startswith("drspec.commands") and target != "drspec.commands":
                problems.append(f"{path.relative_to(REPO)}:{line}: imports {target}")
    assert not problems, "\n".join(problems)


def test_the_validate_path_never_imports_pulumi_or_the_factory() -> None:
    problems = []
    for name, path in modules().items():
        if not any(name == p or name.startswith(p + ".") for p in VALIDATE_PATH):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module level: what importing the module pulls in
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for imported in names:
                if imported.split(".")[0] in ("pulumi", "pulumi_aws") or \
                        imported.startswith(("drspec.factory", "drspec.plan.capture")):
                    problems.append(f"{path.relative_to(REPO)}:{node.lineno}: {imported}")
    assert not problems, "\n".join(problems)


def test_no_import_cycles_at_module_level() -> None:
    found = modules()
    graph = {name: {t for t, _ in imports(path, top_level_only=True) if t in found}
             for name, path in found.items()}
    for name in graph:  # a package's __init__ importing its own submodules is no cycle
        graph[name] = {t for t in graph[name] if t != name and not t.startswith(name + ".")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt):], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def test_modules_and_functions_stay_small() -> None:
    problems = []
    for path in modules().values():
        text = path.read_text(encoding="utf-8")
        lines = text.count("\n")
        if lines > MAX_MODULE_LINES:
            problems.append(f"{path.relative_to(REPO)}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    problems.append(f"{path.relative_to(REPO)}:{node.lineno}: "
                                    f"{node.name} is {length} lines")
    assert not problems, "\n".join(problems)


# -- every section is complete ----------------------------------------------------------


SCHEMA = json.loads((REPO / "schemas" / "drspec-v1.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("section", sections.SECTIONS, ids=lambda s: s.name)
def test_a_section_has_its_factory_module(section: sections.Section) -> None:
    path = PACKAGE / "factory" / f"{section.name}.py"
    assert path.is_file(), f"drspec/factory/{section.name}.py builds section {section.name}"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.FunctionDef) and n.name == "build" for n in tree.body)


@pytest.mark.parametrize("section", [s for s in sections.SECTIONS if s.spec_key],
                         ids=lambda s: s.name)
def test_a_section_has_its_schema_and_model(section: sections.Section) -> None:
    from drspec.model import Spec

    assert section.spec_key in SCHEMA["properties"], section.spec_key
    assert section.spec_key in Spec.__dataclass_fields__, section.spec_key


def test_the_readme_lists_every_section_as_registered() -> None:
    from drspec.docgen import section_rows

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for row in section_rows():
        assert row in readme, f"README's table of sections lacks or misstates: {row}"


def test_the_golden_plans_group_every_resource_under_a_known_section() -> None:
    from drspec.plan.table import SECTION_ORDER

    for golden in sorted((REPO / "tests" / "golden").glob("*.json")):
        plan = json.loads(golden.read_text(encoding="utf-8"))
        for resource in plan["resources"]:
            if resource["type"].startswith("drspec:"):
                continue
            assert resource["name"].split("-", 1)[0] in SECTION_ORDER, \
                f"{golden.name}: {resource['name']} belongs to no registered section"


@pytest.mark.parametrize("kind", sections.ACCESS_KINDS, ids=lambda k: k.key)
def test_an_access_kind_is_in_the_schema(kind: sections.AccessKind) -> None:
    function = SCHEMA["properties"]["functions"]["additionalProperties"]
    access = function["properties"]["access"]["properties"]
    assert kind.key in access, kind.key
    if kind.dr_flag:
        dr = SCHEMA["properties"]["disaster_recovery"]["properties"]
        assert kind.dr_flag in dr, kind.dr_flag


def test_every_preset_is_in_the_schema() -> None:
    alarm = SCHEMA["properties"]["alarms"]["additionalProperties"]
    enum = alarm["properties"]["metric"]["enum"]
    assert set(enum) == set(sections.PRESETS) | set(sections.PRESET_ALIASES)
