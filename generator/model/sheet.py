"""How many copies of a piece fit on its office print sheet.

Pure geometry of the layout file, so the model can refuse a sheet that cannot
hold one piece (with the layout's file and line) before anything is drawn, and
prepress places the copies by the same numbers.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..units import MM

NOTE_SIZE = 7.0  # pt, printing notes and slug lines: nothing on paper is smaller


@dataclass(frozen=True)
class Grid:
    cols: int
    rows: int
    rotated: bool                  # the piece is turned 90 degrees on the sheet
    cell_w: float                  # pt, size of one piece as it lies on the sheet
    cell_h: float
    left: float                    # pt, lower-left corner of the grid
    bottom: float

    @property
    def up(self) -> int:
        return self.cols * self.rows


def fit_grid(width: float, height: float, sheet) -> Grid | None:
    """The most copies of a ``width`` x ``height`` (pt) piece that fit inside the
    unprintable edge, leaving room for marks; None when not even one fits."""
    border = (sheet.margin + sheet.mark_length + sheet.mark_gap) * MM
    room_w, room_h = sheet.width * MM - 2 * border, sheet.height * MM - 2 * border
    best = None
    for rotated in (False, True):
        w, h = (height, width) if rotated else (width, height)
        cols, rows = max(0, int(room_w // w)), max(0, int(room_h // h))
        if best is None or cols * rows > best[0] * best[1]:
            best = (cols, rows, rotated, w, h)
    if best is None:
        return None
    cols, rows, rotated, w, h = best
    if cols * rows == 0:
        return None
    left = (sheet.width * MM - cols * w) / 2
    bottom = (sheet.height * MM - rows * h) / 2
    return Grid(cols, rows, rotated, w, h, left, bottom)


def sheet_problem(width_mm: float, height_mm: float, sheet) -> tuple[str, str] | None:
    """Why copies of a piece cannot go on its office sheet, as (message, hint), or None.

    Checked with the layout's other geometry, so a sheet that cannot work is
    refused with the layout file and line before anything is drawn."""
    grid = fit_grid(width_mm * MM, height_mm * MM, sheet)
    if grid is None:
        return (f"the {width_mm:g} x {height_mm:g} mm piece does not fit on the "
                f"{sheet.width:g} x {sheet.height:g} mm print sheet with its margins",
                "use a larger sheet or a smaller margin in the layout's `sheet:`")
    if note_room(grid, sheet) < NOTE_SIZE * 1.3:
        return ("the print sheet has no room for its printing note",
                "make the sheet's margin or mark_length smaller")
    return None


def note_room(grid: Grid, sheet) -> float:
    """Room (pt) for the printing note between the sheet's margin and the cut marks."""
    return grid.left - (sheet.mark_gap + sheet.mark_length + sheet.margin) * MM


