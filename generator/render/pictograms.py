"""Pictograms on the page: a library drawing, in its colours, with the tip's mark.

The drawing comes from the pictogram library (:mod:`generator.inputs.pictogram_library`),
so it stays a vector at any size. The mark comes from the tip, never from the
picture: a "don't" tip gets a red cross, a "do" tip a green tick, a tip without
a kind no mark. Cross and tick differ in shape as well as colour, so they read
without colour vision; each sits on a disc ringed with the paper colour in the
lower-right corner, and the picture shrinks toward the top left to leave it room,
so the mark never hides the detail (a mole, a scar) the tip is about.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Callable

from ..inputs.pictogram_library import ROLES

STROKE = 0.05  # the marks' line weight, as a share of the pictogram's size


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


def _none(c: Any, mark: Any, paper: Any) -> None:
    return None


@dataclass(frozen=True)
class Variant:
    mark: Callable[[Any, Any, Any], None]      # drawn over it: (canvas, mark, paper)
    scale: float = 1.0                         # the picture shrinks toward the top left


# A picture at this scale leaves the lower-right corner to the badge.
BADGE_ROOM = 0.82

VARIANTS: dict[str, Variant] = {
    "plain": Variant(_none),
    "dont": Variant(_cross, BADGE_ROOM),
    "do": Variant(_tick, BADGE_ROOM),
}


def draw_pictogram(canvas: Any, drawing: Any, x: float, y: float, size: float, ink: Any,
                   mark: Any, variant: str, paper: Any, palette: dict[str, Any],
                   cmyk: bool = False) -> None:
    """Draw a pictogram's ``drawing`` (a :class:`~generator.inputs.figure.Figure`) in the
    square (x, y, size) as ``variant``: ``ink`` for its currentColor, ``palette`` for
    colour roles it names, ``mark`` for the badge."""
    chosen = VARIANTS[variant]
    canvas.saveState()
    canvas.translate(x, y)
    inner = size * chosen.scale
    scale = inner / max(drawing.width, drawing.height)  # never stretched: centred instead
    canvas.saveState()
    canvas.translate((inner - drawing.width * scale) / 2,
                     size - inner + (inner - drawing.height * scale) / 2)
    canvas.scale(scale, scale)
    drawing.draw(canvas, {"ink": ink, **{role: palette[role] for role in ROLES}}, cmyk)
    canvas.restoreState()
    canvas.scale(size, size)
    canvas.setLineJoin(1)
    canvas.setLineCap(1)
    canvas.setLineWidth(STROKE)
    chosen.mark(canvas, mark, paper)
    canvas.restoreState()
