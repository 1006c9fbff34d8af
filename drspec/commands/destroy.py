"""`drspec destroy SPEC... --yes`: delete the resources of one stack per spec.

One stack per spec, named after the spec's `environment`, in the Pulumi
project at or above the spec; `drspec:spec` and `aws:region` are set in the
stack config; stacks run side by side, their output streamed line by line
with the stack's name in front, then a summary. See `drspec.deploy.command`
for the exit codes.
"""

from __future__ import annotations

import argparse

HELP = "delete the resources of one stack per spec (needs the Pulumi CLI and --yes)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from drspec.deploy.command import add_arguments as shared

    shared(parser, "destroy")


def run(args: argparse.Namespace) -> int:
    from drspec.deploy.command import run as shared

    return shared(args, "destroy")
