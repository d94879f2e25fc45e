"""From a laid-out document to the files a user gets: render, then prepress.

This is where the mode decides what is written: for now each piece as its own
PDF at its finished size.
"""
from __future__ import annotations

from .items import Document
from .render import render_pdf
from .write import Entry, sha256

MM = 72 / 25.4


def output_name(document: Document, suffix: str = "") -> str:
    return (f"{document.locale}/{document.topic}-{document.product}-{document.layout}"
            f"{suffix}.pdf")


def produce(job, document: Document, mode: str = "office") -> list[tuple[Entry, bytes]]:
    palette = job.resolved.organisation.colours.model_dump()
    data = render_pdf(document, palette)
    layout = job.layout.layout
    entry = Entry(path=output_name(document), product=document.product,
                  layout=document.layout, locale=document.locale, mode=mode, sheet=False,
                  pages=len(document.pages), width_mm=round(document.width / MM, 2),
                  height_mm=round(document.height / MM, 2), sha256=sha256(data),
                  topic=document.topic, title=document.title, language=document.language,
                  description=layout.description, printing=layout.printing)
    return [(entry, data)]
