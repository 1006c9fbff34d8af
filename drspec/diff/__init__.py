"""What a change does to an environment: two plans compared resource by resource.

`drspec.diff.replacement` knows which inputs make AWS replace a resource (a
sourced table); `drspec.diff.compare` compares two plans; `drspec.diff.guardrail`
refuses replacing stateful resources in production unless waived;
`drspec.diff.report` renders the result for people or machines.
"""
