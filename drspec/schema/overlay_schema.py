"""The JSON Schema of overlays and partial bases, generated from the spec schema.

A spec that `extends` a base holds only what it changes, and a base shared by
several environments may lack `environment` or `region`: against the spec
schema, an editor would show both as errors although `drspec validate` passes
them. The overlay schema describes and types every key exactly as the spec
schema does, but requires none, and accepts `null` wherever `extends` reads
it as "remove this key from the base".

`schemas/drspec-v1.overlay.schema.json` is this module's output, committed so
that editors can point at it; `tests/test_overlay_schema.py` fails when it is
stale. Regenerate it with `python3 -m drspec.schema.overlay_schema`.
"""

from __future__ import annotations

import copy
import json
import sys
from typing import Any

from drspec.resources import OVERLAY_SCHEMA_FILE, schema_path, schemas_dir

OVERLAY_ID = "https://drspec.dev/schemas/drspec-v1.overlay.schema.json"
#: keywords that make a key required; an overlay may leave any key to its base
_REQUIRING = ("required", "minProperties", "dependentRequired")
#: keywords whose values are data, not schemas
_DATA = frozenset({"enum", "const", "examples", "default"})
_NULL = {"type": "null", "description": "null removes this key from the base spec."}


def _schema(node: Any) -> Any:
    """`node` with nothing required, every mapping entry removable with null."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _REQUIRING:
            continue
        if key in _DATA:
            out[key] = copy.deepcopy(value)
        elif key in ("properties", "$defs"):
            wrap = key == "properties"
            out[key] = {k: _removable(_schema(v)) if wrap else _schema(v)
                        for k, v in value.items()}
        elif key == "additionalProperties" and isinstance(value, dict):
            out[key] = _removable(_schema(value))
        elif key in ("anyOf", "oneOf"):
            branches = [_schema(b) for b in value]
            if all(branches):  # a branch that only required keys now allows anything
                out[key] = branches
        elif key in ("items", "not", "propertyNames", "if", "then", "else"):
            out[key] = _schema(value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _removable(node: dict[str, Any]) -> dict[str, Any]:
    """`node`, or null: the description stays on top for editors' hover."""
    annotations: dict[str, Any] = {k: node[k] for k in ("description", "markdownDescription")
                                   if k in node}
    return {**annotations, "anyOf": [node, _NULL]}


def overlay_schema(spec_schema: dict[str, Any]) -> dict[str, Any]:
    """The overlay schema for `spec_schema` (the spec schema as shipped)."""
    out = _schema(spec_schema)
    out["$id"] = OVERLAY_ID
    out["title"] = f"{spec_schema['title']}: an overlay or partial base"
    about = ("A spec that extends a base (`extends`), or a base that is not a whole "
             "environment: every key as in drspec-v1.schema.json, none required; null "
             "removes a key from the base. drspec validate checks the merged result.")
    out["description"] = about
    out["markdownDescription"] = about
    return out


def render() -> str:
    """The overlay schema as committed: two-space JSON, keys in the spec schema's order."""
    spec_schema = json.loads(schema_path().read_text(encoding="utf-8"))
    return json.dumps(overlay_schema(spec_schema), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    target = schemas_dir() / OVERLAY_SCHEMA_FILE
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
