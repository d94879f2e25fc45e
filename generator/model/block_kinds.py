"""The block kinds a layout box (or a flow) can hold: one table every layer reads.

The layout model checks block names against it, the lay-out stage draws each
kind with the function of the same name (:mod:`generator.layout.blocks`), the
check that every list item is shown reads which topic list a kind shows, and
the build reads what a kind needs from a topic to be worth printing. Adding a
block kind is an entry here plus its drawing function.
"""
from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

from .schema import Topic


@dataclass(frozen=True)
class BlockKind:
    name: str
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
    BlockKind("organisation", "the organisation's name"),
    BlockKind("title", "the topic's short title"),
    BlockKind("question", "the question (left out when the topic has none)"),
    BlockKind("heading", "a fixed word from the labels file (needs `label`); left out when "
                         "the block after it prints nothing"),
    BlockKind("answer", "the answer's sections: headings, paragraphs and bulleted lists"),
    BlockKind("risks", "the risks, as a bulleted list", items=lambda t: list(t.risks),
              items_name="risks", items_field="risks"),
    BlockKind("steps", "what to do, numbered, each with its heading and the roles involved",
              items=lambda t: list(t.steps), items_name="steps", items_field="steps"),
    BlockKind("roles", "who does what: each role with what it does, as a bulleted list"),
    BlockKind("tips_title", "the tips' title"),
    BlockKind("tips_intro", "the line introducing the tips"),
    BlockKind("tips", "the tips, each with its pictogram", items=_tips, items_name="tips",
              items_field="tips.items"),
    BlockKind("tips_easy", "the tips' easy-read sentences, each after its pictograms",
              items=_tips, items_name="tips",
              items_field="tips.items", needs=_easy_read_missing),
    BlockKind("checks", "the check questions with tick boxes", items=lambda t: list(t.checks),
              items_name="check questions", items_field="checks"),
    BlockKind("contact", "the meldpunt (write-in lines where the profile leaves a detail "
                         "empty) and the topic's own contacts"),
    BlockKind("document", "document control: id, version, date, owner, review date, status, "
                          "approval"),
    BlockKind("page_number", "\"Pagina X van Y\""),
    BlockKind("book_title", "the protocol book's title (label `book_title`), on its cover"),
    BlockKind("book_date", "on a book's cover: the date of its newest document"),
    BlockKind("logo", "the profile's logo, fitted to the box", graphic=True),
    BlockKind("qr", "the protocol_url as a QR code with the address beneath", graphic=True),
)
BLOCK_KINDS: dict[str, BlockKind] = {kind.name: kind for kind in KINDS}
