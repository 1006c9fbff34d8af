"""Which files a command line names: files, directories searched for YAML, globs.

A directory is searched recursively for `*.yaml` and `*.yml` in sorted order,
leaving out hidden directories (`.github/`, `.venv/`); a glob no shell expanded
(cmd.exe, PowerShell) is expanded here. `looks_like_spec` tells drspec specs
from other YAML a repository holds.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from drspec.diagnostics import Diagnostic
from drspec.load.document import Document
from drspec.load.reader import E_NOT_MAPPING

SPEC_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Target:
    """A file to check; `searched` when found in a directory rather than named."""

    path: str
    searched: bool = False


def collect_files(paths: Iterable[str]) -> tuple[list[Target], list[str]]:
    """The files `paths` name, in order, each once; and directories holding no YAML.

    A path that is not a directory is kept as given, even when it does not
    exist: the loader reports a missing file as a located error. A file both
    named and found in a directory counts as named.
    """
    targets: dict[str, Target] = {}
    empty: list[str] = []
    for raw in paths:
        path = Path(raw)
        searched = path.is_dir()
        found = _yaml_under(path) if searched else _expanded(raw)
        if not found:
            empty.append(raw)
        for file in found:
            key = file_key(file)
            known = targets.get(key)
            if known is None:
                targets[key] = Target(file, searched)
            elif known.searched and not searched:
                targets[key] = Target(known.path, searched=False)
    return list(targets.values()), empty


def _expanded(raw: str) -> list[str]:
    """`raw`, or the files it matches when it is a pattern no shell expanded (Windows)."""
    if any(c in raw for c in "*?[") and not os.path.exists(raw):
        return sorted(glob.glob(raw, recursive=True)) or [raw]
    return [raw]


def file_key(file: str) -> str:
    """One spelling per file (`./specs/x.yaml`, `specs/x.yaml`)."""
    return os.path.normcase(os.path.abspath(file))


def _yaml_under(directory: Path) -> list[str]:
    """YAML files below `directory`, sorted; hidden files and directories (`.github`,
    `.venv`) are not searched."""
    found = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.normpath(os.path.join(root, f)) for f in files
                  if not f.startswith(".") and Path(f).suffix in SPEC_SUFFIXES]
    return sorted(found, key=lambda f: Path(f).parts)


#: top-level keys only a drspec spec has among the YAML files a repository holds
SPEC_MARKERS = frozenset({"extends", "environment", "region", "network"})


def looks_like_spec(document: Document | None, diagnostics: Sequence[Diagnostic]) -> bool:
    """Whether a YAML file found in a directory is meant as a drspec spec.

    Other YAML (CI workflows, docker-compose, Pulumi project files) is skipped
    rather than reported key by key. A file that cannot be read as YAML at all
    counts as a spec: it may be one, and its error must not go unseen.
    """
    if document is None:
        return not any(d.code == E_NOT_MAPPING for d in diagnostics)
    data = document.data
    return bool(SPEC_MARKERS & data.keys()) or data.get("version") == 1
