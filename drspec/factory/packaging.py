"""Lambda code packages: render a handler template (or read a source tree)
into files, archive them deterministically, hash the archive.

A package is the same bytes for the same spec, wherever and whenever it is
built: entries are sorted, every entry carries the timestamp 1980-01-01 00:00,
mode 0644 and a Unix creator, and entries are stored uncompressed (so the bytes
do not depend on the zlib build). Its `source_code_hash` (base64 SHA-256 of
those bytes) therefore changes exactly when the code changes, which is when
Pulumi should redeploy the function.

The template context depends only on the spec, never on the region, so the
primary and the warm-standby copy of a function run identical code; region and
site reach the handler through environment variables.

This module imports jinja2 and Pulumi; import it from the factory only.
"""

from __future__ import annotations

import base64
import hashlib
import io
import pprint
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from drspec.model import Function, Spec, env_var_name
from drspec.resources import templates_dir
from drspec.source_tree import packable_files

TEMPLATE_SUFFIX = ".j2"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644  # regular file, rw-r--r--
UNIX = 3  # zip "version made by" host system



class PackagingError(Exception):
    """A function's code cannot be packaged (missing template or source)."""


@dataclass(frozen=True)
class Package:
    """The files of one function's code package, by archive path."""

    files: Mapping[str, bytes]

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
            for name in sorted(self.files):
                info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
                info.create_system = UNIX
                info.external_attr = FILE_MODE << 16
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, self.files[name])
        return buffer.getvalue()

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the deterministic zip."""
        return hashlib.sha256(self.zip_bytes()).hexdigest()

    @property
    def source_code_hash(self) -> str:
        """Base64 SHA-256 of the deterministic zip (Lambda's own hash format)."""
        return base64.b64encode(hashlib.sha256(self.zip_bytes()).digest()).decode()

    def archive(self) -> Any:
        """A `pulumi.AssetArchive` of the same files, entries sorted. Text files
        become `StringAsset`s so the plan's content hash is stable; other bytes
        are written nowhere and must come from a source tree (`FileAsset`)."""
        import pulumi

        assets: dict[str, Any] = {}
        for name in sorted(self.files):
            assets[name] = pulumi.StringAsset(self.files[name].decode("utf-8"))
        return pulumi.AssetArchive(assets)


@dataclass(frozen=True)
class SourcePackage(Package):
    """A user's source tree; archived as `FileAsset`s (bytes may be binary)."""

    root: Path = Path()

    def archive(self) -> Any:
        import pulumi

        return pulumi.AssetArchive({
            name: pulumi.FileAsset(str(self.root / name)) for name in sorted(self.files)
        })


# -- template context --------------------------------------------------------------

#: The metric the `health_check` probe reports DR posture with (failed checks,
#: dimension `Function`); `drspec.factory.watch` alarms on it in each region.
POSTURE_METRIC = "PostureDegraded"



def metric_namespace(spec: Spec) -> str:
    """The CloudWatch namespace of the environment's own metrics (the probe's posture)."""
    return f"drspec/{spec.name}-{spec.environment}"

def template_context(spec: Spec, fn: Function) -> dict[str, Any]:
    """What a handler template may know: the function's grants, with the
    environment variable that carries each resource's name, and the parts of
    the spec its checks depend on. Lists keep the order of the function's
    `access` map (the processor writes to the first writable table)."""
    dr = spec.disaster_recovery
    tables = []
    for ident, level in fn.access.tables:
        table = spec.table(ident)
        tables.append({
            "ident": ident,
            "env_var": env_var_name("TABLE", ident),
            "access": level,
            "partition_key": {"name": table.partition_key.name,
                              "type": table.partition_key.type},
            "sort_key": None if table.sort_key is None else {
                "name": table.sort_key.name, "type": table.sort_key.type},
            "ttl_attribute": table.ttl_attribute,
            "point_in_time_recovery": table.point_in_time_recovery,
        })
    buckets = []
    for ident, level in fn.access.buckets:
        bucket = spec.bucket(ident)
        buckets.append({
            "ident": ident,
            "env_var": env_var_name("BUCKET", ident),
            "access": level,
            "versioning": bucket.versioning,
            # The sites whose copy of the bucket has a replication rule of its own.
            "replicated_at": (["primary", "secondary"] if dr.two_way_buckets
                              else ["primary"] if dr.replicate_buckets else []),
        })
    return {
        "app": spec.name,
        "environment": spec.environment,
        "function": fn.ident,
        "metric_namespace": metric_namespace(spec),
        "tables": tables,
        "buckets": buckets,
        "posture_metric": POSTURE_METRIC,
    }


# -- rendering ----------------------------------------------------------------------


def _environment(root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(root)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # renders Python source, not HTML
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["py"] = _python_literal
    return env


def _python_literal(value: Any) -> str:
    """A Python literal for plain data, wrapped to fit a line (`pprint` output
    is stable for dicts, lists, strings, numbers, booleans and None)."""
    _check_plain(value)
    return pprint.pformat(value, width=88, sort_dicts=False)


def _check_plain(value: Any) -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            _check_plain(k)
            _check_plain(v)
    elif isinstance(value, list | tuple):
        for v in value:
            _check_plain(v)
    elif not (value is None or isinstance(value, bool | int | float | str)):
        raise TypeError(f"not plain data: {value!r}")


def _files(root: Path) -> list[str]:
    """Every packable regular file under `root`, as sorted POSIX paths."""
    return sorted(packable_files(root))


def render_template(name: str, context: Mapping[str, Any],
                    root: Path | None = None) -> Package:
    """Render template directory `name`: `*.j2` files are rendered (suffix
    dropped), every other file is copied unchanged."""
    base = (root or templates_dir()) / name
    if not base.is_dir():
        raise PackagingError(f"no handler template {name!r} under {base.parent}")
    env = _environment(base)
    files: dict[str, bytes] = {}
    for rel in _files(base):
        if rel.endswith(TEMPLATE_SUFFIX):
            text = env.get_template(rel).render(**context)
            files[rel[: -len(TEMPLATE_SUFFIX)]] = text.encode("utf-8")
        else:
            files[rel] = (base / rel).read_bytes()
    return Package(files)


def read_source(root: Path) -> SourcePackage:
    """The user's source tree `root` as a package."""
    if not root.is_dir():
        raise PackagingError(f"function source {root} is not a directory")
    files = {rel: (root / rel).read_bytes() for rel in _files(root)}
    if not files:
        raise PackagingError(f"function source {root} holds no files")
    return SourcePackage(files, root=root)


def package_function(spec: Spec, fn: Function, spec_dir: Path) -> Package:
    """The code package of `fn`: its rendered template, or its source tree
    (relative to the spec file's directory)."""
    if fn.source is not None:
        return read_source((spec_dir / fn.source).resolve())
    if fn.template is None:
        raise PackagingError(f"function {fn.ident!r} has neither template nor source")
    return render_template(fn.template, template_context(spec, fn))


# -- preflight ------------------------------------------------------------------------


def handler_files(handler: str) -> tuple[str, str]:
    """The archive paths Lambda's Python runtime imports `handler` from:
    `app.main.handler` -> (`app/main.py`, `app/main/__init__.py`)."""
    module = handler.rpartition(".")[0].replace(".", "/")
    return f"{module}.py", f"{module}/__init__.py"


def package_problems(spec: Spec, spec_dir: Path) -> list[str]:
    """Why a function's code cannot be deployed, one line per function: its
    package cannot be built, or lacks the module its `handler` names (Lambda
    would accept the upload and fail every invocation with
    `Runtime.ImportModuleError`). Empty when every package is fine; callers
    check this before registering anything."""
    out = []
    for fn in spec.functions:
        try:
            package = package_function(spec, fn, spec_dir)
        except (PackagingError, OSError) as exc:
            out.append(f"function {fn.ident!r}: {exc}")
            continue
        if not any(name in package.files for name in handler_files(fn.handler)):
            module, _, _ = fn.handler.rpartition(".")
            where = f"source {fn.source!r}" if fn.source is not None else (
                f"template {fn.template!r}")
            out.append(f"function {fn.ident!r}: handler {fn.handler!r} needs "
                       f"{' or '.join(handler_files(fn.handler))} (module {module!r}), "
                       f"which {where} does not contain")
    return out
