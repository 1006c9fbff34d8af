"""Pulumi wire values as plain JSON, the form an offline plan records inputs in.

Registrations reach the mock engine as protobuf structs: camelCase keys,
numbers as floats, and special values marked by a signature key (assets,
archives, secrets, resource references, outputs). `wire_value` makes a
JSON-able copy in which assets and archives are content hashes (not paths or
times), so the same spec always records the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pulumi.runtime import rpc

from drspec.plan.errors import PlanError

SIG_KEY = rpc._special_sig_key
ASSET_SIG = rpc._special_asset_sig
ARCHIVE_SIG = rpc._special_archive_sig
_SECRET = rpc._special_secret_sig
_RESOURCE = rpc._special_resource_sig
_OUTPUT = rpc._special_output_value_sig
UNKNOWN_MARK = "<unknown>"


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _path_digest(path: Path) -> str:
    """Content hash of a file, or of a directory tree (names and contents, not times)."""
    if path.is_dir():
        h = hashlib.sha256()
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            rel = file.relative_to(path).as_posix()
            h.update(rel.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
        return "sha256:" + h.hexdigest()
    return _sha(path.read_bytes())


def _asset_digest(value: Mapping[str, Any]) -> str:
    if "text" in value:
        return _sha(str(value["text"]).encode())
    if "path" in value:
        return _path_digest(Path(str(value["path"])))
    if "uri" in value:
        return _sha(str(value["uri"]).encode())
    if "assets" in value:
        h = hashlib.sha256()
        for name, child in sorted(value["assets"].items()):
            h.update(name.encode() + b"\0" + _asset_digest(child).encode() + b"\n")
        return "sha256:" + h.hexdigest()
    raise PlanError(f"unrecognised asset or archive: {sorted(value)}")


def wire_value(value: Any) -> Any:
    """A JSON-able copy of a wire value: assets and archives become content
    hashes, secrets `{"secret": value}`, resource references their URN."""
    if isinstance(value, dict):
        sig = value.get(SIG_KEY)
        if sig == ASSET_SIG:
            return {"asset": _asset_digest(value)}
        if sig == ARCHIVE_SIG:
            return {"archive": _asset_digest(value)}
        if sig == _SECRET:
            return {"secret": wire_value(value.get("value"))}
        if sig == _RESOURCE:
            return value.get("urn")
        if sig == _OUTPUT:
            inner = value.get("value", UNKNOWN_MARK)
            return {"secret": wire_value(inner)} if value.get("secret") else wire_value(inner)
        return {k: wire_value(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [wire_value(v) for v in value]
    if value == rpc.UNKNOWN:
        return UNKNOWN_MARK
    return value


def _proto_value(value: Any) -> Any:
    """A protobuf `Value` as plain Python (numbers stay floats, as on the wire)."""
    kind = value.WhichOneof("kind")
    if kind == "struct_value":
        return {k: _proto_value(v) for k, v in value.struct_value.fields.items()}
    if kind == "list_value":
        return [_proto_value(v) for v in value.list_value.values]
    if kind == "null_value" or kind is None:
        return None
    return getattr(value, kind)


def struct_to_wire(struct: Any) -> dict[str, Any]:
    """A registration's protobuf `Struct` of inputs in wire form (see `wire_value`)."""
    data = {k: _proto_value(v) for k, v in struct.fields.items()}
    out = wire_value(data)
    assert isinstance(out, dict)
    return out

