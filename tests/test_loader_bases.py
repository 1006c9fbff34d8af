"""A base spec shared by several overlays is composed once per process, and every overlay
still gets what loading it alone gives: its own copy of the data, positions in the base
for what the base spelled out, and the base's findings at the base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from drspec.load import reader
from drspec.load.document import Document

BASE = """version: 1
name: orders
tags: {team: payments}
defaults: &shared {memory: 256}
again: *shared
functions:
  processor: {template: processor, <<: *shared}
schedules:
  nightly: {cron: "0 3 * * ? *", function: processor, enabled: on}
"""


def overlay(env: str) -> str:
    return f"extends: base.yaml\nenvironment: {env}\nregion: us-east-1\n"


@pytest.fixture
def layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(reader, "_BASES", type(reader._BASES)())
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    for env in ("dev", "prod"):
        (tmp_path / f"{env}.yaml").write_text(overlay(env), encoding="utf-8")
    return tmp_path


def snapshot(loaded: tuple[Document | None, list[Any]]) -> tuple[Any, ...]:
    doc, diags = loaded
    assert doc is not None
    source = doc.source
    return (doc.data, source.values, source.keys, source.yaml11, source.removed, doc.files,
            diags)


def fresh(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    monkeypatch.setattr(reader, "_BASES", type(reader._BASES)())
    return snapshot(reader.load_file(path))


def test_overlays_sharing_a_base_compose_it_once(
        layout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    composed: list[str] = []
    real = reader.load_text
    monkeypatch.setattr(reader, "load_text",
                        lambda raw, file: composed.append(file) or real(raw, file))
    for env in ("dev", "prod", "dev"):
        reader.load_file(layout / f"{env}.yaml")
    assert sorted(composed).count(str(layout / "base.yaml")) == 1
    assert len(composed) == 4  # dev, prod, dev again and the base once


def test_each_overlay_gets_what_loading_it_alone_gives(
        layout: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dev, prod = layout / "dev.yaml", layout / "prod.yaml"
    alone = {p: fresh(p, monkeypatch) for p in (dev, prod)}
    reader.load_file(prod)  # the base is now remembered
    assert snapshot(reader.load_file(dev)) == alone[dev]
    assert snapshot(reader.load_file(prod)) == alone[prod]
    _, diags = reader.load_file(dev)  # the base's YAML 1.1 `on` warns at the base
    assert [(d.code, Path(d.file).name, d.line) for d in diags] == [("W001", "base.yaml", 9)]


def test_changing_one_overlays_data_leaves_the_next_ones_alone(layout: Path) -> None:
    first, _ = reader.load_file(layout / "dev.yaml")
    assert first is not None
    first.data["functions"]["processor"]["memory"] = 1
    first.data["tags"].clear()
    first.source.values.clear()
    second, _ = reader.load_file(layout / "prod.yaml")
    assert second is not None
    assert second.data["functions"]["processor"]["memory"] == 256
    assert second.data["tags"] == {"team": "payments"}
    assert second.locate(("tags", "team")).line == 3


def test_aliased_values_stay_shared_within_a_copy(layout: Path) -> None:
    reader.load_file(layout / "dev.yaml")
    doc, _ = reader.load_file(layout / "prod.yaml")
    assert doc is not None
    assert doc.data["again"] is doc.data["defaults"]  # as when composed


def test_an_edited_base_is_composed_anew(layout: Path) -> None:
    reader.load_file(layout / "dev.yaml")
    (layout / "base.yaml").write_text(BASE.replace("team: payments", "team: orders"),
                                      encoding="utf-8")
    doc, _ = reader.load_file(layout / "dev.yaml")
    assert doc is not None and doc.data["tags"] == {"team": "orders"}


def test_the_remembered_bases_are_bounded(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "_BASES", type(reader._BASES)())
    for i in range(reader._MAX_BASES + 5):
        (tmp_path / f"base{i}.yaml").write_text(BASE, encoding="utf-8")
        (tmp_path / f"env{i}.yaml").write_text(
            overlay(f"e{i}").replace("base.yaml", f"base{i}.yaml"), encoding="utf-8")
        reader.load_file(tmp_path / f"env{i}.yaml")
    assert len(reader._BASES) == reader._MAX_BASES
