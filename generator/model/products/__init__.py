"""The products drukwerk makes, each a thin recipe of rules over shared mechanisms.

Geometry lives in the layout files; a product module only says what the
product is for and the legibility rules every layout of it must keep.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Product:
    name: str
    what_for: str
    subject_label: str          # key of the labels file used as the PDF subject
    min_safe_mm: float          # text keeps at least this far from the trim edge
    min_text_pt: float          # nothing is printed smaller than this
    block_min_pt: dict[str, float] = field(default_factory=dict)
    block_max_pt: dict[str, float] = field(default_factory=dict)

    def size_limits(self, block: str) -> tuple[float, float | None]:
        """The smallest and largest size (pt) a block of this kind may get."""
        return (max(self.min_text_pt, self.block_min_pt.get(block, 0.0)),
                self.block_max_pt.get(block))


def all_products() -> dict[str, Product]:
    from . import card
    from . import poster
    from . import protocol
    return {p.name: p for p in (protocol.PRODUCT, poster.PRODUCT, card.PRODUCT)}
