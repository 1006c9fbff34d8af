"""Lambda code packages: rendered templates and source trees, archived
deterministically (same spec, same bytes), with the hash Pulumi redeploys on."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import jinja2
import pulumi
import pytest
from factory_harness import SPECS, load_spec, spec_from

from drspec.factory.packaging import (
    Package,
    PackagingError,
    SourcePackage,
    handler_files,
    package_function,
    package_problems,
    read_source,
    render_template,
    template_context,
)
from drspec.resources import templates_dir

SHIPPED = ["dev", "staging", "prod"]


def test_every_shipped_template_has_a_handler() -> None:
    # `_specs/`, `_project/`: what `drspec new` and `drspec init` write, not handlers
    names = sorted(p.name for p in templates_dir().iterdir()
                   if p.is_dir() and not p.name.startswith(("_", ".")))
    assert {"processor", "health_check"} <= set(names)
    for name in names:
        assert (templates_dir() / name / "index.py.j2").is_file()


@pytest.mark.parametrize("env", SHIPPED)
def test_shipped_functions_render_to_valid_python(env: str) -> None:
    spec = load_spec(SPECS / f"{env}.yaml")
    for fn in spec.functions:
        package = package_function(spec, fn, SPECS)
        assert sorted(package.files) == ["index.py"]
        source = package.files["index.py"].decode()
        code = compile(source, f"{fn.ident}/index.py", "exec")
        assert "handler" in code.co_names
        assert "{{" not in source and "{%" not in source


def test_same_spec_same_bytes() -> None:
    spec = load_spec(SPECS / "prod.yaml")
    fn = spec.function("health")
    first = package_function(spec, fn, SPECS)
    again = package_function(load_spec(SPECS / "prod.yaml"), fn, SPECS)
    assert first.zip_bytes() == again.zip_bytes()
    assert first.source_code_hash == again.source_code_hash
    digest = hashlib.sha256(first.zip_bytes()).digest()
    assert first.source_code_hash == base64.b64encode(digest).decode()
    assert first.sha256 == digest.hex()


def test_template_context_changes_change_the_hash() -> None:
    spec = load_spec(SPECS / "dev.yaml")
    fn = spec.function("processor")
    base = package_function(spec, fn, SPECS).source_code_hash
    no_ttl = replace(spec, tables=tuple(replace(t, ttl_attribute=None) for t in spec.tables))
    assert package_function(no_ttl, fn, SPECS).source_code_hash != base
    renamed = replace(spec, environment="qa")
    assert package_function(renamed, fn, SPECS).source_code_hash != base
    # Settings that do not reach the code leave it alone.
    bigger = replace(fn, memory=1024, timeout=60)
    assert package_function(spec, bigger, SPECS).source_code_hash == base


def test_template_context_names_grants_and_environment_variables() -> None:
    spec = load_spec(SPECS / "staging.yaml")
    context = template_context(spec, spec.function("health"))
    assert context["metric_namespace"] == "drspec/orders-staging"
    assert context["posture_metric"] == "PostureDegraded"
    assert [(t["ident"], t["env_var"], t["access"]) for t in context["tables"]] == [
        ("orders", "TABLE_ORDERS", "read"), ("customers", "TABLE_CUSTOMERS", "read")]
    assert [(b["ident"], b["env_var"]) for b in context["buckets"]] == [
        ("documents", "BUCKET_DOCUMENTS"), ("exports", "BUCKET_EXPORTS")]
    # staging has a secondary region and therefore replicates its buckets, both ways.
    assert all(b["replicated_at"] == ["primary", "secondary"] for b in context["buckets"])
    assert "region" not in context  # one artifact for both regions


def test_zip_is_canonical() -> None:
    package = Package({"b/z.py": b"z = 1\n", "a.py": b"a = 1\n", "index.py": b"x = 1\n"})
    with zipfile.ZipFile(io.BytesIO(package.zip_bytes())) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == ["a.py", "b/z.py", "index.py"]
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
            assert info.compress_type == zipfile.ZIP_STORED
            assert info.create_system == 3
        assert archive.read("b/z.py") == b"z = 1\n"
    shuffled = Package(dict(reversed(list(package.files.items()))))
    assert shuffled.zip_bytes() == package.zip_bytes()


def test_archive_is_a_sorted_asset_archive_of_the_files() -> None:
    package = Package({"z.py": b"z = 1\n", "index.py": b"x = 1\n"})
    archive = package.archive()
    assert isinstance(archive, pulumi.AssetArchive)
    assert list(archive.assets) == ["index.py", "z.py"]
    assert archive.assets["z.py"].text == "z = 1\n"


# -- templates ---------------------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_render_renders_j2_and_copies_the_rest(tmp_path: Path) -> None:
    _write(tmp_path / "demo", {
        "index.py.j2": "NAME = {{ name | py }}\nITEMS = {{ items | py }}\n",
        "lib/helpers.py": "X = '{{ not rendered }}'\n",
        "lib/__pycache__/helpers.cpython-311.pyc": "junk",
    })
    package = render_template("demo", {"name": "it's", "items": [1, None, True]},
                              root=tmp_path)
    assert package.files == {
        "index.py": b"NAME = \"it's\"\nITEMS = [1, None, True]\n",
        "lib/helpers.py": b"X = '{{ not rendered }}'\n",
    }


def test_render_fails_on_undefined_variables(tmp_path: Path) -> None:
    _write(tmp_path / "demo", {"index.py.j2": "X = {{ missing }}\n"})
    with pytest.raises(jinja2.UndefinedError):
        render_template("demo", {}, root=tmp_path)


def test_render_does_not_escape_html(tmp_path: Path) -> None:
    _write(tmp_path / "demo", {"index.py.j2": "X = {{ text | py }}\nY = '{{ text }}'\n"})
    package = render_template("demo", {"text": "<a & b>"}, root=tmp_path)
    assert package.files["index.py"] == b"X = '<a & b>'\nY = '<a & b>'\n"


def test_py_filter_rejects_non_data(tmp_path: Path) -> None:
    _write(tmp_path / "demo", {"index.py.j2": "X = {{ value | py }}\n"})
    with pytest.raises(TypeError):
        render_template("demo", {"value": object()}, root=tmp_path)


def test_missing_template_is_a_packaging_error(tmp_path: Path) -> None:
    with pytest.raises(PackagingError, match="no handler template 'nope'"):
        render_template("nope", {}, root=tmp_path)


# -- user source trees -----------------------------------------------------------------


def test_source_tree_is_packaged_without_caches(tmp_path: Path) -> None:
    _write(tmp_path / "src", {
        "index.py": "def handler(e, c):\n    return 1\n",
        "pkg/util.py": "U = 1\n",
        "pkg/__pycache__/util.cpython-311.pyc": "junk",
        "stale.pyc": "junk",
        ".git/HEAD": "ref",
    })
    (tmp_path / "src" / "data.bin").write_bytes(bytes(range(256)))
    package = read_source(tmp_path / "src")
    assert isinstance(package, SourcePackage)
    assert sorted(package.files) == ["data.bin", "index.py", "pkg/util.py"]
    archive = package.archive()
    assert isinstance(archive.assets["data.bin"], pulumi.FileAsset)


def test_source_hash_ignores_timestamps_and_follows_content(tmp_path: Path) -> None:
    _write(tmp_path / "src", {"index.py": "A = 1\n", "b.py": "B = 2\n"})
    first = read_source(tmp_path / "src").source_code_hash
    for path in (tmp_path / "src").iterdir():
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert read_source(tmp_path / "src").source_code_hash == first
    (tmp_path / "src" / "b.py").write_text("B = 3\n")
    assert read_source(tmp_path / "src").source_code_hash != first


def test_source_is_relative_to_the_spec_directory(tmp_path: Path) -> None:
    _write(tmp_path / "handlers" / "job", {"index.py": "def handler(e, c):\n    pass\n"})
    spec = spec_from("""
        functions:
          job: {source: handlers/job}
    """)
    package = package_function(spec, spec.function("job"), tmp_path)
    assert package.files == {"index.py": b"def handler(e, c):\n    pass\n"}
    with pytest.raises(PackagingError, match="not a directory"):
        package_function(spec, spec.function("job"), tmp_path / "elsewhere")


def test_empty_source_is_a_packaging_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackagingError, match="holds no files"):
        read_source(tmp_path / "empty")



# -- preflight ------------------------------------------------------------------------


def test_handler_files_follow_the_module_path() -> None:
    assert handler_files("index.handler") == ("index.py", "index/__init__.py")
    assert handler_files("app.main.run") == ("app/main.py", "app/main/__init__.py")


def test_shipped_functions_have_their_handler_modules() -> None:
    for name in ("dev", "staging", "prod"):
        assert package_problems(load_spec(SPECS / f"{name}.yaml"), SPECS) == []


def test_a_source_without_the_handler_module_is_a_problem(tmp_path: Path) -> None:
    """Lambda accepts such a package and fails every invocation with
    Runtime.ImportModuleError; the preflight says so before anything deploys."""
    _write(tmp_path / "job", {"main.py": "def handler(e, c):\n    pass\n"})
    _write(tmp_path / "pkg" / "app" / "main", {"__init__.py": "def run(e, c):\n    pass\n"})
    (tmp_path / "empty").mkdir()
    spec = spec_from("""
        functions:
          job: {source: job}
          packaged: {source: pkg, handler: app.main.run}
          hollow: {source: empty}
    """)
    problems = package_problems(spec, tmp_path)
    assert len(problems) == 2, problems
    assert problems[0].startswith("function 'job': handler 'index.handler' needs index.py or "
                                  "index/__init__.py (module 'index')")
    assert "source 'job' does not contain" in problems[0]
    assert problems[1].startswith("function 'hollow': function source ")
    assert problems[1].endswith("holds no files")
