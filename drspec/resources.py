"""Where the schema and handler templates are, in a checkout or an installed wheel."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent


def _data_dir(top_level: str, packaged: str) -> Path:
    in_checkout = _REPO / top_level
    if in_checkout.is_dir() and (_REPO / "pyproject.toml").is_file():
        return in_checkout
    return Path(str(files("drspec") / packaged))


def schemas_dir() -> Path:
    return _data_dir("schemas", "_schemas")


def templates_dir() -> Path:
    return _data_dir("templates", "_templates")


SCHEMA_FILE = "drspec-v1.schema.json"
#: overlays and partial bases (generated from SCHEMA_FILE by drspec.schema.overlay_schema)
OVERLAY_SCHEMA_FILE = "drspec-v1.overlay.schema.json"


def schema_path() -> Path:
    return schemas_dir() / SCHEMA_FILE


def overlay_schema_path() -> Path:
    return schemas_dir() / OVERLAY_SCHEMA_FILE
