"""Names that become parts of output paths: locales, topics and layouts.

They come from folder and file names and from layout files, and end up in
``output/<locale>/<topic>-<product>-<layout>.pdf`` and in the catalogue's
links. One rule for all of them keeps every output inside the output folder
and every link working: no ``..`` or ``/`` that climbs out, no leading dot
that hides a file, no spaces or ``#`` that break a link, and no capitals that
make two names one file on a Windows or Mac shared drive.
"""
from __future__ import annotations

import re

_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
RULE = "lower-case letters a-z, digits, '-' and '_', starting with a letter or digit"


def is_safe(name: str) -> bool:
    return _NAME.fullmatch(name) is not None


def check_layout_name(name: str) -> str:
    """Pydantic validator for a layout's `name`."""
    if not is_safe(name):
        raise ValueError(f"'{name}' cannot be a layout name, because it goes into file "
                         f"names; use {RULE}, e.g. 'id1' or 'a6-bifold'")
    return name
