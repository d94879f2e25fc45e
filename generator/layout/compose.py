"""Lay out stage: one topic in one layout becomes a document of placed items.

A layout of fixed boxes (posters, cards) fits each box (:mod:`.boxes`); a
layout with a flow (the protocol sheet) runs its text over as many pages as
it needs (:mod:`.flow`). Both set text with the one engine in :mod:`.setting`.
The result is a :class:`~generator.layout.items.Document` of positioned items.
"""
from __future__ import annotations

from ..errors import InputError
from ..model.blocks import BLOCK_KINDS
from ..model.layouts import LoadedLayout
from ..model.products import Product
from ..resolve.rows import document_rows
from ..resolve.templates import Resolved
from ..units import MM
from .blocks import PageInfo, Para
from .boxes import page_boxes
from .graphics import applies
from .items import Document, Page, Rect
from .setting import check_glyphs


def compose(loaded: LoadedLayout, resolved: Resolved, product: Product) -> Document:
    layout = loaded.layout
    if layout.flow is not None:
        from .flow import flow_document_pages
        pages, fits = flow_document_pages(loaded, resolved)
    else:
        pages, fits = [], []
        count = len(layout.pages)
        for number, (page_name, page) in enumerate(layout.pages.items(), start=1):
            items, page_fits = page_boxes(loaded, resolved, page_name, page,
                                          PageInfo(number, count))
            pages.append(Page(page_name, tuple(items), tuple(x * MM for x in page.folds())))
            fits.extend(page_fits)
    _check_every_item_shown(loaded, resolved)
    _check_label_glyphs(resolved)
    labels = resolved.labels.model_dump()
    doc = resolved.document
    subject = labels[product.subject_label]
    if resolved.concept:
        subject = f"{subject} ({resolved.labels.concept})"
    return Document(
        product=product.name, layout=layout.name, locale=resolved.locale,
        topic=resolved.name, width=layout.width * MM, height=layout.height * MM,
        pages=tuple(pages), fits=tuple(fits), title=resolved.topic.title,
        author=resolved.organisation.name, subject=subject,
        language=resolved.labels.language,
        keywords="; ".join(f"{label}: {value}" for label, value, _ in document_rows(resolved)),
        version=doc.version, date=doc.date.isoformat(),
        corner_radius=layout.corner_radius * MM,
        guides=tuple(Rect(g.x * MM, (layout.height - g.y - g.height) * MM, g.width * MM,
                          g.height * MM, stroke="muted", line_width=0.5, radius=g.radius * MM,
                          dash=(2, 2)) for g in layout.guides),
        sheet=layout.sheet, description=layout.description, printing=layout.printing,
        logo=resolved.logo,
        folded=tuple(v * MM for v in layout.folded) if layout.folded else None,
    )


def _check_every_item_shown(loaded: LoadedLayout, resolved: Resolved) -> None:
    """A layout that splits a list over boxes must still show all of it: approved
    content is never dropped because the topic gained a tenth question."""
    shown: dict[str, set[int]] = {}
    counts: dict[str, int] = {}
    furthest: dict[str, tuple[int, tuple]] = {}  # the block that reaches furthest: to extend
    for path, block in _placed_blocks(loaded, resolved):
        kind = BLOCK_KINDS[block.block]
        if kind.items is None:
            continue
        counts[kind.items_name] = count = len(kind.items(resolved.topic))
        last = min(block.last or count, count)
        shown.setdefault(kind.items_name, set()).update(range((block.first or 1) - 1, last))
        if kind.items_name not in furthest or last > furthest[kind.items_name][0]:
            furthest[kind.items_name] = (last, path)
    for what, indices in shown.items():
        missing = sorted(set(range(counts[what])) - indices)
        if missing:
            field = next(k.items_field for k in BLOCK_KINDS.values() if k.items_name == what)
            listed = ", ".join(f"{field}[{i}]" for i in missing)
            raise InputError(
                f"layout '{loaded.layout.name}' ({loaded.layout.product}) does not show all "
                f"{counts[what]} {what} of {resolved.topic_source.file.name}: {listed} would not "
                "be printed", where=loaded.source.at(furthest[what][1]), field=field,
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
        for box_name, box in layout.flow.after.items():
            if applies(box, resolved):
                for number, block in enumerate(box.blocks):
                    yield ("flow", "after", box_name, "blocks", number), block


def _check_label_glyphs(resolved: Resolved) -> None:
    """Labels are printed by prepress too (sheet notes, slug lines), outside any box:
    check all of them once, so no label can print an empty box either."""
    for key, value in resolved.labels.model_dump().items():
        if key != "language":
            check_glyphs(resolved, Para(text=value, field=f"labels.{key}", bold=True))
            check_glyphs(resolved, Para(text=value, field=f"labels.{key}"))
