"""Vector pictograms for the safe-sharing tips, drawn with ReportLab paths.

Each pictogram is drawn in a unit square (0..1, origin bottom-left) that the
caller scales to the printed size, so it stays sharp at any size and adds no
images to the PDF. Strokes are in unit-square terms: 0.05 of a 40 mm pictogram
is a 2 mm line, bold enough to read at 3 m.

The names below are what content files use (``pictogram: face``). Each tip
has two pictures made of the same parts: the photo that ``shows`` the feature
and the ``safe`` photo without it. A variant picks the picture and its mark:

- ``not``: the feature with a "not" mark (a circle with a slash), for staff;
- ``dont``: the feature with a cross, and ``do``: the safe photo with a tick,
  side by side on the easy-read poster, where a mark must be read at a glance.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..model.schema import PICTOGRAMS as NAMES

STROKE = 0.05
Part = Callable[[Any], None]


def _face(c: Any) -> None:
    c.circle(0.5, 0.5, 0.30, stroke=1, fill=0)
    c.circle(0.40, 0.57, 0.035, stroke=0, fill=1)
    c.circle(0.60, 0.57, 0.035, stroke=0, fill=1)
    smile = c.beginPath()
    smile.arc(0.36, 0.30, 0.64, 0.54, startAng=200, extent=140)
    c.drawPath(smile, stroke=1, fill=0)


def _skin(c: Any) -> None:
    """A forearm and hand, palm down: the skin the other marks sit on.

    The arm runs in from the left edge, as if cropped from a photo; the hand
    (fingers together, thumb up) tells at a glance that this is an arm.
    """
    arm = c.beginPath()
    arm.moveTo(0.06, 0.38)
    arm.lineTo(0.58, 0.38)
    arm.curveTo(0.66, 0.31, 0.84, 0.31, 0.90, 0.39)
    arm.curveTo(0.96, 0.46, 0.94, 0.56, 0.86, 0.58)
    arm.lineTo(0.75, 0.58)
    arm.curveTo(0.77, 0.66, 0.74, 0.73, 0.68, 0.72)
    arm.curveTo(0.63, 0.71, 0.63, 0.65, 0.59, 0.62)
    arm.lineTo(0.06, 0.62)
    c.drawPath(arm, stroke=1, fill=0)
    c.setLineWidth(STROKE * 0.7)
    for y in (0.44, 0.51):  # between the fingers
        c.line(0.80, y, 0.90, y)
    c.setLineWidth(STROKE)


def _scar(c: Any) -> None:
    c.line(0.14, 0.44, 0.50, 0.56)
    c.setLineWidth(STROKE * 0.7)
    for t in (0.2, 0.4, 0.6, 0.8):
        x, y = 0.14 + 0.36 * t, 0.44 + 0.12 * t
        c.line(x - 0.025, y + 0.06, x + 0.025, y - 0.06)


def _mole(c: Any) -> None:
    c.circle(0.22, 0.52, 0.05, stroke=0, fill=1)
    c.circle(0.38, 0.45, 0.035, stroke=0, fill=1)
    c.circle(0.48, 0.55, 0.025, stroke=0, fill=1)


def _tattoo(c: Any) -> None:
    heart = c.beginPath()
    heart.moveTo(0.32, 0.41)
    heart.curveTo(0.17, 0.50, 0.23, 0.63, 0.32, 0.56)
    heart.curveTo(0.41, 0.63, 0.47, 0.50, 0.32, 0.41)
    heart.close()
    c.drawPath(heart, stroke=0, fill=1)


def _frame(c: Any) -> None:
    """A photo: the frame the background and the cropped picture sit in."""
    c.roundRect(0.12, 0.20, 0.76, 0.60, 0.04, stroke=1, fill=0)


def _place(c: Any) -> None:
    """A house and a tree: a place others can recognise."""
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


def _body(c: Any) -> None:
    """Shoulders and neck in a T-shirt: a photo cropped below the chin, no face in it."""
    body = c.beginPath()
    body.moveTo(0.15, 0.20)
    body.lineTo(0.15, 0.46)
    body.curveTo(0.15, 0.60, 0.26, 0.65, 0.41, 0.66)
    body.lineTo(0.41, 0.80)
    body.moveTo(0.59, 0.80)
    body.lineTo(0.59, 0.66)
    body.curveTo(0.74, 0.65, 0.85, 0.60, 0.85, 0.46)
    body.lineTo(0.85, 0.20)
    body.moveTo(0.41, 0.66)  # the neckline
    body.lineTo(0.50, 0.56)
    body.lineTo(0.59, 0.66)
    body.moveTo(0.28, 0.20)  # where the arms meet the body
    body.lineTo(0.28, 0.44)
    body.moveTo(0.72, 0.20)
    body.lineTo(0.72, 0.44)
    c.drawPath(body, stroke=1, fill=0)


@dataclass(frozen=True)
class Drawing:
    """A tip's two pictures, each a sequence of parts drawn in the unit square."""

    shows: tuple[Part, ...]  # the photo with the recognisable feature
    safe: tuple[Part, ...]   # the same kind of photo without it


PICTOGRAMS: dict[str, Drawing] = {
    "face": Drawing(shows=(_face,), safe=(_frame, _body)),
    "scar": Drawing(shows=(_skin, _scar), safe=(_skin,)),
    "mole": Drawing(shows=(_skin, _mole), safe=(_skin,)),
    "tattoo": Drawing(shows=(_skin, _tattoo), safe=(_skin,)),
    "background": Drawing(shows=(_frame, _place), safe=(_frame, _body)),
}
assert tuple(PICTOGRAMS) == NAMES, "every pictogram a tip may name has a drawing"


def _not(c: Any, mark: Any, paper: Any) -> None:
    c.setStrokeColor(mark)
    c.setLineWidth(STROKE * 1.3)
    c.circle(0.5, 0.5, 0.46, stroke=1, fill=0)
    offset = 0.46 * 0.7071
    c.line(0.5 - offset, 0.5 + offset, 0.5 + offset, 0.5 - offset)


# The cross and tick sit on a filled disc in the lower right, ringed with the
# paper colour so they stand clear of the picture they overlap.
BADGE_X, BADGE_Y, BADGE_R = 0.80, 0.20, 0.17


def _badge(c: Any, mark: Any, paper: Any) -> None:
    c.setFillColor(paper)
    c.circle(BADGE_X, BADGE_Y, BADGE_R + STROKE, stroke=0, fill=1)
    c.setFillColor(mark)
    c.circle(BADGE_X, BADGE_Y, BADGE_R, stroke=0, fill=1)
    c.setStrokeColor(paper)
    c.setLineWidth(STROKE * 1.2)


def _cross(c: Any, mark: Any, paper: Any) -> None:
    _badge(c, mark, paper)
    arm = BADGE_R * 0.45
    c.line(BADGE_X - arm, BADGE_Y - arm, BADGE_X + arm, BADGE_Y + arm)
    c.line(BADGE_X - arm, BADGE_Y + arm, BADGE_X + arm, BADGE_Y - arm)


def _tick(c: Any, mark: Any, paper: Any) -> None:
    _badge(c, mark, paper)
    tick = c.beginPath()
    tick.moveTo(BADGE_X - BADGE_R * 0.50, BADGE_Y + BADGE_R * 0.02)
    tick.lineTo(BADGE_X - BADGE_R * 0.12, BADGE_Y - BADGE_R * 0.38)
    tick.lineTo(BADGE_X + BADGE_R * 0.52, BADGE_Y + BADGE_R * 0.40)
    c.drawPath(tick, stroke=1, fill=0)


@dataclass(frozen=True)
class Variant:
    picture: str                               # "shows" or "safe"
    mark: Callable[[Any, Any, Any], None]      # drawn over it: (canvas, mark, paper)
    scale: float = 1.0                         # the picture shrinks toward the top left


# A picture at this scale leaves the lower-right corner to the badge, so the
# cross or tick never hides the feature (the hand, a mole) it is about.
BADGE_ROOM = 0.82

VARIANTS: dict[str, Variant] = {
    "not": Variant("shows", _not),
    "dont": Variant("shows", _cross, BADGE_ROOM),
    "do": Variant("safe", _tick, BADGE_ROOM),
}


def draw_pictogram(canvas: Any, name: str, x: float, y: float, size: float,
                   ink: Any, mark: Any, variant: str = "not", paper: Any = None) -> None:
    """Draw pictogram ``name`` in the square (x, y, size) as ``variant`` with its mark."""
    chosen = VARIANTS[variant]
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size, size)
    canvas.setLineJoin(1)
    canvas.setLineCap(1)
    canvas.setStrokeColor(ink)
    canvas.setFillColor(ink)
    canvas.setLineWidth(STROKE)
    canvas.saveState()
    canvas.translate(0, 1 - chosen.scale)
    canvas.scale(chosen.scale, chosen.scale)
    for part in getattr(PICTOGRAMS[name], chosen.picture):
        part(canvas)
    canvas.restoreState()
    chosen.mark(canvas, mark, paper)
    canvas.restoreState()
