"""The protocol book of the shapes content: a cover, a contents page whose page
numbers are where each topic really starts, every topic's protocol pages starting
on an odd (right-hand) page, bookmarks a reader can navigate by, page numbers
through the whole book, and the same bytes when built again."""
from __future__ import annotations

import re
import shutil
from functools import lru_cache
from pathlib import Path

import pypdf
import pytest
import yaml

from conftest import MM, normalise, run
from test_shapes import CONCEPT, FAST, LABELS, SHAPES, TOPICS, outlined_diagonal_texts, topic

BOOK = "nl/book-a4.pdf"
PAGE_NUMBER = re.compile(r"Pagina (\d+) van (\d+)")


def build_book(content: Path, out: Path):
    result = run("build", "--content", str(content), "--out", str(out), *FAST,
                 "--product", "protocol", "--product", "book")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    """The shapes content's protocols and book, built once."""
    return build_book(SHAPES, tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="module")
def variant(tmp_path_factory) -> Path:
    """The shapes with huisbezoek grown to an odd number of pages (three) and
    loverboys approved, so no topic in the book is a concept."""
    folder = tmp_path_factory.mktemp("variant")
    content = folder / "content"
    shutil.copytree(SHAPES, content)
    path = content / "nl/huisbezoek.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["answer"] += topic("meldcode")["answer"][:3]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    path = content / "nl/loverboys.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  status: concept\n") == 1
    path.write_text(text.replace("  status: concept\n", ""), encoding="utf-8")
    out = build_book(content, folder / "out")
    assert len(pypdf.PdfReader(out / "nl/huisbezoek-protocol-a4.pdf").pages) % 2 == 1
    return out


@lru_cache(maxsize=None)
def page_texts(path: Path) -> tuple[str, ...]:
    """The text of each page (read once per file: the built files do not change)."""
    return tuple(normalise(page.extract_text().replace("-\n", "-"))
                 for page in pypdf.PdfReader(path).pages)


def protocol_pages(out: Path, name: str) -> int:
    return len(pypdf.PdfReader(out / f"nl/{name}-protocol-a4.pdf").pages)


def blank_pages(out: Path) -> int:
    """How many blank pages the book needs: one after each topic of an odd number of
    pages that another topic follows, so every topic starts on a right-hand page,
    and one at the end if the pages are odd, so the book ends on a whole sheet."""
    order = sorted(TOPICS, key=start_pages(out).get)
    between = sum(protocol_pages(out, name) % 2 for name in order[:-1])
    filled = 2 + sum(protocol_pages(out, name) for name in TOPICS) + between
    return between + filled % 2


def start_pages(out: Path) -> dict[str, int]:
    """Where each topic really starts in the book (1-based): the page with its
    document control, which only a topic's first page carries, and its opening words."""
    pages = page_texts(out / BOOK)
    starts = {}
    for name in TOPICS:
        data = topic(name)
        found = [n for n, text in enumerate(pages, 1)
                 if f"Document: {data['document']['id']}" in text]
        assert len(found) == 1, (name, found)
        text = pages[found[0] - 1]
        opening = data.get("question") or data["answer"][0]["paragraphs"][0]
        assert normalise(opening)[:60] in text and data["title"] in text, name
        starts[name] = found[0]
    return starts


def contents(out: Path) -> list[tuple[str, int]]:
    """The contents page's entries in their order: (topic, page number)."""
    text = page_texts(out / BOOK)[1]
    assert text.startswith(LABELS["contents"])
    entries = []
    for name in TOPICS:
        title = re.escape(topic(name)["title"])
        match = re.search(rf"{title}(?: \({LABELS['status_concept']}\))? (\d+)(?!\d)", text)
        assert match, f"{name} is not on the contents page: {text}"
        entries.append((match.start(), name, int(match[1])))
    return [(name, number) for _, name, number in sorted(entries)]


def outline(out: Path) -> list[tuple[int, str, int]]:
    """The bookmarks, depth first: (level, title, page number)."""
    reader = pypdf.PdfReader(out / BOOK)
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 0)
    return found


def section_headings(data: dict) -> list[str]:
    """The headings of a topic's protocol, in print order: those of its parts it has."""
    parts = [("question", "question"), ("answer", "answer"), ("risks", "risks"),
             ("roles", "roles_title"), ("steps", "steps"), ("tips", "tips")]
    headings = [LABELS[label] for key, label in parts if data.get(key)]
    if data.get("checks"):
        headings.append(data.get("checks_title") or LABELS["checks"])
    return headings


def fonts_of(resources) -> list:
    """Every font a page or form uses, looking inside the forms it draws."""
    found = []
    resources = resources.get_object() if resources is not None else {}
    for font in resources.get("/Font", {}).values():
        found.append(font.get_object())
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            found += fonts_of(xobject.get("/Resources"))
    return found


# --- tests -----------------------------------------------------------------------------

def test_book_is_a_cover_a_contents_page_and_every_topics_pages(book):
    pages = page_texts(book / BOOK)
    assert len(pages) == 2 + sum(protocol_pages(book, name) for name in TOPICS) + blank_pages(book)
    assert pages[0].startswith("Zorgorganisatie Voorbeeld") and LABELS["book_title"] in pages[0]
    assert pages[1].startswith(LABELS["contents"])


def test_contents_lists_every_topic_at_the_page_it_starts_on(book):
    listed = contents(book)
    starts = start_pages(book)
    assert dict(listed) == starts
    assert [number for _, number in listed] == sorted(starts.values())  # in page order


def test_contents_page_numbers_stand_on_the_protocols_measure(book):
    """Each entry's page number stands at the end of a 134 mm line, the measure of the
    protocol's text, not 180 mm away where the eye loses the line it came from."""
    from pdfcheck import glyphs

    page = glyphs(book / "nl/book-a4.pdf")[1]
    numbers = [g for g in page if g.char.isdigit() and 30 * MM < g.bottom < 260 * MM]
    assert numbers
    assert max(g.right for g in numbers) <= (15 + 134) * MM + 0.1


def test_contents_marks_the_concept_topic(book):
    text = page_texts(book / BOOK)[1]
    assert f"{topic('loverboys')['title']} ({LABELS['status_concept']})" in text
    for name in ("huisbezoek", "meldcode"):
        assert f"{topic(name)['title']} ({LABELS['status_concept']})" not in text


def test_every_topic_starts_on_an_odd_page(book):
    starts = start_pages(book)
    assert all(number % 2 == 1 for number in starts.values()), starts


def test_topic_pages_are_its_protocol_pages(book):
    """The book holds each protocol sheet page for page; only the numbers differ."""
    pages = page_texts(book / BOOK)
    for name, start in start_pages(book).items():
        sheet = page_texts(book / f"nl/{name}-protocol-a4.pdf")
        ours = pages[start - 1:start - 1 + len(sheet)]
        assert [PAGE_NUMBER.sub("", p) for p in ours] == [PAGE_NUMBER.sub("", p) for p in sheet]


def test_every_page_after_the_cover_is_numbered_through_the_book(book):
    pages = page_texts(book / BOOK)
    assert not PAGE_NUMBER.search(pages[0])
    for number, text in enumerate(pages[1:], 2):
        if text:  # a blank page (before a topic, or the last) carries nothing
            assert PAGE_NUMBER.findall(text) == [(str(number), str(len(pages)))], number


def test_bookmarks_are_topic_titles_with_their_sections_beneath(book):
    marks = outline(book)
    starts = start_pages(book)
    order = [name for name, _ in contents(book)]
    pages = page_texts(book / BOOK)
    expected = []
    for name in order:
        expected.append((0, topic(name)["title"]))
        expected += [(1, heading) for heading in section_headings(topic(name))]
    assert [(level, title) for level, title, _ in marks] == expected
    ends = [starts[name] for name in order[1:]] + [len(pages) + 1]
    bounds = {name: (starts[name], end) for name, end in zip(order, ends)}
    current = None
    for level, title, page in marks:
        if level == 0:
            current = next(name for name in order if topic(name)["title"] == title)
            assert page == starts[current], title
            last = page
        else:
            assert bounds[current][0] <= page < bounds[current][1], (current, title, page)
            assert page >= last, (current, title)  # in reading order
            assert title in pages[page - 1], (current, title, page)
            last = page


def test_bookmarks_show_when_the_book_opens(book):
    root = pypdf.PdfReader(book / BOOK).trailer["/Root"]
    assert root["/PageMode"] == "/UseOutlines"


def test_metadata_title_subject_author_and_language(book):
    reader = pypdf.PdfReader(book / BOOK)
    meta = reader.metadata
    assert meta.title == LABELS["book_title"] == "Protocolboek"
    # one of its topics is a concept, so the book is not approved as a whole
    assert meta.subject == f"{LABELS['book_subject']} ({CONCEPT})"
    assert meta.author == "Zorgorganisatie Voorbeeld"
    assert reader.trailer["/Root"]["/Lang"] == LABELS["language"]


def test_concept_mark_is_on_the_concept_topics_pages_only(book):
    starts = start_pages(book)
    first = starts["loverboys"]
    last = first + protocol_pages(book, "loverboys") - 1
    for number, marks in enumerate(outlined_diagonal_texts(book / BOOK), 1):
        marked = any(text == CONCEPT for text, _ in marks)
        assert marked == (first <= number <= last), number


def test_every_page_is_a4(book):
    for page in pypdf.PdfReader(book / BOOK).pages:
        assert float(page.mediabox.width) / MM == pytest.approx(210, abs=0.05)
        assert float(page.mediabox.height) / MM == pytest.approx(297, abs=0.05)


def test_only_embedded_atkinson_hyperlegible(book):
    reader = pypdf.PdfReader(book / BOOK)
    for number, page in enumerate(reader.pages, 1):
        fonts = fonts_of(page.get("/Resources"))
        assert fonts, number
        for font in fonts:
            assert "AtkinsonHyperlegible" in font["/BaseFont"], (number, font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), number
    assert b"Helvetica" not in (book / BOOK).read_bytes()


def test_book_is_byte_identical_when_built_again(book, tmp_path):
    again = build_book(SHAPES, tmp_path)
    assert (again / BOOK).read_bytes() == (book / BOOK).read_bytes()


def test_a_topic_of_odd_pages_is_followed_by_a_blank_page(variant):
    pages = page_texts(variant / BOOK)
    starts = start_pages(variant)
    assert dict(contents(variant)) == starts
    assert all(number % 2 == 1 for number in starts.values()), starts
    after = starts["huisbezoek"] + protocol_pages(variant, "huisbezoek")  # the page after it
    assert pages[after - 1] == ""  # left blank, so the next topic starts on the right
    assert len(pages) == 2 + sum(protocol_pages(variant, name) for name in TOPICS) + \
        blank_pages(variant)
    blanks = {number for number, text in enumerate(pages, 1) if text == ""}
    assert after in blanks and len(blanks) == blank_pages(variant)
    for number, text in enumerate(pages[1:], 2):
        if number not in blanks:
            assert PAGE_NUMBER.findall(text) == [(str(number), str(len(pages)))], number


def test_a_book_of_approved_topics_carries_no_concept_mark(variant):
    reader = pypdf.PdfReader(variant / BOOK)
    assert reader.metadata.subject == LABELS["book_subject"]
    assert CONCEPT not in "".join(page_texts(variant / BOOK))
    assert f"({LABELS['status_concept']})" not in page_texts(variant / BOOK)[1]
    assert all(not marks for marks in outlined_diagonal_texts(variant / BOOK))
