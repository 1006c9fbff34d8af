"""One module per `drspec` command: `HELP`, `add_arguments(parser)`, `run(args) -> int`.

Command modules are imported when the parser is built, so they import heavy
packages (pulumi, jinja2, ...) inside `run`, never at module level.
"""
