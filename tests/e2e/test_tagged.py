"""Tagged PDF (PDF/UA-1): every office piece reads right with assistive technology.

Built from the topics of several shapes (tests/fixtures/shapes) in two locales:
Dutch, and an English locale made of the same topics with English labels, with
a logo and a protocol_url so the logo and the QR code are in it too, and
pictograms given to one topic's tips (the shapes have none of their own). Checked
from the outside: the independent ``pdfua`` checker, poppler's
``pdfinfo -struct-text`` for the structure and its text, pikepdf for the
alternative texts, pypdf for the bookmarks, qpdf for the file itself.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest
import yaml

from conftest import FIXTURES, normalise, run
from test_shapes import TOPICS, texts_of

SHAPES = FIXTURES / "shapes"
URL = "https://intranet.example.org/protocollen/veilig"
LOCALES = ("nl", "en")
POPPLER = shutil.which("pdfinfo")
needs_poppler = pytest.mark.skipif(POPPLER is None, reason="poppler's pdfinfo is not installed")


PICTURED = "huisbezoek"
PICTOGRAMS = ("calendar", "phone", "door", "chat", "home")


def topic(name: str) -> dict:
    data = yaml.safe_load((SHAPES / "nl" / f"{name}.yaml").read_text(encoding="utf-8"))
    if name == PICTURED:
        for item, pictogram in zip(data["tips"]["items"], PICTOGRAMS):
            item["pictogram"] = pictogram
        data["tips"]["items"][0]["kind"] = "do"
        data["tips"]["items"][-1].update(kind="dont", instead="door")
    return data


def labels(locale: str) -> dict:
    path = SHAPES / "nl/labels.yaml" if locale == "nl" else FIXTURES / "tagged/en-labels.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("tagged") / "content"
    shutil.copytree(SHAPES, content)
    (content / f"nl/{PICTURED}.yaml").write_text(
        yaml.safe_dump(topic(PICTURED), allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(content / "nl", content / "en")
    shutil.copy(FIXTURES / "tagged/en-labels.yaml", content / "en/labels.yaml")
    shutil.copy(FIXTURES / "tagged/logo.svg", content / "logo.svg")
    profile = content / "organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8")
                       + f"logo: logo.svg\nprotocol_url: {URL}\n", encoding="utf-8")
    out = content.parent / "out"
    # with preflight: every piece and print sheet of both locales, the concept mark
    # beside the QR code included, must pass it for the build to write anything
    result = run("build", "--content", str(content), "--out", str(out), "--no-previews")
    assert result.exit_code == 0, result.output
    return out


def pieces(out: Path) -> list[Path]:
    found = sorted(p for p in out.rglob("*.pdf") if not p.name.endswith("-sheet.pdf"))
    assert {p.parent.name for p in found} == set(LOCALES)
    return found


# --- the independent checker -------------------------------------------------------

def test_every_office_piece_passes_the_pdfua_checker(built):
    from pdfua import validate

    found = {}
    for path in pieces(built):
        report = validate(str(path))
        skipped = [f"{o.rule_id} not evaluated: {o.skipped_reason}" for o in report.outcomes
                   if o.skipped_reason]  # a rule that could not read the file says nothing
        if report.findings or skipped:
            found[path.name] = [f"{f.rule_id}: {f.message}" for f in report.findings] + skipped
    assert len(pieces(built)) >= 20
    assert not found


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_every_office_piece_is_a_clean_file_as_small_as_qpdf_packs_it(built, tmp_path):
    """The structure is written with ReportLab's document, its small objects in object
    streams: qpdf finds no error in the file, and packing it with qpdf's own object
    streams would not make it smaller by more than 1 %."""
    for path in pieces(built):
        done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert done.returncode == 0, path.name + done.stdout + done.stderr
        assert "No syntax or stream encoding errors" in done.stdout
        packed = tmp_path / path.name
        subprocess.run(["qpdf", "--object-streams=generate", str(path), str(packed)],
                       check=True)
        assert path.stat().st_size <= 1.01 * packed.stat().st_size, path.name


def test_the_checker_does_find_an_untagged_print_sheet(built):
    """Print sheets stay untagged (the README says so): the checker is not blind."""
    from pdfua import validate

    sheet = next(built.rglob("*-sheet.pdf"))
    rules = {f.rule_id for f in validate(str(sheet)).findings}
    assert "UA-01-005" in rules  # no structure tree


def test_a_piece_declares_its_language_title_and_pdfua(built):
    for locale in LOCALES:
        with pikepdf.open(built / f"{locale}/huisbezoek-protocol-a4.pdf") as pdf:
            assert str(pdf.Root.Lang) == labels(locale)["language"]
            assert pdf.Root.MarkInfo.Marked
            assert pdf.Root.ViewerPreferences.DisplayDocTitle
            xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
            assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
            assert topic("huisbezoek")["title"] in xmp
            assert pdf.pdf_version == "1.7"
            assert all(page.obj.Tabs == pikepdf.Name.S for page in pdf.pages)


# --- structure and reading order (poppler) ---------------------------------------------

def struct_text(path: Path) -> list[tuple[tuple[str, ...], str, int]]:
    """``pdfinfo -struct-text``: each text with the structure types it is in and the
    number of its element."""
    output = subprocess.run([POPPLER, "-struct-text", str(path)], check=True,
                            capture_output=True, text=True).stdout
    lines, stack, element = [], [], 0
    for line in output.splitlines():
        depth = (len(line) - len(line.lstrip(" "))) // 2
        stripped = line.strip()
        del stack[depth:]
        if stripped.startswith('"'):
            lines.append((tuple(stack), stripped[1:-1], element))
        elif stripped:
            stack.append(stripped.split()[0])
            element += 1
    return lines


def element_texts(path: Path) -> list[tuple[tuple[str, ...], str]]:
    """Each element's text, its lines joined, with the structure types it is in."""
    found: dict[int, tuple[tuple[str, ...], list[str]]] = {}
    for roles, text, element in struct_text(path):
        found.setdefault(element, (roles, []))[1].append(text)
    return [(roles, normalise(" ".join(texts))) for roles, texts in found.values()]


def read_aloud(path: Path) -> str:
    """The structure's text in order, lines of a paragraph joined (hyphen breaks kept)."""
    return re.sub(r"-\s+", "-", normalise(" ".join(text for _, text, _ in struct_text(path))))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!:])\s+", re.sub(r"-\s+", "-", normalise(text))) if s]


@needs_poppler
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", TOPICS)
def test_the_protocol_reads_every_sentence_in_order(built, locale, name):
    """Across pages and the header drawn after the text: the structure has the topic's
    every sentence in the order of the page, and no page number or running header."""
    data = topic(name)
    path = built / f"{locale}/{name}-protocol-a4.pdf"
    spoken = read_aloud(path)
    at = 0
    for field, value in texts_of(data):
        if field == "checks_title":
            continue  # printed as the heading of the checks, before them
        for sentence in sentences(value):
            found = spoken.find(sentence, at)
            assert found >= 0, f"{field}: '{sentence}' missing or out of order in {path.name}"
            at = found + len(sentence)
    assert spoken.count(data["title"]) == 1  # the header; the running header is an artifact
    assert len(pypdf.PdfReader(path).pages) > 1 or name != "meldcode"
    page_of = labels(locale)["page_of"].split("{{")[0].strip()
    assert page_of not in spoken


@needs_poppler
def test_headings_and_lists_have_their_tags(built):
    found = element_texts(built / "nl/huisbezoek-protocol-a4.pdf")
    words = labels("nl")
    data = topic("huisbezoek")
    tagged = {text: roles for roles, text in found}
    assert tagged[data["title"]][-1] == "H1"
    for label in ("risks", "steps", "tips"):
        if label != "risks" or data.get("risks"):
            assert tagged[words[label]][-1] == "H2", label
    assert tagged[data["tips"]["title"]][-1] == "H3"
    question = data["checks"][0]
    assert tagged[question][-3:] == ("L", "LI", "LBody")
    assert tagged[normalise(data["steps"][0]["text"])][-4:] == ("L", "LI", "LBody", "P")
    assert tagged["1."][-3:] == ("L", "LI", "Lbl")
    headings = [int(roles[-1][1]) for roles, _ in found if re.fullmatch(r"H\d", roles[-1])]
    assert headings[0] == 1 and all(b <= a + 1 for a, b in zip(headings, headings[1:]))


@needs_poppler
@pytest.mark.parametrize("locale", LOCALES)
def test_a_folded_card_reads_cover_inside_then_back(built, locale):
    """The bifold card's outside page holds the back panel left of the cover; it is read
    cover first, then the questions inside, then the meldpunt on the back."""
    spoken = read_aloud(built / f"{locale}/huisbezoek-card-a6-bifold.pdf")
    data = topic("huisbezoek")
    title, first, last = (spoken.find(data["title"]), spoken.find(data["checks"][0]),
                          spoken.find(data["checks"][-1]))
    # the meldpunt's own name ("Intern meldpunt") stands for its heading on the card
    meldpunt = spoken.lower().find(labels(locale)["meldpunt"].lower(), last)
    assert 0 <= title < first < last < meldpunt


# --- figures: alternative text in the locale's words -------------------------------------

def elements(path: Path) -> list[pikepdf.Dictionary]:
    """Every structure element, in the order of the tree."""
    found = []
    with pikepdf.open(path) as pdf:
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(reversed(list(node)))
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                found.append({"role": str(node.S), "alt": str(node.get("/Alt", "")),
                              "actual": str(node.get("/ActualText", ""))})
                stack.append(node.get("/K"))
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_pictograms_logo_and_qr_code_are_figures_with_their_meaning(built, locale):
    """A pictogram's alternative text is its tip's words in the locale; the logo names the
    organisation, the QR code its address."""
    words = labels(locale)
    tips = [tip["text"] for tip in topic(PICTURED)["tips"]["items"]]
    protocol = [e["alt"] for e in elements(built / f"{locale}/{PICTURED}-protocol-a4.pdf")
                if e["role"] == "/Figure"]
    organisation = yaml.safe_load((SHAPES / "organisation.yaml").read_text(encoding="utf-8"))
    assert protocol == ([f"{words['logo']} {organisation['name']}"] + tips
                        + [f"{words['qr_code']} {URL}"])
    easy = [e["alt"] for e in elements(built / f"{locale}/{PICTURED}-poster-easy-read.pdf")
            if e["role"] == "/Figure"]
    assert [alt for alt in easy if alt in tips] == tips
    assert easy.count(words["instead"]) == 1  # the last tip's picture of what to do


def test_a_tick_box_is_the_label_of_its_question(built):
    found = elements(built / "en/huisbezoek-card-a7.pdf")
    labels_ = [e for e in found if e["role"] == "/Lbl"]
    assert len(labels_) == len(topic("huisbezoek")["checks"])
    assert {e["actual"] for e in labels_} == {labels("en")["tick_box"]}


# --- the book ---------------------------------------------------------------------------

@needs_poppler
def test_the_book_has_its_contents_as_a_toc_and_bookmarks_that_are_its_headings(built):
    path = built / "nl/book-a4.pdf"
    lines = struct_text(path)
    toc = " ".join(text for roles, text, _ in lines if roles[-3:] == ("TOC", "TOCI", "P"))
    at = 0
    for name in TOPICS:
        at = toc.index(topic(name)["title"].split()[0], at)
    headings = [text for roles, text in element_texts(path) if roles[-1] in ("H1", "H2")]

    def flat(outline):
        for entry in outline:
            if isinstance(entry, list):
                yield from flat(entry)
            else:
                yield entry.title

    bookmarks = list(flat(pypdf.PdfReader(path).outline))
    assert bookmarks
    at = 0
    for mark in bookmarks:  # each bookmark is a heading, in the same order
        assert mark in headings[at:], mark
        at = headings.index(mark, at) + 1


# --- preflight ----------------------------------------------------------------------------

def test_preflight_says_a_piece_is_tagged_and_a_sheet_is_not(built):
    piece = built / "nl/huisbezoek-card-a7.pdf"
    sheet = built / "nl/huisbezoek-card-a7-sheet.pdf"
    result = run("preflight", str(piece), str(sheet))
    assert result.exit_code == 0, result.output
    assert "ok  tagged: tagged, PDF/UA-1 checks pass" in result.output
    assert "ok  tagged: not tagged (no structure tree)" in result.output


@pytest.mark.parametrize("damage, reason", [
    (lambda pdf: pdf.Root.__delattr__("Lang"), "no /Lang in the catalogue"),
    (lambda pdf: pdf.Root.__delattr__("ViewerPreferences"), "/DisplayDocTitle"),
    (lambda pdf: pdf.Root.__delattr__("Metadata"), "pdfuaid:part 1"),
    (lambda pdf: pdf.Root.MarkInfo.__setattr__("Marked", False), "/Marked is not true"),
])
def test_preflight_fails_a_tagged_file_that_lost_a_part(built, tmp_path, damage, reason):
    path = tmp_path / "damaged.pdf"
    with pikepdf.open(built / "nl/huisbezoek-protocol-a4.pdf") as pdf:
        damage(pdf)
        pdf.save(path)
    result = run("preflight", str(path))
    assert result.exit_code != 0
    assert "NO  tagged: tagged, but" in result.output and reason in result.output


def test_preflight_fails_a_figure_without_alternative_text(built, tmp_path):
    path = tmp_path / "no-alt.pdf"
    with pikepdf.open(built / "nl/loverboys-protocol-a4.pdf") as pdf:
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.S == pikepdf.Name.Figure:
                    del node.Alt
                    break
                stack.append(node.get("/K"))
        pdf.save(path)
    result = run("preflight", str(path))
    assert result.exit_code != 0 and "a Figure has no alternative text" in result.output


@pytest.mark.parametrize("content, unmarked", [
    (b"BT /F1 10 Tf (x) Tj ET", 1),
    # every text-showing operator counts, and only outside marked content
    (b"BT /F1 10 Tf (x) ' 1 2 (y) \" [(z)] TJ ET /Artifact BMC BT (w) Tj ET EMC", 3),
    (b"q 10 0 0 10 0 0 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \xff EI Q", 1),   # an inline image
    (b"q /Unknown Do Q /P <</MCID 0>> BDC q /Unknown Do Q EMC", 1),
])
def test_preflight_fails_content_outside_any_marked_sequence(built, tmp_path, content, unmarked):
    path = tmp_path / "unmarked.pdf"
    with pikepdf.open(built / "nl/huisbezoek-card-a7.pdf") as pdf:
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(content), prepend=False)
        pdf.save(path)
    result = run("preflight", str(path))
    assert result.exit_code != 0
    assert (f"page 1: {unmarked} text or picture(s) neither tagged nor marked as artifact"
            in result.output)


def test_preflight_requires_an_office_piece_of_a_build_to_be_tagged(built, tmp_path):
    """Through the manifest, preflight knows an office piece: untagged, it fails."""
    out = tmp_path / "out"
    shutil.copytree(built, out)
    sheet = out / "nl/huisbezoek-card-a7-sheet.pdf"
    shutil.copy(sheet, out / "nl/huisbezoek-card-a7.pdf")  # an untagged file as the piece
    result = run("preflight", str(out))
    assert result.exit_code != 0
    assert "not tagged (no structure tree); an office piece must be tagged" in result.output


@needs_poppler
def test_the_concept_mark_is_read_once_first_on_its_topic(built):
    concept = labels("nl")["concept"]
    spoken = read_aloud(built / "nl/loverboys-protocol-a4.pdf")
    assert spoken.startswith(concept) and spoken.count(concept) == 1
    book = read_aloud(built / "nl/book-a4.pdf")  # in the book: where the concept topic starts
    title = topic("loverboys")["title"]
    assert book.count(concept) == 1
    assert book.index(topic("huisbezoek")["steps"][0]["text"][:30]) < book.index(concept) \
        < book.index(title, book.index(concept))
