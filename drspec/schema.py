"""JSON Schema validation, with every error turned into a located, readable diagnostic."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from drspec.diagnostics import Diagnostic
from drspec.loader import Document
from drspec.resources import schema_path


@cache
def load_schema() -> dict[str, Any]:
    with schema_path().open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def schema_diagnostics(doc: Document) -> list[Diagnostic]:
    raise NotImplementedError
