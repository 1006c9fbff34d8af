"""drspec: disaster-recovery environments on AWS from one validated YAML spec."""

from __future__ import annotations

from drspec.diagnostics import Diagnostic, Severity
from drspec.pipeline import validate
from drspec.version import __version__

__all__ = ["Diagnostic", "Severity", "__version__", "validate"]
