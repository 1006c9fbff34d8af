"""Pulumi's entry point for this project (`pulumi preview`, `pulumi up`).

The program itself lives in `drspec.program`; the stack's `drspec:spec`
config names the spec file it builds.
"""

from drspec.program import main

main()
