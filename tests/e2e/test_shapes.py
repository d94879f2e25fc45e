"""Topics of other shapes than the shipped one: long, without a question, without
tips or checks, with lists, a concept. Each is built from tests/fixtures/shapes and
read back the way a person meets it: the files made and skipped, every sentence
of the topic in its protocol, the check questions on its cards, the concept mark,
and the options that choose topics (--topic, --layout, --strict)."""
from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from conftest import CONTENT_FIXTURE, FIXTURES, ROOT, default_project, normalise, pdf_text, run
from htmlcheck import parse

SHAPES = FIXTURES / "shapes"
LABELS = yaml.safe_load((SHAPES / "nl/labels.yaml").read_text(encoding="utf-8"))
CONCEPT = LABELS["concept"]  # "CONCEPT – niet goedgekeurd"
TOPICS = ("huisbezoek", "loverboys", "meldcode")
CARDS = ("a6-bifold", "a7", "badge", "id1", "wallet-trifold")
FAST = ("--no-previews", "--no-preflight")
QR_URL = "https://intranet.example.org/protocollen/veilig"

# What each topic gets (as `list` words it), and why it gets nothing else.
NO_TIPS = "the topic does not suit it: it has no tips"
NO_CHECKS = "the topic does not suit it: it has no check questions"
NO_EASY_READ = ("the topic does not suit it: its tips have no easy_read sentence and "
                "pictogram each")
DOES_NOT_FIT = "the text does not fit: "  # followed by the box that overflows
GETS = {
    "huisbezoek": ["protocol a4", "poster a3", "card a6-bifold", "card a7",
                   "card wallet-trifold"],
    "loverboys": ["protocol a4"] + [f"card {card}" for card in CARDS],
    "meldcode": ["protocol a4"],
}
NOT = {
    "huisbezoek": {"poster easy-read": NO_EASY_READ, "card badge": DOES_NOT_FIT,
                   "card id1": DOES_NOT_FIT},
    "loverboys": {"poster a3": NO_TIPS, "poster easy-read": NO_TIPS},
    "meldcode": {"poster a3": NO_TIPS, "poster easy-read": NO_TIPS,
                 **{f"card {card}": NO_CHECKS for card in CARDS}},
}
# The fifteen questions flow over a card's sides by fit; a card that cannot hold them
# says so, and names the card layouts that can.
ID1_TOO_SMALL = ("skipped nl/huisbezoek: no card id1: the text does not fit: its 2 boxes "
                 "cannot hold 15 check questions at 8 pt; it fits a6-bifold, a7, "
                 "wallet-trifold")
FIT_REASON = re.compile(r"the text does not fit: its \d+ boxes cannot hold \d+ check questions "
                        r"at \d+(\.\d+)? pt; it fits [\w-]+(, [\w-]+)*")
SKIP_LINE = re.compile(r"^skipped nl/(?P<topic>[\w*-]+): no (?P<piece>\w+ [\w-]+): (?P<reason>.+)$")
ERROR_LINE = re.compile(r"^error: (?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): ")


def topic(name: str) -> dict:
    return yaml.safe_load((SHAPES / "nl" / f"{name}.yaml").read_text(encoding="utf-8"))


def expected_files(name: str) -> set[str]:
    files = {f"nl/{name}-protocol-a4.pdf", f"nl/{name}-protocol.html"}
    for piece in GETS[name]:
        product, layout = piece.split()
        if product == "card":  # a card comes with its office print sheet
            files |= {f"nl/{name}-card-{layout}.pdf", f"nl/{name}-card-{layout}-sheet.pdf"}
        elif product != "protocol":
            files.add(f"nl/{name}-{product}-{layout}.pdf")
    return files


def files_in(folder: Path) -> set[str]:
    """Every file a build left for a reader (not the build's own lock file)."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


def skipped(output: str) -> dict[tuple[str, str], str]:
    """The skip lines of a build: (topic, "product layout") -> reason."""
    found = {}
    for line in output.splitlines():
        match = SKIP_LINE.match(line)
        if match:
            key = (match["topic"], match["piece"])
            assert key not in found, f"skipped twice: {line}"
            found[key] = match["reason"]
    return found


def page_texts(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    return [normalise(page.extract_text().replace("-\n", "-")) for page in reader.pages]


def outlined_diagonal_texts(path: Path) -> list[list[tuple[str, float]]]:
    """Per page: each text drawn as outlines only (render mode 1, stroke, no fill),
    with its angle in degrees, looking inside the forms a print sheet places."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(str(path))
    pages = []
    for page in document:
        textpage = page.get_textpage()
        found = []
        for obj in page.get_objects(max_depth=8):
            if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
            if mode != pdfium_c.FPDF_TEXTRENDERMODE_STROKE:
                continue
            size = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
            buffer = ctypes.create_string_buffer(size)
            pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw,
                                         ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)),
                                         size)
            text = buffer.raw[:size - 2].decode("utf-16-le").strip()
            matrix = obj.get_matrix()
            found.append((text, math.degrees(math.atan2(matrix.b, matrix.a))))
        pages.append(found)
    return pages


def texts_of(data: dict) -> list[tuple[str, str]]:
    """Every text of a topic file that its protocol prints, as (field, text)."""
    found = [("title", data["title"])]
    if data.get("question"):
        found.append(("question", data["question"]))
    for number, section in enumerate(data.get("answer", [])):
        if section.get("heading"):
            found.append((f"answer[{number}].heading", section["heading"]))
        for index, paragraph in enumerate(section.get("paragraphs", [])):
            found.append((f"answer[{number}].paragraphs[{index}]", paragraph))
        for index, item in enumerate(section.get("list", [])):
            found.append((f"answer[{number}].list[{index}]", item))
    for number, risk in enumerate(data.get("risks", [])):
        found.append((f"risks[{number}]", risk))
    for key, role in data.get("roles", {}).items():
        found += [(f"roles.{key}.name", role["name"]), (f"roles.{key}.does", role["does"])]
    for number, step in enumerate(data.get("steps", [])):
        if step.get("heading"):
            found.append((f"steps[{number}].heading", step["heading"]))
        found.append((f"steps[{number}].text", step["text"]))
    if data.get("tips"):
        tips = data["tips"]
        found += [("tips.title", tips["title"]), ("tips.intro", tips["intro"])]
        found += [(f"tips.items[{n}].text", item["text"]) for n, item in enumerate(tips["items"])]
    for number, question in enumerate(data.get("checks", [])):
        found.append((f"checks[{number}]", question))
    if data.get("checks_title"):
        found.append(("checks_title", data["checks_title"]))
    for number, contact in enumerate(data.get("contacts", [])):
        found += [(f"contacts[{number}].{key}", contact[key])
                  for key in ("name", "phone", "hours", "url") if contact.get(key)]
    return found


WALKED = {"title", "question", "answer", "risks", "roles", "steps", "tips", "checks",
          "checks_title", "contacts"}
NOT_TEXT = {"document", "labels"}  # document control and label overrides: tested on their own
TEXT_GROUPS = [(name, group) for name in TOPICS
               for group in sorted({field.split("[")[0].split(".")[0]
                                    for field, _ in texts_of(topic(name))})]


@pytest.fixture(scope="module")
def shapes(tmp_path_factory):
    """The shapes content built once: (output folder, CLI result)."""
    out = tmp_path_factory.mktemp("shapes")
    result = run("build", "--content", str(SHAPES), "--out", str(out), *FAST)
    assert result.exit_code == 0, result.output
    return out, result


def copy_of_shapes(folder: Path) -> Path:
    shutil.copytree(SHAPES, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8")
                                                      .splitlines(), 1) if text in line)


# --- what is made and what is skipped -------------------------------------------------

def test_every_topic_gets_its_products_and_the_locale_its_book(shapes):
    out, _ = shapes
    expected = {"manifest.json", "index.html", "pictograms.html", "nl/book-a4.pdf"}
    for name in TOPICS:
        expected |= expected_files(name)
    assert files_in(out) == expected


def test_manifest_lists_exactly_the_files_made(shapes):
    out, _ = shapes
    rows = json.loads((out / "manifest.json").read_text())["files"]
    assert {row["path"] for row in rows} == {f for f in files_in(out) if f.endswith(".pdf")}
    for row in rows:
        assert row["pages"] == len(pypdf.PdfReader(out / row["path"]).pages), row["path"]


def test_each_product_a_topic_does_not_get_is_one_skip_line_on_stderr(shapes):
    _, result = shapes
    found = skipped(result.stderr)
    assert set(found) == {(name, piece) for name in TOPICS for piece in NOT[name]}
    for (name, piece), reason in found.items():
        if NOT[name][piece] == DOES_NOT_FIT:
            assert FIT_REASON.fullmatch(reason), reason
        else:
            assert reason == NOT[name][piece]
    lines = result.stderr.splitlines()
    assert ID1_TOO_SMALL in lines
    assert "skipped nl/meldcode: no card id1: " + NO_CHECKS in lines
    assert "skipped nl/meldcode: no poster a3: " + NO_TIPS in lines
    assert "skipped nl/huisbezoek: no poster easy-read: " + NO_EASY_READ in lines
    assert "skipped" not in result.stdout  # the skips are warnings, not the list of files


@pytest.fixture(scope="module")
def listed():
    result = run("list", "--content", str(SHAPES))
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_list_says_what_each_topic_gets_and_why_not_the_rest(listed):
    lines = listed
    assert "topic nl/huisbezoek: Veilig op huisbezoek" in lines
    assert "topic nl/loverboys (CONCEPT): Contact met een loverboy" in lines
    assert f"topic nl/meldcode: {topic('meldcode')['title']}" in lines
    assert "locale nl, every topic: book a4" in lines
    for name in TOPICS:
        start = next(n for n, line in enumerate(lines) if line.startswith(f"topic nl/{name}"))
        block = []
        for line in lines[start + 1:]:
            if not line.startswith("  "):
                break
            block.append(line)
        assert block[0] == "  gets: " + ", ".join(GETS[name])
        nots = dict(line.removeprefix("  not: ").split(": ", 1) for line in block[1:])
        assert set(nots) == set(NOT[name])
        for piece, reason in nots.items():
            if NOT[name][piece] == DOES_NOT_FIT:
                assert FIT_REASON.fullmatch(reason), reason
            else:
                assert reason == NOT[name][piece]
    assert "  not: card id1: " + ID1_TOO_SMALL.split(": ", 2)[2] in lines


def test_list_and_build_agree_on_what_is_made_and_skipped(shapes, listed):
    out, built = shapes
    topic_name = None
    from_list, gets = {}, {}
    for line in listed:
        if line.startswith("topic nl/"):
            topic_name = line.split()[1].removeprefix("nl/").rstrip(":")
        elif line.startswith("  gets: "):
            gets[topic_name] = line.removeprefix("  gets: ").split(", ")
        elif line.startswith("  not: "):
            piece, reason = line.removeprefix("  not: ").split(": ", 1)
            from_list[(topic_name, piece)] = reason
    assert from_list == skipped(built.stderr)
    for name, pieces in gets.items():
        made = {f for f in files_in(out) if f.startswith(f"nl/{name}-")}
        files = {f"nl/{name}-protocol.html"}
        for piece in pieces:
            product, layout = piece.split()
            files.add(f"nl/{name}-{product}-{layout}.pdf")
            if product == "card":
                files.add(f"nl/{name}-{product}-{layout}-sheet.pdf")
        assert made == files, name


# --- every sentence of the topic in its protocol ------------------------------------

def test_the_text_walk_covers_every_key_of_each_topic_file():
    for name in TOPICS:
        assert set(topic(name)) <= WALKED | NOT_TEXT, name


def unbroken(text: str) -> str:
    """``text`` as one line, with a line broken after a hyphen ("ex-" / "partner") and a
    hyphen before a space ("alcohol- of") read alike: extraction cannot tell them apart."""
    return re.sub(r"-\s+", "-", normalise(text))


def running_text(path: Path, data: dict) -> str:
    """The text of a protocol as it reads on, page after page: without the page numbers,
    the running header, the first page's header and document control, bullets or a
    concept mark, so a paragraph that continues on the next page reads as one."""
    organisation = yaml.safe_load((SHAPES / "organisation.yaml").read_text(encoding="utf-8"))
    header = f"{organisation['name']} {data['title']} {LABELS['document_id']}: "
    pages = []
    for number, text in enumerate(page_texts(path), 1):
        text = re.sub(r"Pagina \d+ van \d+", " ", text).replace(CONCEPT, " ")
        text = text.replace("\u2022", " ")  # a list's bullets, read before each item
        if number == 1:
            assert header in text, f"no header on page 1 of {path.name}"
            text = text[:text.index(header)]
        else:
            assert text.startswith(data["title"]), f"no running header on page {number}"
            text = text[len(data["title"]):]
        pages.append(text)
    return unbroken(" ".join(pages))


@pytest.mark.parametrize("name, group", TEXT_GROUPS, ids=[f"{n}-{g}" for n, g in TEXT_GROUPS])
def test_protocol_prints_every_text_of_the_topic(shapes, name, group):
    out, _ = shapes
    data = topic(name)
    text = running_text(out / f"nl/{name}-protocol-a4.pdf", data)
    if group == "title":  # the title is in the header and running header, not the body
        text = unbroken(pdf_text(out / f"nl/{name}-protocol-a4.pdf"))
    fields = [(field, value) for field, value in texts_of(data)
              if field.split("[")[0].split(".")[0] == group]
    assert fields
    missing = [field for field, value in fields if unbroken(value) not in text]
    assert not missing, f"not in nl/{name}-protocol-a4.pdf: {missing}"


def test_protocol_says_who_does_what_and_who_is_in_each_step(shapes):
    out, _ = shapes
    for name in TOPICS:
        data = topic(name)
        text = running_text(out / f"nl/{name}-protocol-a4.pdf", data)
        for role in data["roles"].values():
            assert unbroken(f"{role['name']}: {role['does']}") in text, name
        starts = [text.index(unbroken(step["text"])) for step in data["steps"]]
        for number, step in enumerate(data["steps"]):
            # what follows the step, up to the next one, says who is involved in it
            part = text[starts[number]:(starts + [len(text)])[number + 1]]
            if step.get("roles"):
                who = ", ".join(data["roles"][key]["name"] for key in step["roles"])
                assert part.count(f"{LABELS['roles']}: ") == 1, (name, number)
                assert f"{LABELS['roles']}: {who}" in part, (name, number)
            else:
                assert f"{LABELS['roles']}: " not in part, (name, number)


@pytest.mark.parametrize("name, lacks", [("huisbezoek", ("question", "risks")),
                                         ("meldcode", ("tips", "checks"))])
def test_a_part_the_topic_lacks_is_left_out_with_its_heading(shapes, name, lacks):
    data = topic(name)
    text = running_text(shapes[0] / f"nl/{name}-protocol-a4.pdf", data)
    for part in lacks:
        assert part not in data
        assert LABELS[part] not in text, (name, part)
    for part in {"question", "answer", "risks", "steps", "tips"} - set(lacks):
        assert LABELS[part] in text, (name, part)


def test_protocol_heads_the_tips_with_the_label_then_their_title(shapes):
    """The poster's title is printed on the protocol too: a topic whose poster does not
    suit it (huisbezoek's title is too long for 96 pt) still has every word in print."""
    tips = topic("huisbezoek")["tips"]
    text = running_text(shapes[0] / "nl/huisbezoek-protocol-a4.pdf", topic("huisbezoek"))
    assert unbroken(f"{LABELS['tips']} {tips['title']} {tips['intro']} "
                    f"{tips['items'][0]['text']}") in text


def test_own_checks_title_replaces_the_checks_heading(shapes):
    out, _ = shapes
    title = topic("huisbezoek")["checks_title"]
    for path in (out / "nl/huisbezoek-protocol-a4.pdf", out / "nl/huisbezoek-card-a6-bifold.pdf"):
        text = pdf_text(path)
        assert title in text and LABELS["checks"] not in text, path.name
    assert LABELS["checks"] in pdf_text(out / "nl/loverboys-protocol-a4.pdf")


def test_sections_of_only_a_list_print_each_item(shapes):
    out, _ = shapes
    text = pdf_text(out / "nl/loverboys-protocol-a4.pdf")
    only_a_list = [s for s in topic("loverboys")["answer"] if set(s) == {"list"}]
    assert only_a_list
    for item in only_a_list[0]["list"]:
        assert item in text


# --- pages --------------------------------------------------------------------------

@pytest.mark.parametrize("name", TOPICS)
def test_every_protocol_page_says_which_page_of_how_many(shapes, name):
    pages = page_texts(shapes[0] / f"nl/{name}-protocol-a4.pdf")
    for number, text in enumerate(pages, 1):
        found = re.findall(r"Pagina (\d+) van (\d+)", text)
        assert found == [(str(number), str(len(pages)))], (name, number, found)


def test_the_long_topic_runs_over_at_least_three_pages_with_a_running_header(shapes):
    pages = page_texts(shapes[0] / "nl/meldcode-protocol-a4.pdf")
    assert len(pages) >= 3
    title = topic("meldcode")["title"]
    assert all(text.startswith(title) for text in pages[1:])
    assert not pages[0].startswith(title)  # the first page has the header instead


def test_short_topics_take_two_pages(shapes):
    for name in ("huisbezoek", "loverboys"):
        assert len(pypdf.PdfReader(shapes[0] / f"nl/{name}-protocol-a4.pdf").pages) == 2


# --- document control, contacts ------------------------------------------------------

def test_approved_topic_prints_who_approved_it_and_when(shapes):
    path = shapes[0] / "nl/meldcode-protocol-a4.pdf"
    text, keywords = pdf_text(path), pypdf.PdfReader(path).metadata["/Keywords"]
    for line in ("Document: PRT-MC-02", "Versie: 2.1", "Datum: 15 september 2026",
                 "Eigenaar: Kwaliteit en veiligheid", "Herzien uiterlijk: 15 september 2027",
                 "Goedgekeurd door: Raad van bestuur", "Goedgekeurd op: 20 september 2026"):
        assert line in text and line in keywords
    assert "Status: Concept" not in text and CONCEPT not in text


def test_document_fields_the_topic_leaves_out_come_from_the_profile(shapes):
    text = pdf_text(shapes[0] / "nl/huisbezoek-protocol-a4.pdf")
    for line in ("Document: PRT-HB-03", "Versie: 1.0", "Datum: 1 november 2026",
                 "Eigenaar: Kwaliteit en veiligheid", "Herzien uiterlijk: 1 november 2027"):
        assert line in text
    assert "PRT-SEX-01" not in text and "Goedgekeurd" not in text and "Status:" not in text


def test_external_contact_is_printed_with_the_meldpunt_on_the_last_page(shapes):
    pages = page_texts(shapes[0] / "nl/meldcode-protocol-a4.pdf")
    contact = topic("meldcode")["contacts"][0]
    last = pages[-1]
    assert (f"{contact['name']} Telefoon: {contact['phone']} Bereikbaar: {contact['hours']} "
            f"Website: {contact['url']}") in last
    assert "Intern meldpunt" in last and "Meldpunt Intern meldpunt" not in last  # no repeat
    assert all("0800-2000" not in text for text in pages[:-1])
    for name in ("huisbezoek", "loverboys"):
        assert "0800-2000" not in pdf_text(shapes[0] / f"nl/{name}-protocol-a4.pdf")


# --- cards ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["huisbezoek", "loverboys"])
def test_every_card_made_holds_every_check_question(shapes, name):
    out, _ = shapes
    cards = sorted(out.glob(f"nl/{name}-card-*.pdf"))
    assert len(cards) == 2 * sum(piece.startswith("card") for piece in GETS[name])
    for path in cards:
        text = pdf_text(path)
        missing = [q for q in topic(name)["checks"] if q not in text]
        assert not missing, f"{path.name} lacks {missing}"


# --- concept -------------------------------------------------------------------------

def concept_files(out: Path) -> list[Path]:
    return sorted(out.glob("nl/loverboys-*.pdf"))


def test_every_page_of_every_concept_pdf_carries_the_outlined_diagonal_mark(shapes):
    files = concept_files(shapes[0])
    assert len(files) == 1 + 2 * len(CARDS)
    for path in files:
        for number, marks in enumerate(outlined_diagonal_texts(path), 1):
            concept = [angle for text, angle in marks if text == CONCEPT]
            assert concept, f"{path.name} page {number} has no outlined '{CONCEPT}'"
            assert all(15 <= abs(angle) <= 75 for angle in concept), (path.name, number, concept)


def test_approved_topics_carry_no_concept_mark(shapes):
    for name in ("huisbezoek", "meldcode"):
        for path in shapes[0].glob(f"nl/{name}-*.pdf"):
            assert CONCEPT not in pdf_text(path), path.name
            assert all(not marks for marks in outlined_diagonal_texts(path)), path.name


def with_protocol_url(content: Path) -> Path:
    """The content folder with a protocol_url in its profile: a QR code on the pieces."""
    profile = content / "organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + f"protocol_url: {QR_URL}\n",
                       encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def concept_with_qr(tmp_path_factory):
    """The concept topic built for a profile with a protocol_url (preflight is the
    first test's business)."""
    content = with_protocol_url(copy_of_shapes(tmp_path_factory.mktemp("qr") / "content"))
    out = content.parent / "out"
    result = run("build", "--content", str(content), "--out", str(out), *FAST,
                 "--topic", "loverboys")
    assert result.exit_code == 0, result.output
    return out


def test_a_concept_with_a_qr_code_passes_preflight(concept_with_qr):
    """The mark once ran over the ID-1 card's QR code: red outlines on black modules,
    2.66:1, which preflight rightly refused."""
    result = run("preflight", str(concept_with_qr))
    assert result.exit_code == 0, result.output
    assert "NO " not in result.output


def test_the_concept_mark_keeps_clear_of_the_qr_code_and_its_quiet_zone(concept_with_qr):
    """Read from the rendered page: where a phone finds the code, the code and the
    4 modules of white around it carry none of the mark's red, on every page with a code."""
    import pypdfium2 as pdfium
    import zxingcpp

    out = concept_with_qr
    scale = 300 / 72
    pages_with_code = 0
    for path in sorted(out.glob("nl/loverboys-*.pdf")):
        for number, page in enumerate(pdfium.PdfDocument(str(path)), 1):
            image = page.render(scale=scale).to_pil().convert("RGB")
            codes = zxingcpp.read_barcodes(image)
            if not codes:
                continue
            for code in codes:
                assert code.text == QR_URL, (path.name, number)
                corners = [(p.x, p.y) for p in (code.position.top_left, code.position.top_right,
                                                 code.position.bottom_right,
                                                 code.position.bottom_left)]
                modules = 17 + 4 * int(code.extra["Version"])
                left, right = min(x for x, _ in corners), max(x for x, _ in corners)
                top, bottom = min(y for _, y in corners), max(y for _, y in corners)
                quiet = 4 * (right - left) / modules
                area = image.crop((int(left - quiet), int(top - quiet), int(right + quiet) + 1,
                                   int(bottom + quiet) + 1))
                red = [colour for _, colour in area.getcolors(area.width * area.height)
                       if colour[0] - max(colour[1], colour[2]) > 60]
                assert not red, f"{path.name} page {number}: the concept mark runs over the QR code"
                pages_with_code += 1
    assert pages_with_code >= 5  # a code on every card and its print sheet


def test_a_layout_whose_qr_code_leaves_the_mark_no_room_is_an_error(tmp_path):
    """A QR code in the middle of the card: no diagonal, shift or size of the mark
    misses it, and the build says which layout page to change instead of printing
    the mark over the code."""
    content = with_protocol_url(copy_of_shapes(tmp_path / "content"))
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    edit(layouts / "card-id1.yaml", "        x: 58.5\n        y: 3\n        width: 24.1\n"
         "        height: 47.98\n", "        x: 30.75\n        y: 14\n        width: 24.1\n"
         "        height: 36.98\n")
    result = run("build", "--content", str(content), "--layouts", str(layouts), "--layout", "id1",
                 "--topic", "loverboys", "--out", str(tmp_path / "out"), *FAST)
    assert result.exit_code == 2, result.output
    assert "card-id1.yaml:" in result.output and "Traceback" not in result.output
    assert "the concept mark cannot keep clear of the QR code or logo on page 'back' of " \
           "layout 'id1'" in result.output
    assert "How to fix: move the QR code or logo box off the page's diagonals" in result.output


def test_concept_pdfs_say_so_in_their_subject(shapes):
    out, _ = shapes
    for path in concept_files(out):
        subject = pypdf.PdfReader(path).metadata.subject
        assert subject.endswith(f"({CONCEPT})"), (path.name, subject)
    protocol = pypdf.PdfReader(out / "nl/loverboys-protocol-a4.pdf").metadata.subject
    assert protocol == f"{topic('loverboys')['labels']['protocol_subject']} ({CONCEPT})"
    card = pypdf.PdfReader(out / "nl/loverboys-card-id1.pdf").metadata.subject
    assert card == f"{LABELS['card_subject']} ({CONCEPT})"
    for name in ("huisbezoek", "meldcode"):
        subject = pypdf.PdfReader(out / f"nl/{name}-protocol-a4.pdf").metadata.subject
        assert subject == LABELS["protocol_subject"]


def test_concept_protocol_prints_its_status(shapes):
    text = pdf_text(shapes[0] / "nl/loverboys-protocol-a4.pdf")
    assert f"{LABELS['status']}: {LABELS['status_concept']}" in text  # "Status: Concept"
    assert "Document: PRT-LB-04" in text


def test_manifest_and_catalogue_mark_the_concept_files(shapes):
    out, _ = shapes
    rows = json.loads((out / "manifest.json").read_text())["files"]
    concept = {row["path"] for row in rows if row["concept"] is True}
    assert {row["concept"] for row in rows} == {True, False}
    assert concept == {str(p.relative_to(out)) for p in concept_files(out)} | {"nl/book-a4.pdf"}
    page = parse(out / "index.html")
    articles = {a.get("href"): article for article in page.all("article")
                for a in article.iter("a") if (a.get("href") or "").endswith(".pdf")}
    assert set(articles) == {row["path"] for row in rows}
    for path, article in articles.items():
        notes = [p for p in article.iter("p") if p.get("class") == "concept"]
        assert bool(notes) == (path in concept), path
        if notes:  # the book holds a concept; the topic's own files are one (in Dutch)
            expected = "Bevat een concept:" if path == "nl/book-a4.pdf" else "Concept:"
            assert page.text(notes[0]).startswith(expected), path


# --- choosing topics and layouts -------------------------------------------------------

def test_topic_option_builds_only_those_topics_and_skips_the_book(tmp_path):
    result = run("build", "--content", str(SHAPES), "--out", str(tmp_path), *FAST,
                 "--topic", "loverboys", "--topic", "meldcode")
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == (expected_files("loverboys") | expected_files("meldcode")
                                  | {"manifest.json", "index.html", "pictograms.html"})
    assert "skipped nl/*: no book a4: it holds every topic: build it without --topic" \
        in result.stderr.splitlines()
    assert not [key for key in skipped(result.stderr) if key[0] == "huisbezoek"]


def test_topic_option_limits_validate_and_list():
    checked = run("validate", "--content", str(SHAPES), "--topic", "huisbezoek")
    assert checked.exit_code == 0, checked.output
    assert "nl/huisbezoek: protocol a4" in checked.output
    assert "nl/loverboys" not in checked.output and "nl/meldcode" not in checked.output
    chosen = run("list", "--content", str(SHAPES), "--topic", "huisbezoek")
    assert chosen.exit_code == 0, chosen.output
    assert [line for line in chosen.output.splitlines() if line.startswith("topic ")] == [
        "topic nl/huisbezoek: Veilig op huisbezoek"]


@pytest.mark.parametrize("command", ["build", "validate", "list"])
def test_unknown_topic_is_an_input_error_naming_the_known_ones(tmp_path, command):
    out = tmp_path / "out"
    extra = ("--out", str(out)) if command == "build" else ()
    result = run(command, "--content", str(SHAPES), *extra, "--topic", "loverboys",
                 "--topic", "loverboy")
    assert result.exit_code == 2, result.output
    assert "unknown topic 'loverboy'" in result.output
    assert "huisbezoek, loverboys, meldcode" in result.output
    assert not out.exists()


def test_explicit_layout_too_small_for_the_questions_is_an_error(tmp_path):
    out = tmp_path / "out"
    result = run("build", "--content", str(SHAPES), "--out", str(out), *FAST,
                 "--layout", "id1")
    assert result.exit_code == 2, result.output
    (error,) = [line for line in result.output.splitlines() if line.startswith("error: ")]
    match = ERROR_LINE.match(error)
    assert match and (default_project() / match["path"]).resolve() == (SHAPES / "nl/huisbezoek.yaml").resolve()
    assert "the 15 check questions do not fit layout 'id1' (card)" in error
    assert "layouts that hold it: a6-bifold, a7, wallet-trifold" in result.output
    assert "skipped nl/huisbezoek: no card id1" not in result.output
    assert not out.exists()  # not even the loverboys card, which fits


def test_explicit_layout_that_fits_the_chosen_topic_builds(tmp_path):
    result = run("build", "--content", str(SHAPES), "--out", str(tmp_path), *FAST,
                 "--layout", "id1", "--topic", "loverboys")
    assert result.exit_code == 0, result.output
    assert files_in(tmp_path) == {"nl/loverboys-card-id1.pdf", "nl/loverboys-card-id1-sheet.pdf",
                                  "manifest.json", "index.html", "pictograms.html"}


# --- a topic missing from a locale ------------------------------------------------------

@pytest.fixture(scope="module")
def two_locales(tmp_path_factory) -> Path:
    """The shipped nl and en content with one more topic, huisbezoek, only in nl."""
    content = tmp_path_factory.mktemp("two-locales") / "content"
    for locale in ("nl", "en"):
        (content / locale).mkdir(parents=True)
        for name in ("labels.yaml", "sexting.yaml"):
            shutil.copy(CONTENT_FIXTURE / locale / name, content / locale / name)
    shutil.copy(CONTENT_FIXTURE / "organisation.yaml", content / "organisation.yaml")
    shutil.copy(SHAPES / "nl/huisbezoek.yaml", content / "nl/huisbezoek.yaml")
    return content


def missing_warning(output: str, content: Path) -> list[str]:
    lines = [line for line in output.splitlines() if line.startswith("warning: ")]
    for line in lines:
        path = line.removeprefix("warning: ").split(" is missing: ")[0]
        assert (default_project() / path).resolve() == (content / "en/huisbezoek.yaml").resolve(), line
    return lines


def test_topic_missing_in_a_locale_is_a_warning_and_the_rest_builds(two_locales, tmp_path):
    result = run("build", "--content", str(two_locales), "--out", str(tmp_path), *FAST,
                 "--product", "protocol", "--product", "book")
    assert result.exit_code == 0, result.output
    (warning,) = missing_warning(result.stderr, two_locales)
    assert warning.endswith("/en/huisbezoek.yaml is missing: topic 'huisbezoek' is not made in en")
    assert files_in(tmp_path) >= {"nl/huisbezoek-protocol-a4.pdf", "nl/sexting-protocol-a4.pdf",
                                  "en/sexting-protocol-a4.pdf", "nl/book-a4.pdf", "en/book-a4.pdf"}
    assert not list(tmp_path.glob("en/huisbezoek*"))
    assert "Veilig op huisbezoek" in pdf_text(tmp_path / "nl/book-a4.pdf")
    assert "Veilig op huisbezoek" not in pdf_text(tmp_path / "en/book-a4.pdf")


def test_validate_warns_about_the_missing_topic_but_passes(two_locales):
    result = run("validate", "--content", str(two_locales), "--product", "protocol")
    assert result.exit_code == 0, result.output
    assert len(missing_warning(result.output, two_locales)) == 1


@pytest.mark.parametrize("command", ["validate", "build"])
def test_strict_makes_the_missing_topic_an_error(two_locales, tmp_path, command):
    out = tmp_path / "out"
    extra = ("--out", str(out), *FAST) if command == "build" else ()
    result = run(command, "--strict", "--content", str(two_locales), *extra)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "en/huisbezoek.yaml" in errors[0]
    path = errors[0].removeprefix("error: ").split(": ")[0]
    assert (default_project() / path).resolve() == (two_locales / "en/huisbezoek.yaml").resolve()
    assert "huisbezoek" in errors[0]
    assert not out.exists()


# --- every input error in one run --------------------------------------------------------

def many_lines_of_checks(count: int) -> str:
    return "checks:\n" + "".join(f"  - Is dit vraag nummer {n}?\n" for n in range(1, count + 1))


def replace_checks(path: Path, count: int) -> None:
    text = path.read_text(encoding="utf-8")
    new, done = re.subn(r"^checks:\n(?:  - .*\n)+", many_lines_of_checks(count), text, flags=re.M)
    assert done == 1
    path.write_text(new, encoding="utf-8")


def errors_of(output: str) -> list[re.Match]:
    lines = [line for line in output.splitlines() if line.startswith("error: ")]
    matches = [ERROR_LINE.match(line) for line in lines]
    assert all(matches), lines
    return matches


@pytest.fixture
def three_broken_files(tmp_path) -> Path:
    """A copy of the shapes with one mistake in each of the three topic files."""
    content = copy_of_shapes(tmp_path / "content")
    edit(content / "nl/meldcode.yaml", "\nquestion: >-", "\nqeustion: >-")  # a typo in a key
    edit(content / "nl/huisbezoek.yaml", "    roles: [collega]\n", "    roles: [colega]\n")
    replace_checks(content / "nl/loverboys.yaml", 41)  # at most 40 check questions
    return content


@pytest.mark.parametrize("command", ["validate", "build"])
def test_every_input_error_is_reported_in_one_run(three_broken_files, tmp_path, command):
    content = three_broken_files
    out = tmp_path / "out"
    extra = ("--out", str(out)) if command == "build" else ()
    result = run(command, "--content", str(content), *extra)
    assert result.exit_code == 2, result.output
    errors = errors_of(result.output)
    assert len(errors) == 3, result.output
    files = {(default_project() / e["path"]).resolve(): e.string for e in errors}
    assert set(files) == {(content / f"nl/{name}.yaml").resolve() for name in TOPICS}
    assert "unknown key 'qeustion'" in files[(content / "nl/meldcode.yaml").resolve()]
    assert "'colega'" in files[(content / "nl/huisbezoek.yaml").resolve()]
    assert "40" in files[(content / "nl/loverboys.yaml").resolve()]
    assert result.output.strip().splitlines()[-1] == "3 problems found; nothing was written."
    assert not out.exists()


def test_each_error_points_at_the_line_of_its_mistake(three_broken_files):
    content = three_broken_files
    errors = errors_of(run("validate", "--content", str(content)).output)
    where = {(default_project() / e["path"]).resolve().name: int(e["line"]) for e in errors}
    assert where == {
        "meldcode.yaml": line_of(content / "nl/meldcode.yaml", "qeustion:"),
        "loverboys.yaml": line_of(content / "nl/loverboys.yaml", "checks:"),
        # the step that names the unknown role, not the top of the file
        "huisbezoek.yaml": line_of(content / "nl/huisbezoek.yaml", "colega"),
    }


def test_two_errors_in_one_file_are_both_reported(tmp_path):
    content = copy_of_shapes(tmp_path / "content")
    path = content / "nl/huisbezoek.yaml"
    edit(path, "\nchecks_title:", "\nchecks_titel:")
    replace_checks(path, 41)
    result = run("validate", "--content", str(content))
    assert result.exit_code == 2, result.output
    errors = errors_of(result.output)
    assert [(default_project() / e["path"]).resolve() for e in errors] == [path.resolve()] * 2
    assert sorted(int(e["line"]) for e in errors) == [line_of(path, "checks_titel:"),
                                                      line_of(path, "checks:")]
    assert result.output.strip().splitlines()[-1] == "2 problems found; nothing was written."


@pytest.mark.parametrize("second", ["a typo in a key", "another unknown role"])
def test_an_unknown_role_is_reported_with_the_other_error_of_its_file(tmp_path, second):
    content = copy_of_shapes(tmp_path / "content")
    path = content / "nl/huisbezoek.yaml"
    edit(path, "    roles: [collega]\n", "    roles: [colega]\n")
    if second == "a typo in a key":
        edit(path, "\nchecks_title:", "\nchecks_titel:")
    else:
        edit(path, "    roles: [collega, teamleider]\n", "    roles: [collega, teamlijder]\n")
    result = run("validate", "--content", str(content))
    assert result.exit_code == 2, result.output
    errors = errors_of(result.output)
    assert len(errors) == 2, result.output
    assert any("'colega'" in e.string for e in errors), result.output
    assert result.output.strip().splitlines()[-1] == "2 problems found; nothing was written."


def test_the_shapes_content_validates_cleanly():
    result = run("validate", "--content", str(SHAPES))
    assert result.exit_code == 0, result.output
    assert "error" not in result.output
    assert "nothing written" in result.output


def test_every_shapes_pdf_passes_preflight(shapes):
    result = run("preflight", str(shapes[0]))
    assert result.exit_code == 0, result.output
    count = len([f for f in files_in(shapes[0]) if f.endswith(".pdf")])
    assert f"{count} of {count} file(s) pass" in result.output


def test_a_short_poster_title_sits_on_its_intro(shapes):
    """A title of two lines that leaves room in its box stands at the box's foot, on the
    line that it introduces (12 mm from its letters to the intro's), not 35 mm above it."""
    from pdfcheck import glyphs

    out, _ = shapes
    page = glyphs(out / "nl/huisbezoek-poster-a3.pdf")[0]
    title = [g for g in page if g.size > 55]
    intro = [g for g in page if 39 < g.size < 49 and g.top < min(t.bottom for t in title)]
    assert title and intro
    gap = min(t.bottom for t in title) - max(g.top for g in intro)
    assert gap < 15 * 72 / 25.4, gap / (72 / 25.4)
