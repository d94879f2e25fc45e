"""Render stage: draw a laid-out document with ReportLab into PDF bytes.

One drawing function per item kind. The canvas is created in invariant mode
(fixed dates and document id) so the same input gives byte-identical files,
and with our own font as the initial font: ReportLab's default would put an
unembedded Helvetica reference on every page.
"""
from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfgen.canvas import Canvas

from . import fonts
from .items import Document, Line, Pictogram, Rect, Text
from .pictograms import draw_pictogram


def render_pdf(document: Document, palette: dict[str, str]) -> bytes:
    """Draw every page of ``document`` at its trimmed size."""
    colours = {role: HexColor(value) for role, value in palette.items()}
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(document.width, document.height), invariant=1,
                    pageCompression=1, initialFontName=fonts.font_name("regular"),
                    initialFontSize=10, lang=document.language)
    canvas.setTitle(document.title)
    canvas.setAuthor(document.author)
    canvas.setSubject(document.subject)
    canvas.setKeywords(document.keywords)
    canvas.setCreator("drukwerk")
    box = (0, 0, document.width, document.height)
    for page in document.pages:
        canvas.setTrimBox(box)
        for item in page.items:
            DRAW[type(item)](canvas, item, colours)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _text(canvas: Canvas, item: Text, colours: dict[str, Any]) -> None:
    canvas.setFillColor(colours[item.colour])
    canvas.setFont(fonts.font_name(item.font), item.size)
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
