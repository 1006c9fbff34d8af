"""Check `aws ...` command lines against the AWS CLI v2's own service models.

The AWS CLI builds its commands from botocore's service models: a subcommand is
an operation's name in kebab case (`RestoreTableToPointInTime` ->
`restore-table-to-point-in-time`), each option is an input member
(`TargetTableName` -> `--target-table-name`, booleans also as `--no-...`), and
the members the model marks required must be given (except idempotency tokens,
which the CLI generates). `problems(line)` applies
those rules, plus the few hand-written commands the runbook uses (`aws s3
sync`, `aws <service> wait <waiter>`), and checks that JSON arguments parse.
Placeholders such as `<key>` and `$(...)` substitutions count as values.
"""

from __future__ import annotations

import json
import re
import shlex
from functools import cache
from typing import Any

import botocore.session
from botocore import xform_name

#: Options every AWS CLI v2 command accepts (`aws help global-options`).
GLOBAL = {"--region", "--query", "--output", "--profile", "--endpoint-url", "--debug",
          "--no-paginate", "--no-cli-pager", "--color", "--no-verify-ssl", "--no-sign-request",
          "--ca-bundle", "--cli-read-timeout", "--cli-connect-timeout", "--cli-binary-format",
          "--cli-input-json", "--cli-input-yaml"}
#: Options without a value.
FLAGS = {"--debug", "--no-paginate", "--no-cli-pager", "--no-verify-ssl", "--no-sign-request"}
#: CLI service names that differ from botocore's.
SERVICES = {"s3api": "s3"}
#: `aws s3 sync` options (`aws s3 sync help`) that the runbook may use.
S3_SYNC = {"--source-region", "--region", "--exact-timestamps", "--size-only", "--exclude",
           "--include", "--dryrun", "--no-progress", "--only-show-errors", "--delete"}
S3_SYNC_FLAGS = {"--exact-timestamps", "--size-only", "--dryrun", "--no-progress",
                 "--only-show-errors", "--delete"}

_SUBSTITUTION = re.compile(r"\$\((?:[^()]|\([^()]*\))*\)")


@cache
def _session() -> Any:
    return botocore.session.get_session()


def command_lines(markdown: str) -> list[str]:
    """Every `aws ...` command of a Markdown text: in code blocks (continuation lines
    joined) and in inline code spans."""
    out: list[str] = []
    fenced = False
    pending = ""
    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            pending += line.removesuffix("\\").strip() + " "
            if not line.endswith("\\"):
                if pending.lstrip().startswith("aws "):
                    out.append(pending.strip())
                pending = ""
        else:
            out += [span for span in re.findall(r"`([^`]+)`", raw) if span.startswith("aws ")]
    return out


def _tokens(line: str) -> list[str]:
    """The words of one command as a POSIX shell splits them, up to an output
    redirection, a pipe or a command separator. Shell operators stay separate words,
    so an unquoted placeholder such as `<key>` shows up as a `<` word."""
    lexer = shlex.shlex(_SUBSTITUTION.sub("SUBSTITUTED", line), posix=True,
                        punctuation_chars=True)
    lexer.whitespace_split = True
    words = list(lexer)
    for i, word in enumerate(words):
        if word in (">", "|", "&&", ";", "||"):
            return words[:i]
    return words


def problems(line: str) -> list[str]:
    """What the AWS CLI v2 (or the shell before it) would reject in `line`; empty
    when it is well-formed."""
    inner = [m[2:-1] for m in _SUBSTITUTION.findall(line) if m[2:].startswith("aws ")]
    words = _tokens(line)
    if any(set(w) <= set("<>()&|;") for w in words):
        return [f"unquoted shell operator in: {line}"]
    if inner:
        return [p for command in inner for p in problems(command)] + problems(
            _SUBSTITUTION.sub("SUBSTITUTED", line))
    if len(words) < 3 or words[0] != "aws":
        return [f"not an aws command: {line}"]
    service, command, args = words[1], words[2], words[3:]
    if service == "s3":
        return _s3(command, args)
    botocore_name = SERVICES.get(service, service)
    try:
        model = _session().get_service_model(botocore_name)
    except Exception:
        return [f"unknown service {service!r}"]
    if command == "wait":
        waiters = _session().get_waiter_model(botocore_name)
        names = {xform_name(n, "-"): n for n in waiters.waiter_names}
        if not args or args[0] not in names:
            return [f"unknown waiter {args[:1]} of {service}"]
        operation = waiters.get_waiter(names[args[0]]).operation
        return _options(model.operation_model(operation), args[1:], f"{service} wait")
    operations = {xform_name(n, "-"): n for n in model.operation_names}
    if command not in operations:
        return [f"unknown command {service} {command}"]
    return _options(model.operation_model(operations[command]), args, f"{service} {command}")


def _options(operation: Any, args: list[str], where: str) -> list[str]:
    shape = operation.input_shape
    members = {} if shape is None else {xform_name(n, "-"): (n, s)
                                        for n, s in shape.members.items()}
    # The CLI fills idempotency tokens itself (`--client-token` of fis start-experiment).
    required = set() if shape is None else {
        m for m in shape.required_members if not shape.members[m].metadata.get("idempotencyToken")}
    given: set[str] = set()
    out: list[str] = []
    i = 0
    while i < len(args):
        option = args[i]
        if not option.startswith("--"):
            out.append(f"{where}: unexpected argument {option!r}")
            i += 1
            continue
        name = option[2:]
        if option in GLOBAL:
            i += 1 if option in FLAGS else 2
            continue
        negated = name.startswith("no-") and name[3:] in members
        key = name[3:] if negated else name
        if key not in members:
            out.append(f"{where}: unknown option {option}")
            i += 1
            continue
        member, member_shape = members[key]
        given.add(member)
        if member_shape.type_name == "boolean":
            i += 1
            continue
        if i + 1 >= len(args) or args[i + 1].startswith("--"):
            out.append(f"{where}: {option} needs a value")
            i += 1
            continue
        out += _value(where, option, args[i + 1], member_shape.type_name)
        i += 2
    out += [f"{where}: --{xform_name(m, '-')} is required" for m in sorted(required - given)]
    return out


def _value(where: str, option: str, value: str, kind: str) -> list[str]:
    if value.startswith("file://"):
        return []
    if kind in ("list", "map", "structure") and value[:1] in "[{":
        try:
            json.loads(value)
        except ValueError as exc:
            return [f"{where}: {option} is not valid JSON: {exc}"]
    return []


def _s3(command: str, args: list[str]) -> list[str]:
    if command != "sync":
        return [f"s3 {command}: not checked here"]
    out = []
    i = 0
    positional: list[str] = []
    while i < len(args):
        option = args[i]
        if not option.startswith("--"):
            positional.append(option)
            i += 1
        elif option not in S3_SYNC:
            out.append(f"s3 sync: unknown option {option}")
            i += 1
        else:
            i += 1 if option in S3_SYNC_FLAGS else 2
    if len(positional) != 2 or not all(p.startswith("s3://") for p in positional):
        out.append(f"s3 sync: needs a source and a destination, got {positional}")
    return out
