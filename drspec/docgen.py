"""Reference pages generated from the registries: `docs/rules.md` and `docs/presets.md`.

The registries are the one source of truth (`drspec.catalog` for diagnostic
rules, `drspec.sections` for alarm presets, `templates/` for function
templates); the pages are generated so they cannot drift, and a test fails
when the committed pages are stale. Regenerate with `python3 -m drspec.docgen`.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from drspec.catalog import all_rules
from drspec.resources import templates_dir
from drspec.sections import PRESET_ALIASES, PRESETS, SECTIONS, Section

RANGES: tuple[tuple[str, str], ...] = (
    ("E0", "Loading the YAML file"),
    ("W0", "YAML warnings"),
    ("E1", "JSON Schema"),
    ("E2", "Network"),
    ("W2", "Network warnings"),
    ("E3", "Schedules and time"),
    ("W3", "Schedule warnings"),
    ("E4", "References between sections"),
    ("W4", "Reference warnings"),
    ("E5", "Disaster recovery and objectives"),
    ("W5", "Disaster-recovery warnings"),
    ("E6", "Physical names and AWS limits"),
    ("W6", "AWS limit warnings"),
    ("E7", "Guardrails and waivers"),
    ("W7", "Guardrails"),
)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def rules_page() -> str:
    """Every diagnostic code with its severity, title, help and source."""
    rules = all_rules()
    out = [
        "# Diagnostic rules",
        "",
        "Every finding drspec reports has a stable code. Errors (`E`) fail `drspec validate`;",
        "warnings (`W`) do not, unless `--strict`, and a spec may waive a warning under",
        "`waivers` with a reason. Generated from the rule registry by",
        "`python3 -m drspec.docgen`; do not edit by hand.",
    ]
    for prefix, title in RANGES:
        group = [r for r in rules if r.code.startswith(prefix)]
        if not group:
            continue
        out += ["", f"## {prefix}xx: {title}", "", "| code | title | help | source |",
                "|---|---|---|---|"]
        for r in group:
            source = f"[AWS]({r.source})" if r.source else ""
            out.append(f"| `{r.code}` | {_cell(r.title)} | {_cell(r.help)} | {source} |")
    return "\n".join(out) + "\n"


def _template_summary(directory: Path) -> str:
    """The first paragraph of a template's module docstring, without Jinja markup."""
    source = directory / "index.py.j2"
    text = source.read_text(encoding="utf-8")
    try:
        doc = ast.get_docstring(ast.parse(text)) or ""
    except SyntaxError:
        doc = ""
    first = doc.split("\n\n", 1)[0].replace("{{ app }}-{{ environment }}", "the environment")
    return _cell(re.sub(r"\s*\(function `[^`]*`\)", "", first))


_REGION_WORDS = {"target": "the target's region",
                 "destination": "the replica bucket's region",
                 "replicas": "each replica's region, towards the other (`ReceivingRegion`)"}


def presets_page() -> str:
    """What each alarm preset watches, and what each function template does."""
    out = [
        "# Alarm presets and function templates",
        "",
        "Generated from `drspec/sections.py` and `templates/` by `python3 -m drspec.docgen`;",
        "do not edit by hand.",
        "",
        "## Alarm presets (`alarms.<name>.metric`)",
        "",
        "*Published in* says which region's CloudWatch holds the metric: an alarm on it",
        "can only live there.",
        "",
        "| preset | target | watches | namespace / metric | statistic | dimensions "
        "| published in | AWS |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for p in PRESETS.values():
        metric = f"`{p.namespace}` `{p.metric}`" + (" (sum of several)" if p.series else "")
        out.append(
            f"| `{p.name}` | {p.target_kind} | {p.words} | {metric} | {p.statistic} | "
            f"{', '.join(f'`{d}`' for d in p.dimensions)} | {_REGION_WORDS[p.published_in]} | "
            f"[docs]({p.source}) |")
    if PRESET_ALIASES:
        out += ["", "Former names, still accepted with warning W402: "
                + ", ".join(f"`{old}` (now `{new}`)" for old, new in
                            sorted(PRESET_ALIASES.items())) + "."]
    out += ["", "## Function templates (`functions.<name>.template`)", "",
            "| template | what it does |", "|---|---|"]
    for directory in sorted(p for p in templates_dir().iterdir()
                            if p.is_dir() and not p.name.startswith(("_", "."))):
        out.append(f"| `{directory.name}` | {_template_summary(directory)} |")
    return "\n".join(out) + "\n"


def _regions(section: Section) -> str:
    if section.stage == "replicas":
        return "secondary (replicas)"
    if section.stage == "global":
        return "both / global"
    if section.pilot_light:
        return "primary, and secondary with any secondary region"
    return "primary" + (", and secondary in warm standby" if section.standby else "")


def section_rows() -> list[str]:
    """The README's table of sections, one Markdown row per registered section."""
    return [f"| `{s.name}` | `drspec/factory/{s.name}.py` | {_regions(s)} | {s.about} |"
            for s in SECTIONS]


PAGES = {"rules.md": rules_page, "presets.md": presets_page}


def main(argv: list[str] | None = None) -> int:
    """Write the pages into `docs/` (or the directory given)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path(__file__).resolve().parent.parent / "docs"
    target.mkdir(parents=True, exist_ok=True)
    for name, page in PAGES.items():
        (target / name).write_text(page(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
