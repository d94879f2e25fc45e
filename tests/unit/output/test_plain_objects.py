"""The PDF values and objects written directly are ReportLab's own bytes."""
from __future__ import annotations

import io
from collections import OrderedDict

import pytest
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from generator.output.plain_objects import format_plain


@pytest.fixture
def document():
    canvas = Canvas(io.BytesIO(), invariant=1)
    canvas.drawString(72, 700, "Hallo")
    canvas.showPage()
    return canvas._doc


def values(doc):
    page = doc.Reference(pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Page")}))
    stream = pdfdoc.PDFStream(content=b"q Q")
    many = {f"Key{n}": n * 1.25 for n in range(14)}
    resources = pdfdoc.PDFResourceDictionary(ExtGState={"GS0": page})
    resources.allProcs()
    info = pdfdoc.PDFInfo()
    info.title = "Tïtel"
    entry = pdfdoc.OutlineEntryObject()
    entry.Title, entry.Parent, entry.Dest, entry.Next = "Hoofdstuk 1", page, page, page
    return [
        7, -3.5, 0.1 + 0.2, 1e-7, 123456789.0, b"raw", "text", True, None,
        pdfdoc.PDFName("A b#(c)"),
        page,
        pdfdoc.PDFString("é (haakjes)"),
        pdfdoc.PDFArray(list(range(23))),
        pdfdoc.PDFArray([page, [1, 2], pdfdoc.PDFArray([0.5, "x"])]),
        pdfdoc.PDFArrayCompact(range(12)),
        pdfdoc.PDFDictionary(many),
        pdfdoc.PDFDictionary({"Z": 1, "A b": pdfdoc.PDFDictionary({"Nested": page}), "S": stream}),
        pdfdoc.PDFDictionary(OrderedDict([("Z", 1), ("A", 2)])),
        pdfdoc.ViewerPreferencesPDFDictionary({"DisplayDocTitle": "true"}),
        stream,
        pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Type": "/XObject"}), "q 1 0 0 1 0 0 cm Q",
                         filters=[pdfdoc.PDFZCompress]),
        resources,
        info,
        pdfdoc.PDFString("(a) \\ b", escape=0),
        pdfdoc.PDFString("Ωmega", enc="utf_16_be"),
        pdfdoc.PDFString(b"bytes \xe9"),
        entry,
    ]


@pytest.mark.parametrize("toplevel", [0, 1])
def test_every_value_is_formatted_as_reportlab_does(document, toplevel):
    for value in values(document):
        expected = pdfdoc.format(value, document, toplevel)
        assert format_plain(value, document, toplevel) == expected, expected


@pytest.mark.parametrize("multiline", [True, "forced"])
def test_multiline_layouts_match(document, monkeypatch, multiline):
    from reportlab import rl_config
    monkeypatch.setattr(rl_config, "pdfMultiLine", 1)
    dictionary = pdfdoc.PDFDictionary({f"K{n}": n for n in range(8)})
    array = pdfdoc.PDFArray(range(12))
    dictionary.multiline = array.multiline = multiline
    for value in (dictionary, array):
        assert format_plain(value, document) == pdfdoc.format(value, document)
