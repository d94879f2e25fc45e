"""What a person sees in the built PDFs: text, sizes, boxes, fonts, legibility."""
from __future__ import annotations

import json

import pypdf
import pytest

from conftest import MM, default_inputs, normalise, pdf_text, run, topic_data
from generator.layout.items import Text
from generator.pipeline import lay_out, plan
from pdfcheck import glyphs, ink_fraction
from test_content import seed_checks, seed_paragraphs, seed_part

LOCALES = {
    # locale: (title, PDF language, date and review date on the protocol)
    "en": ("Sexually charged conversations online", "en-GB",
           ("Date: 1 November 2026", "Review by: 1 November 2027")),
    "nl": ("Seksueel getinte gesprekken online", "nl-NL",
           ("Datum: 1 november 2026", "Herzien uiterlijk: 1 november 2027")),
}
# What each product is, as the labels call it (the PDF's subject, unless the topic
# gives its own).
SUBJECTS = {"nl": {"protocol": "Protocolblad", "poster": "Poster met tips",
                   "card": "Zakkaart checkvragen"},
            "en": {"protocol": "Protocol sheet", "poster": "Poster with tips",
                   "card": "Pocket card with check questions"}}
PRODUCTS = {
    # piece: (width mm, height mm, pages, safe zone mm, smallest text pt)
    "protocol-a4": (210, 297, 2, 10, 7),
    "poster-a3": (297, 420, 1, 10, 14),
    "poster-easy-read": (297, 420, 1, 15, 40),
    "card-id1": (85.6, 53.98, 2, 3, 7),
}
PIECES = {f"{locale}/sexting-{piece}.pdf": spec
          for locale in LOCALES for piece, spec in PRODUCTS.items()}


def test_build_writes_every_product_and_a_manifest(built):
    manifest = json.loads((built / "manifest.json").read_text())
    rows = {row["path"]: row for row in manifest["files"]}
    assert set(PIECES) <= set(rows)
    for path, (width, height, pages, _, _) in PIECES.items():
        row = rows[path]
        assert (row["width_mm"], row["height_mm"], row["pages"]) == (width, height, pages)
        assert row["sheet"] is False and row["mode"] == "office"
        assert row["locale"] == path.split("/")[0]
        import hashlib
        assert row["sha256"] == hashlib.sha256((built / path).read_bytes()).hexdigest()
    assert rows["en/sexting-card-id1.pdf"]["product"] == "card"
    assert rows["en/sexting-card-id1.pdf"]["layout"] == "id1"


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
    title, language, _ = LOCALES[path.split("/")[0]]
    reader = pypdf.PdfReader(built / path)
    meta = reader.metadata
    assert meta.title == title
    assert meta.author == "Zorgorganisatie Voorbeeld"
    # the subject says what the piece is, in its own language: the labels' words for it
    locale, product = path.split("/")[0], path.split("sexting-")[1].split("-")[0]
    own = (topic_data(locale).get("labels") or {}).get(f"{product}_subject")
    assert meta.subject == (own or SUBJECTS[locale][product])
    assert reader.trailer["/Root"]["/Lang"] == language


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
    assert "PRT-SEX-01" in text and "Versie: 1.0" in text


def test_english_protocol_holds_the_whole_translation(built):
    text = pdf_text(built / "en/sexting-protocol-a4.pdf")
    topic = topic_data("en")
    assert topic["question"] in text
    for paragraph in (p for section in topic["answer"] for p in section["paragraphs"]):
        assert normalise(paragraph) in text
    for item in topic["risks"] + topic["checks"]:
        assert item in text
    for role in topic["roles"].values():
        assert role["name"] in text
    assert "Page 1 of 2" in text and "Page 2 of 2" in text
    assert "PRT-SEX-01" in text and "Version: 1.0" in text


@pytest.mark.parametrize("locale", LOCALES)
def test_protocol_dates_are_written_the_way_the_language_writes_them(built, locale):
    text = pdf_text(built / f"{locale}/sexting-protocol-a4.pdf")
    for date in LOCALES[locale][2]:
        assert date in text
    assert "01-11-2026" not in text


@pytest.mark.parametrize("locale", LOCALES)
def test_protocol_body_is_10_to_11_pt(built, locale):
    from collections import Counter
    pages = glyphs(built / f"{locale}/sexting-protocol-a4.pdf")
    most_common_size = Counter(round(g.size, 2) for page in pages for g in page).most_common(1)
    assert 10 <= most_common_size[0][0] <= 11
    (document,) = lay_out(plan(default_inputs(products=("protocol",), locales=(locale,))))
    body = [item for page in document.pages for item in page.items
            if isinstance(item, Text) and item.field.split("[")[0].split(".")[0]
            in ("answer", "risks", "steps", "checks", "tips")]
    assert len(body) > 50
    assert all(10 <= item.size <= 11 for item in body)
    assert all(item.font == "regular" for item in body if item.field.startswith("answer"))


@pytest.mark.parametrize("locale, contact", [("nl", ("Telefoon:", "E-mail:")),
                                             ("en", ("Phone:", "Email:"))])
def test_card_has_nine_questions_and_meldpunt_on_the_back(built, locale, contact):
    path = built / f"{locale}/sexting-card-id1.pdf"
    reader = pypdf.PdfReader(path)
    front, back = (normalise(page.extract_text().replace("-\n", "-")) for page in reader.pages)
    questions = topic_data(locale)["checks"]
    assert len(questions) == 9
    # the questions run from the front onto the back in order, each on one side only
    sides = [(q in front, q in back) for q in questions]
    assert all(on_front != on_back for on_front, on_back in sides), sides
    on_front = [on for on, _ in sides]
    assert on_front == sorted(on_front, reverse=True) and on_front[0] and not on_front[-1]
    assert "Intern meldpunt" in back and all(label in back for label in contact)
    sizes = [g.size for page in glyphs(path) for g in page]
    assert min(sizes) >= 7


@pytest.mark.parametrize("locale", LOCALES)
def test_poster_tips_are_40_pt_and_title_96_pt(built, locale):
    path = built / f"{locale}/sexting-poster-a3.pdf"
    text = pdf_text(path)
    for tip in topic_data(locale)["tips"]["items"]:
        assert tip["text"] in text
    (page,) = glyphs(path)
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


def test_protocol_says_who_does_what(built):
    text = pdf_text(built / "nl/sexting-protocol-a4.pdf")
    topic = topic_data("nl")
    assert "Wie doet wat" in text
    for role in topic["roles"].values():
        assert f"{role['name']}: {role['does']}" in text
