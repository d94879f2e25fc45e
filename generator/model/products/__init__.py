"""The products drukwerk makes, each a thin recipe of rules over shared mechanisms.

Geometry lives in the layout files; a product module only says what the
product is for and the legibility rules every layout of it must keep.
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from collections.abc import Callable

from ..schema import Topic


@dataclass(frozen=True)
class Product:
    name: str
    what_for: str
    subject_label: str          # key of the labels file used as the PDF subject
    min_safe_mm: float          # text keeps at least this far from the trim edge
    min_text_pt: float          # nothing is printed smaller than this
    block_min_pt: dict[str, float] = field(default_factory=dict)
    block_max_pt: dict[str, float] = field(default_factory=dict)
    # Why a topic gets no piece of this product (None: it gets one). A product that
    # does not suit a text is left out, and the build says so; it is never filled up.
    needs: Callable[[Topic], str | None] = lambda topic: None
    # A full build skips a layout that cannot hold a topic's text at its smallest
    # size, with a warning; an explicit --layout keeps it an error.
    skip_when_too_small: bool = False
    # Its layouts stand in for each other (cards of other sizes), so a skip names the
    # ones that do hold the topic; poster layouts serve different readers and do not.
    interchangeable: bool = False
    # "topic": one piece per topic; "locale": one piece per locale holding every topic.
    scope: str = "topic"
    # Its text also becomes the accessible web page of the topic (<topic>-protocol.html).
    accessible_page: bool = False

    def __reduce__(self):
        """Pickled by name, as one of the registry's products (its ``needs`` is a
        function): a build hands its jobs to workers it did not fork them into."""
        if all_products().get(self.name) is not self:
            raise pickle.PicklingError(f"product {self.name!r} is not one of the registry's")
        return product_named, (self.name,)

    def size_limits(self, block: str) -> tuple[float, float | None]:
        """The smallest and largest size (pt) a block of this kind may get."""
        return (max(self.min_text_pt, self.block_min_pt.get(block, 0.0)),
                self.block_max_pt.get(block))


def product_named(name: str) -> Product:
    return all_products()[name]


def all_products() -> dict[str, Product]:
    """The registry of products: a new product is a module here and a line below."""
    from . import book, card, poster, protocol
    return {p.name: p for p in (protocol.PRODUCT, book.PRODUCT, poster.PRODUCT, card.PRODUCT)}
