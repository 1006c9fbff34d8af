"""Physical-name checks: the names drspec derives fit AWS's limits (E6xx).

Names are `<name>-<environment>-<ident>-<kind>` (drspec.naming), so a long
application name, environment or ident can push one over an AWS limit; the
diagnostic points at the ident's key, the part most easily shortened.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.codes import rule
from drspec.diagnostics import Diagnostic, SpecPath
from drspec.model import Spec
from drspec.naming import LIMITS, output_key, physical, replica_bucket

E_TOO_LONG = rule("E601", "physical name too long",
                  "A name drspec derives (<name>-<environment>-<ident>-<kind>) exceeds the AWS "
                  "limit for that resource.")
E_BUCKET_NAME = rule("E602", "invalid S3 bucket name",
                     "S3 bucket names follow the general purpose bucket naming rules "
                     "(3-63 characters, lowercase, no reserved prefixes or suffixes).")
E_OUTPUT = rule("E611", "stack outputs collide",
                "Each table, bucket and function exports stack outputs named "
                "<kind>_<ident>_<attribute> (a bucket also <kind>_<ident>_replica_name); two "
                "entries whose outputs share a name cannot both be exported.")

# https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
BUCKET_MIN, BUCKET_MAX = 3, 63
RESERVED_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
RESERVED_SUFFIXES = ("-s3alias", "--ol-s3", ".mrap", "--x-s3")
_BUCKET_CHARS = re.compile(r"[a-z0-9.-]+")

_SERVICE = {"fn": "Lambda", "schedule": "EventBridge Scheduler",
            "table": "DynamoDB", "alarm": "CloudWatch", "bucket": "S3"}
_KIND_LABEL = {"fn": "function", "schedule": "schedule",
               "table": "table", "alarm": "alarm", "bucket": "bucket"}


def bucket_name_problems(name: str) -> list[str]:
    """Why `name` is not a valid general purpose S3 bucket name (empty if it is)."""
    out = []
    if not BUCKET_MIN <= len(name) <= BUCKET_MAX:
        out.append(f"is {len(name)} characters; S3 allows {BUCKET_MIN} to {BUCKET_MAX}")
    if not _BUCKET_CHARS.fullmatch(name):
        out.append("may contain only lowercase letters, digits, '.' and '-'")
    elif not (name[0].isalnum() and name[-1].isalnum()):
        out.append("must begin and end with a letter or digit")
    if ".." in name:
        out.append("must not contain '..'")
    try:
        ipaddress.IPv4Address(name)
        out.append("must not look like an IP address")
    except ValueError:
        pass
    out += [f"must not start with {p!r}" for p in RESERVED_PREFIXES if name.startswith(p)]
    out += [f"must not end with {s!r}" for s in RESERVED_SUFFIXES if name.endswith(s)]
    return out


def _too_long(ctx: CheckContext, label: str, name: str, kind: str,
              path: SpecPath) -> Iterator[Diagnostic]:
    limit = LIMITS[kind]
    if len(name) > limit:
        excess = len(name) - limit
        yield ctx.error(
            E_TOO_LONG,
            f"{label} name {name!r} is {len(name)} characters; {_SERVICE[kind]} allows {limit}",
            path,
            f"shorten the ident {path[-1]!r} (or name/environment) by {excess} "
            f"character{'s' if excess > 1 else ''}", key=True)


@check
def names_within_limits(ctx: CheckContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    app, env = spec.name, spec.environment
    for section, kind, items in (("tables", "table", spec.tables),
                                 ("schedules", "schedule", spec.schedules),
                                 ("alarms", "alarm", spec.alarms)):
        for item in items:
            name = physical(app, env, item.ident, kind)
            yield from _too_long(ctx, _KIND_LABEL[kind], name, kind, (section, item.ident))
    for fn in spec.functions:
        name = physical(app, env, fn.ident, "fn")
        yield from _too_long(ctx, "function", name, "fn", fn.path)
    # Role names (`<function name>-role`, ...) are never too long: `naming.role_name`,
    # which the factory calls too, ends a long one in a hash instead.


@check
def bucket_names_valid(ctx: CheckContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    replicated = spec.disaster_recovery.replicate_buckets
    for bucket in spec.buckets:
        names = [("bucket", physical(spec.name, spec.environment, bucket.ident, "bucket"))]
        if replicated:
            names.append(("replica bucket", replica_bucket(spec.name, spec.environment,
                                                           bucket.ident)))
        for label, name in names:
            for problem in bucket_name_problems(name):
                yield ctx.error(E_BUCKET_NAME, f"{label} name {name!r} {problem}", bucket.path,
                                _bucket_hint(name, bucket.ident), key=True)


def _bucket_hint(name: str, ident: str) -> str:
    if len(name) > BUCKET_MAX:
        excess = len(name) - BUCKET_MAX
        return (f"shorten the ident {ident!r} (or name/environment) by {excess} "
                f"character{'s' if excess > 1 else ''}")
    if name.startswith(RESERVED_PREFIXES):
        return "rename the application (name) so that bucket names avoid the reserved prefix"
    return f"rename the bucket {ident!r} so that its physical name is a valid S3 bucket name"


def entry_outputs(spec: Spec) -> Iterator[tuple[str, SpecPath, str]]:
    """(stack output, entry, what exports it) for every output the factory exports per
    table, bucket and function; `tests/test_checks_names.py` holds it to the plans."""
    dr = spec.disaster_recovery
    for table in spec.tables:
        for attribute in ("name", "arn"):
            yield output_key("table", table.ident, attribute), table.path, f"table {table.ident!r}"
    for bucket in spec.buckets:
        for attribute in ("name", "arn"):
            yield (output_key("bucket", bucket.ident, attribute), bucket.path,
                   f"bucket {bucket.ident!r}")
        if dr.replicate_buckets:
            yield (output_key("bucket", bucket.ident, "replica_name"), bucket.path,
                   f"the replica of bucket {bucket.ident!r}")
    for fn in spec.functions:
        for attribute in ("name", "arn"):
            key = output_key("function", fn.ident, attribute)
            yield key, fn.path, f"function {fn.ident!r}"
            if dr.warm_standby:
                yield f"{key}_secondary", fn.path, f"the secondary copy of function {fn.ident!r}"


@check
def stack_outputs_unique(ctx: CheckContext) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for key, path, what in entry_outputs(ctx.spec):
        first = seen.setdefault(key, what)
        if first == what:
            continue
        yield ctx.error(E_OUTPUT, f"{what} and {first} would both export the stack output "
                        f"{key!r}", path,
                        f"rename {str(path[0])[:-1]} {path[-1]!r}: outputs are named "
                        "<kind>_<ident>_<attribute>, with '-' as '_'", key=True)
