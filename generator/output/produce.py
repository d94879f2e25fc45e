"""From a laid-out document to the files a user gets, by mode.

- ``office``: each piece at its finished size, plus, for layouts with a
  ``sheet``, an N-up print sheet for the office printer (cut marks, duplex backs).
- ``press``: each piece with bleed, crop marks, page boxes and CMYK colours.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

from ..layout.items import Document
from ..prepress.imposition import Imposition
from ..render.pdf import render_pdf
from ..render.tagging import Marking
from ..units import MM
from .artefacts import Variant, variants_for
from .pdfx import make_pdfx
from .plain_file import write_directly
from .structure import write_structure
from .write import Entry, sha256


def output_name(document: Document, suffix: str = "") -> str:
    """nl/sexting-card-id1.pdf; a piece of every topic (the book): nl/book-a4.pdf."""
    topic = f"{document.topic}-" if document.topic else ""
    return f"{document.locale}/{topic}{document.product}-{document.layout}{suffix}.pdf"


def produce(job, document: Document, mode: str = "office",
            duplex_offset: tuple[float, float] = (0.0, 0.0)) -> list[tuple[Entry, bytes]]:
    """Every file of this mode that the piece is made into (see :mod:`.artefacts`)."""
    palette = job.resolved.organisation.colours.model_dump()
    owner = (job.resolved.organisation.name, profile_name(job.resolved.profile_source.file))
    files = []
    for variant in variants_for(mode, document):
        name = output_name(document, variant.suffix)
        imposition = variant.impose(job, document, name, duplex_offset)
        data = _render(document, imposition, palette, variant)
        if variant.cmyk:  # a press file: PDF/X-1a for the profile's printing condition
            data = make_pdfx(data, document.title, press_condition(job, document),
                             document.date)
        files.append(_file(name, document, imposition, data, mode, owner))
    return files


def press_condition(job, document: Document) -> str:
    """The printing condition (FOGRA39, ...) the profile gives this product."""
    return job.resolved.organisation.printing.press.condition_for(document.product)


def profile_name(path: Path) -> str:
    """The profile file as a manifest names it: relative to the working folder when it
    is inside it (content/organisation.yaml), else its name alone, never a machine path."""
    path = Path(path).resolve()
    try:
        return path.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


def _render(document: Document, imposition: Imposition, palette: dict[str, str],
            variant: Variant) -> bytes:
    """The variant's PDF; a tagged one with its structure tree."""
    if not variant.tagged:
        return render_pdf(document, imposition, palette, cmyk=variant.cmyk,
                          finish=write_directly)
    marking = Marking()
    return render_pdf(document, imposition, palette, cmyk=variant.cmyk, marking=marking,
                      finish=partial(write_structure, marking=marking, document=document))


def _file(name: str, document: Document, imposition: Imposition, data: bytes,
          mode: str, owner: tuple[str, str]) -> tuple[Entry, bytes]:
    entry = Entry(path=name, product=document.product, layout=document.layout,
                  locale=document.locale, mode=mode, sheet=imposition.sheet,
                  pages=len(imposition.pages), width_mm=round(document.width / MM, 2),
                  height_mm=round(document.height / MM, 2), sha256=sha256(data),
                  up=imposition.up, topic=document.topic, title=document.title,
                  language=document.language, description=document.description,
                  printing=document.printing, concept=document.concept,
                  organisation=owner[0], profile_file=owner[1])
    return entry, data
