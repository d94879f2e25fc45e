"""A document written directly (its objects formatted by drukwerk) is byte for byte
the file ReportLab writes itself."""
from __future__ import annotations

import io

import pytest
from reportlab.lib.colors import CMYKColor, CMYKColorSep, HexColor
from reportlab.pdfgen.canvas import Canvas

from generator.inputs import fonts
from generator.output.plain_file import write_directly


def document(direct: bool, compressed: int = 1, version: tuple[int, int] = (1, 4)) -> bytes:
    """Two pages with text in an embedded subset font and a standard one, a form placed
    twice, bookmarks and an outline, an overprinting spot colour, page boxes and
    information entries: the kinds of object drukwerk's pieces hold."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(300, 400), invariant=1, pageCompression=compressed,
                    initialFontName=fonts.font_name("regular"), pdfVersion=version)
    canvas.setTitle("Tïtel (met haakjes)")
    canvas.setAuthor("Zorg")
    canvas.setKeywords("a, b")
    canvas.beginForm("card", 0, 0, 100, 50)
    canvas.setFillColor(HexColor("#3366aa"))
    canvas.rect(0, 0, 100, 50, stroke=0, fill=1)
    canvas.setFont(fonts.font_name("bold"), 9)
    canvas.drawString(5, 20, "Vorm ✓ één")
    canvas.endForm()
    for page in range(2):
        canvas.setTrimBox((10, 10, 290, 390))
        canvas.setBleedBox((5, 5, 295, 395))
        canvas.doForm("card")
        canvas.saveState()
        canvas.translate(120, 200)
        canvas.doForm("card")
        canvas.restoreState()
        canvas.setFillColor(CMYKColorSep(0, 1, 0, 0, spotName="CutContour"))
        canvas.setFillOverprint(True)
        canvas.setOverprintMask(1)
        canvas.rect(20, 20, 40, 40, stroke=0, fill=1)
        canvas.setFillColor(CMYKColor(0, 0, 0, 1))
        canvas.setFont("Helvetica", 12)
        canvas.drawString(72, 300, f"Pagina {page + 1} (Helvetica)")
        canvas.setFont(fonts.font_name("regular"), 10)
        canvas.drawString(72, 280, "Gewone tekst: café")
        canvas.bookmarkPage(f"p{page}")
        canvas.addOutlineEntry(f"Hoofdstuk {page + 1}", f"p{page}", level=0)
        canvas.linkURL("https://example.org/", (72, 100, 200, 120))
        canvas.showPage()
    canvas.showOutline()
    if direct:
        write_directly(canvas)
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("compressed", [0, 1])
@pytest.mark.parametrize("version", [(1, 3), (1, 4)])
def test_the_file_is_reportlabs_own(compressed, version):
    expected = document(direct=False, compressed=compressed, version=version)
    assert expected.startswith(b"%PDF-1.")
    assert document(direct=True, compressed=compressed, version=version) == expected


def test_an_encrypted_document_is_left_to_reportlab():
    canvas = Canvas(io.BytesIO(), encrypt="geheim")
    with pytest.raises(ValueError, match="unencrypted"):
        write_directly(canvas)
