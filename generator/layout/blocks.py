"""Content blocks: what each block kind of a layout box puts in it.

A block turns resolved content into paragraphs (:class:`Para`): text plus an
optional marker in front (tick box, number, bullet, pictogram) and an optional
write-in line after it. The lay out stage measures and places paragraphs; it
knows nothing about topics. A new block kind is a function here.

Each paragraph also carries its place in the structure of a tagged PDF
(``struct``): the role its block kind declares in
:mod:`generator.model.block_kinds`, down to the list item or paragraph that
holds its text. A marker in front of a list item is that item's label.
"""
from __future__ import annotations

import re

from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from ..model.block_kinds import BLOCK_KINDS
from .items import PAGINATION, Role
from ..model.layout import Block
from ..units import MM
from ..resolve.rows import contact_rows, document_rows, extra_contacts, role_names
from ..resolve.templates import Resolved

# Spacing between the items of a list, as a share of the block's space_after:
# items belong together, so they sit closer than the paragraphs of a text.
LIST_SPACING = 0.6
TIGHT = 0.15  # ems after a line that belongs to the next (a step and its roles, contact rows)
WRITE_IN_SPACING = 0.8  # ems between lines to write on, where the layout sets no pitch
DOCUMENT_SPACING = 0.1  # ems between document-control rows: a compact block of small print
HEADING_SPACING = 0.2   # ems after a section heading inside the answer
CONTACT_SPACING = 0.6   # ems between one contact and the next

# How far a marked paragraph's text is indented, in ems of its size.
MARKER_WIDTH = {"tick": 1.4, "number": 1.5, "bullet": 1.0}
PICTOGRAM_GAP = 0.5  # ems between a pictogram and its text


@dataclass(frozen=True)
class Marker:
    kind: str            # "tick", "number", "bullet" or "pictogram"
    text: str = ""       # the number, for "number"
    # for "pictogram": the pictures side by side, each (name, variant): see
    # generator.render.pictograms for the variants "plain", "dont" and "do"
    pictures: tuple[tuple[str, str], ...] = ()
    alts: tuple[str, ...] = ()   # what each picture means, in the piece's language
    actual: str = ""             # what a tick box says to a screen reader


@dataclass(frozen=True)
class Para:
    text: str
    field: str                  # where the text came from, e.g. "checks[3]"
    bold: bool = False
    scale: float = 1.0
    colour: str | None = None   # None: the box's colour
    space_after: float = 0.5    # ems
    marker: Marker | None = None
    indent: float = 0.0         # ems; a marker sets its own indent
    write_in: bool = False      # a line to write on follows the text
    icon: float = 1.6           # pictogram size in ems
    heading: int = 0            # 1 for a block's heading, 2 for a heading inside it; 0: text
    keep_with_next: bool = False  # never the last thing on a page (headings, a step's text)
    keep_together: bool = False   # not split over pages where it fits on one (list items)
    trailing: str = ""          # set flush right on the last line: a page number in contents
    struct: tuple[Role, ...] = ()  # its place in the tagged structure, outermost first
    hyphenate: str = ""         # body text: the language to hyphenate in; "": never
    pitch: float = 0.0          # pt: at least this from its last baseline to the next one's
    names: bool = False         # names, numbers, addresses: broken only at spaces

    @property
    def label(self) -> tuple[Role, ...]:
        """Where its marker goes: the label of the list item the paragraph is in."""
        items = [n for n, (role, _) in enumerate(self.struct) if role == "LI"]
        if not items:
            return self.struct
        item = self.struct[:items[-1] + 1]
        return item + (("Lbl", item[-1][1]),)

    @property
    def style(self) -> str:
        """The font style it is set in: "bold" or "regular"."""
        return "bold" if self.bold else "regular"


@dataclass(frozen=True)
class PageInfo:
    number: int
    count: int
    date: str = ""   # the date a book's cover states: its newest document's


def _para(block: Block, text: str, field: str, *, bold: bool = False, **extra: Any) -> Para:
    """A paragraph with the block's settings; ``extra`` overrides them."""
    settings = {"bold": block.bold if block.bold is not None else bold, "scale": block.scale,
                "colour": block.colour, "space_after": block.space_after, **extra}
    return Para(text=text, field=field, **settings)


def _selected(block: Block, items: list) -> list[tuple[int, object]]:
    """The items from ``first`` to ``last`` (1-based, inclusive) with their 0-based index."""
    first = (block.first or 1) - 1
    last = len(items) if block.last is None else block.last
    return [(i, items[i]) for i in range(first, min(last, len(items)))]


def _item(list_key: str, item_key: str, *inner: Role) -> tuple[Role, ...]:
    """The structure of a list item's body: list, item, body, and what is inside it."""
    return (("L", list_key), ("LI", item_key), ("LBody", item_key)) + inner


def _list_paras(block: Block, items: list, field: str, marker: Callable[[int, object], Marker],
                text: Callable[[object], str] = str, key: str = "",
                hyphenate: str = "") -> list[Para]:
    """One paragraph per item; ``key`` names the item's field the text comes from."""
    chosen = _selected(block, items)
    suffix = f".{key}" if key else ""
    last = len(chosen) - 1
    return [_para(block, text(item), f"{field}[{i}]{suffix}", marker=marker(i, item),
                  icon=block.icon, keep_together=True, struct=_item(field, f"{field}[{i}]"),
                  space_after=block.space_after * (LIST_SPACING if n < last else 1),
                  hyphenate=hyphenate)
            for n, (i, item) in enumerate(chosen)]


def _body(r: Resolved) -> str:
    """The language body text is hyphenated in: the locale's. Headings, names,
    addresses, numbers and easy-read text never are (their paragraphs leave it empty)."""
    return r.labels.language


def _own(block: Block, field: str) -> tuple[Role, ...]:
    """A paragraph that is an element of the role its block kind declares (P, H1...)."""
    return ((BLOCK_KINDS[block.block].role, field),)


def _organisation(block, r, page):
    return [_para(block, r.organisation.name, "organisation.name", bold=True, names=True,
                  struct=_own(block, "organisation.name"))]


def _title(block, r, page):
    return [_para(block, r.topic.title, "title", bold=True, struct=_own(block, "title"))]


def _question(block, r, page):
    if not r.topic.question:
        return []
    return [_para(block, r.topic.question, "question", bold=True,
                  struct=_own(block, "question"))]


def _heading(block, r, page):
    labels = r.labels.model_dump()
    field = f"labels.{block.label}"
    return [_para(block, labels[block.label], field, bold=True, heading=1,
                  keep_with_next=True, struct=_own(block, field))]


def _answer(block, r, page):
    paras = []
    sect = ("Sect", "answer")
    for s, section in enumerate(r.topic.answer):
        if section.heading:
            field = f"answer[{s}].heading"
            paras.append(_para(block, section.heading, field, bold=True,
                               space_after=HEADING_SPACING, heading=2, keep_with_next=True,
                               struct=(sect, ("H3", field))))
        for p, text in enumerate(section.paragraphs):
            last = p == len(section.paragraphs) - 1 and section.list_
            field = f"answer[{s}].paragraphs[{p}]"
            paras.append(_para(block, text, field, struct=(sect, ("P", field)),
                               hyphenate=_body(r), **({"space_after": block.space_after * LIST_SPACING}
                                  if last else {})))
        for i, text in enumerate(section.list_):
            field = f"answer[{s}].list[{i}]"
            paras.append(_para(block, text, field, marker=Marker("bullet"),
                               keep_together=True, hyphenate=_body(r),
                               struct=(sect,) + _item(f"answer[{s}].list", field),
                               **({"space_after": block.space_after * LIST_SPACING}
                                  if i < len(section.list_) - 1 else {})))
    return paras


def _risks(block, r, page):
    return _list_paras(block, r.topic.risks, "risks", lambda i, item: Marker("bullet"),
                       hyphenate=_body(r))


def _steps(block, r, page):
    paras = []
    for i, step in _selected(block, r.topic.steps):
        after = block.space_after * LIST_SPACING
        number = Marker("number", text=f"{i + 1}.")
        item = f"steps[{i}]"
        if step.heading:
            paras.append(_para(block, step.heading, f"steps[{i}].heading", bold=True,
                               marker=number, space_after=TIGHT, keep_with_next=True,
                               keep_together=True,
                               struct=_item("steps", item, ("P", f"{item}.heading"))))
        text = f"steps[{i}].text" if step.heading else item
        paras.append(_para(block, step.text, text,
                           **({"indent": MARKER_WIDTH["number"]} if step.heading
                              else {"marker": number}),
                           space_after=TIGHT if step.roles else after,
                           keep_with_next=bool(step.roles), keep_together=True,
                           struct=_item("steps", item, ("P", text)), hyphenate=_body(r)))
        if step.roles:
            paras.append(Para(text=f"{r.labels.roles}: {role_names(r, step)}",
                              field=f"steps[{i}].roles",
                              scale=block.scale, colour="muted",
                              indent=MARKER_WIDTH["number"], space_after=after,
                              keep_together=True,
                              struct=_item("steps", item, ("P", f"{item}.roles"))))
    return paras


def _roles(block, r, page):
    described = [(key, role) for key, role in r.topic.roles.items() if role.does]
    return [_para(block, f"{role.name}: {role.does}", f"roles.{key}.does",
                  marker=Marker("bullet"), struct=_item("roles", f"roles.{key}"),
                  space_after=block.space_after * LIST_SPACING if n < len(described) - 1
                  else block.space_after)
            for n, (key, role) in enumerate(described)]


def _tips_title(block, r, page):
    if r.topic.tips is None:
        return []
    return [_para(block, r.topic.tips.title, "tips.title", bold=True, keep_with_next=True,
                  struct=_own(block, "tips.title"))]


def _tips_intro(block, r, page):
    if r.topic.tips is None or not r.topic.tips.intro:
        return []
    return [_para(block, r.topic.tips.intro, "tips.intro", keep_with_next=True,
                  struct=_own(block, "tips.intro"), hyphenate=_body(r))]


# A tip's mark comes from the tip, not from the picture: `kind: dont` a cross, `do` a
# tick, no kind no mark. The easy-read poster shows a tip's `instead` picture (what to
# do) beside it, with a tick. A tip without a pictogram gets a bullet.
MARKS = {"dont": "dont", "do": "do", None: "plain"}


def _tip_marker(tip, easy: bool, labels) -> Marker:
    """The tip's pictures; each one's alternative text is what it means here: the tip's
    own words for its pictogram, the label ``instead`` for the picture of what to do."""
    if not tip.pictogram:
        return Marker("bullet")
    pictures: tuple[tuple[str, str], ...] = ((tip.pictogram, MARKS[tip.kind]),)
    alts: tuple[str, ...] = (tip.text,)
    if easy and tip.instead:
        pictures += ((tip.instead, "do"),)
        alts += (labels.instead,)
    return Marker("pictogram", pictures=pictures, alts=alts)


def _tips(block, r, page):
    if r.topic.tips is None:
        return []
    return _list_paras(block, r.topic.tips.items, "tips.items",
                       lambda i, tip: _tip_marker(tip, False, r.labels), lambda tip: tip.text,
                       hyphenate=_body(r))


def _tips_easy(block, r, page):
    if r.topic.tips is None:
        return []
    return _list_paras(block, r.topic.tips.items, "tips.items",
                       lambda i, tip: _tip_marker(tip, True, r.labels),
                       lambda tip: tip.easy_read or tip.text, key="easy_read")


def _checks(block, r, page):
    return _list_paras(block, r.topic.checks, "checks",
                       lambda i, item: Marker("tick", actual=r.labels.tick_box),
                       hyphenate=_body(r))


def _contact(block, r, page):
    rows = contact_rows(r)
    extra = extra_contacts(r)
    paras = []

    def row(field: str) -> tuple[Role, ...]:
        return (("Div", "contact"), ("P", field))

    for n, (label, value, field) in enumerate(rows):
        last = n == len(rows) - 1
        writing = not value and not last and not rows[n + 1][1]  # a write-in line follows
        # room for a hand: the layout's pitch in mm where it gives one (at 28 pt on a
        # poster, ems would set the lines 20 mm apart), else ems of the text
        gap = WRITE_IN_SPACING if writing and not block.write_in_pitch else TIGHT
        end = CONTACT_SPACING if extra else block.space_after
        spacing = {"space_after": end if last else gap, "names": True,
                   "pitch": block.write_in_pitch * MM if writing else 0.0}
        own = f"organisation.{field}"
        if n == 0 and value:
            paras.append(_para(block, value, own, bold=True, struct=row(own), **spacing))
        elif value:
            paras.append(_para(block, f"{label}: {value}", own, struct=row(own), **spacing))
        else:
            paras.append(_para(block, f"{label}:", own, write_in=True, struct=row(own),
                               **spacing))
    for c, contact in enumerate(extra):
        for n, (label, value, field) in enumerate(contact):
            last_row = n == len(contact) - 1
            after = (block.space_after if c == len(extra) - 1 else CONTACT_SPACING) \
                if last_row else TIGHT
            paras.append(_para(block, f"{label}: {value}" if label else value, field,
                               bold=not label, space_after=after, struct=row(field),
                               names=True))
    return paras


def _document(block, r, page):
    rows = document_rows(r)
    own = r.topic.document.model_dump(exclude_none=True)
    return [_para(block, f"{label}: {value}",
                  f"document.{key}" if key in own else f"organisation.document.{key}",
                  space_after=DOCUMENT_SPACING if n < len(rows) - 1 else block.space_after,
                  names=True,
                  struct=(("L", "document"), ("LI", f"document.{key}"),
                          ("LBody", f"document.{key}")))
            for n, (label, value, key) in enumerate(rows)]


def _book_title(block, r, page):
    return [_para(block, r.labels.book_title, "labels.book_title", bold=True,
                  struct=_own(block, "labels.book_title"))]


def _book_date(block, r, page):
    return ([_para(block, page.date, "document.date", struct=_own(block, "document.date"))]
            if page.date else [])


def _page_number(block, r, page):
    return [_para(block, r.page_label(page.number, page.count), "labels.page_of",
                  struct=PAGINATION.path)]


BLOCKS: dict[str, Callable[[Block, Resolved, PageInfo], list[Para]]] = {
    "organisation": _organisation,
    "title": _title,
    "question": _question,
    "heading": _heading,
    "answer": _answer,
    "risks": _risks,
    "steps": _steps,
    "roles": _roles,
    "tips_title": _tips_title,
    "tips_intro": _tips_intro,
    "tips": _tips,
    "tips_easy": _tips_easy,
    "checks": _checks,
    "contact": _contact,
    "document": _document,
    "page_number": _page_number,
    "book_title": _book_title,
    "book_date": _book_date,
}
assert set(BLOCKS) == {name for name, kind in BLOCK_KINDS.items() if not kind.graphic}, \
    "every block kind of generator.model.block_kinds has its function here"


def paragraphs(blocks: list[Block], resolved: Resolved, page: PageInfo) -> list[Para]:
    """The paragraphs of a run of blocks. A heading whose next block prints nothing
    (a topic without risks, without tips) is left out with it: no empty headings. A
    heading alone at the end of a box titles what other boxes hold, and stays. A
    heading that the next block's first line already says ("Meldpunt" above "Intern
    meldpunt") is left out too: the block would repeat itself."""
    made = [BLOCKS[block.block](block, resolved, page) for block in blocks]
    paras: list[Para] = []
    for number, (block, found) in enumerate(zip(blocks, made)):
        following = made[number + 1] if number + 1 < len(made) else None
        if block.block == "heading" and following is not None and (
                not following or _repeats(found, following[0])):
            continue
        paras.extend(found)
    return paras


def _repeats(heading: list[Para], first: Para) -> bool:
    """Whether the heading's words are all in the next paragraph's first line (a name)."""
    if not heading or not first.bold:
        return False
    words = set(re.findall(r"\w+", heading[0].text.casefold()))
    return bool(words) and words <= set(re.findall(r"\w+", first.text.casefold()))
