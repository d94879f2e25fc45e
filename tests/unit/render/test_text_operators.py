"""Text operators: drawing a line writes exactly what ReportLab's own text object wrote.

Each text is drawn twice, on two canvases, in the same order: with ReportLab's
``beginText``/``textOut``/``drawText`` of the shaped string (the way the renderer drew
before) and with :func:`generator.render.text_operators.draw_text`. The content
streams and the finished PDFs must be the same, byte for byte: the glyph codes a
document assigns as it goes, the kerning runs, the font switches between subsets.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st
from reportlab.pdfgen.canvas import Canvas

from generator.inputs import fonts
from generator.layout import shaping
from generator.render.text_operators import draw_text

TEXTS = [
    "Een foto wél",                      # kerned: "Ee", "wé"
    "Te laat? AVAWAY To",                # strong kerning pairs
    "Pagina 1 van 3 ",
    "06\u00a012\u00a034\u00a056",        # no-break spaces: drawn with the space's code
    "arbeids\u00ad",                     # a line ending in a soft hyphen
    "arbeids\u00ad ",
    "fi fl ffi office",                  # ligature candidates
    "x",
    "(haakjes) en \\ schuine streep",    # escaped in a PDF string
    "ĳsje € „citaat” — ½ ±",             # beyond ASCII: codes below 32 and from 127
]


def many_letters() -> str:
    """Every letter of the font beyond ASCII: more than the first subset of 256 codes
    holds (ASCII keeps its own codes there), so a second subset opens."""
    from reportlab.pdfbase.pdfmetrics import getFont

    cmap = getFont(fonts.font_name("regular")).face.charToGlyph
    return "".join(chr(c) for c in sorted(cmap) if c > 127 and chr(c).isalpha())


def _canvas() -> Canvas:
    return Canvas(None, invariant=1, pageCompression=0,
                  initialFontName=fonts.font_name("regular"))


def reportlab_draw(canvas: Canvas, text: str, style: str, size: float, x: float, y: float,
                   mode: int = 0) -> None:
    canvas.setFont(fonts.font_name(style), size)
    written = canvas.beginText(x, y)
    if mode:
        written.setTextRenderMode(mode)
    written.textOut(shaping.shape(text, style))
    canvas.drawText(written)


def both(lines) -> tuple[Canvas, Canvas]:
    ours, theirs = _canvas(), _canvas()
    for text, style, size, mode in lines:
        missing = set(fonts.missing_glyphs(text, style))
        text = "".join(c for c in text if c not in missing)  # the lay-out refuses those
        draw_text(ours, text, style, size, 12.5, 700.25, mode)
        reportlab_draw(theirs, text, style, size, 12.5, 700.25, mode)
    return ours, theirs


def finished(canvas: Canvas) -> bytes:
    canvas.showPage()
    return canvas.getpdfdata()


def test_the_operators_are_reportlabs():
    lines = [(text, style, size, mode) for text in TEXTS for style in ("regular", "bold")
             for size, mode in ((11, 0), (9.9, 0), (40, 1))]
    ours, theirs = both(lines)
    assert ours._code == theirs._code
    assert any("TJ" in line for line in ours._code) and any("Tj" in line for line in ours._code)
    assert finished(ours) == finished(theirs)


def test_a_second_subset_is_written_as_reportlab_writes_it():
    many = many_letters()
    lines = [(many[i:i + 30], "regular", 10, 0) for i in range(0, len(many), 30)]
    lines += [(many[::-7], "regular", 10, 0), ("Weer gewoon", "regular", 10, 0)]
    ours, theirs = both(lines)
    assert any("+1 " in line for line in ours._code)  # the second subset is in use
    assert ours._code == theirs._code
    assert finished(ours) == finished(theirs)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="AVTWYaeofilprtvwy.,-()\\éëĳ€ '\u00a0\u00ad",
                                  min_size=1, max_size=40),
                          st.sampled_from(["regular", "bold"]),
                          st.sampled_from([8, 10.5, 14.85]), st.sampled_from([0, 1])),
                min_size=1, max_size=6))
def test_any_lines_are_written_as_reportlab_writes_them(lines):
    ours, theirs = both(lines)
    assert ours._code == theirs._code
    assert finished(ours) == finished(theirs)


@pytest.mark.parametrize("text", ["", " "])
def test_an_empty_line(text):
    ours, theirs = both([(text, "regular", 10, 0)])
    assert ours._code == theirs._code
