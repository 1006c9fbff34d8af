"""Can the design meet its objectives? A verdict per failure scenario.

`engine.assess(spec)` is the entry point; `scenarios`, `factors`, `verdicts` and
`durations` hold its parts.
"""
