"""Function source directories drspec can package (E640, E641)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from test_checks import findings, spec

from drspec.source_tree import ZIPPED_LIMIT, packable_files, package_size_over


def source_findings(tmp_path: Path, source: str) -> list[tuple[str, str]]:
    data = spec(functions={"processor": {"template": None, "source": source}})
    return [(d.code, d.message) for d in findings(data, str(tmp_path / "specs" / "spec.yaml"))
            if d.code.startswith("E6") or d.code == "E409"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "specs").mkdir()
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "index.py").write_text("def handler(event, context):\n    return 1\n")
    return tmp_path


def test_a_code_directory_beside_the_spec_directory_is_fine(project: Path) -> None:
    assert source_findings(project, "../src") == []


@pytest.mark.parametrize("source, words", [
    ("/", "is the root of a filesystem"),
    ("..", "holds the spec file spec.yaml itself"),
    (".", "holds the spec file spec.yaml itself"),
])
def test_a_directory_that_is_not_code_is_refused_before_it_is_read(
        project: Path, source: str, words: str) -> None:
    started = time.perf_counter()
    [(code, message)] = source_findings(project, source)
    assert code == "E640" and words in message
    assert time.perf_counter() - started < 5  # never walks the filesystem


def test_the_home_directory_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(project / "src"))
    [(code, message)] = source_findings(project, "../src")
    assert code == "E640" and "is the home directory" in message


def test_a_package_over_lambdas_quota_is_refused(project: Path) -> None:
    big = project / "src" / "model.bin"
    with big.open("wb") as out:  # sparse: no disk space used
        out.truncate(ZIPPED_LIMIT)
    [(code, message)] = source_findings(project, "../src")
    assert code == "E641" and "more than 50 MB" in message
    os.truncate(big, ZIPPED_LIMIT - 10_000)
    assert source_findings(project, "../src") == []


def test_the_size_counts_what_is_packed(project: Path) -> None:
    cache = project / "src" / "__pycache__"
    cache.mkdir()
    with (cache / "index.cpython-312.pyc").open("wb") as out:
        out.truncate(2 * ZIPPED_LIMIT)  # never packed, never counted
    assert sorted(packable_files(project / "src")) == ["index.py"]
    assert package_size_over(project / "src") is None
    assert package_size_over(project / "src", limit=100) is not None
