"""The concept mark: a topic whose document status is concept is not approved
guidance, and every page of every product made from it says so.

The mark is the label ``concept`` ("CONCEPT – niet goedgekeurd") set large
and diagonally across the page, as outlined letters in the accent colour on
top of everything: impossible to miss or to trim off, while the text under it
stays readable for the people who review the concept.

Text shows through the thin outlines; a picture does not. Over the dark
modules of a QR code the letters cannot be read (their contrast is below
3:1), and a mark across the code or its quiet zone spoils the code for a
phone. So the mark keeps clear of every picture on the page (QR code, logo):
it runs along the rising diagonal, else along the falling one, else either
moved a little off its diagonal, else the same a little smaller (:data:`SCALES`).
"""
from __future__ import annotations

import math
from collections.abc import Iterable

from ..inputs import fonts
from . import shaping
from .items import Text

SPAN = 0.75        # of the page's diagonal that the mark spans
MAX_SHARE = 0.16   # the letters are at most this share of the page's shorter side high
STROKE = 0.035     # outline weight in ems: visible, but the text under it shows through
SCALES = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)  # the sizes tried, largest first, to keep clear
SHIFTS = (0.0, 0.05, -0.05, 0.1, -0.1, 0.15, -0.15, 0.2, -0.2)  # off the diagonal, in
                                                            # shares of the shorter side

Area = tuple[float, float, float, float]  # x, y, width, height in pt


def concept_mark(width: float, height: float, text: str,
                 keep_clear: Iterable[Area] = ()) -> Text | None:
    """The mark for a ``width`` x ``height`` pt page along a diagonal, wholly on the page
    and clear of every area of ``keep_clear``; None when no placement is. Without
    areas to keep clear: full size, centred on the rising diagonal."""
    areas = tuple(keep_clear)
    full = min(SPAN * math.hypot(width, height) / shaping.measure(text, "bold", 1.0),
               MAX_SHARE * min(width, height))
    rising = math.atan2(height, width)
    for scale in SCALES:
        for angle in (rising, -rising):
            for shift in SHIFTS:
                mark = _placed(width, height, text, full * scale, angle,
                               shift * min(width, height))
                bands = _bands(mark)
                if all(0 <= x <= width and 0 <= y <= height for band in bands for x, y in band) \
                        and not any(_overlaps(band, area) for band in bands for area in areas):
                    return mark
    return None


def _placed(width: float, height: float, text: str, size: float, angle: float,
            shift: float) -> Text:
    """The mark at ``size`` pt turned by ``angle`` (radians), its capitals centred on the
    page, moved ``shift`` pt square to its baseline (positive: towards its top)."""
    unit = shaping.measure(text, "bold", 1.0)
    ascent, _ = fonts.ascent_descent("bold")
    half_w, half_h = unit * size / 2, ascent * size * 0.7 / 2  # capital height ~0.7 ascent
    x = width / 2 - (half_w * math.cos(angle) - (half_h - shift) * math.sin(angle))
    y = height / 2 - (half_w * math.sin(angle) + (half_h - shift) * math.cos(angle))
    return Text(x, y, text, "bold", size, "accent", "labels.concept",
                angle=math.degrees(angle), outline=STROKE * size)


def _bands(mark: Text) -> list[list[tuple[float, float]]]:
    """Per letter, the page corners of the turned box it can touch: its advance wide,
    from descender to ascender, with the outline around it."""
    ascent, descent = fonts.ascent_descent("bold")
    pad = mark.outline / 2
    cos, sin = math.cos(math.radians(mark.angle)), math.sin(math.radians(mark.angle))
    edges = [shaping.measure(mark.text[:end], "bold", mark.size) for end in range(len(mark.text) + 1)]
    return [[(mark.x + u * cos - v * sin, mark.y + u * sin + v * cos)
             for u in (start - pad, stop + pad)
             for v in (descent * mark.size - pad, ascent * mark.size + pad)]
            for start, stop, letter in zip(edges, edges[1:], mark.text) if not letter.isspace()]


def _overlaps(corners: list[tuple[float, float]], area: Area) -> bool:
    """Whether the turned band and the upright area share any point (separating axes:
    two convex shapes are apart exactly when some edge direction of either separates
    their shadows)."""
    x, y, w, h = area
    box = [(x, y), (x + w, y), (x, y + h), (x + w, y + h)]
    (ax, ay), (bx, by), (cx, cy) = corners[0], corners[2], corners[1]
    axes = [(1.0, 0.0), (0.0, 1.0), (bx - ax, by - ay), (cx - ax, cy - ay)]
    for dx, dy in axes:
        band = [px * dx + py * dy for px, py in corners]
        square = [px * dx + py * dy for px, py in box]
        if max(band) <= min(square) or max(square) <= min(band):
            return False
    return True
