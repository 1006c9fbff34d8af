"""The errors of an offline plan capture (`drspec.plan.capture.capture`)."""

from __future__ import annotations


class PlanError(Exception):
    """The program cannot be captured as a valid plan (e.g. duplicate URNs)."""


class UnknownCallError(PlanError):
    """The program called a provider function the plan has no answer for."""

