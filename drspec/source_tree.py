"""Which files of a function's `source` directory go into its code package, and
how large that package is.

Shared by `validate` (which refuses a source tree Lambda would refuse) and the
factory (which packs it), so both see the same files. Free of Pulumi and jinja2.

drspec stores package entries uncompressed (deterministic bytes, see
`drspec.factory.packaging`), so the archive is the files plus ZIP headers, and
Lambda's limit on a directly uploaded package applies to about the sum of the
file sizes: "50 MB (zipped, for direct upload)"
(https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

#: Source-tree entries never packaged (caches, VCS data, editor droppings).
SKIP_DIRS = frozenset({"__pycache__", ".git", ".hg", ".svn", ".venv", ".mypy_cache",
                       ".pytest_cache", ".ruff_cache"})
SKIP_SUFFIXES = (".pyc", ".pyo")

#: Lambda's quota for a zipped deployment package uploaded directly (50 MB).
ZIPPED_LIMIT = 50 * 1024 * 1024
# A stored ZIP entry: local header (30 bytes) and central directory record (46 bytes),
# each followed by the name; the archive ends in a 22-byte end record.
_ENTRY_OVERHEAD, _END_RECORD = 30 + 46, 22


def packable_files(root: Path) -> Iterator[str]:
    """Every packable regular file under `root`, as POSIX paths relative to it, in walk
    order (callers sort). Skipped directories are not entered; symbolic links are
    neither followed nor packed."""
    for top, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        base = Path(top)
        for name in names:
            path = base / name
            if name.endswith(SKIP_SUFFIXES) or name in SKIP_DIRS or name == ".DS_Store":
                continue
            if path.is_symlink() or not path.is_file():
                continue
            yield path.relative_to(root).as_posix()


def package_size_over(root: Path, limit: int = ZIPPED_LIMIT) -> int | None:
    """The size of `root`'s package as far as counted, once it exceeds `limit`; None
    when the whole package fits. Stops walking as soon as the limit is passed, so a
    huge tree costs no more than `limit` bytes' worth of entries."""
    size = _END_RECORD
    for rel in packable_files(root):
        name_bytes = len(rel.encode("utf-8"))
        try:
            size += _ENTRY_OVERHEAD + 2 * name_bytes + (root / rel).stat().st_size
        except OSError:
            continue
        if size > limit:
            return size
    return None
