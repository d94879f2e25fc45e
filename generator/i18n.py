"""The words of drukwerk's own pages (the catalogue, the `serve` page) in Dutch or English.

The words are written in English in the templates and the code; each other
language has a gettext catalogue, ``generator/messages/<lang>/LC_MESSAGES/
drukwerk.po``, read and compiled with Babel the first time it is needed (no
build step, no network). Reading a catalogue costs more than the page it is
used for, so the compiled catalogue is kept beside it (``__pycache__``, as
Python keeps the package's compiled modules: see :mod:`generator.memo`), headed
by the SHA-256 of the ``.po`` file and Babel's version, and compiled again when
either differs. The content's own words (labels, topics) do not come from here:
they are in the content's locale folders.
"""
from __future__ import annotations

import gettext
import hashlib
import io
import struct
from functools import cache
from importlib.resources import files
from pathlib import Path

from .memo import keep_beside, kept_beside

DOMAIN = "drukwerk"
DEFAULT = "nl"              # the users are Dutch: the page is Dutch unless asked otherwise
LANGUAGES = ("nl", "en")    # "en" is the source language: no catalogue needed


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (a primary subtag, e.g. ``nl``)."""
    po = files("generator") / "messages" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.is_file():
        return gettext.NullTranslations()
    return catalogue(Path(str(po)), language)


def catalogue(po: Path, language: str) -> gettext.NullTranslations:
    """The ``.po`` file ``po`` compiled, or its compiled copy kept beside it."""
    from babel import __version__ as babel_version
    from babel.support import Translations

    source = po.read_bytes()
    folder = po.parent
    header = f"{DOMAIN} {hashlib.sha256(source).hexdigest()} babel {babel_version}\n".encode()
    kept = kept_beside(folder, f"{DOMAIN}.mo", header)
    if kept is not None:
        try:
            return Translations(io.BytesIO(kept), domain=DOMAIN)
        except (OSError, ValueError, LookupError, struct.error):   # damaged: again
            pass
    compiled = _compiled(source, language)
    keep_beside(folder, f"{DOMAIN}.mo", header, compiled)
    return Translations(io.BytesIO(compiled), domain=DOMAIN)


def _compiled(source: bytes, language: str) -> bytes:
    """The ``.po`` catalogue ``source`` compiled to a ``.mo`` file's bytes."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalogue = read_po(io.BytesIO(source), locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    return compiled.getvalue()


def primary(tag: str) -> str:
    """``nl-NL`` -> ``nl``; ``en_GB`` -> ``en``."""
    return tag.replace("_", "-").split("-")[0].strip().lower()


def page_language(tag: str) -> str:
    """The language the page's words are in for content in ``tag``: its own where drukwerk
    has its words, else English, the source language."""
    language = primary(tag)
    return language if language in LANGUAGES else "en"


def from_accept_language(header: str | None) -> str:
    """The language of the page for a browser's Accept-Language header: the first
    of its languages (by weight) that drukwerk speaks; Dutch when none is."""
    ranked = []
    for order, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag and weight > 0:
            ranked.append((-weight, order, primary(tag)))
    for _, _, language in sorted(ranked):
        if language in LANGUAGES:
            return language
    return DEFAULT
