"""Where each part of a loaded spec came from: JSON path -> file, line, column.

Every check reports a path; `SourceMap.locate` is the one function that turns a
path into a position (cfn-lint's `get_location_yaml`). When a path points below
what the file spelled out (a default, or an alias), the nearest enclosing node
that the file does contain is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drspec.diagnostics import SpecPath


@dataclass(frozen=True)
class Location:
    file: str
    line: int
    col: int


@dataclass
class SourceMap:
    file: str
    values: dict[SpecPath, Location] = field(default_factory=dict)
    keys: dict[SpecPath, Location] = field(default_factory=dict)
    #: scalars that YAML 1.1 (PyYAML) and YAML 1.2 (editors) read differently,
    #: path -> the text as written (`no`, `on`, `0755`, `1:30`).
    yaml11: dict[SpecPath, str] = field(default_factory=dict)
    #: keys an overlay removed from its base with `key: null`, path -> that key's position
    removed: dict[SpecPath, Location] = field(default_factory=dict)

    def locate(self, path: SpecPath, *, key: bool = False) -> Location:
        """The position of `path`'s value (or of its key, with `key=True`).

        A path an overlay removed (`name: null`) is located at that null: it is
        where the key went missing.
        """
        path = tuple(path)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            for table in (self.values, self.keys, self.removed):
                if path in table:
                    return table[path]
            path = path[:-1]
        return self.values.get((), Location(self.file, 1, 1))

    def subtree_dropped(self, prefix: SpecPath) -> None:
        """Forget every position at or below `prefix` (an overlay replaced it)."""
        n = len(prefix)
        for table in (self.values, self.keys, self.yaml11, self.removed):
            for p in [p for p in table if p[:n] == prefix]:
                del table[p]

    def update(self, other: SourceMap) -> None:
        self.values.update(other.values)
        self.keys.update(other.keys)
        self.yaml11.update(other.yaml11)
        self.removed.update(other.removed)
