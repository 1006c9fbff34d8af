"""JSON: a list of objects, one per finding, in position order.

Each object has the keys of `Diagnostic.to_dict()`: file, line, col, code,
severity, message, hint (null when there is none) and path (the dotted spec
path, `tables.orders.billing`, lists as `[i]`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from drspec.diagnostics import Diagnostic, sorted_diagnostics


def render(diagnostics: Sequence[Diagnostic]) -> str:
    items = [d.to_dict() for d in sorted_diagnostics(diagnostics)]
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
