"""`drspec init [DIR]`: start using drspec in a repository of your own.

Writes a Pulumi project that depends on the installed drspec (`Pulumi.yaml`
declaring `drspec:spec`, a two-line `__main__.py`, `requirements.txt` pinning
drspec with its Pulumi extra, `Pulumi.dev.yaml`), `specs/base/common.yaml` and
a `specs/dev.yaml` overlay, a `.pre-commit-config.yaml` running drspec's hook
and a GitHub Actions workflow. Everything it writes validates and plans as
written. A file that exists is never overwritten: running it again only adds
what is missing.

Exit codes: 0 done, 1 a file cannot be written, 2 usage errors.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HELP = "write a Pulumi project using drspec, example specs, pre-commit and CI into DIR"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", metavar="DIR", nargs="?", default=".",
                        help="the repository to set up (default: the current directory)")
    parser.add_argument("--name", help="the application name (default: from DIR's name)")
    parser.add_argument("--region", default="us-east-1",
                        help="the primary region (default: us-east-1)")


def run(args: argparse.Namespace) -> int:
    from drspec.regions import region
    from drspec.scaffold.project import ProjectRequest, project_files, write_missing

    root = Path(args.directory)
    name = args.name or _name_from(root)
    if not re.fullmatch(r"[a-z][a-z0-9-]{0,19}", name):
        print(f"drspec init: {name!r} cannot be an application name (lower-case letters, "
              "digits and '-', starting with a letter, at most 20 characters): pass --name",
              file=sys.stderr)
        return 2
    if region(args.region) is None:
        print(f"drspec init: {args.region!r} is not an AWS region drspec knows", file=sys.stderr)
        return 2
    if root.exists() and not root.is_dir():
        print(f"drspec init: {root} is not a directory", file=sys.stderr)
        return 2
    try:
        written, kept = write_missing(root, project_files(ProjectRequest(name, args.region)))
    except OSError as exc:
        print(f"drspec init: cannot write in {root}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {root / path}")
    for path in kept:
        print(f"kept  {root / path} (exists)")
    print(f"\nnext: cd {root} && drspec validate specs && drspec plan specs/dev.yaml",
          file=sys.stderr)
    return 0


def _name_from(root: Path) -> str:
    """`Orders_Service` -> `orders-service`, cut to 20 characters."""
    raw = root.resolve().name.lower()
    name = re.sub(r"[^a-z0-9-]+", "-", raw).strip("-")
    name = re.sub(r"^[^a-z]+", "", name)[:20].rstrip("-")
    return name or "app"
