"""One spec laid over another (`extends`): the merged data and where each part came from.

Mappings merge deeply, lists and scalars replace, a null removes a key. The
merged source map points at the overlay wherever it spelled something out and
at the base elsewhere, so diagnostics name the file a person has to edit.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from drspec.diagnostics import SpecPath
from drspec.load.sourcemap import Location, SourceMap

if TYPE_CHECKING:
    from drspec.load.document import Document


def overlay(base: Document, top: Document) -> Document:
    """`top` over `base`: maps merge deeply, lists and scalars replace, null removes a key."""
    source = SourceMap(top.file)
    source.update(base.source)

    def merge(b: Any, t: Any, path: SpecPath) -> Any:
        if isinstance(b, dict) and isinstance(t, dict):
            out = dict(b)
            for key, value in t.items():
                sub = (*path, key)
                if value is None:
                    source.subtree_dropped(sub)
                    if out.pop(key, None) is not None and sub in top.source.keys:
                        source.removed[sub] = top.source.keys[sub]
                elif key in out and isinstance(out[key], dict) and isinstance(value, dict):
                    out[key] = merge(out[key], value, sub)
                else:
                    out[key] = value
                    source.subtree_dropped(sub)
            return out
        source.subtree_dropped(path)
        return t

    data = merge(base.data, top.data, ())
    # The overlay's own positions win wherever it spelled something out.
    for table_name in ("values", "keys", "yaml11"):
        table = getattr(source, table_name)
        for p, loc in getattr(top.source, table_name).items():
            if _present(data, p):
                table[p] = loc
    source.values[()] = top.source.values.get((), Location(top.file, 1, 1))
    return replace(top, data=data, source=source, files=(*top.files, *base.files))


def _present(data: Any, path: SpecPath) -> bool:
    for part in path:
        in_dict = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and part < len(data)
        if in_dict or in_list:
            data = data[part]
        else:
            return False
    return True
