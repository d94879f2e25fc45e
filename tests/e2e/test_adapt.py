"""The products adapt to the content: 1 to 40 check questions flow over whichever card
layouts hold them (the others are skipped, naming those that do), at one size, in
reading order, spread evenly, inside the safe zone; poster titles and 1 to 8 tips fill
their boxes; and an organisation's own pictogram is drawn where a tip names it.

The content is written here (tmp folders), not shipped: Dutch check questions of one
sentence each (8 to 14 words, as a trainer writes them), topics of 1, 6, 9, 12, 15 and
40 of them, and tip topics of 1, 3, 6 and 8 tips and one of 5 under a 60-character
title. Where a test fails, the behaviour it names is broken (see each docstring)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT_FIXTURE, FIXTURES, MM, ROOT, normalise, pdf_text, run
from generator.inputs import fonts
from generator.layout.items import Pictogram, Text
from generator.pipeline import Inputs, lay_out_plan, make_plan

FAST = ("--no-previews", "--no-preflight")
CARDS = ("a6-bifold", "a7", "badge", "id1", "wallet-trifold")
QUESTIONS = [
    "Weet je waar het protocol over medicatieveiligheid op jouw locatie te vinden is?",
    "Controleer je bij het uitdelen altijd de naam en geboortedatum van de cliënt?",
    "Heb je de medicatielijst van de cliënt deze week nog nagekeken?",
    "Weet je wie je belt als de apotheek in het weekend gesloten is?",
    "Meld je een fout of bijna-fout altijd binnen een dag bij het meldpunt?",
    "Bespreek je bijwerkingen die je opvallen met de arts of de verpleegkundige?",
    "Bewaar je medicijnen altijd in een afgesloten kast of een kluisje?",
    "Teken je direct af nadat de cliënt de medicatie heeft ingenomen?",
    "Weet je welke medicijnen niet samen met melk of voeding mogen?",
    "Vraag je de cliënt hoe hij of zij zich voelt na nieuwe medicatie?",
    "Heb je de instructie over het gebruik van de medicijnapp gevolgd?",
    "Weet je wat je doet als een cliënt zijn medicatie weigert?",
    "Controleer je de houdbaarheidsdatum voordat je een nieuwe verpakking opent?",
    "Ken je de afspraken over medicatie tijdens logeren of verlof thuis?",
    "Geef je bij de overdracht door welke medicatie er is gegeven?",
    "Weet je hoe je een gevallen of vernietigd tablet in het dossier registreert?",
    "Bespreek je twijfels over een voorschrift altijd eerst met een collega?",
    "Weet je wanneer je een dubbele controle door een collega nodig hebt?",
    "Leg je aan de cliënt uit waarvoor elk medicijn is bedoeld?",
    "Houd je rekening met slikproblemen bij het geven van tabletten?",
    "Weet je welke pijnstillers een cliënt zelf zonder overleg mag nemen?",
    "Staat de actuele allergie van de cliënt duidelijk in het dossier?",
    "Ken je de regels voor het vervoer van medicatie bij uitstapjes?",
    "Vraag je om hulp wanneer je een handeling niet bekwaam kunt uitvoeren?",
    "Weet je hoe je een zelfzorgmiddel in het dossier van de cliënt vastlegt?",
    "Controleer je na een ziekenhuisopname of de medicatielijst is aangepast?",
    "Weet je waar de noodmedicatie op de groep is opgeslagen?",
    "Spreek je een collega aan als die een stap van het protocol overslaat?",
    "Heb je de jaarlijkse scholing over medicatieveiligheid dit jaar al gevolgd?",
    "Weet je hoe lang een geopende fles drank of zalf houdbaar blijft?",
    "Geef je medicatie alleen uit de originele verpakking of de baxterrol?",
    "Weet je welke medicijnen slaperig maken en daarom extra toezicht vragen?",
    "Let je op veranderingen in gedrag na het starten van nieuwe medicatie?",
    "Neem je contact op met de arts als een cliënt kort na inname braakt?",
    "Weet je hoe je een injectie met insuline veilig voorbereidt?",
    "Gooi je gebruikte naalden direct weg in de speciale naaldcontainer?",
    "Ken je de afspraken over het bijbestellen van medicatie bij de apotheek?",
    "Zorg je dat een invalkracht de medicatieafspraken van de groep kent?",
    "Weet je wat je moet doen bij een vermoeden van een vergiftiging?",
    "Bespreek je de meldingen over medicatie elk kwartaal samen met het team?",
]
COUNTS = (1, 6, 9, 12, 15, 40)
# Which card layouts hold how many of these questions (observed, and sensible: short
# lists fit every card; the credit card holds six, not nine; the badge twelve; the A7,
# the A6 folder and the wallet fifteen; forty fit no pocket card).
MADE = {
    "q1": set(CARDS),
    "q6": set(CARDS),
    "q9": set(CARDS) - {"id1"},
    "q12": set(CARDS) - {"id1"},
    "q15": {"a6-bifold", "a7", "wallet-trifold"},
    "q40": set(),
}
SKIP_LINE = re.compile(r"^skipped nl/(?P<topic>[\w-]+): no card (?P<layout>[\w-]+): "
                       r"the text does not fit: its (?P<boxes>\d+) boxes cannot hold "
                       r"(?P<count>\d+) check questions at (?P<size>[\d.]+) pt; "
                       r"(?:it fits (?P<fits>[\w-]+(?:, [\w-]+)*)|no card layout holds it)$")

# Tips: (staff text, easy-read sentence, pictogram, instead). The easy-read sentences
# run to two, three and one lines on the poster (the second is taller than its
# pictures), so rows of one height are not a coincidence.
TIPS = [
    ("Geen gezicht", "Laat je gezicht niet zien.", "face", "photo-body"),
    ("Geen tatoeages", "Laat moedervlekken, littekens en tatoeages nooit zien.", "tattoo", "skin"),
    ("Geen littekens", "Geen naam.", "scar", "skin"),
    ("Geen moedervlekken", "Laat je moedervlekken niet zien.", "mole", "skin"),
    ("Geen huis of straat", "Laat je huis niet zien.", "home", "photo-body"),
    ("Geen naam of adres", "Zet nooit je naam erbij.", "document", "photo-body"),
    ("Deel alleen met wie je kent", "Stuur het alleen aan iemand die je kent.",
     "two-people", "lock"),
    ("Geen herkenbare achtergrond of omgeving", "Laat niet zien waar je bent.",
     "background", "photo-body"),
]
TITLE_60 = "Zo deel je een foto veilig met iemand die je echt vertrouwt."
TIP_TOPICS = {"tips1": 1, "tips3": 3, "tips6": 6, "tips8": 8}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def topic_file(folder: Path, name: str, data: dict) -> None:
    (folder / "nl" / f"{name}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def tips(count: int, title: str = "Een foto veilig delen") -> dict:
    return {"title": title, "intro": "Deel beelden zonder herkenbare kenmerken.",
            "items": [{"text": text, "easy_read": easy, "pictogram": picture, "kind": "dont",
                       "instead": instead} for text, easy, picture, instead in TIPS[:count]]}


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("adapt") / "content"
    (folder / "nl").mkdir(parents=True)
    shutil.copy(CONTENT_FIXTURE / "organisation.yaml", folder)
    shutil.copy(CONTENT_FIXTURE / "nl/labels.yaml", folder / "nl")
    for count in COUNTS:
        topic_file(folder, f"q{count}", {"title": "Medicatieveiligheid op de groep",
                                         "checks": QUESTIONS[:count],
                                         "document": {"id": f"PRT-MED-{count:02d}"}})
    for name, count in TIP_TOPICS.items():
        topic_file(folder, name, {"title": "Veilig beelden delen", "tips": tips(count),
                                  "document": {"id": f"PRT-{name.upper()}"}})
    topic_file(folder, "title60", {"title": "Veilig beelden delen", "tips": tips(5, TITLE_60),
                                   "document": {"id": "PRT-TITLE60"}})
    return folder


def inputs_for(content: Path, **selection) -> Inputs:
    return Inputs(content=content, layouts=ROOT / "layouts",
                  profile=content / "organisation.yaml", preflight=False, **selection)


def laid_out(content: Path, product: str) -> dict[str, tuple]:
    """Every piece of the product the full build makes: name -> (layout, document)."""
    laid = lay_out_plan(make_plan(inputs_for(content, products=(product,))))
    return {job.name: (job.layout.layout, document)
            for job, document in zip(laid.jobs, laid.documents)}


def built_product(content, tmp_path_factory, product: str):
    """The build of one product of the test content: (output folder, what it printed)."""
    out = tmp_path_factory.mktemp(product)
    result = run("build", "--content", str(content), "--product", product, "--out", str(out),
                 *FAST)
    assert result.exit_code == 0, result.output
    return out, result.output


@pytest.fixture(scope="module")
def cards(content, tmp_path_factory):
    return built_product(content, tmp_path_factory, "card")


@pytest.fixture(scope="module")
def card_documents(content):
    return laid_out(content, "card")


@pytest.fixture(scope="module")
def posters(content, tmp_path_factory):
    return built_product(content, tmp_path_factory, "poster")


@pytest.fixture(scope="module")
def poster_documents(content):
    return laid_out(content, "poster")


def test_the_questions_are_realistic():
    assert len(QUESTIONS) == len(set(QUESTIONS)) == 40
    for question in QUESTIONS:
        assert 8 <= len(question.split()) <= 14 and question.endswith("?"), question


# --- which cards each topic gets ---------------------------------------------------------

def card_skips(output: str) -> dict[tuple[str, str], re.Match]:
    found = {}
    for line in output.splitlines():
        if line.startswith("skipped nl/q") and " no card " in line:
            match = SKIP_LINE.match(line)
            assert match, f"skip line not as documented: {line}"
            key = (match["topic"], match["layout"])
            assert key not in found, f"skipped twice: {line}"
            found[key] = match
    return found


@pytest.mark.parametrize("topic", MADE)
def test_each_card_is_made_or_skipped_naming_the_cards_that_hold_the_questions(cards, topic):
    out, output = cards
    skips = card_skips(output)
    count = int(topic[1:])
    made = {layout for layout in CARDS if (out / f"nl/{topic}-card-{layout}.pdf").is_file()}
    assert made == MADE[topic]
    for layout in CARDS:
        pdf = out / f"nl/{topic}-card-{layout}.pdf"
        sheet = out / f"nl/{topic}-card-{layout}-sheet.pdf"
        if layout in made:
            assert sheet.is_file() and (topic, layout) not in skips
            continue
        assert not pdf.exists() and not sheet.exists()
        skip = skips[(topic, layout)]
        assert int(skip["count"]) == count and float(skip["size"]) >= 8
        named = set(skip["fits"].split(", ")) if skip["fits"] else set()
        assert named == made, skip.group(0)
    assert {key for key in skips if key[0] == topic} == {(topic, l) for l in set(CARDS) - made}


def test_a_card_asked_for_by_name_that_cannot_hold_them_names_the_longest_and_the_others(
        content, tmp_path):
    result = run("build", "--content", str(content), "--product", "card", "--layout", "id1",
                 "--topic", "q9", "--out", str(tmp_path / "out"), *FAST)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    longest = max(range(9), key=lambda number: len(QUESTIONS[number]))
    lines = (content / "nl/q9.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if QUESTIONS[longest] in text)
    assert re.search(rf"q9\.yaml:{line}:\d+: checks\[{longest}\]: the 9 check questions do not "
                     r"fit layout 'id1'", result.output), result.output
    assert "How to fix: " in result.output
    assert "(layouts that hold it: a6-bifold, a7, badge, wallet-trifold)" in result.output
    assert not (tmp_path / "out").exists()


# --- the questions on every card made ----------------------------------------------------

def made_cards() -> list[tuple[str, str]]:
    return [(topic, layout) for topic in MADE for layout in sorted(MADE[topic])]


@pytest.mark.parametrize("topic, layout", made_cards())
def test_every_question_once_and_in_order(cards, topic, layout):
    out, _ = cards
    text = pdf_text(out / f"nl/{topic}-card-{layout}.pdf")
    questions = QUESTIONS[:int(topic[1:])]
    at = []
    for question in questions:
        assert text.count(question) == 1, (question, text)
        at.append(text.index(question))
    assert at == sorted(at)


def extent(item: Text) -> tuple[float, float, float, float]:
    """A line of text as (left, bottom, right, top) in points."""
    ascent, descent = fonts.ascent_descent(item.font)
    return (item.x, item.y + descent * item.size,
            item.x + fonts.width(item.text, item.font, item.size), item.y + ascent * item.size)


def check_items(document) -> list[tuple[str, Text]]:
    return [(page.name, item) for page in document.pages for item in page.items
            if isinstance(item, Text) and item.field.startswith("checks[")]


@pytest.mark.parametrize("topic, layout", made_cards())
def test_every_question_at_one_size_at_least_8_pt(card_documents, topic, layout):
    _, document = card_documents[f"nl/{topic}-card-{layout}"]
    items = check_items(document)
    assert {item.field for _, item in items} == {f"checks[{n}]" for n in range(int(topic[1:]))}
    sizes = {item.size for _, item in items}
    assert len(sizes) == 1, sizes
    assert sizes.pop() >= 8


def panel_edges(card, page: str) -> list[tuple[float, float]]:
    """(left, right) in points of each panel of a page (one panel when it does not fold)."""
    spans = card.pages[page].spans(card.width)
    return [(left * MM, (left + width) * MM) for left, width in spans.values()]


@pytest.mark.parametrize("topic, layout", made_cards())
def test_all_text_inside_the_safe_zone(card_documents, topic, layout):
    """Every line keeps the safe distance from the trim, and on a folded card from the
    folds of the panel it stands on."""
    card, document = card_documents[f"nl/{topic}-card-{layout}"]
    safe = card.safe * MM
    for page in document.pages:
        panels = panel_edges(card, page.name)
        for item in page.items:
            if not isinstance(item, Text):
                continue
            assert item.angle == 0, item
            left, bottom, right, top = extent(item)
            assert bottom >= safe - 0.01 and top <= document.height - safe + 0.01, (page.name, item)
            assert any(left >= panel_left + safe - 0.01 and right <= panel_right - safe + 0.01
                       for panel_left, panel_right in panels), (page.name, item, panels)


def shared_boxes(card) -> list[tuple[str, str]]:
    """The boxes the questions flow through, in reading order (this profile has neither a
    logo nor a protocol_url, so boxes drawn only with one of those are not used)."""
    return [(page_name, box_name) for page_name, page in card.pages.items()
            for box_name, box in page.boxes.items()
            if box.only_with is None and any(block.block == "checks" for block in box.blocks)]


def questions_per_box(card, document) -> list[list[str]]:
    fields = {(fit.page, fit.box): [f for f in fit.fields if f.startswith("checks[")]
              for fit in document.fits}
    return [fields.get(box, []) for box in shared_boxes(card)]


@pytest.mark.parametrize("topic, layout", made_cards())
def test_questions_start_in_the_first_box_and_leave_no_box_empty_before_others(
        card_documents, topic, layout):
    """The questions run over the sides and panels in order: the first side or panel
    that has room for them is where they start, and a box is empty only after the last
    question (one question on the wallet card goes on its first inside panel, not its
    flap; on the A6 folder it goes under the heading on the left, not alone on the right)."""
    card, document = card_documents[f"nl/{topic}-card-{layout}"]
    boxes = questions_per_box(card, document)
    assert len(boxes) >= 2
    counts = [len(fields) for fields in boxes]
    assert [field for fields in boxes for field in fields] == \
        [f"checks[{n}]" for n in range(int(topic[1:]))]
    filled = [count > 0 for count in counts]
    assert filled == sorted(filled, reverse=True), dict(zip(shared_boxes(card), counts))


def box_inner(card, document, page: str, name: str) -> tuple[float, float, float, float]:
    """The inside of a box (padding off) as (left, bottom, right, top) in points."""
    box = card.pages[page].boxes[name]
    offset = card.pages[page].spans(card.width)[box.panel or ""][0] if box.panel else 0.0
    left = (offset + box.x + box.padding) * MM
    top = document.height - (box.y + box.padding) * MM
    return (left, top - (box.height - 2 * box.padding) * MM,
            left + (box.width - 2 * box.padding) * MM, top)


def box_fill(card, document, page: str, name: str) -> float:
    """How much of a box's height its text takes, from its top to the bottom of its last
    line (a heading above the questions counts: it takes room)."""
    left, bottom, right, top = box_inner(card, document, page, name)
    (page_items,) = [p.items for p in document.pages if p.name == page]
    lows = [extent(item)[1] for item in page_items if isinstance(item, Text)
            and left - 0.5 <= item.x <= right and bottom - 1 <= item.y <= top + 1]
    return (top - min(lows)) / (top - bottom) if lows else 0.0


def question_pitches(document) -> tuple[dict[str, float], float]:
    """How tall each question stands (its lines) and the room between two questions."""
    lines: dict[str, list[Text]] = {}
    for page in document.pages:
        for item in page.items:
            if isinstance(item, Text) and item.field.startswith("checks["):
                lines.setdefault(item.field, []).append(item)
    size = next(iter(lines.values()))[0].size
    steps = [a.y - b.y for ls in lines.values() for a, b in zip(ls, ls[1:])]
    line = min(steps) if steps else size * 1.2
    gaps = []
    for number in range(len(lines) - 1):
        last, first = lines[f"checks[{number}]"][-1], lines[f"checks[{number + 1}]"][0]
        if last.x == first.x and 0 < last.y - first.y < 4 * line:  # the same box
            gaps.append(last.y - first.y - line)
    gap = sorted(gaps)[len(gaps) // 2] if gaps else 0.0
    return {field: len(ls) * line for field, ls in lines.items()}, gap


EVEN = 0.03  # fill: the measure here is of the ink, the layout's of the line boxes


@pytest.mark.parametrize("topic, layout", made_cards())
def test_the_boxes_fill_evenly(card_documents, topic, layout):
    """No question could move to the next or previous box and leave the fuller of the two
    less full: the room is used evenly, not the first box filled and the rest left over.
    (A move that would empty a box before a filled one does not count: the questions start
    in the first box.)"""
    card, document = card_documents[f"nl/{topic}-card-{layout}"]
    boxes = shared_boxes(card)
    fields = questions_per_box(card, document)
    fills = [box_fill(card, document, *box) for box in boxes]
    heights = [(lambda b: b[3] - b[1])(box_inner(card, document, *box)) for box in boxes]
    pitch, gap = question_pitches(document)
    assert max(fills) <= 1 + 0.01, fills
    for a in range(len(boxes) - 1):
        b = a + 1
        if len(fields[a]) > 1 and fills[a] > fills[b] + EVEN:  # its last question onward
            moved = fills[b] + (pitch[fields[a][-1]] + (gap if fields[b] else 0)) / heights[b]
            assert moved >= fills[a] - EVEN, (boxes[a], boxes[b], fills, [len(f) for f in fields])
        if fields[b] and fills[b] > fills[a] + EVEN:  # the next box's first question back
            moved = fills[a] + (pitch[fields[b][0]] + (gap if fields[a] else 0)) / heights[a]
            assert moved >= fills[b] - EVEN, (boxes[a], boxes[b], fills, [len(f) for f in fields])


@pytest.mark.parametrize("layout", ["id1", "badge"])
def test_six_questions_on_a_two_sided_card_go_four_and_two_not_five_and_one(card_documents,
                                                                             layout):
    """The front box of these cards is taller than the back: six questions go four and
    two (or three and three), never five and one (the README's own example)."""
    card, document = card_documents[f"nl/q6-card-{layout}"]
    assert len(shared_boxes(card)) == 2
    assert tuple(len(fields) for fields in questions_per_box(card, document)) in {(4, 2), (3, 3)}


# --- posters -----------------------------------------------------------------------------

def box_points(layout, document, page: str, name: str) -> tuple[float, float, float, float]:
    """A box as (left, bottom, right, top) in points from the bottom-left."""
    box = layout.pages[page].boxes[name]
    return (box.x * MM, document.height - (box.y + box.height) * MM,
            (box.x + box.width) * MM, document.height - box.y * MM)


def test_a_60_character_title_fits_the_a3_poster_at_60_pt_or_more(posters, poster_documents):
    assert len(TITLE_60) == 60
    out, _ = posters
    assert TITLE_60 in pdf_text(out / "nl/title60-poster-a3.pdf")
    layout, document = poster_documents["nl/title60-poster-a3"]
    (page,) = document.pages
    title = [item for item in page.items if isinstance(item, Text) and item.field == "tips.title"]
    assert normalise(" ".join(item.text for item in title)) == TITLE_60
    left, bottom, right, top = box_points(layout, document, "poster", "title")
    for item in title:
        assert item.size >= 60
        x0, y0, x1, y1 = extent(item)
        assert x0 >= left - 0.01 and x1 <= right + 0.01, item
        assert y0 >= bottom - 0.01 and y1 <= top + 0.01, item


def skip_of(output: str, topic: str, piece: str) -> str:
    return next((line for line in output.splitlines()
                 if line.startswith(f"skipped nl/{topic}: no {piece}: ")), f"no {piece}")


def tip_rows(page) -> list[tuple[float, float]]:
    """Each tip's (bottom, top) in points: its pictogram and its lines together."""
    rows: dict[int, list[float]] = {}
    pictograms = [item for item in page.items if isinstance(item, Pictogram)]
    texts = [item for item in page.items
             if isinstance(item, Text) and item.field.startswith("tips.items[")]
    for item in texts:
        number = int(item.field.split("[")[1].split("]")[0])
        _, y0, _, y1 = extent(item)
        rows.setdefault(number, []).extend([y0, y1])
    # a pictogram belongs to the row whose text its height overlaps
    for picture in pictograms:
        for number, ys in rows.items():
            if picture.y < max(ys) and picture.y + picture.size > min(ys):
                ys.extend([picture.y, picture.y + picture.size])
    return [(min(rows[n]), max(rows[n])) for n in sorted(rows)]


@pytest.mark.parametrize("topic", [name for name, count in TIP_TOPICS.items() if count <= 6])
def test_tips_are_spread_over_the_a3_tips_box(posters, poster_documents, topic):
    """One tip stands in the middle of the tips box; more run from its top third to its
    bottom third."""
    out, output = posters
    count = TIP_TOPICS[topic]
    assert (out / f"nl/{topic}-poster-a3.pdf").is_file(), skip_of(output, topic, "poster a3")
    layout, document = poster_documents[f"nl/{topic}-poster-a3"]
    (page,) = document.pages
    rows = tip_rows(page)
    assert len(rows) == count
    _, bottom, _, top = box_points(layout, document, "poster", "tips")
    height = top - bottom
    assert all(bottom - 0.01 <= low and high <= top + 0.01 for low, high in rows)
    if count == 1:
        (low, high), = rows
        assert abs((low + high) / 2 - (bottom + top) / 2) < height / 10
    else:
        assert rows[0][1] > top - height / 3     # the first tip starts in the top third
        assert rows[-1][0] < bottom + height / 3  # the last ends in the bottom third
        gaps = [upper[0] - lower[1] for upper, lower in zip(rows, rows[1:])]
        assert max(gaps) - min(gaps) < 2, gaps    # the room between them shared out evenly


def test_more_tips_than_an_a3_holds_at_40_pt_leave_the_poster_out_and_say_so(posters):
    """Eight tips with their pictograms need more than an A3 gives at 40 pt, the floor for
    reading at 3 m: the poster is left out for the topic, with the reason, never shrunk."""
    out, output = posters
    assert not (out / "nl/tips8-poster-a3.pdf").exists()
    line = skip_of(output, "tips8", "poster a3")
    assert "box 'tips' on page 'poster' would need" in line and "40 pt" in line, line


@pytest.mark.parametrize("topic, count", [("tips3", 3), ("title60", 5)])
def test_easy_read_rows_share_one_height(posters, poster_documents, topic, count):
    """Rows of one line and of three (taller than the pictures) stand at one pitch."""
    out, output = posters
    assert (out / f"nl/{topic}-poster-easy-read.pdf").is_file(), \
        skip_of(output, topic, "poster easy-read")
    _, document = poster_documents[f"nl/{topic}-poster-easy-read"]
    (page,) = document.pages
    lines = {}
    for item in page.items:
        if isinstance(item, Text) and item.field.endswith(".easy_read"):
            lines[item.field] = lines.get(item.field, 0) + 1
    if count > 1:
        assert min(lines.values()) == 1 and max(lines.values()) >= 3, lines
    donts = sorted((item for item in page.items
                    if isinstance(item, Pictogram) and item.variant == "dont"),
                   key=lambda item: -item.y)
    dos = [item for item in page.items if isinstance(item, Pictogram) and item.variant == "do"]
    assert len(donts) == len(dos) == count
    steps = [upper.y - lower.y for upper, lower in zip(donts, donts[1:])]
    assert max(steps) - min(steps) < 0.5, steps
    assert all(upper.y - lower.y > lower.size for upper, lower in zip(donts, donts[1:]))


# --- an organisation's own pictogram ----------------------------------------------------

OWN_SIGN = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48">
  <g fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round">
    <circle cx="24" cy="24" r="18"/>
    <line x1="12" y1="24" x2="36" y2="24"/>
  </g>
</svg>
"""
# Points of the 48-unit grid where own-sign has ink (its ring and its line) and where it
# has none (inside the ring, above and below the line; outside the ring) and the built-in
# face has a mouth or an eye.
OWN_INK = [(24, 6), (6, 24), (24, 42), (24, 24), (16, 24)]
OWN_PAPER = [(24, 15), (24, 33), (18, 18), (30, 32), (3, 3)]


@pytest.fixture(scope="module")
def own_sign(tmp_path_factory):
    """A copy of the shipped content whose first Dutch sexting tip shows own-sign."""
    folder = tmp_path_factory.mktemp("own") / "content"
    shutil.copytree(CONTENT_FIXTURE, folder)
    (folder / "pictograms").mkdir()
    (folder / "pictograms/own-sign.svg").write_text(OWN_SIGN, encoding="utf-8")
    for locale in ("nl", "en"):  # a translation shows the pictures of the approved text
        edit(folder / locale / "sexting.yaml", "pictogram: face", "pictogram: own-sign")
    out = tmp_path_factory.mktemp("own-out")
    result = run("build", "--content", str(folder), "--locale", "nl", "--product", "poster",
                 "--layout", "a3", "--out", str(out), *FAST)
    assert result.exit_code == 0, result.output
    return folder, out


def test_own_pictogram_is_placed_where_the_tip_names_it(own_sign):
    folder, _ = own_sign
    laid = lay_out_plan(make_plan(inputs_for(folder, locales=("nl",), products=("poster",),
                                             layout_names=("a3",))))
    (document,) = laid.documents
    names = [item.name for page in document.pages for item in page.items
             if isinstance(item, Pictogram)]
    assert names == ["own-sign", "scar", "mole", "tattoo", "background"]
    assert document.pictograms.entries["own-sign"].own


def test_own_pictogram_is_printed_in_its_own_shape(own_sign):
    import pypdfium2 as pdfium

    folder, out = own_sign
    laid = lay_out_plan(make_plan(inputs_for(folder, locales=("nl",), products=("poster",),
                                             layout_names=("a3",))))
    (document,) = laid.documents
    (sign,) = [item for item in document.pages[0].items
               if isinstance(item, Pictogram) and item.name == "own-sign"]
    assert sign.variant == "dont"  # the tip's kind: the picture shrinks to leave the badge room
    from generator.render.pictograms import VARIANTS
    inner = sign.size * VARIANTS[sign.variant].scale
    scale = 2
    image = pdfium.PdfDocument(str(out / "nl/sexting-poster-a3.pdf"))[0].render(
        scale=scale).to_pil().convert("L")

    def grey(u: float, v: float) -> float:
        """The mean grey (0 black..255 white) of 3 x 3 pixels at grid point (u, v)."""
        x = (sign.x + u / 48 * inner) * scale
        y = (document.height - (sign.y + sign.size - v / 48 * inner)) * scale
        values = [image.getpixel((round(x) + dx, round(y) + dy))
                  for dx in (-1, 0, 1) for dy in (-1, 0, 1)]
        return sum(values) / len(values)

    assert all(grey(u, v) < 128 for u, v in OWN_INK), [grey(u, v) for u, v in OWN_INK]
    assert all(grey(u, v) > 200 for u, v in OWN_PAPER), [grey(u, v) for u, v in OWN_PAPER]


def test_list_names_the_own_pictogram_as_the_organisations(own_sign):
    folder, _ = own_sign
    result = run("list", "--content", str(folder))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("pictograms (39; built in, the organisation’s own: own-sign):")
    assert "own-sign" in lines[at + 1].strip().split(", ")


def test_a_bad_own_pictogram_stops_validate_naming_the_file(project):
    (project / "content/pictograms").mkdir()
    shutil.copy(FIXTURES / "logos/script.svg", project / "content/pictograms/face.svg")
    result = run("validate", cwd=project)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: content/pictograms/face.svg: ")
    assert "contains <script>" in result.output and "How to fix: " in result.output
    assert "Traceback" not in result.output


def test_a_misspelt_pictogram_name_is_refused_with_the_nearest(own_sign, tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(own_sign[0], folder)
    for locale in ("nl", "en"):
        edit(folder / locale / "sexting.yaml", "pictogram: own-sign", "pictogram: own-sing")
    result = run("validate", "--content", str(folder))
    assert result.exit_code == 2, result.output
    assert "tips.items[0].pictogram: there is no pictogram 'own-sing'; did you mean " \
           "'own-sign'" in result.output
    assert "How to fix: " in result.output and "Traceback" not in result.output


def test_a_box_pinned_to_questions_leaves_the_rest_to_the_others(tmp_path):
    """A layout may pin a box to some questions (`first`/`last`); the boxes that leave them
    out take the rest, so every question is printed once: none twice, none dropped."""
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    card = layouts / "card-a7.yaml"
    text = card.read_text(encoding="utf-8")
    assert text.count("{block: checks}") == 2
    card.write_text(text.replace("{block: checks}", "{block: checks, first: 1, last: 3}", 1),
                    encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", "--layouts", str(layouts), "--layout", "a7", "--locale", "nl",
                 "--out", str(out), "--no-previews", "--no-preflight")
    assert result.exit_code == 0, result.output
    text = pdf_text(out / "nl/sexting-card-a7.pdf")
    for question in yaml.safe_load((CONTENT_FIXTURE / "nl/sexting.yaml").read_text())["checks"]:
        assert text.count(question) == 1, question
