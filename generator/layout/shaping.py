"""Shaping: one kerned text for fitting and for drawing.

The font's kerning lives in its GPOS table ("Te" is −86 units in Atkinson
Hyperlegible). ReportLab shapes a text with HarfBuzz (uharfbuzz) into a
string that carries each glyph's kerned advance, and draws it as one ``TJ``
with the kerning between the runs (:func:`shape`, used only for what is
drawn). The lay-out measures far more texts than it draws (every line it tries
at every size), so :func:`measure` asks HarfBuzz directly for the same
advances, shaped with the same features and buffer settings as ReportLab's
``shapeFragWord``, without building ReportLab's per-glyph objects: every width
the lay-out stage fits is the width that prints.

A shaped text's advances are in font units, whatever the size, so each text is
shaped once per style (cached) and measured or drawn at any size.

A line hyphenated by the lay-out ends in a soft hyphen (U+00AD), so a reader
copying the text gets the word back whole. HarfBuzz takes a soft hyphen for an
invisible character, so it is left out of the shaping and drawn with the
font's hyphen glyph for it.
"""
from __future__ import annotations

from functools import cache, lru_cache

from ..inputs import fonts

SOFT_HYPHEN = "\u00ad"
LONGEST = 1000  # characters: no line is longer; a longer text is measured only to be refused
# ReportLab's shapeFragWord shapes with these; measuring with the same keeps widths equal.
FEATURES = {"kern": True, "liga": True, "dlig": True}
SHAPED_AT = 1000  # the point size ReportLab shapes at (font units per 1000 em)


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
    return shapeStr(text, fonts.font_name(style), SHAPED_AT)


def measure(text: str, style: str, size: float) -> float:
    """The kerned width of ``text`` in points: what the render stage draws."""
    return _measure_per_1000(text, style) * size / 1000


@lru_cache(maxsize=65536)
def _measure_per_1000(text: str, style: str) -> float:
    head, tail = _hyphen_end(text)
    if tail:
        return _measure_per_1000(head, style) + fonts.width(tail, style, 1000)
    if len(text) < 2 or len(text) > LONGEST:
        # one glyph has nothing to kern against; a longer text than any line would take
        # long to shape, and its plain width says enough to refuse it
        return fonts.width(text, style, 1000)
    return _shaped_width(text, style)


def _shaped_width(text: str, style: str) -> float:
    """The sum of HarfBuzz's advances for ``text``, per 1000 em."""
    import uharfbuzz as hb

    font, scale = _harfbuzz_font(style)
    buffer = hb.Buffer()
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, FEATURES)
    total = sum(position.x_advance for position in buffer.glyph_positions)
    return float(total) if scale == 1 else total * scale


@cache
def _harfbuzz_font(style: str):
    """The HarfBuzz font ReportLab shapes ``style`` with, and its units' scale to 1000 em."""
    import uharfbuzz as hb
    from reportlab.pdfbase.pdfmetrics import getFont

    ttf = getFont(fonts.font_name(style))
    font = hb.Font(ttf.hbFace)
    font.ptem = SHAPED_AT
    units = ttf.face.unitsPerEm
    return font, (1 if units == 1000 else 1000 / units)


def _hyphen_end(text: str) -> tuple[str, str]:
    """(the text before a line-end soft hyphen, the hyphen and any spaces after it);
    (text, "") when the text does not end in one."""
    body = text.rstrip(" ")
    if not body.endswith(SOFT_HYPHEN):
        return text, ""
    return body[:-1], text[len(body) - 1:]
