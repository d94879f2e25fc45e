"""Text fitting: line breaking and the search for the largest size that fits.

Lines break at spaces and after hyphens; ragged right, no hyphenation added.
A word that is wider than the measure never gets squeezed or clipped: the
size does not fit, and at the minimum size that becomes an error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, TypeVar

from . import fonts

# Break opportunities: after a space (dropped) or after a hyphen (kept).
_PIECES = re.compile(r"[^\s-]*-+|[^\s-]+")

Result = TypeVar("Result")

# Sizes are tried on a quarter-point grid: finer steps are invisible in print.
STEP = 0.25


@dataclass(frozen=True)
class TooWide:
    """A single word that does not fit the measure at this size."""

    word: str
    width: float


def wrap(text: str, style: str, size: float, measure: float) -> list[str] | TooWide:
    """Break ``text`` into lines no wider than ``measure`` points."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            pieces = _PIECES.findall(word) or [word]
            for number, piece in enumerate(pieces):
                joiner = "" if number else " "
                candidate = (line + joiner + piece) if line else piece
                if fonts.width(candidate, style, size) <= measure:
                    line = candidate
                    continue
                if fonts.width(piece, style, size) > measure:
                    return TooWide(piece, fonts.width(piece, style, size))
                lines.append(line)
                line = piece
        lines.append(line)
    return lines


def candidate_sizes(low: float, high: float) -> list[float]:
    """From ``low`` to ``high`` on the quarter-point grid, both ends included."""
    sizes = [low]
    size = (int(low / STEP) + 1) * STEP
    while size < high - 1e-9:
        sizes.append(size)
        size += STEP
    if high > low:
        sizes.append(high)
    return sizes


def largest_fitting(low: float, high: float,
                    attempt: Callable[[float], Result | None]) -> tuple[float, Result] | None:
    """The largest size in [low, high] for which ``attempt`` returns a result.

    Taller text needs more room, so fitting is monotone in size and a binary
    search over the grid finds the answer in a handful of attempts.
    """
    sizes = candidate_sizes(low, high)
    best: tuple[float, Result] | None = None
    lo, hi = 0, len(sizes) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        result = attempt(sizes[mid])
        if result is None:
            hi = mid - 1
        else:
            best = (sizes[mid], result)
            lo = mid + 1
    return best
