"""The wheel carries everything an installed drspec needs: code, schema, templates, data.

The wheel is built from a copy of the source tree, so the build leaves no
`build/` or `*.egg-info` directories in the checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "drspec", "schemas", "templates")


def _pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _code_packages() -> list[str]:
    found = sorted(p.parent for p in (REPO / "drspec").rglob("__init__.py")
                   if "__pycache__" not in p.parts)
    return [".".join(p.relative_to(REPO).parts) for p in found]


def test_every_package_under_drspec_is_listed_in_pyproject() -> None:
    listed = set(_pyproject()["tool"]["setuptools"]["packages"])
    packages = _code_packages()
    assert "drspec.commands" in packages and "drspec.reporters" in packages
    missing = [p for p in packages if p not in listed]
    assert not missing, f"add to [tool.setuptools] packages in pyproject.toml: {missing}"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=ignore)
        else:
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)],
        capture_output=True, text=True, check=False, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    [built] = out.glob("drspec-*.whl")
    return built


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


@pytest.mark.slow
def test_the_wheel_holds_the_schema_and_the_templates(wheel: Path) -> None:
    names = _names(wheel)
    assert "drspec/_schemas/drspec-v1.schema.json" in names
    templates = [n for n in names if n.startswith("drspec/_templates/")]
    assert any(n.startswith("drspec/_templates/processor/") for n in templates), templates
    for template in sorted((REPO / "templates").rglob("*")):
        if template.is_file() and "__pycache__" not in template.parts:
            rel = template.relative_to(REPO / "templates").as_posix()
            assert f"drspec/_templates/{rel}" in names


@pytest.mark.slow
def test_the_wheel_holds_every_module_and_data_file(wheel: Path) -> None:
    names = _names(wheel)
    for path in sorted((REPO / "drspec").rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        if path.suffix in (".py", ".json", ".typed"):
            rel = path.relative_to(REPO).as_posix()
            assert rel in names, f"{rel} is not in the wheel"
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    with zipfile.ZipFile(wheel) as zf:
        assert "drspec = drspec.cli:main" in zf.read(entry_points).decode()


@pytest.mark.slow
def test_an_unpacked_wheel_finds_its_schema_and_validates(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    spec = tmp_path / "dev.yaml"
    shutil.copy2(REPO / "tests" / "data" / "flat" / "dev.yaml", spec)
    probe = (
        "import sys, drspec, drspec.resources as r;"
        "print(drspec.__file__); print(r.schema_path()); print(r.templates_dir());"
        "from drspec.cli import main; sys.exit(main(['validate', sys.argv[1]]))"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}  # ahead of the editable install
    proc = subprocess.run([sys.executable, "-c", probe, str(spec)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    module, schema, templates = (Path(line) for line in proc.stdout.splitlines()[:3])
    assert module.is_relative_to(site)
    assert schema == site / "drspec" / "_schemas" / "drspec-v1.schema.json"
    assert schema.is_file()
    assert templates == site / "drspec" / "_templates"
