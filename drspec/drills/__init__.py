"""DR drills: the AWS FIS experiments that prove a design's recovery (plain data).

`catalog.drills(spec)` says which experiments a spec gets and what each should
show; `actions` holds the FIS facts they rest on. No Pulumi here: the
validate path, `drspec drill` and the runbook read it, the factory builds it.
"""
