"""Lay out stage: one topic in one layout becomes a document of placed items.

A layout of fixed boxes (posters, cards) fits each box (:mod:`.boxes`); a
layout with a flow (the protocol sheet) runs its text over as many pages as
it needs (:mod:`.flow`). Both set text with the one engine in :mod:`.setting`.
The result is a :class:`~generator.layout.items.Document` of positioned items.
"""
from __future__ import annotations

from dataclasses import replace

from ..errors import InputError
from ..model.block_kinds import BLOCK_KINDS
from ..model.layout_files import LoadedLayout
from ..model.products import Product
from ..resolve.rows import document_rows
from ..resolve.templates import Resolved
from ..units import MM
from .blocks import PageInfo
from .boxes import page_boxes
from .flow import finish, run_flow
from .pour import pour
from .concept import concept_mark
from .graphics import applies
from .items import Document, Graphic, Page, Rect
from .reading import in_reading_order
from .setting import check_text_glyphs


def compose(loaded: LoadedLayout, resolved: Resolved, product: Product) -> Document:
    layout = loaded.layout
    outline: tuple = ()
    if layout.flow is not None:
        flowed = run_flow(loaded, resolved)
        pages, fits = finish(loaded, resolved, flowed, first=1, total=len(flowed.pages))
        outline = tuple((h.text, 0, h.page, h.y) for h in flowed.headings if h.level == 1)
    else:
        pages, fits = [], []
        count = len(layout.pages)
        poured = pour(loaded, resolved)
        for number, (page_name, page) in enumerate(layout.pages.items(), start=1):
            items, page_fits = page_boxes(loaded, resolved, page_name, page,
                                          PageInfo(number, count), poured)
            pages.append(Page(page_name, tuple(items), tuple(x * MM for x in page.folds())))
            fits.extend(page_fits)
    if resolved.concept:
        pages = [with_concept_marks(loaded, page, resolved) for page in pages]
    _check_every_item_shown(loaded, resolved)
    return document_for(loaded, resolved, product, pages, fits, outline=outline)


def document_for(loaded: LoadedLayout, resolved: Resolved, product: Product, pages: list,
                 fits: list, *, title: str | None = None, topic: str | None = None,
                 outline: tuple = (), concept: bool | None = None) -> Document:
    """The laid-out pages with what the PDF says about itself: title, subject (which
    says so when the text is a concept), keywords from the document control."""
    layout = loaded.layout
    _check_label_glyphs(resolved)
    concept = resolved.concept if concept is None else concept
    labels = resolved.labels.model_dump()
    doc = resolved.document
    subject = labels[product.subject_label]
    if concept:
        subject = f"{subject} ({resolved.labels.concept})"
    book = product.scope == "locale"
    return Document(
        product=product.name, layout=layout.name, locale=resolved.locale,
        topic=resolved.name if topic is None else topic, width=layout.width * MM,
        height=layout.height * MM, pages=tuple(in_reading_order(layout, pages)),
        fits=tuple(fits),
        title=title or resolved.topic.title, author=resolved.organisation.name,
        subject=subject, language=resolved.labels.language,
        keywords="" if book else "; ".join(f"{label}: {value}"
                                           for label, value, _ in document_rows(resolved)),
        version="" if book else doc.version, date=doc.date.isoformat(),
        corner_radius=layout.corner_radius * MM,
        guides=tuple(Rect(g.x * MM, (layout.height - g.y - g.height) * MM, g.width * MM,
                          g.height * MM, stroke="muted", line_width=0.5, radius=g.radius * MM,
                          dash=(2, 2)) for g in layout.guides),
        sheet=layout.sheet, description=layout.description, printing=layout.printing,
        logo=resolved.logo, pictograms=resolved.pictograms,
        folded=(layout.folded[0] * MM, layout.folded[1] * MM) if layout.folded else None,
        concept=concept, outline=outline,
    )


def with_concept_marks(loaded: LoadedLayout, page: Page, resolved: Resolved) -> Page:
    """The page with the concept mark on every panel of it (each panel is a page once
    folded), else once across it; each mark clear of the pictures on its panel."""
    layout = loaded.layout
    pictures = [(item.x, item.y, item.width, item.height) for item in page.items
                if isinstance(item, Graphic)]
    marks = []
    for name, (left, width) in layout.pages[page.name].spans(layout.width).items():
        mark = concept_mark(width * MM, layout.height * MM, resolved.labels.concept,
                            [(x - left * MM, y, w, h) for x, y, w, h in pictures])
        if mark is None:
            raise InputError(
                f"the concept mark cannot keep clear of the QR code or logo on page "
                f"'{page.name}'{f' panel {name!r}' if name else ''} of layout '{layout.name}'",
                where=loaded.source.at(("pages", page.name)), field=f"pages.{page.name}",
                hint="move the QR code or logo box off the page's diagonals")
        marks.append(replace(mark, x=mark.x + left * MM))
    return replace(page, items=page.items + tuple(marks))


def _check_every_item_shown(loaded: LoadedLayout, resolved: Resolved) -> None:
    """A layout that splits a list over boxes must still show all of it: approved
    content is never dropped because the topic gained a tenth question."""
    shown: dict[str, set[int]] = {}
    counts: dict[str, int] = {}
    names: dict[str, str] = {}  # field -> how a person calls its items
    furthest: dict[str, tuple[int, tuple]] = {}  # the block that reaches furthest: to extend
    for path, block in _placed_blocks(loaded, resolved):
        kind = BLOCK_KINDS[block.block]
        if kind.items is None:
            continue
        field = kind.items_field
        counts[field] = count = len(kind.items(resolved.topic))
        names[field] = kind.items_name
        last = min(block.last or count, count)
        shown.setdefault(field, set()).update(range((block.first or 1) - 1, last))
        if field not in furthest or last > furthest[field][0]:
            furthest[field] = (last, path)
    for field, indices in shown.items():
        missing = sorted(set(range(counts[field])) - indices)
        if missing:
            what = names[field]
            listed = ", ".join(f"{field}[{i}]" for i in missing)
            raise InputError(
                f"layout '{loaded.layout.name}' ({loaded.layout.product}) does not show all "
                f"{counts[field]} {what} of {resolved.topic_source.file.name}: {listed} would not "
                "be printed", where=loaded.source.at(furthest[field][1]), field=field,
                hint="leave `last` out of the last block so it runs to the end, or add a "
                     "block with `first:` for the rest")


def _placed_blocks(loaded: LoadedLayout, resolved: Resolved):
    """Every block the layout draws for this profile, with its path in the layout file."""
    layout = loaded.layout
    for page_name, page in layout.pages.items():
        for box_name, box in page.boxes.items():
            if applies(box, resolved):
                for number, block in enumerate(box.blocks):
                    yield ("pages", page_name, "boxes", box_name, "blocks", number), block
    if layout.flow is not None:
        for number, block in enumerate(layout.flow.blocks):
            yield ("flow", "blocks", number), block
        for group in ("before", "after"):
            for box_name, box in getattr(layout.flow, group).items():
                if applies(box, resolved):
                    for number, block in enumerate(box.blocks):
                        yield ("flow", group, box_name, "blocks", number), block


def _check_label_glyphs(resolved: Resolved) -> None:
    """Labels are printed by prepress too (sheet notes, slug lines), outside any box:
    check all of them once, so no label can print an empty box either."""
    for key, value in resolved.labels.model_dump().items():
        if key != "language":
            for style in ("bold", "regular"):
                check_text_glyphs(resolved, value, style, f"labels.{key}")
