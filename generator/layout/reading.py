"""Reading order: the order a person reads a piece, for the structure of a tagged PDF.

Items are read in the order they are drawn, page after page, except where a
piece folds: each panel is a page once folded, and a reader starts at the
cover and ends at the back. A panel named ``cover`` is read first, one named
``back`` last, the others in the order of the pages and from left to right.
The concept mark says once, first on the page (or the cover) it is first on,
that the text is not approved; in a book that is the concept topic's first
page. Its repeats on the other pages and panels are artifacts.
"""
from __future__ import annotations

from dataclasses import replace

from ..units import MM
from .items import Item, Line, Page, Tag

PANEL_RANK = {"cover": 0, "back": 2}   # any other panel: 1
CONCEPT_FIELD = "labels.concept"


def in_reading_order(layout, pages: list[Page]) -> list[Page]:
    """The pages with each tagged item's rank set, and the concept mark tagged once."""
    said = False
    ordered = []
    for page in pages:
        spans = _panel_spans(layout, page.name)
        items = []
        for item in page.items:
            if getattr(item, "field", "") == CONCEPT_FIELD:
                rank = min((PANEL_RANK.get(name, 1) for name, _, _ in spans), default=1)
                item = replace(item, tag=None if said else Tag((("P", CONCEPT_FIELD),),
                                                               rank=rank, lead=2))
                said = True
            elif item.tag is not None and spans:
                item = replace(item, tag=replace(item.tag, rank=_rank(item, spans)))
            items.append(item)
        ordered.append(replace(page, items=tuple(items)))
    return ordered


def _panel_spans(layout, page_name: str) -> list[tuple[str, float, float]]:
    """(panel, left pt, right pt) of a folded page; empty for a page that does not fold."""
    page = layout.pages.get(page_name)
    if page is None or not page.panels:
        return []
    return [(name, left * MM, (left + width) * MM)
            for name, (left, width) in page.spans(layout.width).items()]


def _rank(item: Item, spans: list[tuple[str, float, float]]) -> int:
    x = item.x1 if isinstance(item, Line) else item.x
    for name, left, right in spans:
        if left - 1e-6 <= x < right:
            return PANEL_RANK.get(name, 1)
    return 1
