"""Pictograms: the operators kept for a picture are the ones ReportLab draws it with.

A pictogram in one set of colours is drawn from its figure (the canvas calls recorded
from ReportLab's ``renderPDF``) once, on a canvas of its own, and its operators are
written into every page that shows it. The page must get exactly what ReportLab's
``renderPDF`` would have written drawing svglib's drawing of the file there, in office
colours and in press inks; a picture that needs resources of the page (transparency)
is drawn on the page itself.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import copy

from reportlab.graphics import renderPDF
from reportlab.pdfgen.canvas import Canvas

from generator.inputs import pictogram_library
from generator.inputs.figure import Figure, role_key
from generator.inputs.pictogram_library import ROLES, load_library
from generator.inputs.svg import cmyk_drawing, flatten_opacity, nodes, parse_svg
from generator.render import pictograms
from generator.render.pdf import _inks_only, palette_colours

PALETTE = {"primary": "#1F4E79", "accent": "#C0504D", "positive": "#2E7D32",
           "text": "#222222", "muted": "#6B6B6B", "background": "#FFFFFF", "tint": "#E8EEF5"}


@pytest.fixture(scope="module")
def library():
    return load_library(Path("/nonexistent-content-folder"))


def canvas(cmyk: bool) -> Canvas:
    return Canvas(None, invariant=1, enforceColorSpace=_inks_only if cmyk else None)


def drawn_by_reportlab(library, name: str, colours: dict, cmyk: bool) -> list[str]:
    """What ReportLab's renderPDF writes for svglib's drawing of the pictogram's file, its
    placeholders in ``colours``, flattened onto white (and in inks for press)."""
    path = library.entries[name].path
    drawing = copy.deepcopy(parse_svg(path.read_bytes(), path, path, "pictogram", "it",
                                      outside="", prepare=pictogram_library._mark_colours,
                                      flatten=False))
    for node in nodes(drawing):
        for attribute in ("fillColor", "strokeColor"):
            key = role_key(getattr(node, attribute, None))
            if key is not None:
                setattr(node, attribute, colours[key])
    flatten_opacity(drawing)
    page = canvas(cmyk)
    start = len(page._code)
    renderPDF.draw(cmyk_drawing(drawing) if cmyk else drawing, page, 0, 0)
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
        assert list(operators) == drawn_by_reportlab(library, name, kept.colours, cmyk), name
        assert any(op.endswith((" k", " K")) if cmyk else op.endswith((" rg", " RG"))
                   for op in operators), name


def test_a_page_shows_the_kept_operators(library):
    colours = palette_colours(PALETTE, False)
    name = library.names[0]
    drawing = library.drawing(name)
    pages = []
    for _ in range(2):  # the first draw makes the operators, the second reuses them
        page = canvas(False)
        pictograms.draw_pictogram(page, drawing, 10, 20, 30, colours["primary"],
                                  colours["accent"], "dont", colours["background"], colours)
        pages.append(page._code)
    kept = pictograms._coloured(drawing, colours["primary"],
                                tuple(colours[role] for role in ROLES), False)
    body = drawn_by_reportlab(library, name, kept.colours, False)
    assert pages[0] == pages[1]
    assert any(pages[1][i:i + len(body)] == body for i in range(len(pages[1])))


def test_a_transparent_picture_is_drawn_on_its_page():
    half = {"colour": ["rgb", 0.7, 0.1, 0.1, 0.5], "opacity": None, "node": False}
    drawing = Figure.from_data({"format": 1, "width": 48, "height": 48, "calls": [
        ["setFillColor", [half], {}], ["rect", [4, 4, 40, 40], {"stroke": 0, "fill": 1}]]})
    kept = pictograms._Picture(drawing, {}, False)
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


# An organisation's own pictogram with what the built-in ones lack: colour roles,
# half-transparent shapes, a colour of its own, a dash, an ellipse, a polygon.
OWN = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">
  <g stroke-width="2.5" stroke-linecap="round">
    <circle cx="24" cy="24" r="18" fill="accent" fill-opacity="0.4" stroke="currentColor"/>
    <path d="M10 10 L38 38" stroke="primary" stroke-dasharray="3 2" fill="none"/>
    <ellipse cx="24" cy="30" rx="8" ry="4" fill="#336699" opacity="0.5"/>
    <polygon points="5,40 15,30 25,40" fill="tint" stroke="muted" stroke-linejoin="bevel"/>
  </g>
</svg>
"""


@pytest.mark.parametrize("cmyk", [False, True], ids=["office", "press"])
def test_an_own_pictogram_gets_reportlabs_operators(tmp_path, cmyk):
    (tmp_path / "pictograms").mkdir()
    (tmp_path / "pictograms/own-sign.svg").write_text(OWN, encoding="utf-8")
    library = load_library(tmp_path)
    colours = palette_colours(PALETTE, cmyk)
    kept = pictograms._coloured(library.drawing("own-sign"), colours["text"],
                                tuple(colours[role] for role in ROLES), cmyk)
    operators = pictograms._operators(kept, canvas(cmyk))
    assert operators is not None
    assert list(operators) == drawn_by_reportlab(library, "own-sign", kept.colours, cmyk)
    assert " d" in " ".join(operators)   # the dash is drawn
