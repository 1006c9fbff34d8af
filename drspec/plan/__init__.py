"""Offline plans: the Pulumi program run under the SDK mocks and recorded.

`capture` runs the program; `mocks` plays AWS; `wire` converts inputs to their wire
form; `table` prints a plan for people; `errors` names what can go wrong.
"""
