"""Text fitting: line breaking and the search for the largest size that fits.

Lines break at spaces and after hyphens, ragged right. A soft hyphen (U+00AD,
as pasted from a word processor) is a break point that prints a hyphen only
where the line breaks there; elsewhere it is invisible. Body text may also be
hyphenated (:mod:`generator.layout.hyphenation`): a word that does not fit on
the line is split at a dictionary point when the word alone is wider than the
measure, or when the line would otherwise be left less than 65 % full and the
word is long (8 letters or more) and not the paragraph's last.
Headings, names, addresses and numbers are never hyphenated, and break only at
their spaces (``whole_words``): "’s-Hertogenbosch" or "PRT-SEX-01" split at
their own hyphen read as two words, and a phone number as two numbers. A word that is
still wider than the measure never gets squeezed or clipped: the size does
not fit, and at the minimum size that becomes an error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar
from collections.abc import Callable

from ..units import MM
from . import shaping

# Break opportunities: after a space (dropped) or after a hyphen (kept).
_PIECES = re.compile(r"[^\s-]*-+|[^\s-]+")
_WHOLE = re.compile(r".+")
# A web or e-mail address breaks after / . @ ? & = (the character stays on the line),
# never at its own hyphen: a hyphen at a line end would be typed into the address.
URL_PIECES = re.compile(r"[^/.?&=@]*[/.?&=@]+|[^/.?&=@]+")
_ADDRESS = re.compile(r"@|://|^www\.")
SOFT_HYPHEN = "\u00ad"
RAGGED = 0.65  # a line left less full than this is hyphenated into where a word allows
LONG_WORD = 8  # letters: a shorter word is split only when it must be

Result = TypeVar("Result")

# Sizes are tried on a quarter-point grid: finer steps are invisible in print.
STEP = 0.25


@dataclass(frozen=True)
class TooWide:
    """A single word that does not fit the measure at this size."""

    word: str
    width: float
    room: float = 0.0   # pt: what the line holds (the box less padding and marker)

    def says(self, size: float) -> str:
        """The honest measurements: the word's width and the room its line has."""
        return (f"the word '{self.shown}' is {self.width / MM:.1f} mm wide at {size:g} pt; "
                f"its line has {self.room / MM:.1f} mm")

    @property
    def shown(self) -> str:
        """The word as a message quotes it: a pasted 200-character address is cut short."""
        return self.word if len(self.word) <= 40 else self.word[:39] + "…"


def wrap(text: str, style: str, size: float, measure: float, max_lines: int | None = None,
         *, breaks: re.Pattern | None = None, hyphenate: str = "",
         whole_words: bool = False) -> list[str] | TooWide:
    """Break ``text`` into lines no wider than ``measure`` points.

    Words break after hyphens and at soft hyphens, except e-mail and web
    addresses, which break only after / . @ ? & = and never get a hyphen (a
    hyphen at a line end would be typed into the address). A non-breaking
    space keeps its neighbours on one line. ``hyphenate`` is the language
    (e.g. nl-NL) to hyphenate body text in; "" never hyphenates. With
    ``whole_words`` (names, numbers, headings) a word other than an address
    breaks nowhere but at its spaces. With ``max_lines``, stop as soon as
    there are more lines than that: the text cannot fit, and a text of a
    hundred thousand words is not worth breaking to the end at every size tried.

    Breaking depends only on these arguments, so each break is worked out once
    per process: a size search tries the same sizes for box after box, and a
    batch sets the same topics for every profile.
    """
    lines = _wrap(text, style, size, measure, max_lines, breaks, hyphenate, whole_words)
    return lines if isinstance(lines, TooWide) else list(lines)


@lru_cache(maxsize=65536)
def _wrap(text: str, style: str, size: float, measure: float, max_lines: int | None,
          breaks: re.Pattern | None, hyphenate: str,
          whole_words: bool) -> tuple[str, ...] | TooWide:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        words = [word for word in paragraph.split(" ") if word]
        for place, word in enumerate(words):
            address = bool(_ADDRESS.search(word))
            pattern = breaks or (URL_PIECES if address else _WHOLE if whole_words else _PIECES)
            address = address or whole_words or breaks is not None  # never hyphenated
            for number, piece in enumerate(pattern.findall(word) or [word]):
                joiner = " " if line and not number else ""
                shown = piece.replace(SOFT_HYPHEN, "")
                if shaping.measure(line + joiner + shown, style, size) <= measure:
                    line += joiner + shown
                    continue
                while True:  # the piece, or what is left of it, starts a line or splits
                    split = None if address else _split(
                        piece, line, joiner, style, size, measure, hyphenate,
                        last=place == len(words) - 1)
                    if split is None:
                        if line:
                            lines.append(line)
                        line, joiner = shown, ""
                        width = shaping.measure(shown, style, size)
                        if width > measure:
                            return TooWide(shown, width, measure)
                        break
                    head, piece = split
                    lines.append(line + joiner + head)
                    line, joiner = "", ""
                    shown = piece.replace(SOFT_HYPHEN, "")
                    if shaping.measure(shown, style, size) <= measure:
                        line = shown
                        break
                if max_lines is not None and len(lines) > max_lines:
                    return tuple(lines)
        lines.append(line)
    return tuple(lines)


def _split(piece: str, line: str, joiner: str, style: str, size: float, measure: float,
           language: str, last: bool = False) -> tuple[str, str] | None:
    """Where to hyphenate ``piece`` to end ``line``: (the part that ends the line, with
    its hyphen; the rest, soft hyphens kept), or None to move the whole piece to the
    next line. A split is made when the piece alone is too wide, or when the line
    would stay less than :data:`RAGGED` full: at a soft hyphen always, at a
    dictionary point only in a ``language`` given, and for a paragraph's ``last``
    word only when it must."""
    from .hyphenation import points

    shown = piece.replace(SOFT_HYPHEN, "")
    needed = shaping.measure(shown, style, size) > measure
    if not needed and (shaping.measure(line, style, size) >= RAGGED * measure
                       or (len(shown) < LONG_WORD and SOFT_HYPHEN not in piece)):
        return None
    soft = _soft_points(piece)
    for index in sorted(soft | set(points(shown, language)), reverse=True):
        # the hyphen drawn is the soft hyphen's glyph: it prints as a hyphen, and a
        # reader copying the text or reading it aloud gets the word back whole
        head = shown[:index] + ("" if shown[index - 1] == "-" else SOFT_HYPHEN)
        if shaping.measure(line + joiner + head, style, size) <= measure:
            return head, _rest(piece, index)
    return None


def _soft_points(piece: str) -> set[int]:
    """Where the piece's soft hyphens are, counted in the text that shows."""
    found, shown = set(), 0
    for part in piece.split(SOFT_HYPHEN)[:-1]:
        shown += len(part)
        found.add(shown)
    return found


def _rest(piece: str, index: int) -> str:
    """The piece after its first ``index`` shown characters, soft hyphens kept."""
    count = 0
    for position, char in enumerate(piece):
        if count == index:
            return piece[position:].lstrip(SOFT_HYPHEN)
        count += char != SOFT_HYPHEN
    return ""


def wrap_balanced(text: str, style: str, size: float, measure: float,
                  hyphenate: str = "", whole_words: bool = False) -> list[str] | TooWide:
    """Like :func:`wrap`, but with lines of even length: "Do not show / your face."

    For short display text (titles, easy-read sentences), where a last line
    of one word reads as a separate thought. The narrowest measure that still
    gives as few lines as the full measure is found by bisection.
    """
    lines = wrap(text, style, size, measure, hyphenate=hyphenate,
                 whole_words=whole_words)
    if isinstance(lines, TooWide) or len(lines) < 2:
        return lines
    low, high = 0.0, measure
    while high - low > 1.0:  # a point: finer makes no visible difference
        middle = (low + high) / 2
        attempt = wrap(text, style, size, middle, hyphenate=hyphenate,
                       whole_words=whole_words)
        if isinstance(attempt, TooWide) or len(attempt) > len(lines):
            low = middle
        else:
            high = middle
    return wrap(text, style, size, high, hyphenate=hyphenate, whole_words=whole_words)


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
    search over the grid finds the answer in a handful of attempts. Most text
    fits at the largest size its layout allows (four searches in five in the
    shipped content), so that size is tried first: one attempt instead of a
    handful, and one more where it does not fit.
    """
    sizes = candidate_sizes(low, high)
    top = attempt(sizes[-1])
    if top is not None:
        return sizes[-1], top
    best: tuple[float, Result] | None = None
    lo, hi = 0, len(sizes) - 2
    while lo <= hi:
        mid = (lo + hi) // 2
        result = attempt(sizes[mid])
        if result is None:
            hi = mid - 1
        else:
            best = (sizes[mid], result)
            lo = mid + 1
    return best
