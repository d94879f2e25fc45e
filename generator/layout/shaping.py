"""Shaping: one kerned text for fitting and for drawing.

The font's kerning lives in its GPOS table ("Te" is −86 units in Atkinson
Hyperlegible). ReportLab shapes a text with HarfBuzz (uharfbuzz) into a
string that carries each glyph's kerned advance, and draws it as one ``TJ``
with the kerning between the runs. :func:`shape` makes that string and
:func:`measure` adds up its advances, so every width the lay-out stage fits
is the width that prints.

A shaped text's advances are in thousandths of an em, whatever the size, so
each text is shaped once per style (cached) and measured or drawn at any size.

A line hyphenated by the lay-out ends in a soft hyphen (U+00AD), so a reader
copying the text gets the word back whole. HarfBuzz takes a soft hyphen for an
invisible character, so it is left out of the shaping and drawn with the
font's hyphen glyph for it.
"""
from __future__ import annotations

from functools import lru_cache

from ..inputs import fonts

SOFT_HYPHEN = "\u00ad"
LONGEST = 1000  # characters: no line is longer; a longer text is measured only to be refused


@lru_cache(maxsize=65536)
def shape(text: str, style: str) -> str:
    """``text`` shaped in ``style``: a ReportLab ShapedStr when kerning moves a glyph,
    else the plain text (nothing to adjust)."""
    from reportlab.pdfbase.ttfonts import shapeStr

    head, tail = _hyphen_end(text)
    if tail:
        return shape(head, style) + tail  # the hyphen (and a space after it): plain widths
    if len(text) < 2:
        return text
    return shapeStr(text, fonts.font_name(style), 1000)


def measure(text: str, style: str, size: float) -> float:
    """The kerned width of ``text`` in points: what the render stage draws."""
    return _measure_per_1000(text, style) * size / 1000


@lru_cache(maxsize=65536)
def _measure_per_1000(text: str, style: str) -> float:
    head, tail = _hyphen_end(text)
    if tail:
        return _measure_per_1000(head, style) + fonts.width(tail, style, 1000)
    if len(text) > LONGEST:  # shaping it would take long: its plain width says enough
        return fonts.width(text, style, 1000)
    data = getattr(shape(text, style), "__shapeData__", None)
    if data is None:
        return fonts.width(text, style, 1000)
    return float(sum(glyph.x_advance for glyph in data))


def _hyphen_end(text: str) -> tuple[str, str]:
    """(the text before a line-end soft hyphen, the hyphen and any spaces after it);
    (text, "") when the text does not end in one."""
    body = text.rstrip(" ")
    if not body.endswith(SOFT_HYPHEN):
        return text, ""
    return body[:-1], text[len(body) - 1:]
