"""Catalogue stage: ``index.html``, the whole output folder at a glance.

Made from the merged manifest, so it also shows the files of earlier builds,
and it links only to files that are there. One page with its styles inline,
no scripts and nothing from the network: it opens the same from a shared
drive or a USB stick, and prints as a list to hand to whoever prints.
"""
from __future__ import annotations

import struct
from collections import Counter
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

from ..errors import InputError
from ..inputs.files import read_bounded
from ..i18n import page_language, primary
from ..model.content import REFERENCE_LOCALE
from ..model.products import all_products
from .pictogram_page import PAGE as PICTOGRAM_PAGE
from .protocol_html import output_name as accessible_name
from .webpage import render_html
from .folder import FilesThere

INDEX = "index.html"


def catalogue_file(out: Path, rows: list[dict]) -> tuple[str, bytes]:
    """The catalogue of ``rows`` to publish in ``out``, made with the files they
    describe in place (it links only to those there)."""
    return INDEX, render_catalogue(out, rows)


def render_catalogue(out: Path, rows: list[dict]) -> bytes:
    products = all_products()
    there = FilesThere(out)
    groups: dict[tuple[str, str, str, str], dict] = {}
    for row in rows:
        # In a build of many profiles each profile's files are under its own folder.
        profile = row.get("profile", "")
        key = (_organisation(row), profile, row.get("locale", ""), row.get("topic", ""))
        if key not in groups:
            accessible = accessible_name(*key[2:])
            accessible = f"{profile}/{accessible}" if profile else accessible
            groups[key] = {
                "locale": key[2], "language": row.get("language") or key[2],
                "title": row.get("title") or PurePosixPath(row["path"]).stem,
                "organisation": _organisation(row),
                "accessible": accessible if there.size(accessible) is not None else None,
                "pieces": []}
        product = products.get(row.get("product", ""))
        # A namespace, not a dict: the template reads a card's many fields as attributes.
        # Its anchor is made here: a variable set in the template's loop would make Jinja
        # copy the whole context for every card's translated words.
        groups[key]["pieces"].append(SimpleNamespace(**{
            **row, "organisation": _organisation(row),
            "anchor": "piece-" + row["path"].replace("/", "-").replace(".", "-"),
            "what_for": product.what_for if product else "",
            "holds_topics": bool(product and product.scope == "locale"),
            "bytes": there.size(row["path"]) or 0,
            "pictures": [{"path": path, "size": _png_size(Path(out, path))}
                         for path in row.get("previews") or []
                         if there.size(path) is not None]}))
    organisations: dict[tuple[str, str], list[dict]] = {}
    for (organisation, profile, *_), group in groups.items():
        organisations.setdefault((organisation, profile), []).append(group)
    page = PICTOGRAM_PAGE if there.size(PICTOGRAM_PAGE) is not None else None
    language = content_language(rows)
    return render_html("catalogue.html.j2", language=language, lang=language,
                       organisations=[{"name": name, "folder": folder, "groups": listed}
                                      for (name, folder), listed in organisations.items()],
                       pictograms=page)


def _organisation(row: dict) -> str:
    """Whom a piece is for: the profile's organisation (an older manifest row has only
    the batch folder, or nothing)."""
    return row.get("organisation") or row.get("profile") or ""


def content_language(rows: list[dict]) -> str:
    """The language of the catalogue's own words: that of most pieces, the reference
    locale's on a tie, in a language drukwerk has words for (else English)."""
    counts = Counter(primary(row.get("language") or row.get("locale") or "") for row in rows)
    if not counts:
        return page_language(REFERENCE_LOCALE)
    best = max(counts.items(), key=lambda item: (item[1], item[0] == REFERENCE_LOCALE))
    return page_language(best[0])


def _png_size(path: Path) -> tuple[int, int] | None:
    """Width and height from the PNG header, so the page keeps its place while loading."""
    try:
        head = read_bounded(path, 24, "preview", follow=False, head=True)
    except InputError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])
