"""From a laid-out document to the files a user gets, by mode.

- ``office``: each piece at its finished size, plus, for layouts with a
  ``sheet``, an N-up print sheet for the office printer (cut marks, duplex backs).
- ``press``: each piece with bleed, crop marks, page boxes and CMYK colours.
"""
from __future__ import annotations

from pathlib import PurePosixPath

from ..layout.items import Document
from ..inputs.names import PIECE, PRESS, SHEET
from ..prepress.imposition import Imposition, office_sheet, press_piece, single
from ..render.pdf import render_pdf
from .write import Entry, sha256
from ..units import MM



def output_name(document: Document, suffix: str = PIECE) -> str:
    """nl/sexting-card-id1.pdf; a piece of every topic (the book): nl/book-a4.pdf."""
    topic = f"{document.topic}-" if document.topic else ""
    return f"{document.locale}/{topic}{document.product}-{document.layout}{suffix}.pdf"


def produce(job, document: Document, mode: str = "office",
            duplex_offset: tuple[float, float] = (0.0, 0.0)) -> list[tuple[Entry, bytes]]:
    labels = job.resolved.labels
    palette = job.resolved.organisation.colours.model_dump()
    if mode == "press":
        name = output_name(document, PRESS)
        slug = (PurePosixPath(name).name, f"{document.product} {document.layout}",
                document.locale, f"{labels.version} {document.version}", document.date)
        imposition = press_piece(document, job.layout.layout.bleed, slug)
        return [_file(name, document, imposition, render_pdf(document, imposition, palette,
                                                             cmyk=True), mode)]
    piece = single(document, guides=True)
    files = [_file(output_name(document), document, piece,
                   render_pdf(document, piece, palette), mode)]
    if document.sheet is not None:
        notes = {"front": labels.sheet_front, "back": labels.sheet_back,
                 "howto_duplex": labels.sheet_howto_duplex,
                 "howto_single": labels.sheet_howto_single, "fold": labels.sheet_fold}
        imposition = office_sheet(document, notes, duplex_offset,
                                  where=job.layout.source.at(("sheet",)))
        files.append(_file(output_name(document, SHEET), document, imposition,
                           render_pdf(document, imposition, palette), mode))
    return files


def _file(name: str, document: Document, imposition: Imposition, data: bytes,
          mode: str) -> tuple[Entry, bytes]:
    entry = Entry(path=name, product=document.product, layout=document.layout,
                  locale=document.locale, mode=mode, sheet=imposition.sheet,
                  pages=len(imposition.pages), width_mm=round(document.width / MM, 2),
                  height_mm=round(document.height / MM, 2), sha256=sha256(data),
                  up=imposition.up, topic=document.topic, title=document.title,
                  language=document.language, description=document.description,
                  printing=document.printing, concept=document.concept)
    return entry, data
