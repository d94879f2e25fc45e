"""The files a laid-out piece becomes: one table that the build, the check that
no two layouts write the same file, and the README read.

Each variant is a PDF made from the same laid-out pages, placed differently on
paper (see :mod:`generator.prepress.imposition`): the piece at its finished
size, the office print sheet of several pieces, the press file with bleed and
marks. Adding a variant is an entry here with the function that places it.
The other artefacts of a build (the accessible HTML page of a product that
has one, the page previews, the manifest and the catalogue) are written by
their own modules next to this one.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from collections.abc import Callable

from ..layout.items import Document
from ..prepress.imposition import Imposition, office_sheet, press_piece, single


@dataclass(frozen=True)
class Variant:
    name: str
    suffix: str          # after the piece's name: nl/sexting-card-id1<suffix>.pdf
    mode: str            # the build mode that makes it: office or press
    about: str
    made_for: Callable[[Document], bool]
    impose: Callable[..., Imposition]   # (job, document, name, duplex offset) -> Imposition
    cmyk: bool = False
    tagged: bool = False   # a tagged PDF (PDF/UA-1): the pieces people read on screen


def _piece(job, document: Document, name: str, offset) -> Imposition:
    return single(document, guides=True)


def _sheet(job, document: Document, name: str, offset) -> Imposition:
    labels = job.resolved.labels
    notes = {"front": labels.sheet_front, "back": labels.sheet_back,
             "howto_duplex": labels.sheet_howto_duplex,
             "howto_single": labels.sheet_howto_single, "fold": labels.sheet_fold}
    return office_sheet(document, notes, offset, where=job.layout.source.at(("sheet",)))


def _press(job, document: Document, name: str, offset) -> Imposition:
    labels = job.resolved.labels
    slug = (PurePosixPath(name).name, f"{document.product} {document.layout}",
            document.locale, f"{labels.version} {document.version}".strip(), document.date)
    return press_piece(document, job.layout.layout.bleed, slug)


VARIANTS = (
    Variant("piece", "", "office", "the piece at its finished size", lambda d: True, _piece,
            tagged=True),
    Variant("sheet", "-sheet", "office", "copies on an A4 office print sheet with cut marks "
            "(layouts with a `sheet`)", lambda d: d.sheet is not None, _sheet),
    Variant("press", "-press", "press", "one piece with bleed, crop marks and page boxes, "
            "in CMYK", lambda d: True, _press, cmyk=True),
)
SUFFIXES = tuple(variant.suffix for variant in VARIANTS)


def variants_for(mode: str, document: Document) -> list[Variant]:
    return [v for v in VARIANTS if v.mode == mode and v.made_for(document)]
