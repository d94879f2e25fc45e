"""Flow pagination: text broken over pages the way a typesetter would.

The paragraphs here are set one word to a line (every word has the same letters
and the measure holds one word but not two), so a paragraph of n words has n
lines and every line is a word that occurs once: where each line landed can be
checked exactly. Frames are sized in lines of that text.
"""
from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT_FIXTURE, ROOT
from generator.inputs import fonts
from generator.layout import flow
from generator.layout.blocks import Para
from generator.layout.flow import paginate
from generator.layout.items import Text
from generator.layout.setting import SetPara, set_para
from generator.model.layout import Frame
from generator.units import MM

SIZE = 10.0       # pt
LEADING = 1.2
EPS = 1e-6
# The rule, written out (not read from the module under test, so changing it there fails here).
ORPHAN = WIDOW = 2
DIGITS = "0123456789"
# One word to a line: the measure holds the widest word but never two words.
WIDEST = "w" + max(DIGITS, key=lambda d: fonts.width(d, "regular", SIZE)) * 5
NARROWEST = "w" + min(DIGITS, key=lambda d: fonts.width(d, "regular", SIZE)) * 5
MEASURE = fonts.width(WIDEST, "regular", SIZE) + 0.5
assert MEASURE < fonts.width(f"{NARROWEST} {NARROWEST}", "regular", SIZE)

_numbers = itertools.count()


def para(lines: int, *, size: float = SIZE, space_after: float = 0.0, **flags) -> SetPara:
    """A paragraph set in exactly ``lines`` lines, each a word used nowhere else."""
    words = [f"w{next(_numbers):05d}" for _ in range(lines)]
    set_ = set_para(Para(" ".join(words), field=f"p{words[0]}", space_after=space_after,
                         **flags), size, MEASURE, LEADING)
    assert isinstance(set_, SetPara) and len(set_.lines) == lines
    return set_


def heading(**flags) -> SetPara:
    return para(1, heading=1, keep_with_next=True, bold=False, **flags)


def lines_height(lines: int, size: float = SIZE) -> float:
    """pt that ``lines`` lines of one paragraph take."""
    ascent, descent = fonts.ascent_descent("regular")
    return (ascent - descent) * size + (lines - 1) * LEADING * size


def frames(height_pt: float, width_pt: float = MEASURE):
    """A frame function: every page the same frame, ``height_pt`` tall."""
    frame = Frame(x=0, y=0, width=width_pt / MM, height=height_pt / MM)
    return lambda page: ("p", frame)


def run(sets, height_pt, gap=0.0, before=0.0, after=0.0):
    return paginate(list(sets), frames(height_pt), LEADING, gap, before, after)


def fragments(pages, original: SetPara) -> list[tuple[int, tuple[str, ...]]]:
    """(page, lines) of every part of ``original`` that landed, in order."""
    words = set(original.lines)
    return [(number, placed.item.lines) for number, page in enumerate(pages)
            for placed in page.placed if set(placed.item.lines) & words]


def all_lines(pages) -> list[str]:
    return [line for page in pages for placed in page.placed for line in placed.item.lines]


def check_inside_frames(pages, height_pt):
    for number, page in enumerate(pages):
        for placed in page.placed:
            assert placed.top >= -EPS, (number, placed)
            assert placed.top + placed.item.height <= height_pt + EPS, \
                f"page {number}: {placed.item.lines} runs past the frame's foot"


# --- headings keep with what follows -------------------------------------------------

def test_a_heading_that_would_end_a_page_moves_to_the_next_with_its_text():
    filler, title, body = para(6), heading(), para(6)
    # Room for the filler, the heading and one line of the body: not the two lines a
    # paragraph must leave at a page's foot.
    height = filler.height + title.height + lines_height(1) + 1.0
    pages = run([filler, title, body], height)
    assert [p.item.lines for p in pages[0].placed] == [filler.lines]
    assert pages[1].placed[0].item.lines == title.lines
    assert pages[1].placed[0].first


@pytest.mark.parametrize("filler_lines", range(1, 24))
def test_no_page_ends_with_a_heading(filler_lines):
    sets = [para(filler_lines), heading(), para(5), heading(), heading(), para(7), para(3),
            heading(), para(9)]
    height = lines_height(12)
    pages = run(sets, height)
    for number, page in enumerate(pages[:-1]):
        last = page.placed[-1].item
        assert not last.para.heading, f"page {number} ends with the heading {last.lines}"
    assert all_lines(pages) == [line for s in sets for line in s.lines]
    check_inside_frames(pages, height)


# --- no orphans, no widows -------------------------------------------------------------

@pytest.mark.parametrize("filler_lines", range(1, 12))
@pytest.mark.parametrize("body_lines", [4, 5, 7, 11, 20])
def test_a_split_paragraph_leaves_two_lines_on_each_side(filler_lines, body_lines):
    filler, body = para(filler_lines), para(body_lines)
    height = lines_height(12)
    pages = run([filler, body, para(2)], height)
    parts = fragments(pages, body)
    assert [line for _, lines in parts for line in lines] == list(body.lines)
    if len(parts) > 1:
        assert all(len(lines) >= ORPHAN for _, lines in parts[:-1])
        assert len(parts[-1][1]) >= WIDOW
        assert [number for number, _ in parts] == list(range(parts[0][0], parts[0][0] + len(parts)))
    check_inside_frames(pages, height)


def test_a_three_line_paragraph_that_does_not_fit_moves_whole():
    filler, body = para(5), para(3)
    height = filler.height + lines_height(2) + 1.0   # room for two of its three lines
    pages = run([filler, body], height)
    assert fragments(pages, body) == [(1, body.lines)]
    assert [p.item.lines for p in pages[0].placed] == [filler.lines]


def test_a_four_line_paragraph_splits_two_and_two_when_three_would_fit():
    filler, body = para(5), para(4)
    height = filler.height + lines_height(3) + 1.0
    pages = run([filler, body], height)
    assert fragments(pages, body) == [(0, body.lines[:2]), (1, body.lines[2:])]
    assert not pages[1].placed[0].first      # a continuation, not a new paragraph


def test_a_paragraph_with_room_for_one_line_moves_whole():
    filler, body = para(5), para(8)
    height = filler.height + lines_height(1) + 1.0
    pages = run([filler, body], height)
    assert fragments(pages, body)[0][0] == 1


# --- list items are kept together ----------------------------------------------------

def test_a_list_item_that_fits_on_the_next_page_is_not_split():
    filler, item = para(6), para(5, keep_together=True)
    height = filler.height + lines_height(3) + 1.0
    pages = run([filler, item], height)
    assert fragments(pages, item) == [(1, item.lines)]
    # The same text without keep_together is split three and two: the rule is what keeps it.
    loose = para(5)
    assert [len(lines) for _, lines in fragments(run([para(6), loose], height), loose)] == [3, 2]


def test_a_list_item_taller_than_a_frame_is_split_not_lost():
    item = para(30, keep_together=True)
    height = lines_height(8)
    pages = run([para(3), item, para(2)], height)
    parts = fragments(pages, item)
    assert len(parts) >= 4
    assert [line for _, lines in parts for line in lines] == list(item.lines)
    check_inside_frames(pages, height)


# --- nothing lost, nothing repeated --------------------------------------------------

@pytest.mark.parametrize("seed", range(25))
def test_every_line_lands_once_in_order_inside_its_frame(seed):
    rnd = random.Random(seed)
    sets = []
    for _ in range(rnd.randint(5, 40)):
        kind = rnd.random()
        if kind < 0.15:
            sets.append(heading(space_after=rnd.choice([0.0, 0.4])))
        elif kind < 0.5:
            sets.append(para(rnd.randint(1, 12), keep_together=True,
                             space_after=rnd.choice([0.0, 0.3, 0.9])))
        else:
            sets.append(para(rnd.randint(1, 25), space_after=rnd.choice([0.0, 0.5, 1.2]),
                             size=rnd.choice([SIZE, 9.5])))
    total = sum(len(s.lines) for s in sets)   # at most about 12 pages: under the limit
    height = lines_height(max(rnd.randint(6, 30), total // 12 + 1))
    before = rnd.choice([0.0, lines_height(3)])
    pages = run(sets, height, gap=5.0, before=before)
    assert all_lines(pages) == [line for s in sets for line in s.lines]
    check_inside_frames(pages, height)
    if before:
        assert pages[0].before and pages[0].placed[0].top >= before + 5.0 - EPS
    for page in pages:    # a paragraph's first part says so; a continuation does not
        for placed in page.placed:
            starts = any(placed.item.lines[0] == s.lines[0] for s in sets)
            assert placed.first == starts


# --- the boxes after the text ----------------------------------------------------------

def test_the_after_group_goes_below_the_text_when_it_fits():
    body = para(5)
    pages = run([body], lines_height(20), gap=6.0, after=lines_height(4))
    assert len(pages) == 1
    assert pages[0].after_top == pytest.approx(body.height + 6.0)


def test_the_after_group_starts_a_new_page_when_it_does_not_fit():
    body = para(10)
    height = lines_height(12)
    pages = run([body], height, gap=6.0, after=lines_height(4))
    assert len(pages) == 2
    assert pages[0].after_top is None
    assert pages[1].placed == () and pages[1].after_top == 0.0
    assert fragments(pages, body) == [(0, body.lines)]


# --- more text, more pages -------------------------------------------------------------

def test_page_count_grows_with_the_text():
    height = lines_height(20)
    counts = [len(run([para(5, space_after=0.5) for _ in range(n)], height))
              for n in range(1, 41)]
    assert counts == sorted(counts)
    assert counts[0] == 1 and counts[-1] >= 9


def test_a_text_past_the_page_limit_is_refused_not_set_for_ever():
    with pytest.raises(flow._TooLong):
        run([para(10) for _ in range(flow.MAX_PAGES * 3)], lines_height(10))


# --- through the real layout -------------------------------------------------------------

WORDS = ("cliënt meldpunt zorgbegeleider gedragskundige voorlichting gesprek beelden "
         "signalen afspraken veilig online team protocol inschatting").split()


def _long_topic() -> dict:
    rnd = random.Random(7)

    def sentence(number: int) -> str:
        return f"Alinea {number}: " + " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(25, 70))) + "."

    return {
        "title": "Een lange tekst",
        "question": "Wat als de tekst over veel bladzijden loopt?",
        "answer": [
            {"paragraphs": [sentence(n) for n in range(1, 41)]},
            {"heading": "Wat je ook kunt doen",
             "paragraphs": [sentence(41)],
             "list": [sentence(100 + n) for n in range(12)]},
        ],
        "roles": {"meldpunt": {"name": "Intern meldpunt", "does": "Denkt mee."}},
        "steps": [{"heading": f"Stap {n}", "text": sentence(200 + n), "roles": ["meldpunt"]}
                  for n in range(1, 9)],
        "checks": [f"Checkvraag {n}: heb je het besproken met het team?" for n in range(1, 21)],
    }


@pytest.fixture(scope="module")
def long_protocol(tmp_path_factory):
    from generator.pipeline import Inputs, lay_out, plan
    content = tmp_path_factory.mktemp("long") / "content"
    shutil.copytree(CONTENT_FIXTURE, content)
    topic = _long_topic()
    (content / "nl" / "lange-tekst.yaml").write_text(
        yaml.safe_dump(topic, allow_unicode=True, sort_keys=False), encoding="utf-8")
    inputs = Inputs(content=content, layouts=ROOT / "layouts",
                    profile=content / "organisation.yaml", locales=("nl",),
                    products=("protocol",), topics=("lange-tekst",))
    (job,) = plan(inputs)
    (document,) = lay_out([job])
    return job, document, topic


def _extent(item: Text) -> tuple[float, float, float, float]:
    """left, right, bottom, top of the letters (pt)."""
    ascent, descent = fonts.ascent_descent(item.font)
    return (item.x, item.x + fonts.width(item.text, item.font, item.size),
            item.y + descent * item.size, item.y + ascent * item.size)


def _inside(item: Text, left, right, bottom, top, slack=0.01) -> bool:
    l, r, b, t = _extent(item)
    return l >= left - slack and r <= right + slack and b >= bottom - slack and t <= top + slack


def test_a_long_protocol_keeps_its_text_inside_the_frames_and_numbers_every_page(long_protocol):
    from generator.layout.blocks import PageInfo, paragraphs
    job, document, topic = long_protocol
    layout = job.layout.layout
    total = len(document.pages)
    assert total >= 4
    for number, page in enumerate(document.pages, start=1):
        template = layout.pages[page.name]
        frame = template.flow
        texts = [item for item in page.items if isinstance(item, Text)]
        assert f"Pagina {number} van {total}" in [t.text for t in texts], f"page {number}"
        boxes = []   # the page's own boxes (running header, page number) and their fields
        for box in template.boxes.values():
            fields = {p.field for p in paragraphs(box.blocks, job.resolved,
                                                  PageInfo(number, total))}
            boxes.append(((box.x * MM, (box.x + box.width) * MM,
                           (layout.height - box.y - box.height) * MM,
                           (layout.height - box.y) * MM), fields))
        in_frame = (frame.x * MM, (frame.x + frame.width) * MM,
                    (layout.height - frame.y - frame.height) * MM,
                    (layout.height - frame.y) * MM)
        for text in texts:
            if _inside(text, *in_frame):
                continue
            assert any(text.field in fields and _inside(text, *rect) for rect, fields in boxes), \
                f"page {number}: {text.text!r} ({text.field}) lies outside the flow frame"


def test_a_long_protocol_prints_every_word_of_the_answer_once_in_order(long_protocol):
    job, document, topic = long_protocol
    printed: dict[str, list[str]] = {}
    for page in document.pages:
        for item in page.items:
            if isinstance(item, Text) and item.field.startswith("answer["):
                printed.setdefault(item.field, []).append(item.text)
    for s, section in enumerate(topic["answer"]):
        for p, text in enumerate(section["paragraphs"]):
            assert " ".join(printed.pop(f"answer[{s}].paragraphs[{p}]")) == text
        for i, text in enumerate(section.get("list", [])):
            lines = [line for line in printed.pop(f"answer[{s}].list[{i}]") if line != "\u2022"]
            assert " ".join(lines) == text
    assert set(printed) <= {"answer[1].heading"}
    # Paragraph 40 starts on a later page than paragraph 1 ends: the flow really ran on.
    pages_of: dict[str, set[int]] = {}
    for number, page in enumerate(document.pages):
        for item in page.items:
            if isinstance(item, Text):
                pages_of.setdefault(item.field, set()).add(number)
    assert min(pages_of["answer[0].paragraphs[39]"]) > max(pages_of["answer[0].paragraphs[0]"])
