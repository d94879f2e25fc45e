"""Each block kind's place in the structure of a tagged PDF.

A block kind declares its role in generator.model.block_kinds; its paragraphs
carry the structure down to the element that holds their text, and the items
``place`` draws carry it on to the renderer: text in its element, a list
marker as the item's label, a tick box as a label that says what it is, a
pictogram as a Figure with its meaning, write-in lines and fills as
artifacts. EXPECTED is written out here, not read from the code: a new block
kind fails these tests until someone decides its structure.
"""
from __future__ import annotations

import shutil

import pytest
import yaml

from conftest import FIXTURES, ROOT
from generator.layout.blocks import BLOCKS, Para, PageInfo
from generator.layout.graphics import graphic_box
from generator.layout.items import PAGINATION, Graphic, Line, Pictogram, Rect, Text
from generator.layout.setting import place, set_para
from generator.model.block_kinds import BLOCK_KINDS, ROLES, BlockKind
from generator.model.layout import Block
from generator.pipeline import Inputs, make_plan

SHAPES = FIXTURES / "shapes"
URL = "https://intranet.example.org/protocollen"
LIST_ITEM = ("L", "LI", "LBody")
# The structure types (outermost first) each kind's paragraphs may have.
EXPECTED = {
    "organisation": {("P",)},
    "title": {("H1",)},
    "question": {("P",)},
    "heading": {("H2",)},
    "answer": {("Sect", "H3"), ("Sect", "P"), ("Sect",) + LIST_ITEM},
    "risks": {LIST_ITEM},
    "steps": {LIST_ITEM + ("P",)},
    "roles": {LIST_ITEM},
    "tips_title": {("H3",)},
    "tips_intro": {("P",)},
    "tips": {LIST_ITEM},
    "tips_easy": {LIST_ITEM},
    "checks": {LIST_ITEM},
    "contact": {("Div", "P")},
    "document": {LIST_ITEM},
    "page_number": {("Artifact",)},
    "book_title": {("H1",)},
    "book_date": {("P",)},
    "logo": {("Figure",)},
    "qr": {("Figure",), ("P",)},
}


@pytest.fixture(scope="module")
def topics(tmp_path_factory):
    """The shapes topics resolved for a profile with a logo and a protocol_url, one topic
    with pictograms on its tips."""
    content = tmp_path_factory.mktemp("tags") / "content"
    shutil.copytree(SHAPES, content)
    shutil.copy(FIXTURES / "tagged/logo.svg", content / "logo.svg")
    profile = content / "organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + f"logo: logo.svg\nprotocol_url: {URL}\n",
                       encoding="utf-8")
    path = content / "nl/huisbezoek.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item, name in zip(data["tips"]["items"], ("calendar", "phone", "door", "chat", "home")):
        item.update(pictogram=name, kind="dont", instead="door")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plan = make_plan(Inputs(content=content, layouts=ROOT / "layouts", profile=profile,
                            products=("protocol",)))
    return {job.resolved.name: job for job in plan.jobs}


def paras_of(kind: str, topics) -> list[Para]:
    """The kind's paragraphs for the first topic that prints something with it."""
    block = Block(block=kind, label="checks" if kind == "heading" else None)
    for job in topics.values():
        found = BLOCKS[kind](block, job.resolved, PageInfo(1, 2, "1 november 2026"))
        if found:
            return found
    raise AssertionError(f"no shapes topic prints block kind '{kind}'")


def shape(struct) -> tuple[str, ...]:
    return tuple(role for role, _ in struct)


def test_every_block_kind_has_its_expected_structure_here():
    assert set(EXPECTED) == set(BLOCK_KINDS)


def test_a_block_kind_must_declare_its_role():
    with pytest.raises(TypeError):
        BlockKind("new", about="a kind that forgot its role")  # type: ignore[call-arg]
    assert all(kind.role in ROLES for kind in BLOCK_KINDS.values())


def test_a_paragraph_without_structure_is_refused_when_placed(topics):
    job = topics["huisbezoek"]
    para = Para("Een tekst zonder plaats", field="title")
    item = set_para(para, 10, 300, 1.2)
    with pytest.raises(ValueError, match="without its place in the structure"):
        place(item, 0, 500, 300, job.layout.layout.flow, "background", job.resolved)


@pytest.mark.parametrize("kind", sorted(k for k in BLOCK_KINDS if not BLOCK_KINDS[k].graphic))
def test_a_text_kind_s_paragraphs_and_items_carry_its_structure(kind, topics):
    paras = paras_of(kind, topics)
    declared = BLOCK_KINDS[kind].role
    for para in paras:
        assert shape(para.struct) in EXPECTED[kind], (para.field, para.struct)
        assert para.struct[0][0] == declared
    job = next(iter(topics.values()))
    for para in paras:
        item = set_para(para, 10, 400, 1.2)
        items = place(item, 0, 700, 400, job.layout.layout.flow, "background", job.resolved)
        texts = [i for i in items if isinstance(i, Text)]
        assert texts
        if para.struct == PAGINATION.path:
            assert all(i.tag == PAGINATION for i in items)
            continue
        body = "".join(i.text for i in texts if i.tag.path == para.struct)
        assert body.replace(" ", "") == para.text.replace(" ", "")  # every line, in its element
        marked = [i for i in items if i.tag is not None and i.tag.path != para.struct]
        for i in marked:  # a marker: the list item's label, or a pictogram inside it
            assert shape(i.tag.path)[:-1] == ("L", "LI") and i.tag.path[-1][0] == "Lbl" \
                or shape(i.tag.path)[-2:] == ("Lbl", "Figure"), i
            if isinstance(i, Rect):
                assert i.tag.actual == "Selectievakje"
            if isinstance(i, Pictogram):
                assert i.tag.alt and i.tag.alt in para.marker.alts
        for i in items:
            if isinstance(i, Line):  # a write-in line is not content
                assert i.tag is None


def test_list_markers_come_before_their_item_s_text(topics):
    """The label is read before the body: the tick box, number, bullet or pictogram is
    the first item placed."""
    job = topics["huisbezoek"]
    for kind in ("checks", "steps", "risks", "tips"):
        paras = paras_of(kind, topics)
        first = next(p for p in paras if p.marker is not None)
        items = place(set_para(first, 10, 400, 1.2), 0, 700, 400, job.layout.layout.flow,
                      "background", job.resolved)
        assert items[0].tag.path[-1][0] in ("Lbl", "Figure"), kind


def test_tips_pictograms_are_figures_with_the_tip_s_words(topics):
    job = topics["huisbezoek"]
    tips = job.resolved.topic.tips.items
    for kind, alts in (("tips", [(t.text,) for t in tips]),
                       ("tips_easy", [(t.text, "Zo wel") for t in tips])):
        paras = BLOCKS[kind](Block(block=kind), job.resolved, PageInfo(1, 1))
        assert [p.marker.alts for p in paras] == alts
        items = place(set_para(paras[0], 20, 400, 1.2), 0, 700, 400, job.layout.layout.flow,
                      "background", job.resolved)
        figures = [i for i in items if isinstance(i, Pictogram)]
        assert [f.tag.alt for f in figures] == list(alts[0])
        assert all(shape(f.tag.path) == ("L", "LI", "Lbl", "Figure") for f in figures)


@pytest.mark.parametrize("kind, box", [("logo", "logo"), ("qr", "qr")])
def test_the_logo_and_the_qr_code_are_figures_that_say_what_they_are(kind, box, topics):
    job = topics["huisbezoek"]
    flow = job.layout.layout.flow
    found = (flow.before | flow.after)[box]
    assert [b.block for b in found.blocks] == [kind]
    items, _ = graphic_box(job.layout, job.resolved, "first", box, found, 0, 700, 150, 150)
    graphic = next(i for i in items if isinstance(i, Graphic))
    assert shape(graphic.tag.path) in EXPECTED[kind]
    expected = {"logo": "Logo Zorgorganisatie Voorbeeld", "qr": f"QR-code naar {URL}"}[kind]
    assert graphic.tag.alt == expected
    for text in (i for i in items if isinstance(i, Text)):  # the address under the code
        assert shape(text.tag.path) == ("P",)
