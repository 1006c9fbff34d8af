"""`drspec preview|up|destroy`: one Pulumi stack per spec, through the Automation API.

`drspec.deploy.stacks` decides which stacks, named how, with which config (no
Pulumi needed, unit-tested); `drspec.deploy.run` drives the Pulumi CLI.
"""
