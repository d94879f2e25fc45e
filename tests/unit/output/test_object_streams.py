"""A ReportLab document written with object streams: a valid file that every reader
takes, smaller than ReportLab's own, the same bytes for the same input."""
from __future__ import annotations

import io
import shutil
import subprocess

import pikepdf
import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from generator.output.object_streams import _png_up, pack_objects


def document(packed: bool, words: str = "Hallo", extra: int = 300) -> bytes:
    """Two pages of text with a bookmark and ``extra`` small dictionaries, as a
    structure tree adds them."""
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1, pageCompression=1)
    for page in range(2):
        canvas.drawString(72, 700, f"{words} {page + 1}")
        canvas.bookmarkPage(f"p{page}")
        canvas.addOutlineEntry(f"Page {page + 1}", f"p{page}")
        canvas.showPage()
    doc = canvas._doc
    holder = [doc.Reference(pdfdoc.PDFDictionary({"Index": n, "Name": pdfdoc.PDFString(f"é{n}")}))
              for n in range(extra)]
    doc.Catalog.Names = pdfdoc.PDFDictionary({"Extra": pdfdoc.PDFArray(holder)})
    if packed:
        pack_objects(doc)
    canvas.save()
    return out.getvalue()


def test_every_object_reads_back_from_the_packed_file(tmp_path):
    data = document(packed=True)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        extra = pdf.Root.Names.Extra
        assert [int(d.Index) for d in extra] == list(range(300))
        assert str(extra[299].Name) == "é299"
        assert pdf.pdf_version == "1.5"
        assert str(pdf.trailer.Info.Producer).startswith("ReportLab")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert [reader.pages[n].extract_text().strip() for n in range(2)] == ["Hallo 1", "Hallo 2"]
    assert [entry.title for entry in reader.outline] == ["Page 1", "Page 2"]
    assert reader.xref_objStm   # the small objects are in an object stream


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_no_error(tmp_path):
    path = tmp_path / "packed.pdf"
    path.write_bytes(document(packed=True))
    done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors" in done.stdout


def test_packed_is_smaller_than_reportlabs_own():
    assert len(document(packed=True)) < 0.6 * len(document(packed=False))


def test_same_input_same_bytes_and_the_id_follows_the_content():
    def file_id(data: bytes) -> bytes:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return bytes(pdf.trailer.ID[0])

    assert document(packed=True) == document(packed=True)
    assert file_id(document(packed=True)) != file_id(document(packed=True, words="Dag"))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 4).flatmap(
    lambda width: st.lists(st.binary(min_size=width, max_size=width), min_size=1, max_size=40)))
def test_png_up_rows_are_each_byte_minus_the_byte_above(rows):
    above = bytes(len(rows[0]))
    expected = b""
    for row in rows:
        expected += b"\x02" + bytes((b - a) % 256 for a, b in zip(above, row))
        above = row
    assert _png_up(rows) == expected
