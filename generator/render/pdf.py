"""Render stage: draw a laid-out document with ReportLab into PDF bytes.

Each page of the piece is drawn once as a form XObject and placed where the
prepress :class:`~generator.prepress.imposition.Imposition` says. One drawing function
per item kind. The canvas is created in invariant mode (fixed dates and
document id) so the same input gives byte-identical files, and with our own
font as the initial font: ReportLab's default would put an unembedded
Helvetica reference on every page. In CMYK mode the canvas refuses any RGB
colour, so a press PDF cannot carry one by accident.

Streams are compressed and left binary: ReportLab's default also wraps them in
ASCII85, which only a 7-bit channel needs, costs time and makes a file about a
quarter larger. Where the ``rl-accel`` package is installed, ReportLab uses its
C versions of number formatting, string widths and the like; without it, its
pure-Python ones give the same bytes, only slower.

A QR code and the logo are drawn once per place on a canvas of their own, and their
operators written into every page that prints them, as pictograms' are
(:func:`~generator.render.pictograms.standalone_operators`).

A tagged piece (``marking``: the office pieces) is drawn straight onto its
pages instead, every item in its marked-content sequence (:mod:`.tagging`):
content inside a form XObject would need the structure tree to point into
the form, which readers support poorly.
"""
from __future__ import annotations

import io
import itertools
import re
from functools import lru_cache, partial
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, HexColor
from reportlab.pdfgen.canvas import Canvas

from ..inputs import fonts
from ..colour import Colour, press_inks
from ..layout.items import Document, Graphic, Line, Pictogram, Rect, Text
from ..memo import Kept, KeptFor
from ..inputs.logo import draw as draw_logo
from .pictograms import draw_pictogram, replay, standalone_operators
from .text_operators import draw_text
from .tagging import Marking
from ..prepress.imposition import Imposition, extend_into_bleed

rl_config.useA85 = 0  # read when a stream is written; every PDF drukwerk writes is binary

# Marks: 100 % K in the office; registration (all inks) in press files. The die line
# (cut contour) is a spot colour of its own in press files, named as cutting plotters
# and print shops expect, shown as magenta.
_FIXED_RGB = {"black": "#000000", "registration": "#000000", "cutcontour": "#EC008C"}
_FIXED_CMYK = {"black": (0, 0, 0, 1), "registration": (1, 1, 1, 1),
               "cutcontour": (0, 1, 0, 0)}
CUT_CONTOUR_SPOT = "CutContour"


def palette_colours(palette: dict[str, str], cmyk: bool) -> dict[str, Any]:
    """Colour roles as ReportLab colours: RGB for the office, CMYK inks for the press
    (separated and made to hold on press: :func:`generator.colour.press_inks`)."""
    parsed = {role: Colour.parse(value) for role, value in palette.items()}
    if not cmyk:
        colours = {role: HexColor(colour.rgb.hex) for role, colour in parsed.items()}
        colours.update({role: HexColor(value) for role, value in _FIXED_RGB.items()})
        return colours
    colours = {role: CMYKColor(*press_inks(colour)[0]) for role, colour in parsed.items()}
    colours.update({role: CMYKColor(*value) for role, value in _FIXED_CMYK.items()})
    colours["cutcontour"] = CMYKColorSep(*_FIXED_CMYK["cutcontour"], spotName=CUT_CONTOUR_SPOT)
    return colours


def overprinting(colours: dict[str, Any], cmyk: bool) -> frozenset[str]:
    """The colour roles that overprint in a press file: those printed in solid black
    alone. Black text and thin black lines then print on top of any colour beneath,
    so no white gap shows where the plates do not register exactly. The die line
    overprints too: it must never knock a line out of the art. The marks (``black``,
    ``registration``) lie outside the piece and need no overprint."""
    if not cmyk:
        return frozenset()
    return frozenset(role for role, colour in colours.items() if role not in _FIXED_CMYK
                     and tuple(colour.cmyk()) == (0, 0, 0, 1)) | {"cutcontour"}


@dataclass(frozen=True)
class _Ink:
    """What the drawing functions need besides the item: colours, the logo, the mode."""

    colours: dict[str, Any]
    logo: Any
    cmyk: bool
    pictograms: Any = None
    overprint: frozenset[str] = frozenset()   # roles that overprint (press: solid black)


def render_pdf(document: Document, imposition: Imposition, palette: dict[str, str],
               cmyk: bool = False, marking: Marking | None = None,
               finish: Callable[[Canvas], None] | None = None) -> bytes:
    """The PDF; with ``marking``, every item marked as content or artifact, and what was
    marked kept in ``marking`` for the structure tree; ``finish`` adds to the canvas's
    document just before it is written (the structure tree, from the output stage)."""
    colours = palette_colours(palette, cmyk)
    ink = _Ink(colours, document.logo, cmyk, document.pictograms, overprinting(colours, cmyk))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(imposition.width, imposition.height), invariant=1,
                    pageCompression=1, initialFontName=fonts.font_name("regular"),
                    initialFontSize=10, lang=document.language, pdfVersion=(1, 3) if cmyk else (1, 4),
                    enforceColorSpace=_inks_only if cmyk else None)
    canvas.setTitle(document.title)
    canvas.setAuthor(document.author)
    canvas.setSubject(document.subject)
    canvas.setKeywords(document.keywords)
    canvas.setCreator("drukwerk")
    if imposition.bleed_pt:
        document = extend_into_bleed(document, imposition.bleed_pt)
    reach = imposition.bleed_pt
    for index, laid in enumerate(document.pages if marking is None else ()):
        canvas.beginForm(f"page{index + 1}", -reach, -reach, document.width + reach,
                         document.height + reach)
        for item in laid.items:
            DRAW[type(item)](canvas, item, ink)
        _end_form(canvas, f"page{index + 1}")
    for page in imposition.pages:
        canvas.setTrimBox(imposition.trim or (0, 0, imposition.width, imposition.height))
        if imposition.bleed:
            canvas.setBleedBox(imposition.bleed)
        if marking is not None:
            _draw_marked(canvas, document, page, ink, marking)
            _bookmarks(canvas, document, page.placements[0], imposition)
            canvas.showPage()
            continue
        for placement in page.placements:
            canvas.saveState()
            canvas.transform(*placement.matrix)
            canvas.doForm(f"page{placement.page + 1}")
            for item in placement.overlay:
                DRAW[type(item)](canvas, item, ink)
            canvas.restoreState()
        for item in page.marks:
            DRAW[type(item)](canvas, item, ink)
        if not imposition.sheet:
            _bookmarks(canvas, document, page.placements[0], imposition)
        canvas.showPage()
    if document.outline and not imposition.sheet:
        canvas.showOutline()  # a reader opens the book with its bookmarks showing
    if finish is not None:
        finish(canvas)
    canvas.save()
    return buffer.getvalue()


def _inks_only(colour: Any) -> Any:
    """The press canvas's colour guard: process inks (CMYK) and spot colours pass
    unchanged, a grey becomes black ink (ReportLab's drawing defaults are grey), any
    other colour (RGB) is refused. ReportLab's own CMYK guards either turn a spot
    colour into plain CMYK or take registration (C=M=Y=K) for a grey."""
    if isinstance(colour, CMYKColor):
        return colour
    if isinstance(colour, Color) and colour.red == colour.green == colour.blue:
        return CMYKColor(0, 0, 0, 1 - colour.red, alpha=colour.alpha)
    raise ValueError(f"a press file takes CMYK or spot colours only, not {colour!r}")


def _end_form(canvas: Canvas, name: str) -> None:
    """End a page's form, keeping its graphics states (the overprint of black text) in
    its resources: ReportLab's forms list fonts, procedures and images only, so a
    ``gs`` inside a form would name a state no reader can find. Its content is encoded
    here (:func:`_content_bytes`); ReportLab is handed an empty one."""
    from reportlab.pdfbase import pdfdoc

    content = "\n".join([canvas._preamble, *canvas._code])
    canvas._code = []
    canvas.endForm()
    form = canvas._doc.idToObject[pdfdoc.xObjectName(name)]
    form.stream = _content_bytes(content)
    states = getattr(form, "ExtGState", None)
    if states:
        resources = pdfdoc.PDFResourceDictionary()
        resources.basicFonts()
        resources.allProcs()
        if form.XObjects:
            resources.XObject = form.XObjects
        resources.ExtGState = states
        form.Resources = resources


# Characters ASCII has and ReportLab's PDFDocEncoding codec does not (it gives their
# codes to accents): a content stream never holds them (its strings are escaped).
_NOT_PDFDOC = re.compile("[\x18-\x1f]")


def _content_bytes(content: str) -> bytes:
    """``content`` as ReportLab's PDFDocEncoding codec encodes it. A content stream
    is ASCII, which that encoding keeps as it is (but for 0x18-0x1F), so it is
    encoded as ASCII: the codec maps a character at a time, about 0.15 ms a page."""
    if content.isascii() and not _NOT_PDFDOC.search(content):
        return content.encode("ascii")
    return content.encode("extpdfdoc")


def _draw_marked(canvas: Canvas, document: Document, page, ink: _Ink,
                 marking: Marking) -> None:
    """One page of a tagged piece: its items drawn in place, each marked."""
    marking.new_page()
    for placement in page.placements:
        canvas.saveState()
        canvas.transform(*placement.matrix)
        for item in document.pages[placement.page].items:
            if isinstance(item, Text) and item.tag is not None:
                # A line ends a word: as a space, text extraction and screen readers
                # do not run the last word of a line into the first of the next.
                marking.draw(canvas, item.tag, partial(_text, canvas, item, ink, " "))
                continue
            marking.draw(canvas, item.tag, partial(DRAW[type(item)], canvas, item, ink))
        for item in placement.overlay:
            marking.draw(canvas, None, partial(DRAW[type(item)], canvas, item, ink))
        marking.close(canvas)
        canvas.restoreState()
    for item in page.marks:
        marking.draw(canvas, None, partial(DRAW[type(item)], canvas, item, ink))


def _bookmarks(canvas: Canvas, document: Document, placement, imposition: Imposition) -> None:
    """The document's bookmarks that point into this page (a piece, not a print sheet)."""
    matrix = placement.matrix
    for number, (title, level, page, y) in enumerate(document.outline):
        if page == placement.page:
            key = f"outline{number}"
            canvas.bookmarkHorizontalAbsolute(key, matrix[3] * y + matrix[5])
            canvas.addOutlineEntry(title, key, level=level, closed=True)


class _Overprinting:
    """Overprint (``/OP true /op true /OPM 1``) in force while drawing ``role``, when
    the press file prints that role in solid black; nothing changes otherwise."""

    def __init__(self, canvas: Canvas, ink: _Ink, role: str | None) -> None:
        self.canvas, self.on = canvas, role in ink.overprint

    def __enter__(self) -> None:
        if self.on:
            self.canvas.saveState()
            self.canvas.setStrokeOverprint(True)
            self.canvas.setFillOverprint(True)
            self.canvas.setOverprintMask(1)

    def __exit__(self, *exc) -> None:
        if self.on:
            self.canvas.restoreState()


THIN = 1.0  # pt: a black line this thin or thinner overprints


def _text(canvas: Canvas, item: Text, ink: _Ink, end: str = "") -> None:
    """The item's text, followed by ``end`` (a tagged line's closing space)."""
    with _Overprinting(canvas, ink, item.colour):
        _draw_text(canvas, item, ink, end)


def _draw_text(canvas: Canvas, item: Text, ink: _Ink, end: str = "") -> None:
    canvas.setFillColor(ink.colours[item.colour])
    turned = bool(item.outline or item.angle)
    if turned:
        canvas.saveState()
        canvas.translate(item.x, item.y)
        canvas.rotate(item.angle)
    x, y = (0.0, 0.0) if turned else (item.x, item.y)
    if item.outline:
        canvas.setStrokeColor(ink.colours[item.colour])
        canvas.setLineWidth(item.outline)
    # kerned, as the lay-out measured it; an outline strokes the glyphs and fills nothing
    draw_text(canvas, item.text + end, item.font, item.size, x, y, 1 if item.outline else 0)
    if turned:
        canvas.restoreState()


def _rect(canvas: Canvas, item: Rect, ink: _Ink) -> None:
    canvas.saveState()
    if item.stroke and item.line_width <= THIN and item.stroke in ink.overprint \
            and not item.fill:
        canvas.setStrokeOverprint(True)
        canvas.setOverprintMask(1)
    if item.fill:
        canvas.setFillColor(ink.colours[item.fill])
    if item.stroke:
        canvas.setStrokeColor(ink.colours[item.stroke])
        canvas.setLineWidth(item.line_width)
    if item.dash:
        canvas.setDash(list(item.dash))
    args = (item.x, item.y, item.width, item.height)
    if item.corners_only:
        _corners(canvas, item)
    elif item.radius:
        canvas.roundRect(*args, item.radius, stroke=int(bool(item.stroke)),
                         fill=int(bool(item.fill)))
    else:
        canvas.rect(*args, stroke=int(bool(item.stroke)), fill=int(bool(item.fill)))
    canvas.restoreState()


def _corners(canvas: Canvas, item: Rect) -> None:
    """The four quarter circles of a rounded rectangle, without its straight sides."""
    r = item.radius
    path = canvas.beginPath()
    for cx, cy, start in ((item.x + r, item.y + r, 180), (item.x + item.width - r, item.y + r, 270),
                          (item.x + item.width - r, item.y + item.height - r, 0),
                          (item.x + r, item.y + item.height - r, 90)):
        path.arc(cx - r, cy - r, cx + r, cy + r, startAng=start, extent=90)
    canvas.drawPath(path, stroke=1, fill=0)


def _line(canvas: Canvas, item: Line, ink: _Ink) -> None:
    canvas.saveState()
    if item.line_width <= THIN and item.colour in ink.overprint:
        canvas.setStrokeOverprint(True)
        canvas.setOverprintMask(1)
    canvas.setStrokeColor(ink.colours[item.colour])
    canvas.setLineWidth(item.line_width)
    if item.dash:
        canvas.setDash(list(item.dash))
    canvas.line(item.x1, item.y1, item.x2, item.y2)
    canvas.restoreState()


def _graphic(canvas: Canvas, item: Graphic, ink: _Ink) -> None:
    if item.kind == "logo":
        draw = partial(draw_logo, logo=ink.logo, x=item.x, y=item.y, width=item.width,
                       height=item.height, cmyk=ink.cmyk)
        placements = _LOGO_OPERATORS.get_or_make(ink.logo, lambda logo: Kept(64))
        replay(canvas, placements.get_or_make(
            (item.x, item.y, item.width, item.height, ink.cmyk, canvas._enforceColorSpace),
            lambda: standalone_operators(canvas, draw)), draw)
        return
    colour = ink.colours[item.colour]
    draw = partial(_draw_qr, item=item, colour=colour)
    replay(canvas, _QR_OPERATORS.get_or_make(
        (item.value, item.x, item.y, item.width, item.height, repr(colour),
         canvas._enforceColorSpace), lambda: standalone_operators(canvas, draw)), draw)


# A QR code's operators (hundreds of rectangles), made once per code, place and colour,
# and the logo's (its drawing rendered), once per logo, place and mode: a batch prints
# them at the same places on every piece of a layout.
_QR_OPERATORS: Kept[tuple[str, ...] | None] = Kept(64)
_LOGO_OPERATORS: KeptFor[Any, Kept[tuple[str, ...] | None]] = KeptFor(16)


def _draw_qr(canvas: Canvas, item: Graphic, colour: Any) -> None:
    rows = _qr_runs(item.value)
    border = 4  # the quiet zone of 4 modules is part of the square: nothing can crowd it
    module = item.width / (len(rows) + 2 * border)
    canvas.saveState()
    canvas.setFillColor(colour)
    path = canvas.beginPath()
    top = item.y + item.height - border * module
    for row, runs in enumerate(rows):
        for start, length in runs:
            path.rect(item.x + (border + start) * module, top - (row + 1) * module,
                      length * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


@lru_cache(maxsize=32)
def _qr_runs(value: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The QR code of ``value`` (error correction M) as runs of dark modules per row,
    (first column, length): encoded once per address, however many pieces print it."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.make()
    rows = []
    for modules in code.modules:
        runs, column = [], 0
        for dark, group in itertools.groupby(bool(m) for m in modules):
            length = len(list(group))
            if dark:
                runs.append((column, length))
            column += length
        rows.append(tuple(runs))
    return tuple(rows)


def _pictogram(canvas: Canvas, item: Pictogram, ink: _Ink) -> None:
    draw_pictogram(canvas, ink.pictograms.drawing(item.name), item.x, item.y, item.size,
                   ink.colours[item.colour], ink.colours[item.mark], item.variant,
                   ink.colours[item.paper], ink.colours, ink.cmyk)


DRAW: dict[type, Callable[[Canvas, Any, _Ink], None]] = {
    Text: _text, Rect: _rect, Line: _line, Pictogram: _pictogram, Graphic: _graphic}
