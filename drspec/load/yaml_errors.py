"""libyaml's errors as diagnostics in words, located where the mistake is.

The parser reports what it expected at the point it gave up; this module turns
that into the problem a person would name (a tab, a missing ':', an unclosed
quote or bracket) and points at the construct that needs fixing.
"""

from __future__ import annotations

from typing import Any

import yaml

from drspec.diagnostics import Diagnostic
from drspec.load.compose import E_DEPTH, E_SYNTAX, MAX_DEPTH, Composer, diag_at
from drspec.load.sourcemap import Location


def yaml_error_diagnostic(exc: yaml.YAMLError, text: str, composer: Composer, *,
                          counts_bytes: bool) -> Diagnostic:
    """The diagnostic for a parse error of `text`; `counts_bytes` when the parser
    (libyaml) gives reader-error positions in bytes of the UTF-8 encoding."""
    file = composer.file
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        loc = composer.loc(mark) if mark is not None else Location(file, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:  # libyaml >= 0.2.5 stops at 1000 levels itself
            return diag_at(E_DEPTH, f"nesting deeper than {MAX_DEPTH} levels", loc,
                           "a spec needs only a few levels; this file is malformed")
        return _syntax_error(exc, text, composer)
    if isinstance(exc, yaml.reader.ReaderError):  # control characters and the like
        # libyaml counts bytes of the UTF-8 encoding, PyYAML counts characters.
        before = (text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
                  if counts_bytes else text[: exc.position])
        loc = Location(file, before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return diag_at(E_SYNTAX, f"YAML does not allow the character {char} here",
                       loc, "remove the control character")
    return diag_at(E_SYNTAX, f"YAML error: {exc}", Location(file, 1, 1))


_CLOSERS = {"flow sequence": ("list", "[", "]"), "flow mapping": ("mapping", "{", "}")}


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, composer: Composer) -> Diagnostic:
    """A libyaml error in words, located where the mistake is rather than where it showed.

    libyaml notices a missing ':' on the line after the key, an unclosed quote
    or bracket at the end of the file; the mark of the construct it was reading
    (`context_mark`) is then the place to point at.
    """
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context or ""
    mark, start = exc.problem_mark or exc.context_mark, exc.context_mark
    hint = "check indentation, quoting and ':' after each key"
    char = _char_at(text, mark)
    if char == "\t" or "tab character" in problem:
        problem = "a tab character; YAML indents with spaces only"
        hint = "replace the tab with spaces"
    elif problem == "could not find expected ':'" and start is not None:
        mark, problem = start, "no ':' after the key that starts here"
        hint = "write 'key: value', with a space after the ':'"
    elif "quoted scalar" in context and "end of stream" in problem and start is not None:
        mark, problem, hint = start, "the quoted value that starts here is never closed", \
            "add the closing quote"
    elif context.removeprefix("while parsing a ") in _CLOSERS and start is not None \
            and mark is not None and mark.line > start.line:
        noun, opener, closer = _CLOSERS[context.removeprefix("while parsing a ")]
        mark, problem = start, f"the {noun} that starts here with '{opener}' is never closed"
        hint = f"add the closing '{closer}'"
    elif problem == "found character that cannot start any token" and char:
        problem, hint = f"'{char}' cannot start an unquoted value", "quote the value"
    elif problem == "did not find expected key" and context.endswith("block mapping") \
            and start is not None:
        problem = ("this line is not indented like the keys of the mapping that starts at "
                   f"line {start.line + 1}")
        hint = ("give the keys of one mapping the same indentation; check the line before "
                "too, and quotes opened earlier")
    elif problem == "mapping values are not allowed in this context":
        hint = ("is this line indented deeper than the one before? A value that contains "
                "': ' must be quoted")
    elif context:
        problem = f"{problem} ({context})"
    loc = composer.loc(mark) if mark is not None else Location(composer.file, 1, 1)
    return diag_at(E_SYNTAX, f"YAML syntax error: {problem}", loc, hint)


def _char_at(text: str, mark: Any) -> str:
    """The character at a libyaml mark (line and column count characters), or ''."""
    if mark is None:
        return ""
    lines = text.splitlines()
    if mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return ""
    return lines[mark.line][mark.column]
