"""Render stage: draw a laid-out document with ReportLab into PDF bytes.

Each page of the piece is drawn once as a form XObject and placed where the
prepress :class:`~generator.prepress.Imposition` says. One drawing function
per item kind. The canvas is created in invariant mode (fixed dates and
document id) so the same input gives byte-identical files, and with our own
font as the initial font: ReportLab's default would put an unembedded
Helvetica reference on every page. In CMYK mode ReportLab refuses any RGB
colour, so a press PDF cannot carry one by accident.
"""
from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import CMYKColor, HexColor
from reportlab.pdfgen.canvas import Canvas

from . import fonts
from .colour import Colour
from .items import Document, Line, Pictogram, Rect, Text
from .pictograms import draw_pictogram
from .prepress import Imposition, extend_into_bleed

# Marks: 100 % K in the office; registration (all inks) in press files.
_FIXED_RGB = {"black": "#000000", "registration": "#000000"}
_FIXED_CMYK = {"black": (0, 0, 0, 1), "registration": (1, 1, 1, 1)}


def palette_colours(palette: dict[str, str], cmyk: bool) -> dict[str, Any]:
    """Colour roles as ReportLab colours: RGB for the office, CMYK inks for the press."""
    parsed = {role: Colour.parse(value) for role, value in palette.items()}
    if not cmyk:
        colours = {role: HexColor(colour.rgb.hex) for role, colour in parsed.items()}
        colours.update({role: HexColor(value) for role, value in _FIXED_RGB.items()})
        return colours
    colours = {role: CMYKColor(*colour.cmyk) for role, colour in parsed.items()}
    colours.update({role: CMYKColor(*value) for role, value in _FIXED_CMYK.items()})
    return colours


def render_pdf(document: Document, imposition: Imposition, palette: dict[str, str],
               cmyk: bool = False) -> bytes:
    colours = palette_colours(palette, cmyk)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(imposition.width, imposition.height), invariant=1,
                    pageCompression=1, initialFontName=fonts.font_name("regular"),
                    initialFontSize=10, lang=document.language, pdfVersion=(1, 4),
                    enforceColorSpace="cmyk" if cmyk else None)
    canvas.setTitle(document.title)
    canvas.setAuthor(document.author)
    canvas.setSubject(document.subject)
    canvas.setKeywords(document.keywords)
    canvas.setCreator("drukwerk")
    if imposition.bleed_pt:
        document = extend_into_bleed(document, imposition.bleed_pt)
    reach = imposition.bleed_pt
    for index, page in enumerate(document.pages):
        canvas.beginForm(f"page{index + 1}", -reach, -reach, document.width + reach,
                         document.height + reach)
        for item in page.items:
            DRAW[type(item)](canvas, item, colours)
        canvas.endForm()
    for page in imposition.pages:
        canvas.setTrimBox(imposition.trim or (0, 0, imposition.width, imposition.height))
        if imposition.bleed:
            canvas.setBleedBox(imposition.bleed)
        for placement in page.placements:
            canvas.saveState()
            canvas.transform(*placement.matrix)
            canvas.doForm(f"page{placement.page + 1}")
            for item in placement.overlay:
                DRAW[type(item)](canvas, item, colours)
            canvas.restoreState()
        for item in page.marks:
            DRAW[type(item)](canvas, item, colours)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _text(canvas: Canvas, item: Text, colours: dict[str, Any]) -> None:
    canvas.setFillColor(colours[item.colour])
    canvas.setFont(fonts.font_name(item.font), item.size)
    if item.angle:
        canvas.saveState()
        canvas.translate(item.x, item.y)
        canvas.rotate(item.angle)
        canvas.drawString(0, 0, item.text)
        canvas.restoreState()
    else:
        canvas.drawString(item.x, item.y, item.text)


def _rect(canvas: Canvas, item: Rect, colours: dict[str, Any]) -> None:
    canvas.saveState()
    if item.fill:
        canvas.setFillColor(colours[item.fill])
    if item.stroke:
        canvas.setStrokeColor(colours[item.stroke])
        canvas.setLineWidth(item.line_width)
    if item.dash:
        canvas.setDash(list(item.dash))
    args = (item.x, item.y, item.width, item.height)
    if item.radius:
        canvas.roundRect(*args, item.radius, stroke=int(bool(item.stroke)),
                         fill=int(bool(item.fill)))
    else:
        canvas.rect(*args, stroke=int(bool(item.stroke)), fill=int(bool(item.fill)))
    canvas.restoreState()


def _line(canvas: Canvas, item: Line, colours: dict[str, Any]) -> None:
    canvas.saveState()
    canvas.setStrokeColor(colours[item.colour])
    canvas.setLineWidth(item.line_width)
    if item.dash:
        canvas.setDash(list(item.dash))
    canvas.line(item.x1, item.y1, item.x2, item.y2)
    canvas.restoreState()


def _pictogram(canvas: Canvas, item: Pictogram, colours: dict[str, Any]) -> None:
    draw_pictogram(canvas, item.name, item.x, item.y, item.size,
                   colours[item.colour], colours[item.mark], item.variant, colours[item.paper])


DRAW = {Text: _text, Rect: _rect, Line: _line, Pictogram: _pictogram}
