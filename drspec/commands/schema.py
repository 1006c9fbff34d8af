"""`drspec schema`: print the JSON Schema of the spec format, exactly as shipped.

Editors and other validators can use it directly, for example
`drspec schema > drspec-v1.schema.json` or check-jsonschema's `--schemafile`.
`--overlay` prints the schema of overlays and partial bases instead (every key
described and typed, none required, null removes a key from the base).
"""

from __future__ import annotations

import argparse
import sys

HELP = "print the JSON Schema of the spec format"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--overlay", action="store_true",
        help="the schema of a spec that extends a base, or of a partial base "
             "(nothing required; null removes a key)")


def run(args: argparse.Namespace) -> int:
    from drspec.resources import overlay_schema_path, schema_path

    path = overlay_schema_path() if getattr(args, "overlay", False) else schema_path()
    sys.stdout.write(path.read_text(encoding="utf-8"))
    sys.stdout.flush()
    return 0
