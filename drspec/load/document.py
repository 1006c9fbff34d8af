"""A loaded spec: plain data plus a source map that locates any spec path.

Every later phase that reports a finding needs only this type to turn a spec
path into `file:line:col`; it lives apart from the reader so that those phases
do not depend on how files are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from drspec.diagnostics import SpecPath
from drspec.load.sourcemap import Location, SourceMap


@dataclass
class Document:
    """A loaded spec: plain data, where each part came from, and the file name."""

    data: dict[str, Any]
    source: SourceMap
    file: str
    files: tuple[str, ...] = field(default=())

    def locate(self, path: SpecPath, *, key: bool = False) -> Location:
        return self.source.locate(path, key=key)
