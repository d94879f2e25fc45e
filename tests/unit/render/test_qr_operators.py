"""QR codes: the operators kept for a code are the ones its drawing writes on the page.

A code is drawn once per value, place and colour on a canvas of its own, and its
operators are written into every page that prints it; the page must get exactly what
drawing it there writes, in office colours and in press inks, however many times it
is printed and wherever the page's own state stands.
"""
from __future__ import annotations

import pytest
from reportlab.pdfgen.canvas import Canvas

from generator.layout.items import Graphic
from generator.render import pdf

PALETTE = {"primary": "#1F4E79", "text": "#222222"}


def ink(cmyk: bool):
    colours = pdf.palette_colours(PALETTE, cmyk)
    return pdf._Ink(colours, None, cmyk)


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
