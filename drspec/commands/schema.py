"""`drspec schema`: print the JSON Schema of the spec format, exactly as shipped.

Editors and other validators can use it directly, for example
`drspec schema > drspec-v1.schema.json` or check-jsonschema's `--schemafile`.
"""

from __future__ import annotations

import argparse
import sys

HELP = "print the JSON Schema of the spec format"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """`drspec schema` takes no arguments."""


def run(args: argparse.Namespace) -> int:
    from drspec.resources import schema_path

    sys.stdout.write(schema_path().read_text(encoding="utf-8"))
    sys.stdout.flush()
    return 0
