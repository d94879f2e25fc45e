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
from ..memo import Kept

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


@dataclass
class _Picture:
    """A pictogram's drawing (a :class:`~generator.inputs.figure.Figure`) in one set of
    colours, and once drawn, its operators."""

    drawing: Any                          # kept, so its id stays its own
    colours: dict[str, Any]
    cmyk: bool
    operators: tuple[str, ...] | None = None
    drawn: bool = False

    def draw(self, canvas: Any) -> None:
        self.drawing.draw(canvas, self.colours, self.cmyk)


_COLOURED: Kept[_Picture] = Kept(512)


def _coloured(drawing: Any, ink: Any, roles: tuple, cmyk: bool) -> _Picture:
    """The drawing in these colours, kept per drawing and colours: a poster draws a
    pictogram twice, and a batch of profiles the same ones again and again."""
    return _COLOURED.get_or_make(
        (id(drawing), repr(ink), repr(roles), cmyk),
        lambda: _Picture(drawing, {"ink": ink, **dict(zip(ROLES, roles))}, cmyk))


def _operators(kept: _Picture, canvas: Any) -> tuple[str, ...] | None:
    """The content operators the picture's drawing writes, made once: replaying its
    calls costs more than the operators do, and a batch draws the same picture in
    document after document."""
    if not kept.drawn:
        kept.operators = standalone_operators(canvas, kept.draw)
        kept.drawn = True
    return kept.operators


def standalone_operators(canvas: Any, draw: Callable[[Any], None]) -> tuple[str, ...] | None:
    """What ``draw(canvas)`` writes, drawn on a canvas of its own with ``canvas``'s colour
    rules, to be written into any page as it is: ``None`` when it left something in the
    canvas's resources (transparency, a spot colour, a font, an image), which a page
    would have to hold itself (a pictogram or a mark has none)."""
    from reportlab.pdfgen.canvas import Canvas

    scratch = Canvas(None, invariant=1, enforceColorSpace=canvas._enforceColorSpace)
    objects, fonts = len(scratch._doc.idToObject), dict(scratch._doc.fontMapping)
    start = len(scratch._code)
    draw(scratch)
    alone = (len(scratch._doc.idToObject) == objects and scratch._doc.fontMapping == fonts
             and not (scratch._colorsUsed or scratch._shadingUsed or scratch._formsinuse
                      or scratch._extgstate._c or scratch._annotationrefs))
    return tuple(scratch._code[start:]) if alone else None


_MARKS: Kept[tuple[str, ...] | None] = Kept(64)


def _draw_mark(canvas: Any, variant: str, mark: Any, paper: Any) -> None:
    """The variant's mark in the unit square, its operators made once per mark and colours."""
    def draw(target: Any) -> None:
        target.setLineJoin(1)
        target.setLineCap(1)
        target.setLineWidth(STROKE)
        VARIANTS[variant].mark(target, mark, paper)

    replay(canvas, _MARKS.get_or_make((variant, repr(mark), repr(paper),
                                       canvas._enforceColorSpace),
                                      lambda: standalone_operators(canvas, draw)), draw)


def replay(canvas: Any, operators: tuple[str, ...] | None,
           draw: Callable[[Any], None]) -> None:
    """Write the kept ``operators`` into the page, or, where they could not be kept
    (see :func:`standalone_operators`), ``draw`` on the page itself."""
    if operators is None:
        draw(canvas)
    else:
        canvas._code.extend(operators)


def draw_pictogram(canvas: Any, drawing: Any, x: float, y: float, size: float, ink: Any,
                   mark: Any, variant: str, paper: Any, palette: dict[str, Any],
                   cmyk: bool = False) -> None:
    """Draw a pictogram's ``drawing`` (a :class:`~generator.inputs.figure.Figure`) in the
    square (x, y, size) as ``variant``: ``ink`` for its currentColor, ``palette`` for
    colour roles it names, ``mark`` for the badge."""
    chosen = VARIANTS[variant]
    kept = _coloured(drawing, ink, tuple(palette[role] for role in ROLES), cmyk)
    canvas.saveState()
    canvas.translate(x, y)
    inner = size * chosen.scale
    scale = inner / max(drawing.width, drawing.height)  # never stretched: centred instead
    canvas.saveState()
    canvas.translate((inner - drawing.width * scale) / 2,
                     size - inner + (inner - drawing.height * scale) / 2)
    canvas.scale(scale, scale)
    replay(canvas, _operators(kept, canvas), kept.draw)
    canvas.restoreState()
    canvas.scale(size, size)
    _draw_mark(canvas, variant, mark, paper)
    canvas.restoreState()
