"""Shaping: one kerned text for fitting and for drawing.

The font's kerning lives in its GPOS table ("Te" is −86 units in Atkinson
Hyperlegible). ReportLab draws a ShapedStr, a string carrying each glyph's
kerned advance, as one ``TJ`` with the kerning between the runs. HarfBuzz
(uharfbuzz) shapes each text with the features and buffer settings of
ReportLab's own ``shapeFragWord``: :func:`measure` adds up the advances (the
lay-out measures every line it tries, at every size) and :func:`shape` turns
the same glyphs into the ShapedStr ReportLab's ``shapeStr`` would make, for
the texts that are drawn. Every width the lay-out fits is the width that
prints, and no per-glyph objects are made for texts that are only measured.

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
    """``text`` shaped in ``style``: a ReportLab ShapedStr when shaping changes a glyph
    or its place, else the plain text (nothing to adjust)."""
    head, tail = _hyphen_end(text)
    if tail:
        return shape(head, style) + tail  # the hyphen (and a space after it): plain widths
    if len(text) < 2:
        return text
    return _shaped_str(text, style)


def _shaped_str(text: str, style: str) -> str:
    """What ReportLab's ``shapeStr(text, font, 1000)`` returns, made from one HarfBuzz
    buffer with the same rules (each glyph as the character ReportLab draws it with,
    its advances and offsets, and the text unchanged when shaping moved nothing),
    without ReportLab's per-glyph glyph-name lookups: a test holds the two equal."""
    from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

    ttf, font = _harfbuzz(style)
    face = ttf.face
    glyph_chars, widths, scale = face.glyphToChar, face.charWidths, face._pdfScale
    buffer = _buffer(text, font)
    chars, data = [], []
    changed = shaped = False
    for index, (info, position) in enumerate(zip(buffer.glyph_infos, buffer.glyph_positions)):
        glyph = info.codepoint
        try:
            code = glyph_chars[glyph][0]
        except KeyError:  # a glyph no character maps to (a ligature): ReportLab's own code
            code = ttf.hbAddPrivate(font.glyph_to_string(glyph), glyph, position.x_advance)
        width, char = widths[code], chr(code)
        x_advance, y_advance = scale(position.x_advance), scale(position.y_advance)
        x_offset, y_offset = scale(position.x_offset), scale(position.y_offset)
        beyond = index >= len(text)
        shaped = shaped or x_offset != 0 or y_offset != 0 or beyond \
            or (text[index] == char and x_advance != width)
        changed = changed or shaped or beyond or text[index] != char
        chars.append(char)
        data.append(ShapeData(info.cluster, x_advance, y_advance, x_offset, y_offset, width))
    return ShapedStr("".join(chars), shapeData=data) if changed else text


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
    ttf, font = _harfbuzz(style)
    total = sum(position.x_advance for position in _buffer(text, font).glyph_positions)
    units = ttf.face.unitsPerEm
    return float(total) if units == 1000 else total * 1000 / units


def _buffer(text: str, font):
    """``text`` shaped by HarfBuzz as ReportLab's ``shapeFragWord`` shapes it."""
    import uharfbuzz as hb

    buffer = hb.Buffer()
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, FEATURES)
    return buffer


@cache
def _harfbuzz(style: str):
    """ReportLab's font for ``style`` and the HarfBuzz font it shapes with (at 1000 pt)."""
    from reportlab.pdfbase.pdfmetrics import getFont

    ttf = getFont(fonts.font_name(style))
    return ttf, ttf.hbFont(SHAPED_AT)


def _hyphen_end(text: str) -> tuple[str, str]:
    """(the text before a line-end soft hyphen, the hyphen and any spaces after it);
    (text, "") when the text does not end in one."""
    body = text.rstrip(" ")
    if not body.endswith(SOFT_HYPHEN):
        return text, ""
    return body[:-1], text[len(body) - 1:]
