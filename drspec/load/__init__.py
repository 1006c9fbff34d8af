"""Phase 1, load: read a spec file safely into plain data with a position for every node.

`reader` reads and decodes files and resolves `extends`; `compose` builds values from
the YAML event stream; `overlay` merges an overlay onto its base; `sourcemap` and
`document` turn a spec path into `file:line:col`; `discover` finds the spec files a
command line names.
"""
