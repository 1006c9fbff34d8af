"""A function's `handler` names a module and a function its code contains (E430).

Lambda accepts any handler string at deploy time and fails every invocation
with `Runtime.ImportModuleError` (no module) or `Runtime.HandlerNotFound` (no
function). The code is read, never imported: a `source` module is parsed with
`ast`; a template, which is Jinja text until rendered, is searched for a
top-level `def`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from drspec.checks import CheckContext, check
from drspec.checks.suggest import did_you_mean
from drspec.codes import rule
from drspec.diagnostics import Diagnostic
from drspec.model import Function
from drspec.resources import templates_dir

E_HANDLER = rule(
    "E430", "handler not in the function's code",
    "`handler` is `module.function` (`app.main.handler` for app/main.py); the module must be "
    "in the function's source directory or template, and define the function at its top level.",
    source="https://docs.aws.amazon.com/lambda/latest/dg/python-handler.html")


_PLAIN_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def module_files(handler: str) -> tuple[str, ...]:
    """`app.main.handler` -> (`app/main.py`, `app/main/__init__.py`)."""
    module = handler.rpartition(".")[0].replace(".", "/")
    return f"{module}.py", f"{module}/__init__.py"


def top_level_names(tree: ast.Module) -> set[str]:
    """Names a module binds at its top level: functions, classes, assignments, imports."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
    return names


def _code_dir(ctx: CheckContext, fn: Function) -> tuple[Path, str] | None:
    """The directory holding the function's code, and how to name it in a message."""
    if fn.source is not None:
        spec_file = Path(ctx.doc.locate((*fn.path, "source")).file)
        return spec_file.parent / fn.source, f"source {fn.source!r}"
    if fn.template is not None and _PLAIN_NAME.fullmatch(fn.template):
        return templates_dir() / fn.template, f"template {fn.template!r}"
    return None  # a template named by a path is E408


def _names_in(file: Path, templated: bool) -> set[str] | str:
    """The top-level names of `file`, or why it cannot be read as Python."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"cannot be read ({exc})"
    if templated:
        return set(re.findall(r"^(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(", text, re.M))
    try:
        return top_level_names(ast.parse(text, filename=str(file)))
    except SyntaxError as exc:
        return f"is not valid Python (line {exc.lineno}: {exc.msg})"
    except ValueError as exc:  # NUL bytes
        return f"is not valid Python ({exc})"


@check
def handlers_exist(ctx: CheckContext) -> Iterator[Diagnostic]:
    for fn in ctx.spec.functions:
        found = _code_dir(ctx, fn)
        if found is None or not found[0].is_dir():
            continue  # a missing source or template is E409 / E408
        directory, where = found
        path = (*fn.path, "handler")
        module, _, function = fn.handler.rpartition(".")
        templated = fn.template is not None and fn.source is None
        candidates = [directory / (f + ".j2" if templated else f) for f in module_files(fn.handler)]
        file = next((c for c in candidates if c.is_file()), None)
        if file is None:
            yield ctx.error(
                E_HANDLER, f"function {fn.ident!r}: handler {fn.handler!r} needs module "
                f"{module!r} ({' or '.join(module_files(fn.handler))}), which {where} does not "
                "contain; Lambda would fail every invocation (Runtime.ImportModuleError)", path,
                f"add {module_files(fn.handler)[0]} to {where}, or name a module it has")
            continue
        names = _names_in(file, templated)
        shown = file.name.removesuffix(".j2")
        if isinstance(names, str):
            yield ctx.error(E_HANDLER, f"function {fn.ident!r}: {shown} in {where} {names}",
                            path, "fix the module so that Python can import it")
        elif function not in names:
            functions = sorted(n for n in names if not n.startswith("_"))
            hint = (did_you_mean(function, functions, what=f"functions in {shown}")
                    if functions else
                    f"define 'def {function}(event, context):' at the top level of {shown}")
            yield ctx.error(
                E_HANDLER, f"function {fn.ident!r}: module {module!r} in {where} defines no "
                f"{function!r}; Lambda would fail every invocation (Runtime.HandlerNotFound)",
                path, hint)
