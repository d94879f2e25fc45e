"""Pictograms: the operators kept for a picture are the ones ReportLab draws it with.

A pictogram in one set of colours is walked through ReportLab's ``renderPDF`` once, on
a canvas of its own, and its operators are written into every page that shows it. The
page must get exactly what drawing the picture there would have written, in office
colours and in press inks; a picture that needs resources of the page (transparency)
is drawn on the page itself.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.pdfgen.canvas import Canvas

from generator.inputs.pictogram_library import ROLES, load_library
from generator.render import pictograms
from generator.render.pdf import _inks_only, palette_colours

PALETTE = {"primary": "#1F4E79", "accent": "#C0504D", "positive": "#2E7D32",
           "text": "#222222", "muted": "#6B6B6B", "background": "#FFFFFF", "tint": "#E8EEF5"}


@pytest.fixture(scope="module")
def library():
    return load_library(Path("/nonexistent-content-folder"))


def canvas(cmyk: bool) -> Canvas:
    return Canvas(None, invariant=1, enforceColorSpace=_inks_only if cmyk else None)


def drawn_by_reportlab(picture, cmyk: bool) -> list[str]:
    page = canvas(cmyk)
    start = len(page._code)
    renderPDF.draw(picture, page, 0, 0)
    return page._code[start:]


@pytest.mark.parametrize("cmyk", [False, True], ids=["office", "press"])
def test_every_pictogram_gets_reportlabs_operators(library, cmyk):
    colours = palette_colours(PALETTE, cmyk)
    roles = tuple(colours[role] for role in ROLES)
    for name in library.names:
        drawing = library.drawing(name)
        kept = pictograms._coloured(drawing, colours["primary"], roles, cmyk)
        operators = pictograms._operators(kept, canvas(cmyk))
        assert operators is not None, name
        assert list(operators) == drawn_by_reportlab(kept.picture, cmyk), name
        assert any(op.endswith((" k", " K")) if cmyk else op.endswith((" rg", " RG"))
                   for op in operators), name


def test_a_page_shows_the_kept_operators(library):
    colours = palette_colours(PALETTE, False)
    drawing = library.drawing(library.names[0])
    pages = []
    for _ in range(2):  # the first draw makes the operators, the second reuses them
        page = canvas(False)
        pictograms.draw_pictogram(page, drawing, 10, 20, 30, colours["primary"],
                                  colours["accent"], "dont", colours["background"], colours)
        pages.append(page._code)
    kept = pictograms._coloured(drawing, colours["primary"],
                                tuple(colours[role] for role in ROLES), False)
    body = drawn_by_reportlab(kept.picture, False)
    assert pages[0] == pages[1]
    assert any(pages[1][i:i + len(body)] == body for i in range(len(pages[1])))


def test_a_transparent_picture_is_drawn_on_its_page():
    drawing = Drawing(48, 48)
    drawing.add(Rect(4, 4, 40, 40, fillColor=palette_colours(PALETTE, False)["accent"],
                     fillOpacity=0.5, strokeColor=None))
    kept = pictograms._Picture(drawing, drawing)
    assert pictograms._operators(kept, canvas(False)) is None


@pytest.mark.parametrize("cmyk", [False, True], ids=["office", "press"])
@pytest.mark.parametrize("variant", sorted(pictograms.VARIANTS))
def test_a_mark_gets_reportlabs_operators(variant, cmyk):
    colours = palette_colours(PALETTE, cmyk)
    theirs = canvas(cmyk)
    theirs.setLineJoin(1)
    theirs.setLineCap(1)
    theirs.setLineWidth(pictograms.STROKE)
    pictograms.VARIANTS[variant].mark(theirs, colours["accent"], colours["background"])
    for _ in range(2):  # made, then kept
        ours = canvas(cmyk)
        pictograms._draw_mark(ours, variant, colours["accent"], colours["background"])
        assert ours._code == theirs._code
