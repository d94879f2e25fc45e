"""The protocol book: every topic's protocol of a locale in one document.

A cover (organisation, logo, the newest document date), a table of contents
with page numbers, then each topic's pages exactly as its protocol sheet
flows, numbered through the whole book, with bookmarks: one per topic and its
sections beneath. Printed double-sided, every topic starts on a right-hand
page (a blank page before it where needed), so one topic can be replaced in
the binder without reprinting its neighbour. A concept topic keeps its
concept mark in the book.
"""
from __future__ import annotations

from dataclasses import replace

from ..errors import InputError
from ..model.layout import Page as LayoutPage
from ..model.layout_files import LoadedLayout
from ..model.localise import format_date
from ..model.products import Product
from ..resolve.templates import Resolved
from ..units import MM
from .blocks import PageInfo, Para
from .boxes import page_boxes
from .compose import document_for, with_concept_marks
from .flow import Flowed, finish, flow_of, paginate, run_flow
from .items import Document, Page
from .setting import check_glyphs, place, set_all

COVER, CONTENTS, BLANK = "cover", "contents", "blank"
ENTRY_SCALE = 1.1     # contents entries a little larger than the body: they are looked up
ENTRY_SPACING = 0.5   # ems between entries


def _book_pages(loaded: LoadedLayout) -> tuple[LayoutPage, LayoutPage]:
    """The cover and contents pages, which the book product's layouts must declare."""
    layout = loaded.layout
    if layout.cover is None or layout.contents is None:
        raise TypeError(f"layout '{layout.name}' has no cover or no contents page")
    return layout.cover, layout.contents


def compose_book(loaded: LoadedLayout, topics: tuple[Resolved, ...], product: Product) -> Document:
    layout = loaded.layout
    cover, contents_page = _book_pages(loaded)
    first = topics[0]
    flowed = [run_flow(loaded, resolved) for resolved in topics]
    newest = max(resolved.document.date for resolved in topics)
    date = format_date(newest, first.labels.language)
    # The contents take as many pages as the entries need; the numbers in them depend on
    # that count, so the entries are set once with the widest number to count pages.
    total_guess = 1 + sum(len(f.pages) for f in flowed) + len(topics)
    contents = _contents_pages(loaded, first, topics, [str(total_guess)] * len(topics))
    starts, number = [], 1 + len(contents) + 1
    for f in flowed:
        number += number % 2 == 0  # each topic starts on a right-hand page: it can be
        starts.append(number)      # taken out of the binder and replaced on its own
        number += len(f.pages)
    total = number - 1 + (number - 1) % 2  # and the book ends on a whole sheet
    contents = _contents_pages(loaded, first, topics, [str(s) for s in starts])
    pages, fits, outline = [], [], []
    cover_items, cover_fits = page_boxes(loaded, first, COVER, cover,
                                         PageInfo(1, total, date))
    pages.append(Page(COVER, tuple(cover_items)))
    fits += cover_fits
    for index, items in enumerate(contents):
        boxes, box_fits = page_boxes(loaded, first, CONTENTS, contents_page,
                                     PageInfo(2 + index, total, date))
        pages.append(Page(CONTENTS, tuple(boxes) + tuple(items)))
        fits += box_fits if index == 0 else []
    for resolved, f, start in zip(topics, flowed, starts):
        pages += [Page(BLANK, ())] * (start - 1 - len(pages))
        topic_pages, topic_fits = finish(loaded, resolved, f, first=start, total=total)
        if resolved.concept:
            topic_pages = [with_concept_marks(loaded, page, resolved) for page in topic_pages]
        outline.append((resolved.topic.title, 0, len(pages), layout.height * MM))
        outline += [(h.text, 1, len(pages) + h.page, h.y) for h in _sections(f)]
        pages += topic_pages
        fits += [replace(fit, page=f"{resolved.name} {fit.page}") for fit in topic_fits]
    pages += [Page(BLANK, ())] * (total - len(pages))
    return document_for(loaded, first, product, pages, fits, title=first.labels.book_title,
                        topic="", outline=tuple(outline),
                        concept=any(resolved.concept for resolved in topics))


def _sections(flowed: Flowed):
    return [heading for heading in flowed.headings if heading.level == 1]


def _contents_pages(loaded: LoadedLayout, first: Resolved, topics: tuple[Resolved, ...],
                    numbers: list[str]) -> list[list]:
    """The table of contents: one entry per topic with its first page number, run
    through the contents page's frame (repeated while entries remain)."""
    layout = loaded.layout
    flow = flow_of(loaded)
    frame = _book_pages(loaded)[1].flow
    if frame is None:
        raise TypeError(f"layout '{layout.name}' has no list frame on its contents page")
    size = flow.size.max * ENTRY_SCALE
    paras = []
    for resolved, number in zip(topics, numbers):
        title = resolved.topic.title
        if resolved.concept:
            title = f"{title} ({resolved.labels.status_concept})"
        para = Para(text=title, field="title", trailing=number, keep_together=True,
                    space_after=ENTRY_SPACING,
                    struct=(("TOC", "contents"), ("TOCI", f"contents.{resolved.name}"),
                            ("P", f"contents.{resolved.name}")))
        check_glyphs(resolved, para)
        paras.append(para)
    sets = set_all(paras, size, frame.width * MM, flow.leading)
    if isinstance(sets, tuple):  # a title's word wider than the page: its header says so
        para, too_wide = sets
        raise InputError(f"the word '{too_wide.shown}' of this title is wider than the "
                         "book's contents page", where=topics[0].topic_source.at(("title",)),
                         field="title", hint="use a shorter word in the title")
    pages = paginate(sets, lambda n: (CONTENTS, frame), flow.leading)
    top = (layout.height - frame.y) * MM
    drawn = []
    for page in pages:
        items: list = []
        for placed in page.placed:
            items += place(placed.item, frame.x * MM, top - placed.top, frame.width * MM, flow,
                           "background", first)
        drawn.append(items)
    return drawn

