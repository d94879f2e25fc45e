"""QR codes and logos: the operators kept for one are the ones drawing it writes on the page.

A code is drawn once per value, place and colour, a logo once per logo, place and
mode, on a canvas of its own, and the operators are written into every page that
prints it; the page must get exactly what drawing it there writes, in office colours
and in press inks, however many times it is printed and wherever the page's own state
stands. A logo that needs the page's resources (a PNG is an image) is drawn on the page.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from generator.inputs.logo import draw as draw_logo
from generator.inputs.logo import load_logo
from generator.layout.items import Graphic
from generator.render import pdf

FIXTURES = Path(__file__).parents[2] / "fixtures"

PALETTE = {"primary": "#1F4E79", "text": "#222222"}


def ink(cmyk: bool, logo=None):
    colours = pdf.palette_colours(PALETTE, cmyk)
    return pdf._Ink(colours, logo, cmyk)


def page(cmyk: bool) -> Canvas:
    canvas = Canvas(None, invariant=1, enforceColorSpace=pdf._inks_only if cmyk else None)
    canvas.setFillColor(ink(cmyk).colours["primary"])   # the page's state before the code
    canvas.rect(0, 0, 10, 10, fill=1)
    return canvas


@pytest.mark.parametrize("cmyk", [False, True], ids=["office", "press"])
@pytest.mark.parametrize("value", ["https://example.org/protocol", "https://example.org/ander"])
def test_a_kept_code_writes_what_drawing_it_writes(cmyk, value):
    item = Graphic("qr", 30.5, 40.25, 72.0, 72.0, "text", value)
    direct = page(cmyk)
    start = len(direct._code)
    pdf._draw_qr(direct, item, ink(cmyk).colours["text"])
    expected = direct._code[start:]
    assert any(code.endswith(" re") or " re " in code for code in expected)
    for _ in range(3):   # the first time makes the operators, the others reuse them
        kept = page(cmyk)
        start = len(kept._code)
        pdf._graphic(kept, item, ink(cmyk))
        assert kept._code[start:] == expected
    assert (value, 30.5, 40.25, 72.0, 72.0, repr(ink(cmyk).colours["text"]),
            kept._enforceColorSpace) in pdf._QR_OPERATORS


def png_logo(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), (200, 30, 30)).save(path)
    return load_logo(path, None)


@pytest.mark.parametrize("cmyk", [False, True], ids=["office", "press"])
@pytest.mark.parametrize("kind", ["svg", "png"])
def test_a_kept_logo_writes_what_drawing_it_writes(cmyk, kind, tmp_path):
    logo = load_logo(FIXTURES / "tagged" / "logo.svg", None) if kind == "svg" else png_logo(tmp_path)
    item = Graphic("logo", 20.0, 700.5, 90.0, 45.0, "text")
    direct = page(cmyk)
    start = len(direct._code)
    draw_logo(direct, logo, item.x, item.y, item.width, item.height, cmyk)
    expected = direct._code[start:]
    assert expected
    for _ in range(3):   # the first time makes the operators, the others reuse them
        kept = page(cmyk)
        start = len(kept._code)
        pdf._graphic(kept, item, ink(cmyk, logo))
        assert kept._code[start:] == expected
        assert kept._doc.idToObject.keys() == direct._doc.idToObject.keys()
    placed = pdf._LOGO_OPERATORS.get_or_make(logo, lambda logo: None)
    key = (item.x, item.y, item.width, item.height, cmyk, kept._enforceColorSpace)
    assert (placed.get_or_make(key, lambda: "not kept") is None) is (kind == "png")
