"""The concept mark: a topic whose document status is concept is not approved
guidance, and every page of every product made from it says so.

The mark is the label ``concept`` ("CONCEPT – niet goedgekeurd") set large
and diagonally across the page, as outlined letters in the accent colour on
top of everything: impossible to miss or to trim off, while the text under it
stays readable for the people who review the concept.
"""
from __future__ import annotations

import math

from ..inputs import fonts
from . import shaping
from .items import Text

SPAN = 0.75        # of the page's diagonal that the mark spans
MAX_SHARE = 0.16   # the letters are at most this share of the page's shorter side high
STROKE = 0.035     # outline weight in ems: visible, but the text under it shows through


def concept_mark(width: float, height: float, text: str) -> Text:
    """The mark for a ``width`` x ``height`` pt page, centred on it along its diagonal."""
    angle = math.atan2(height, width)
    unit = shaping.measure(text, "bold", 1.0)
    size = min(SPAN * math.hypot(width, height) / unit, MAX_SHARE * min(width, height))
    ascent, _ = fonts.ascent_descent("bold")
    half_w, half_h = unit * size / 2, ascent * size * 0.7 / 2  # capital height ~0.7 ascent
    x = width / 2 - (half_w * math.cos(angle) - half_h * math.sin(angle))
    y = height / 2 - (half_w * math.sin(angle) + half_h * math.cos(angle))
    return Text(x, y, text, "bold", size, "accent", "labels.concept",
                angle=math.degrees(angle), outline=STROKE * size)
