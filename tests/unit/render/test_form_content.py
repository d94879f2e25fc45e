"""A page's form: its content encoded by drukwerk is what ReportLab's codec makes of it."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from generator.inputs import fonts
from generator.render import pdf


def reportlab(text: str) -> bytes | None:
    try:
        return pdfdoc.pdfdocEnc(text)
    except UnicodeEncodeError:
        return None


def ours(text: str) -> bytes | None:
    try:
        return pdf._content_bytes(text)
    except UnicodeEncodeError:
        return None


@pytest.mark.parametrize("text", ["", "q 1 0 0 1 0 0 cm Q\n", "BT (\\000\\377a\\(b\\)) Tj ET",
                                  "\t\r\n", "\x18", "a\x1fb", "é €", "˘ ˇ", "\x7f", "ÿ"])
def test_content_is_encoded_as_reportlabs_codec_encodes_it(text):
    assert ours(text) == reportlab(text)


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF)))
def test_any_text_is_encoded_as_reportlabs_codec_encodes_it(text):
    assert ours(text) == reportlab(text)


def form(ended_by_drukwerk: bool) -> bytes:
    canvas = Canvas(None, invariant=1)
    canvas.beginForm("page1", 0, 0, 100, 100)
    canvas.setFont(fonts.font_name("regular"), 9)
    canvas.drawString(5, 20, "Vorm ✓ één (haakjes)")
    canvas.rect(10, 10, 30, 30, fill=1)
    if ended_by_drukwerk:
        pdf._end_form(canvas, "page1")
    else:
        canvas.endForm()
    assert canvas._code == []
    return canvas._doc.idToObject[pdfdoc.xObjectName("page1")].stream


def test_a_form_holds_what_reportlab_would_give_it():
    assert form(ended_by_drukwerk=True) == form(ended_by_drukwerk=False)
