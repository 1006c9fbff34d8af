"""Secrets written into a function's `environment` (W730).

Environment variables are stored in the function's configuration, shown in
the console and in `pulumi preview`, and committed with the spec. Values that
look like credentials belong in Pulumi secrets, SSM Parameter Store
(SecureString) or Secrets Manager, read by the function at start-up.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

from drspec.checks import CheckContext, check
from drspec.codes import rule
from drspec.diagnostics import Diagnostic

W_SECRET = rule(
    "W730", "secret in a function's environment",
    "An environment value looks like a credential (an AWS access key id, a password, a "
    "bearer token, a private key, or a long random string under a *TOKEN*/*SECRET*/"
    "*PASSWORD* name). It would sit in plain text in the spec, the function's configuration "
    "and the plan; keep it in Pulumi secrets, SSM Parameter Store or Secrets Manager.",
    source="https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html")

#: (what it is, how it looks), checked in order against every value
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an AWS access key id", re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a private key", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("a bearer token", re.compile(r"\bbearer\s+[A-Za-z0-9._~+/=-]{16,}", re.I)),
    ("a password", re.compile(r"(password|passwd|pwd)\s*[=:]\s*\S", re.I)),
    ("a secret", re.compile(r"secret\s*[=:]\s*\S", re.I)),
    ("credentials in a URL", re.compile(r"://[^/\s:@]+:[^/\s@]+@")),
)
_SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL", re.I)
#: a long, random-looking value: at least 20 characters, about 3.5 bits a character or more
MIN_RANDOM_LENGTH = 20
MIN_ENTROPY_BITS = 3.5


def entropy(text: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def looks_random(value: str) -> bool:
    return (len(value) >= MIN_RANDOM_LENGTH and " " not in value
            and entropy(value) >= MIN_ENTROPY_BITS)


def secret_kind(name: str, value: str) -> str | None:
    """What the variable `name=value` looks like a credential of, or None."""
    for what, pattern in _PATTERNS:
        if pattern.search(value):
            return what
    if _SECRET_NAME.search(name) and looks_random(value):
        return f"a random string under the name {name}"
    return None


@check
def no_secrets_in_environment(ctx: CheckContext) -> Iterator[Diagnostic]:
    for fn in ctx.spec.functions:
        for name, value in fn.environment:
            what = secret_kind(name, value)
            if what is None:
                continue
            yield ctx.warning(
                W_SECRET,
                f"function {fn.ident!r}: environment variable {name!r} looks like {what}; "
                "it would be stored in plain text in the spec, the function's configuration "
                "and the plan", (*fn.path, "environment", name),
                "keep the value in a Pulumi secret (pulumi config set --secret), SSM Parameter "
                "Store (SecureString) or Secrets Manager, and pass only its name here")
