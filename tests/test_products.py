"""What a person sees in the built PDFs: text, sizes, boxes, fonts, legibility."""
from __future__ import annotations

import json

import pypdf
import pytest

from conftest import MM, ROOT, default_inputs, normalise, pdf_text, run
from generator.items import Text
from generator.pipeline import lay_out, plan
from pdfcheck import glyphs, ink_fraction
from test_content import seed_checks, seed_paragraphs, SEED, seed_part

PIECES = {
    # file: (width mm, height mm, pages, safe zone mm, smallest text pt)
    "nl/sexting-protocol-a4.pdf": (210, 297, 2, 10, 7),
    "nl/sexting-poster-a3.pdf": (297, 420, 1, 10, 14),
    "nl/sexting-card-id1.pdf": (85.6, 53.98, 2, 3, 7),
}


def test_build_writes_every_product_and_a_manifest(built):
    manifest = json.loads((built / "manifest.json").read_text())
    rows = {row["path"]: row for row in manifest["files"]}
    assert set(rows) == set(PIECES)
    for path, (width, height, pages, _, _) in PIECES.items():
        row = rows[path]
        assert (row["width_mm"], row["height_mm"], row["pages"]) == (width, height, pages)
        assert row["sheet"] is False and row["mode"] == "office" and row["locale"] == "nl"
        import hashlib
        assert row["sha256"] == hashlib.sha256((built / path).read_bytes()).hexdigest()
    assert rows["nl/sexting-card-id1.pdf"]["product"] == "card"
    assert rows["nl/sexting-card-id1.pdf"]["layout"] == "id1"


@pytest.mark.parametrize("path", PIECES)
def test_page_and_trim_box_are_the_finished_size(built, path):
    width, height, pages, _, _ = PIECES[path]
    reader = pypdf.PdfReader(built / path)
    assert len(reader.pages) == pages
    for page in reader.pages:
        for box in (page.mediabox, page.trimbox):
            assert float(box.width) / MM == pytest.approx(width, abs=0.05)
            assert float(box.height) / MM == pytest.approx(height, abs=0.05)


@pytest.mark.parametrize("path", PIECES)
def test_only_embedded_atkinson_hyperlegible(built, path):
    reader = pypdf.PdfReader(built / path)
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "AtkinsonHyperlegible" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
            seen.add(font["/BaseFont"].split("+")[-1])
    assert seen <= {"AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Bold"}
    assert b"Helvetica" not in (built / path).read_bytes()


@pytest.mark.parametrize("path", PIECES)
def test_metadata_title_author_subject_language(built, path):
    reader = pypdf.PdfReader(built / path)
    meta = reader.metadata
    assert meta.title == "Seksueel getinte gesprekken online"
    assert meta.author == "Zorgorganisatie Voorbeeld"
    assert meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"


@pytest.mark.parametrize("path", PIECES)
def test_all_text_inside_the_safe_zone_and_legible(built, path):
    width, height, _, safe, smallest = PIECES[path]
    for page in glyphs(built / path):
        assert page, "page without text"
        for glyph in page:
            assert glyph.left >= safe * MM - 0.5, glyph
            assert glyph.right <= (width - safe) * MM + 0.5, glyph
            assert glyph.bottom >= safe * MM - 0.5, glyph
            assert glyph.top <= (height - safe) * MM + 0.5, glyph
            assert glyph.size >= smallest - 0.01, glyph


def test_protocol_holds_the_whole_seed_text(built):
    text = pdf_text(built / "nl/sexting-protocol-a4.pdf")
    assert normalise(seed_part("Vraag", "Antwoord")) in text
    for paragraph in seed_paragraphs():
        assert paragraph in text
    for question in seed_checks():
        assert question in text
    for role in ("meldpunt", "Zorgbegeleider", "Gedragskundige", "Taxatiegesprek"):
        assert role in text
    assert "Pagina 1 van 2" in text and "Pagina 2 van 2" in text
    for field in ("PRT-SEX-01", "Versie: 1.0", "Datum: 1 november 2026",
                  "Herzien uiterlijk: 1 november 2027"):
        assert field in text


def test_protocol_body_is_10_to_11_pt(built):
    from collections import Counter
    pages = glyphs(built / "nl/sexting-protocol-a4.pdf")
    most_common_size = Counter(round(g.size, 2) for page in pages for g in page).most_common(1)
    assert 10 <= most_common_size[0][0] <= 11
    documents = lay_out(plan(default_inputs(products=("protocol",))))
    body = [item for page in documents[0].pages for item in page.items
            if isinstance(item, Text) and item.field.split("[")[0].split(".")[0]
            in ("answer", "risks", "steps", "checks", "tips")]
    assert len(body) > 50
    assert all(10 <= item.size <= 11 for item in body)
    assert all(item.font == "regular" for item in body if item.field.startswith("answer"))


def test_card_has_nine_questions_and_meldpunt_on_the_back(built):
    reader = pypdf.PdfReader(built / "nl/sexting-card-id1.pdf")
    front, back = (normalise(page.extract_text().replace("-\n", "-")) for page in reader.pages)
    questions = seed_checks()
    assert all(q in front for q in questions[:5])
    assert all(q in back for q in questions[5:])
    assert "Intern meldpunt" in back and "Telefoon:" in back and "E-mail:" in back
    sizes = [g.size for page in glyphs(built / "nl/sexting-card-id1.pdf") for g in page]
    assert min(sizes) >= 7


def test_poster_tips_are_40_pt_and_title_96_pt(built):
    text = pdf_text(built / "nl/sexting-poster-a3.pdf")
    for tip in ("Geen gezicht", "Geen littekens", "Geen moedervlekken", "Geen tatoeages",
                "Geen herkenbare achtergrond of omgeving"):
        assert tip in text
    (page,) = glyphs(built / "nl/sexting-poster-a3.pdf")
    title = [g for g in page if g.top > 330 * MM]
    assert title and min(g.size for g in title) >= 96
    tip_glyphs = [g for g in page if 90 * MM < g.bottom < 280 * MM]
    assert tip_glyphs and min(g.size for g in tip_glyphs) >= 40


@pytest.mark.parametrize("path", PIECES)
def test_every_page_renders_with_ink(built, path):
    pages = PIECES[path][2]
    for number in range(pages):
        assert 0.01 < ink_fraction(built / path, number) < 0.6


def test_two_builds_are_byte_identical(built, tmp_path):
    result = run("build", "--out", str(tmp_path))
    assert result.exit_code == 0
    for path in PIECES:
        assert (tmp_path / path).read_bytes() == (built / path).read_bytes(), path
