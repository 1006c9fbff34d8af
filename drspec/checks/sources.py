"""Function `source` directories drspec can package for Lambda (E640, E641).

A `source` directory is read whole into the function's package. A filesystem
root, a home directory or a directory that holds the spec itself is not code:
reading it would take minutes and pack the spec, its neighbours and whatever
else lives there. A real code tree must also fit Lambda's deployment-package
quota (`drspec.source_tree`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from drspec.checks import CheckContext, check
from drspec.codes import rule
from drspec.diagnostics import Diagnostic
from drspec.source_tree import ZIPPED_LIMIT, package_size_over

E_SOURCE_SCOPE = rule(
    "E640", "function source is not a code directory",
    "`source` names the directory with the function's own code; a filesystem root, a home "
    "directory or a directory holding the spec file would be packed whole.")
E_SOURCE_SIZE = rule(
    "E641", "function code over Lambda's package quota",
    "A deployment package uploaded directly may be at most 50 MB zipped "
    "(https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html); drspec "
    "stores files uncompressed, so the files themselves must fit.")

_MB = 1024 * 1024


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError):
        return None


def scope_problem(directory: Path, spec_file: Path) -> str | None:
    """Why `directory` (resolved) is no function's code directory, or None."""
    if directory.parent == directory:
        return "is the root of a filesystem"
    if directory == _home():
        return "is the home directory"
    if spec_file.resolve().is_relative_to(directory):
        return f"holds the spec file {spec_file.name} itself"
    return None


@check
def sources_are_packable(ctx: CheckContext) -> Iterator[Diagnostic]:
    for fn in ctx.spec.functions:
        if fn.source is None:
            continue
        path = (*fn.path, "source")
        spec_file = Path(ctx.doc.locate(path).file)
        directory = (spec_file.parent / fn.source).resolve()
        if not directory.is_dir():
            continue  # E409 says so
        problem = scope_problem(directory, spec_file)
        if problem is not None:
            yield ctx.error(
                E_SOURCE_SCOPE, f"function {fn.ident!r}: source {fn.source!r} ({directory}) "
                f"{problem}", path,
                "point source at the directory with the handler code, e.g. a 'src' "
                "directory beside the spec")
            continue
        size = package_size_over(directory)
        if size is not None:
            yield ctx.error(
                E_SOURCE_SIZE, f"function {fn.ident!r}: source {fn.source!r} packs to more "
                f"than {ZIPPED_LIMIT // _MB} MB (counted {size / _MB:.1f} MB before "
                "stopping); Lambda accepts at most 50 MB uploaded directly", path,
                "leave build output, data and dependencies out of the source directory, or "
                "move dependencies to a layer")
