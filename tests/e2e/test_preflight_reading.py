"""Preflight reads a page object by object: text at the size it prints (the font size
times every scale it is placed with), white space left out, each line's colour
checked against the background around it, images at the resolution they print at;
and the structure checks find what the page tree states once for all pages."""
from __future__ import annotations

import io

import pytest
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from generator.inputs import fonts
from generator.output.preflight import Report, check_pdf

A6 = (298, 420)


def page(draw) -> bytes:
    """An A6 office page (its trim the whole page) with what ``draw`` puts on it."""
    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A6, invariant=1)
    canvas.setTrimBox((0, 0, *A6))
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def finding(report: Report, check: str):
    return next(f for f in report.findings if f.check == check)


def text_at(canvas, size: float, text: str = "Heb je contact gezocht?", x: float = 20,
            y: float = 200) -> None:
    canvas.setFont(fonts.font_name("regular"), size)
    canvas.drawString(x, y, text)


@pytest.mark.parametrize("scale, size, printed", [
    (0.5, 10, "text at 5 pt; nothing may be smaller than 7 pt"),
    (2.0, 5, "smallest 10 pt"),
    (1.0, 9, "smallest 9 pt"),
])
def test_text_is_measured_at_the_size_it_prints_after_scaling(scale, size, printed):
    def draw(canvas):
        canvas.scale(scale, scale)
        text_at(canvas, size)
    report = check_pdf(page(draw), "scaled.pdf", "office", 7.0)
    assert finding(report, "text size").detail == printed


@pytest.mark.parametrize("scale, printed", [(0.5, "text at 4.5 pt"), (1.5, "smallest 13.5 pt")])
def test_text_in_a_form_is_measured_with_the_forms_placement(scale, printed):
    def draw(canvas):
        canvas.beginForm("copy", 0, 0, 200, 100)
        text_at(canvas, 9, y=50)
        canvas.endForm()
        canvas.saveState()
        canvas.transform(0, scale, -scale, 0, 250, 50)   # turned a quarter and scaled
        canvas.doForm("copy")
        canvas.restoreState()
    report = check_pdf(page(draw), "form.pdf", "office", 7.0)
    assert finding(report, "text size").detail.startswith(printed)


def test_white_space_is_not_text_to_measure():
    def draw(canvas):
        text_at(canvas, 12)
        text_at(canvas, 3, text="     ", y=100)   # spaces at 3 pt print nothing
    report = check_pdf(page(draw), "spaces.pdf", "office", 7.0)
    assert finding(report, "text size").detail == "smallest 12 pt"


def test_a_light_line_beside_dark_ones_fails_contrast_with_its_own_size():
    def draw(canvas):
        text_at(canvas, 12, y=300)
        canvas.setFillColor(Color(0.75, 0.75, 0.75))   # light grey on white: about 1.8:1
        text_at(canvas, 10, text="Bel het meldpunt", y=250)
        canvas.setFillColor(Color(0, 0, 0))
        text_at(canvas, 12, y=200)
    contrast = finding(check_pdf(page(draw), "light.pdf", "office", 7.0), "contrast")
    assert not contrast.ok
    assert contrast.detail.startswith("page 1: text at 10 pt has a contrast of 1.")


def test_fonts_and_page_size_stated_once_for_all_pages_are_checked():
    """The structure checks read a page's /Resources and /MediaBox where the page tree
    states them once for its pages: a font there that is not embedded still fails."""
    import pikepdf

    def draw(canvas):
        canvas.setFont("Helvetica", 10)   # one of the 14 standard fonts: not embedded
        canvas.drawString(20, 200, "Heb je contact gezocht?")
    with pikepdf.open(io.BytesIO(page(draw))) as pdf:
        pages, first = pdf.Root.Pages, pdf.pages[0].obj
        pages.Resources, pages.MediaBox = first.Resources, first.MediaBox
        del first["/Resources"], first["/MediaBox"]
        out = io.BytesIO()
        pdf.save(out, qdf=True)   # as written: the page itself has neither
    data = out.getvalue()
    assert data.count(b"/MediaBox") == 1 and b"/Parent" in data
    report = check_pdf(data, "inherited.pdf", "office", 7.0)
    assert finding(report, "fonts").detail == "not embedded: Helvetica"
    assert finding(report, "page boxes").detail == "trim 105.1 x 148.2 mm"


@pytest.mark.parametrize("matrix, ppi", [
    ((1, 0, 0, 1, 50, 50), "lowest 300 ppi"),
    ((2, 0, 0, 2, 20, 20), "lowest 150 ppi"),     # the form doubles the image's size
    ((0, 1, -1, 0, 250, 50), "lowest 300 ppi"),   # turned a quarter: still 300 ppi
])
def test_an_image_in_a_form_prints_at_the_resolution_of_its_placement(matrix, ppi):
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def draw(canvas):
        canvas.beginForm("logo", 0, 0, 100, 50)
        # 300 by 75 pixels on 1 by 0.25 inch: 300 ppi both ways, not square
        canvas.drawImage(ImageReader(Image.new("L", (300, 75), 0)), 0, 0, 72, 18)
        canvas.endForm()
        canvas.saveState()
        canvas.transform(*matrix)
        canvas.doForm("logo")
        canvas.restoreState()
    assert finding(check_pdf(page(draw), "logo.pdf", "office", 7.0), "images").detail == ppi
