"""Prepress stage: where a laid-out piece lands on the paper, and the marks around it.

The render stage draws each page of a piece once (as a PDF form XObject) and
places it wherever an :class:`Imposition` says, so a sheet of ten cards costs
little more than one card. Three impositions exist:

- :func:`single`: the piece alone at its finished size (office mode);
- :func:`office_sheet`: as many copies as fit on the office sheet inside the
  unprintable edge, sharing cut lines, with cut marks, fold ticks, cut guides
  and a printing note; backs placed so long-edge duplex puts each back behind
  its own front, shifted by the measured duplex offset;
- :func:`press_piece`: one piece with real bleed, crop and fold marks outside
  the bleed, TrimBox/BleedBox and a slug line (press mode).

Geometry is in PDF points, y up. Matrices are PDF affine matrices
``(a, b, c, d, e, f)``: x' = a x + c y + e, y' = b x + d y + f.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..inputs import fonts
from ..errors import InputError, Where
from ..model.sheet import NOTE_SIZE, Grid, fit_grid
from ..layout.items import Document, Item, Line, Page, Rect, Text
from ..units import MM

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)

MARK_WIDTH = 0.25           # pt, crop and cut marks (PRINT.md)
PRESS_MARK_GAP = 1.0 * MM   # between the bleed edge and the start of a crop mark
PRESS_MARK_LENGTH = 6.0 * MM
PRESS_SLUG = 9.0 * MM       # room for two slug lines outside the marks
SLUG_EDGE = 2.0 * MM        # slug text keeps this far from the sheet's edges
FOLD_DASH = (3, 2)


@dataclass(frozen=True)
class Placement:
    page: int                      # which page of the piece
    matrix: Matrix                 # piece coordinates -> output page coordinates
    overlay: tuple[Item, ...] = ()  # drawn on top, in piece coordinates (cut guides)


@dataclass(frozen=True)
class OutputPage:
    placements: tuple[Placement, ...]
    marks: tuple[Item, ...] = ()   # in output page coordinates


@dataclass(frozen=True)
class Imposition:
    width: float                   # MediaBox
    height: float
    trim: tuple[float, float, float, float] | None   # TrimBox, None: the MediaBox
    bleed: tuple[float, float, float, float] | None  # BleedBox
    pages: tuple[OutputPage, ...]
    up: int = 1
    sheet: bool = False
    bleed_pt: float = 0.0          # how far fills touching the trim reach beyond it


def compose_matrix(outer: Matrix, inner: Matrix) -> Matrix:
    """The matrix that applies ``inner`` first, then ``outer``."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a2 * a1 + c2 * b1, b2 * a1 + d2 * b1, a2 * c1 + c2 * d1, b2 * c1 + d2 * d1,
            a2 * e1 + c2 * f1 + e2, b2 * e1 + d2 * f1 + f2)


def apply(matrix: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return (a * x + c * y + e, b * x + d * y + f)


def turn_over(width: float) -> Matrix:
    """Turning a piece or sheet over its vertical axis (long-edge flip of a portrait sheet)."""
    return (-1, 0, 0, 1, width, 0)


def single(document: Document, guides: bool = False) -> Imposition:
    """The piece alone; with ``guides``, its cut guides (slot, rounded corners) drawn on it."""
    overlay = _cut_guides(document) if guides else ()
    pages = []
    for index in range(len(document.pages)):
        # guides are given as seen on the front; on a back they are mirrored
        drawn = overlay if index % 2 == 0 else tuple(_mirror(item, document.width)
                                                      for item in overlay)
        pages.append(OutputPage((Placement(index, IDENTITY, drawn),)))
    return Imposition(document.width, document.height, None, None, tuple(pages))


def _mirror(item: Rect, width: float) -> Rect:
    return replace(item, x=width - item.x - item.width)


# --- office sheets ------------------------------------------------------------------

def grid_for(document: Document) -> Grid:
    grid = fit_grid(document.width, document.height, document.sheet)
    if grid is None:  # layouts.check_geometry refuses such a layout with its file and line
        raise ValueError(f"layout {document.layout}: the piece does not fit its sheet")
    return grid


def office_sheet(document: Document, notes: dict[str, str],
                 duplex_offset: tuple[float, float] = (0.0, 0.0),
                 where: Where = None) -> Imposition:
    """Copies of the piece on the office sheet; backs behind their fronts after a long-edge flip.

    ``duplex_offset`` (mm) is what the calibration sheet showed: how far the back
    lands right (x) and lower (y) than it should, seen from the front. The backs
    are moved to cancel it. ``where`` is the layout's sheet, for an error.
    """
    sheet = document.sheet
    grid = grid_for(document)
    width, height = sheet.width * MM, sheet.height * MM
    fronts: list[Matrix] = []
    for row in range(grid.rows):
        for col in range(grid.cols):
            x = grid.left + col * grid.cell_w
            y = grid.bottom + (grid.rows - 1 - row) * grid.cell_h
            if grid.rotated:  # a quarter turn counter-clockwise, then into the cell
                fronts.append((0, 1, -1, 0, x + grid.cell_w, y))
            else:
                fronts.append((1, 0, 0, 1, x, y))
    guides = _cut_guides(document)
    shift = (duplex_offset[0] * MM, duplex_offset[1] * MM)
    sides = len(document.pages)
    pages = []
    for index in range(sides):
        back = index % 2 == 1
        placements = []
        for front in fronts:
            if back:
                matrix = compose_matrix(turn_over(width),
                                        compose_matrix(front, turn_over(document.width)))
                matrix = matrix[:4] + (matrix[4] + shift[0], matrix[5] + shift[1])
                # the back's guides: the same slot and corners, as seen from the back
                placements.append(Placement(index, matrix, tuple(
                    _mirror(guide, document.width) for guide in guides)))
            else:
                placements.append(Placement(index, front, guides))
        marks = [] if back else _cut_marks(grid, document) + _fold_ticks(grid, fronts, document)
        marks += _note(grid, document, notes, back, sides, where)
        pages.append(OutputPage(tuple(placements), tuple(marks)))
    return Imposition(width, height, None, None, tuple(pages), up=grid.up, sheet=True)


def _cut_guides(document: Document) -> tuple[Rect, ...]:
    """Rounded corners and slots as thin dashed outlines, for scissors or a punch."""
    guides = tuple(document.guides)
    if document.corner_radius:
        guides += (Rect(0, 0, document.width, document.height, stroke="muted",
                        line_width=MARK_WIDTH, radius=document.corner_radius),)
    return guides


def _cut_marks(grid: Grid, document: Document) -> list[Item]:
    sheet = document.sheet
    gap, length = sheet.mark_gap * MM, sheet.mark_length * MM
    top, right = grid.bottom + grid.rows * grid.cell_h, grid.left + grid.cols * grid.cell_w
    marks: list[Item] = []
    for col in range(grid.cols + 1):
        x = grid.left + col * grid.cell_w
        marks.append(Line(x, top + gap, x, top + gap + length, "black", MARK_WIDTH))
        marks.append(Line(x, grid.bottom - gap, x, grid.bottom - gap - length, "black", MARK_WIDTH))
    for row in range(grid.rows + 1):
        y = grid.bottom + row * grid.cell_h
        marks.append(Line(grid.left - gap, y, grid.left - gap - length, y, "black", MARK_WIDTH))
        marks.append(Line(right + gap, y, right + gap + length, y, "black", MARK_WIDTH))
    return marks


def _fold_ticks(grid: Grid, fronts: list[Matrix], document: Document) -> list[Item]:
    """Short dashed ticks in the margin where a fold line meets the edge of the grid."""
    sheet = document.sheet
    gap, length = sheet.mark_gap * MM, sheet.mark_length * MM
    top, right = grid.bottom + grid.rows * grid.cell_h, grid.left + grid.cols * grid.cell_w
    ticks: set[tuple[float, float, float, float]] = set()
    for matrix in fronts:
        for fold in document.pages[0].folds:
            for end in (0.0, document.height):
                x, y = apply(matrix, fold, end)
                if math.isclose(y, top, abs_tol=0.01):
                    ticks.add((x, top + gap, x, top + gap + length))
                elif math.isclose(y, grid.bottom, abs_tol=0.01):
                    ticks.add((x, grid.bottom - gap, x, grid.bottom - gap - length))
                elif math.isclose(x, grid.left, abs_tol=0.01):
                    ticks.add((grid.left - gap, y, grid.left - gap - length, y))
                elif math.isclose(x, right, abs_tol=0.01):
                    ticks.add((right + gap, y, right + gap + length, y))
    return [Line(*tick, "black", MARK_WIDTH, FOLD_DASH) for tick in sorted(ticks)]


def _note(grid: Grid, document: Document, notes: dict[str, str], back: bool,
          sides: int, where: Where) -> list[Item]:
    """How to print the sheet, in small print along the left margin (reading upwards)."""
    sheet = document.sheet
    side = notes["back"] if back else notes["front"]
    howto = notes["howto_duplex"] if sides > 1 else notes["howto_single"]
    text = f"{side} · {document.topic}-{document.product}-{document.layout} · {howto}"
    if document.pages[0].folds:
        text += " " + notes["fold"]
    # Turned a quarter counter-clockwise, the ascent reaches towards the sheet edge.
    x = sheet.margin * MM + fonts.ascent_descent("regular")[0] * NOTE_SIZE
    length = fonts.width(text, "regular", NOTE_SIZE)
    if length > sheet.height * MM - 2 * sheet.margin * MM:
        raise InputError(f"the printing note, {length / MM:.0f} mm long, does not fit along "
                         f"the {sheet.height:g} mm print sheet: {text}", where=where,
                         field="sheet", hint="make the sheet taller, or the labels "
                                             "sheet_howto_duplex and sheet_fold shorter")
    y = (sheet.height * MM - length) / 2
    return [Text(x, y, text, "regular", NOTE_SIZE, "black", "sheet.note", angle=90)]


# --- press ------------------------------------------------------------------------------

def press_piece(document: Document, bleed_mm: float, slug: tuple[str, ...]) -> Imposition:
    """The piece with bleed, crop marks outside the bleed, fold marks and a slug line
    made of ``slug``'s parts (two lines where one does not fit a narrow piece)."""
    bleed = bleed_mm * MM
    margin = bleed + PRESS_MARK_GAP + PRESS_MARK_LENGTH + PRESS_SLUG
    width, height = document.width + 2 * margin, document.height + 2 * margin
    trim = (margin, margin, margin + document.width, margin + document.height)
    bleed_box = (margin - bleed, margin - bleed, trim[2] + bleed, trim[3] + bleed)
    offset = (1, 0, 0, 1, margin, margin)
    pages = []
    for index, page in enumerate(document.pages):
        marks = _crop_marks(trim, bleed) + _press_fold_marks(trim, bleed, page)
        marks += _slug(slug, width, document)
        pages.append(OutputPage((Placement(index, offset),), tuple(marks)))
    return Imposition(width, height, trim, bleed_box, tuple(pages), bleed_pt=bleed)


def _slug(parts: tuple[str, ...], width: float, document: Document) -> list[Item]:
    room = width - 2 * SLUG_EDGE
    lines: list[str] = []
    for part in parts:
        joined = f"{lines[-1]} · {part}" if lines else part
        if lines and fonts.width(joined, "regular", NOTE_SIZE) <= room:
            lines[-1] = joined
        else:
            lines.append(part)
    if len(lines) > 2 or any(fonts.width(line, "regular", NOTE_SIZE) > room for line in lines):
        raise InputError("the slug line (file, layout, version, date) does not fit beside this "
                         f"{document.width / MM:g} mm piece", field=f"layout {document.layout}",
                         hint="use shorter topic or layout names")
    leading = NOTE_SIZE * 1.2
    top = PRESS_SLUG - SLUG_EDGE - fonts.ascent_descent("regular")[0] * NOTE_SIZE
    return [Text(SLUG_EDGE, top - number * leading, line, "regular", NOTE_SIZE, "registration",
                 "slug") for number, line in enumerate(lines)]


def _crop_marks(trim: tuple[float, float, float, float], bleed: float) -> list[Item]:
    x0, y0, x1, y1 = trim
    near, far = bleed + PRESS_MARK_GAP, bleed + PRESS_MARK_GAP + PRESS_MARK_LENGTH
    marks: list[Item] = []
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            marks.append(Line(x + sx * near, y, x + sx * far, y, "registration", MARK_WIDTH))
            marks.append(Line(x, y + sy * near, x, y + sy * far, "registration", MARK_WIDTH))
    return marks


def _press_fold_marks(trim, bleed: float, page: Page) -> list[Item]:
    x0, y0, _x1, y1 = trim
    near, far = bleed + PRESS_MARK_GAP, bleed + PRESS_MARK_GAP + PRESS_MARK_LENGTH
    marks: list[Item] = []
    for fold in page.folds:
        x = x0 + fold
        marks.append(Line(x, y1 + near, x, y1 + far, "registration", MARK_WIDTH, FOLD_DASH))
        marks.append(Line(x, y0 - near, x, y0 - far, "registration", MARK_WIDTH, FOLD_DASH))
    return marks


def extend_into_bleed(document: Document, bleed: float) -> Document:
    """Fills that touch the trim edge reach ``bleed`` beyond it, so trimming leaves no white."""
    def extend(item: Item) -> Item:
        if not (isinstance(item, Rect) and item.fill) or bleed <= 0:
            return item
        x0, y0 = item.x, item.y
        x1, y1 = item.x + item.width, item.y + item.height
        if math.isclose(x0, 0, abs_tol=0.01):
            x0 -= bleed
        if math.isclose(y0, 0, abs_tol=0.01):
            y0 -= bleed
        if math.isclose(x1, document.width, abs_tol=0.01):
            x1 += bleed
        if math.isclose(y1, document.height, abs_tol=0.01):
            y1 += bleed
        return replace(item, x=x0, y=y0, width=x1 - x0, height=y1 - y0)

    pages = tuple(replace(page, items=tuple(extend(item) for item in page.items))
                  for page in document.pages)
    return replace(document, pages=pages)
