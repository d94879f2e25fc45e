"""Accessible protocol: the protocol sheet's content as one semantic HTML page.

ReportLab cannot tag a PDF, so a screen reader cannot follow the protocol
sheet; this page can go on an intranet instead. It is filled from the same
resolved content as the PDF, through the same helpers for the contact and
document-control rows, so the two texts cannot drift apart.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..resolve.rows import contact_rows, document_rows, extra_contacts, role_names
from ..resolve.templates import Resolved
from .webpage import render_html

PAGE = "protocol"  # the page's name: nl/sexting-protocol.html


def output_name(locale: str, topic: str) -> str:
    """Where the page goes, next to the topic's PDFs."""
    return f"{locale}/{topic}-{PAGE}.html"


def render_protocol(resolved: Resolved) -> bytes:
    rows = [(label, value, field.rsplit(".", 1)[-1])
            for label, value, field in contact_rows(resolved)]
    name = rows[0][1]
    return render_html(
        "protocol.html.j2", lang=resolved.labels.language, topic=resolved.topic,
        labels=resolved.labels, organisation=resolved.organisation,
        colours=resolved.organisation.colours,
        steps=[{"heading": step.heading, "text": step.text,
                "roles": role_names(resolved, step)} for step in resolved.topic.steps],
        contacts=extra_contacts(resolved), concept=resolved.concept,
        # A named meldpunt is printed as a name, as on the PDF; no name is a detail to fill in.
        contact_name=name, contact=rows[1:] if name else rows,
        document=document_rows(resolved))


def accessible_pages(jobs: Iterable) -> list[tuple[str, bytes]]:
    """One page per topic and locale whose protocol sheet is being built."""
    return [(path, render_protocol(resolved)) for path, resolved in _chosen(jobs).items()]


def page_paths(jobs: Iterable) -> set[str]:
    """Where the pages of :func:`accessible_pages` go, without drawing them."""
    return set(_chosen(jobs))


def _chosen(jobs: Iterable) -> dict[str, Resolved]:
    chosen: dict[str, Resolved] = {}
    for job in jobs:
        if job.product.accessible_page:
            chosen.setdefault(output_name(job.resolved.locale, job.resolved.name), job.resolved)
    return chosen
