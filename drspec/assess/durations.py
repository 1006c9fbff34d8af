"""Durations as people read them: `150` -> `2m 30s`, for verdicts, hints and tables.

The unit sizes come from `drspec.figures`, so no module that judges a design
holds a number of its own.
"""

from __future__ import annotations

from drspec import figures as fig


def human_duration(seconds: int | None) -> str:
    """`150` -> `2m 30s`, `86400` -> `1d`; None -> `unrecoverable`."""
    if seconds is None:
        return "unrecoverable"
    if seconds == 0:
        return "0s"
    parts = []
    rest = seconds
    for unit, size in (("d", fig.DAY), ("h", fig.HOUR), ("m", fig.MINUTE), ("s", 1)):
        if rest >= size:
            parts.append(f"{rest // size}{unit}")
            rest %= size
    return " ".join(parts[:2])


def figure_duration(figure: fig.Figure) -> str:
    """A figure's duration as people read it (`fig.S3_RTC` -> `15m`)."""
    return human_duration(figure.seconds)
