"""Text fitting: line breaking and the search for the largest size that fits.

Lines break at spaces and after hyphens; ragged right, no hyphenation added.
A word that is wider than the measure never gets squeezed or clipped: the
size does not fit, and at the minimum size that becomes an error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar
from collections.abc import Callable

from ..inputs import fonts

# Break opportunities: after a space (dropped) or after a hyphen (kept).
_PIECES = re.compile(r"[^\s-]*-+|[^\s-]+")
# A web or e-mail address breaks after / . ? & = (the character stays on the line).
URL_PIECES = re.compile(r"[^/.?&=]*[/.?&=]+|[^/.?&=]+")
_ADDRESS = re.compile(r"@|://|^www\.")

Result = TypeVar("Result")

# Sizes are tried on a quarter-point grid: finer steps are invisible in print.
STEP = 0.25


@dataclass(frozen=True)
class TooWide:
    """A single word that does not fit the measure at this size."""

    word: str
    width: float

    @property
    def shown(self) -> str:
        """The word as a message quotes it: a pasted 200-character address is cut short."""
        return self.word if len(self.word) <= 40 else self.word[:39] + "…"


def wrap(text: str, style: str, size: float, measure: float, max_lines: int | None = None,
         *, breaks: re.Pattern | None = None) -> list[str] | TooWide:
    """Break ``text`` into lines no wider than ``measure`` points.

    Words break after hyphens, except e-mail and web addresses, which break
    only after / . ? & = (a hyphen at a line end would read as a word break,
    and someone would type the address without it). A non-breaking space
    keeps its neighbours on one line. With ``max_lines``, stop as soon as
    there are more lines than that: the text cannot fit, and a text of a
    hundred thousand words is not worth breaking to the end at every size tried.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            if not word:
                continue
            pattern = breaks or (URL_PIECES if _ADDRESS.search(word) else _PIECES)
            pieces = _pieces(word, pattern, style, size, measure)
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
                if max_lines is not None and len(lines) > max_lines:
                    return lines
        lines.append(line)
    return lines


def _pieces(word: str, pattern: re.Pattern, style: str, size: float,
            measure: float) -> list[str]:
    """The word's break points; an address piece too wide for the measure may
    still break after a hyphen, as a last resort."""
    pieces = pattern.findall(word) or [word]
    if pattern is not URL_PIECES:
        return pieces
    split = []
    for piece in pieces:
        if fonts.width(piece, style, size) > measure:
            split.extend(_PIECES.findall(piece) or [piece])
        else:
            split.append(piece)
    return split


def wrap_balanced(text: str, style: str, size: float, measure: float) -> list[str] | TooWide:
    """Like :func:`wrap`, but with lines of even length: "Do not show / your face."

    For short display text (titles, easy-read sentences), where a last line
    of one word reads as a separate thought. The narrowest measure that still
    gives as few lines as the full measure is found by bisection.
    """
    lines = wrap(text, style, size, measure)
    if isinstance(lines, TooWide) or len(lines) < 2:
        return lines
    low, high = 0.0, measure
    while high - low > 1.0:  # a point: finer makes no visible difference
        middle = (low + high) / 2
        attempt = wrap(text, style, size, middle)
        if isinstance(attempt, TooWide) or len(attempt) > len(lines):
            low = middle
        else:
            high = middle
    return wrap(text, style, size, high)


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
