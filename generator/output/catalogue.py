"""Catalogue stage: ``index.html``, the whole output folder at a glance.

Made from the merged manifest, so it also shows the files of earlier builds,
and it links only to files that are there. One page with its styles inline,
no scripts and nothing from the network: it opens the same from a shared
drive or a USB stick, and prints as a list to hand to whoever prints.
"""
from __future__ import annotations

import struct
from pathlib import Path, PurePosixPath

from ..model.products import all_products
from .pictogram_page import PAGE as PICTOGRAM_PAGE
from .protocol_html import output_name as accessible_name
from .webpage import render_html
from .write import write_if_changed, writable

INDEX = "index.html"


def write_catalogue(out: Path, rows: list[dict]) -> Path:
    out = Path(out)
    target = out / INDEX
    with writable(out):
        write_if_changed(target, render_catalogue(out, rows))
    return target


def render_catalogue(out: Path, rows: list[dict]) -> bytes:
    products = all_products()
    groups: dict[tuple[str, str, str], dict] = {}
    for row in rows:
        # In a build of many profiles each profile's files are under its own folder.
        profile = row.get("profile", "")
        key = (profile, row.get("locale", ""), row.get("topic", ""))
        if key not in groups:
            accessible = accessible_name(*key[1:])
            accessible = f"{profile}/{accessible}" if profile else accessible
            title = row.get("title") or PurePosixPath(row["path"]).stem
            groups[key] = {
                "locale": key[1], "language": row.get("language") or key[1],
                "title": f"{title} ({profile})" if profile else title,
                "accessible": accessible if (out / accessible).is_file() else None,
                "pieces": []}
        product = products.get(row.get("product", ""))
        groups[key]["pieces"].append({
            **row, "what_for": product.what_for if product else "",
            "holds_topics": bool(product and product.scope == "locale"),
            "bytes": _size(out / row["path"]),
            "pictures": [{"path": path, "size": _png_size(out / path)}
                         for path in row.get("previews") or [] if (out / path).is_file()]})
    page = PICTOGRAM_PAGE if (out / PICTOGRAM_PAGE).is_file() else None
    return render_html("catalogue.html.j2", lang="en", groups=list(groups.values()),
                       pictograms=page)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _png_size(path: Path) -> tuple[int, int] | None:
    """Width and height from the PNG header, so the page keeps its place while loading."""
    with open(path, "rb") as stream:
        head = stream.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])
