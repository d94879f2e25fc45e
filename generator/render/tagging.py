"""Marked content: what makes a drawn page readable as a tagged PDF.

ReportLab has no tagging API, so the renderer wraps each laid-out item in the
marked-content operators itself: an item with a structure tag (see
:class:`~generator.layout.items.Tag`) becomes ``/P <</MCID n>> BDC ... EMC``
with the next marked-content id of its page; an item without one (fills,
rules, cut guides, marks) becomes an ``/Artifact`` of the layout, and a page
number or running header an artifact of the pagination. What was marked, page
by page, is kept here for the structure tree that
:mod:`generator.output.structure` adds to the document before it is saved.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..layout.items import Tag

LAYOUT = "/Artifact <</Type /Layout>> BDC"
PAGINATION = "/Artifact <</Type /Pagination>> BDC"


class Marking:
    """The marked content of a piece: per page, the tag of each MCID in order.

    Items in a row with the same tag (the lines of a paragraph) share one
    sequence, so an element usually owns one MCID per page."""

    def __init__(self) -> None:
        self.pages: list[list[Tag]] = []
        self._open: Tag | None = None   # the tag of the content sequence still open

    def new_page(self) -> None:
        self.pages.append([])

    def draw(self, canvas: Any, tag: Tag | None, draw: Callable[[], None]) -> None:
        """Call ``draw()`` inside the marked-content sequence of an item tagged ``tag``."""
        content = tag is not None and not tag.pagination
        if content and tag == self._open:
            draw()
            return
        self.close(canvas)
        code = canvas._code   # the page's content stream as ReportLab builds it
        if tag is None:
            code.append(LAYOUT)
        elif tag.pagination:
            code.append(PAGINATION)
        else:
            page = self.pages[-1]
            code.append(f"/{tag.path[-1][0]} <</MCID {len(page)}>> BDC")
            page.append(tag)
        draw()
        if content:
            self._open = tag
        else:
            code.append("EMC")

    def close(self, canvas: Any) -> None:
        """End the open content sequence (before the graphics state it began in ends)."""
        if self._open is not None:
            canvas._code.append("EMC")
            self._open = None
