"""Nearest-match hints ("did you mean ...?") for names a check does not know."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(word: str, options: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The option closest to `word` (case-insensitive first), or None if nothing is close."""
    choices = sorted(set(options))
    folded = {c.lower(): c for c in choices}
    if word.lower() in folded:
        return folded[word.lower()]
    target = word.lower()
    best: tuple[float, bool, str] | None = None
    for option in folded:
        score = difflib.SequenceMatcher(None, target, option).ratio()
        if score < cutoff:
            continue
        # Ties go to a transposition of the same letters (W710 -> W701), then A-Z.
        rank = (score, sorted(option) == sorted(target), option)
        if best is None or rank[:2] > best[:2] or (rank[:2] == best[:2] and option < best[2]):
            best = rank
    return folded[best[2]] if best else None


def did_you_mean(word: str, options: Iterable[str], *, what: str = "",
                 cutoff: float = 0.6, list_up_to: int = 8) -> str:
    """A hint naming the nearest option, or the options themselves when there are few."""
    choices = sorted(set(options))
    match = nearest(word, choices, cutoff=cutoff)
    if match is not None:
        return f"did you mean '{match}'?"
    if not choices:
        return f"the spec defines no {what}" if what else "nothing of that kind is defined"
    if len(choices) <= list_up_to:
        label = f"defined {what}" if what else "known values"
        return f"{label}: " + ", ".join(choices)
    return f"see the list of {what or 'known values'}"
