"""The block kinds a layout box (or a flow) can hold: one table every layer reads.

The layout model checks block names against it, the lay-out stage draws each
kind with the function of the same name (:mod:`generator.layout.blocks`), the
check that every list item is shown reads which topic list a kind shows, and
the build reads what a kind needs from a topic to be worth printing, and the
tagged PDF reads the structure it takes (``role``). Adding a block kind is an
entry here plus its drawing function.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

from .schema import Topic


# The structure a block's content takes in a tagged PDF: standard structure types
# only, so no role map is needed. H1/H2/H3 are the nominal heading levels (the
# structure tree closes any gap: a piece never skips a level); Artifact is a page
# number, read as pagination, never as content.
ROLES = ("H1", "H2", "H3", "P", "L", "Sect", "Div", "Figure", "Artifact")


@dataclass(frozen=True)
class BlockKind:
    name: str
    role: str                                    # one of ROLES: its element in the structure
    about: str                                   # what it prints (the README lists the same)
    items: Callable[[Topic], list] | None = None  # list kinds: the topic's items it shows
    items_name: str = ""                         # how a person calls those items
    items_field: str = ""                        # where they are in the topic file
    graphic: bool = False                        # has its box to itself (logo, QR code)
    needs: Callable[[Topic], str | None] | None = None  # why a layout with it cannot be made


def _tips(topic: Topic) -> list:
    return list(topic.tips.items) if topic.tips else []


def _easy_read_missing(topic: Topic) -> str | None:
    """The easy-read poster speaks to clients in pictures and one short sentence per tip:
    a tip without either would leave them a blank row or a picture with no words."""
    if topic.tips is None:
        return "it has no tips"
    lacking = [str(number) for number, tip in enumerate(topic.tips.items, start=1)
               if not tip.easy_read or not tip.pictogram]
    if len(lacking) == len(topic.tips.items):
        return "its tips have no easy_read sentence and pictogram each"
    if lacking:
        return (f"not every tip has an easy_read sentence and a pictogram (tip "
                f"{', '.join(lacking)} lacks one)")
    return None


KINDS = (
    BlockKind("organisation", "P", "the organisation's name"),
    BlockKind("title", "H1", "the topic's short title"),
    BlockKind("question", "P", "the question (left out when the topic has none)"),
    BlockKind("heading", "H2", "a fixed word from the labels file (needs `label`); left out when "
                         "the block after it prints nothing"),
    BlockKind("answer", "Sect", "the answer's sections: headings, paragraphs and bulleted lists"),
    BlockKind("risks", "L", "the risks, as a bulleted list", items=lambda t: list(t.risks),
              items_name="risks", items_field="risks"),
    BlockKind("steps", "L", "what to do, numbered, each with its heading and the roles involved",
              items=lambda t: list(t.steps), items_name="steps", items_field="steps"),
    BlockKind("roles", "L", "who does what: each role with what it does, as a bulleted list"),
    BlockKind("tips_title", "H3", "the tips' title"),
    BlockKind("tips_intro", "P", "the line introducing the tips"),
    BlockKind("tips", "L", "the tips, each with its pictogram", items=_tips, items_name="tips",
              items_field="tips.items"),
    BlockKind("tips_easy", "L", "the tips' easy-read sentences, each after its pictograms",
              items=_tips, items_name="tips",
              items_field="tips.items", needs=_easy_read_missing),
    BlockKind("checks", "L", "the check questions with tick boxes", items=lambda t: list(t.checks),
              items_name="check questions", items_field="checks"),
    BlockKind("contact", "Div", "the meldpunt (write-in lines where the profile leaves a detail "
                         "empty) and the topic's own contacts"),
    BlockKind("document", "L", "document control: id, version, date, owner, review date, status, "
                          "approval"),
    BlockKind("page_number", "Artifact", "\"Pagina X van Y\""),
    BlockKind("book_title", "H1", "the protocol book's title (label `book_title`), on its cover"),
    BlockKind("book_date", "P", "on a book's cover: the date of its newest document"),
    BlockKind("logo", "Figure", "the profile's logo, fitted to the box", graphic=True),
    BlockKind("qr", "Figure", "the protocol_url as a QR code with the address beneath", graphic=True),
)
BLOCK_KINDS: dict[str, BlockKind] = {kind.name: kind for kind in KINDS}
assert all(kind.role in ROLES for kind in KINDS), "every block kind declares its role"
