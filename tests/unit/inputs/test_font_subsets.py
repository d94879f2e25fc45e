"""Font subsets kept per glyph set: a document embeds exactly what ReportLab embeds.

The same lines are drawn in a ReportLab ``TTFont`` and in a
:class:`~generator.inputs.font_subsets.KeptSubsetsTTFont` of the same file, in
documents one after another (the later ones reuse the kept subsets), compressed and
not, with one subset and with two: the files must be the same, byte for byte.
"""
from __future__ import annotations

import fontpkg_atkinson_hyperlegible as package
import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from generator.inputs import font_subsets
from generator.inputs.font_subsets import KeptSubsetsTTFont

FILE = str(package.ROOT / "files" / "AtkinsonHyperlegible-Bold.ttf")
LINES = ["Ken je de signalen?", "Zorggroep Oosterhout", "ĳsje € „citaat” ½"]


@pytest.fixture(scope="module")
def names():
    """Both fonts registered under names of their own: ReportLab would otherwise hand
    out the first font registered for the face under every later name too."""
    for font in (TTFont("SubsetTest-Plain", FILE), KeptSubsetsTTFont("SubsetTest-Kept", FILE)):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(pdfmetrics, "_dynFaceNames", {})
            pdfmetrics.registerFont(font)
    assert type(pdfmetrics.getFont("SubsetTest-Plain")) is TTFont
    return "SubsetTest-Plain", "SubsetTest-Kept"


def document(font: str, lines: list[str], compressed: bool) -> bytes:
    canvas = Canvas(None, invariant=1, pageCompression=int(compressed), initialFontName=font)
    for index, line in enumerate(lines):
        canvas.setFont(font, 12)
        canvas.drawString(40, 800 - 14 * index, line)
    canvas.showPage()
    return canvas.getpdfdata()


def every_letter() -> list[str]:
    """Every letter of the font beyond ASCII, in lines: more than one subset holds."""
    from reportlab.pdfbase.pdfmetrics import getFont

    letters = "".join(chr(c) for c in sorted(getFont("SubsetTest-Plain").face.charToGlyph)
                      if c > 127 and chr(c).isalpha())
    return [letters[i:i + 40] for i in range(0, len(letters), 40)]


@pytest.mark.parametrize("compressed", [True, False], ids=["compressed", "plain"])
def test_a_document_embeds_what_reportlab_embeds(names, compressed):
    plain, kept = names
    font_subsets._SUBSETS.clear()
    for lines in (LINES, LINES, LINES[::-1], LINES[:1], every_letter() + LINES):
        assert document(kept, lines, compressed) == document(plain, lines, compressed)
    assert len(font_subsets._SUBSETS) >= 4  # the first and second subsets of each set


def test_a_glyph_set_is_made_once(names, monkeypatch):
    _, kept = names
    font_subsets._SUBSETS.clear()
    made = []
    face = pdfmetrics.getFont(kept).face
    real = face.makeSubset
    monkeypatch.setattr(face, "makeSubset", lambda glyphs: made.append(1) or real(glyphs))
    for _ in range(3):
        document(kept, LINES, True)
    document(kept, LINES[:1], True)
    assert len(made) == 2  # the three alike made one; the one of fewer glyphs its own
