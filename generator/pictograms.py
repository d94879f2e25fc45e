"""Vector pictograms for the safe-sharing tips, drawn with ReportLab paths.

Each pictogram is drawn in a unit square (0..1, origin bottom-left) that the
caller scales to the printed size, so it stays sharp at any size and adds no
images to the PDF. Strokes are in unit-square terms: 0.05 of a 40 mm pictogram
is a 2 mm line, bold enough to read at 3 m.

The names below are what content files use (``pictogram: face``). The "not"
mark (a circle with a slash) is drawn over each, because every tip says what
to leave out of a photo.
"""
from __future__ import annotations

from typing import Any, Callable

STROKE = 0.05


def _face(c: Any) -> None:
    c.circle(0.5, 0.5, 0.30, stroke=1, fill=0)
    c.circle(0.40, 0.57, 0.035, stroke=0, fill=1)
    c.circle(0.60, 0.57, 0.035, stroke=0, fill=1)
    smile = c.beginPath()
    smile.arc(0.36, 0.30, 0.64, 0.54, startAng=200, extent=140)
    c.drawPath(smile, stroke=1, fill=0)


def _skin(c: Any) -> None:
    """A forearm seen from above: the surface the other marks sit on."""
    c.roundRect(0.14, 0.30, 0.72, 0.40, 0.18, stroke=1, fill=0)


def _scar(c: Any) -> None:
    _skin(c)
    c.line(0.28, 0.42, 0.72, 0.58)
    c.setLineWidth(STROKE * 0.7)
    for t in (0.2, 0.4, 0.6, 0.8):
        x, y = 0.28 + 0.44 * t, 0.42 + 0.16 * t
        c.line(x - 0.03, y + 0.07, x + 0.03, y - 0.07)


def _mole(c: Any) -> None:
    _skin(c)
    c.circle(0.40, 0.52, 0.06, stroke=0, fill=1)
    c.circle(0.62, 0.44, 0.035, stroke=0, fill=1)
    c.circle(0.68, 0.60, 0.025, stroke=0, fill=1)


def _tattoo(c: Any) -> None:
    _skin(c)
    heart = c.beginPath()
    heart.moveTo(0.5, 0.37)
    heart.curveTo(0.30, 0.50, 0.38, 0.68, 0.5, 0.58)
    heart.curveTo(0.62, 0.68, 0.70, 0.50, 0.5, 0.37)
    heart.close()
    c.drawPath(heart, stroke=0, fill=1)


def _background(c: Any) -> None:
    """A photo frame with a house and a tree: a place others can recognise."""
    c.roundRect(0.12, 0.20, 0.76, 0.60, 0.04, stroke=1, fill=0)
    house = c.beginPath()
    house.moveTo(0.24, 0.20)
    house.lineTo(0.24, 0.46)
    house.lineTo(0.38, 0.60)
    house.lineTo(0.52, 0.46)
    house.lineTo(0.52, 0.20)
    c.drawPath(house, stroke=1, fill=0)
    c.rect(0.34, 0.20, 0.08, 0.13, stroke=0, fill=1)
    c.circle(0.70, 0.50, 0.09, stroke=0, fill=1)
    c.line(0.70, 0.20, 0.70, 0.42)


PICTOGRAMS: dict[str, Callable[[Any], None]] = {
    "face": _face,
    "scar": _scar,
    "mole": _mole,
    "tattoo": _tattoo,
    "background": _background,
}


def draw_pictogram(canvas: Any, name: str, x: float, y: float, size: float,
                   ink: Any, mark: Any) -> None:
    """Draw pictogram ``name`` in the square (x, y, size) with a "not" mark over it."""
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size, size)
    canvas.setLineJoin(1)
    canvas.setLineCap(1)
    canvas.setStrokeColor(ink)
    canvas.setFillColor(ink)
    canvas.setLineWidth(STROKE)
    PICTOGRAMS[name](canvas)
    canvas.setStrokeColor(mark)
    canvas.setLineWidth(STROKE * 1.3)
    canvas.circle(0.5, 0.5, 0.46, stroke=1, fill=0)
    offset = 0.46 * 0.7071
    canvas.line(0.5 - offset, 0.5 + offset, 0.5 + offset, 0.5 - offset)
    canvas.restoreState()
