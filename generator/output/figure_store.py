"""Pictograms kept between builds, so a build need not parse an SVG it has seen before.

Parsing a pictogram with svglib (and loading svglib and ReportLab's graphics
package to do it) costs more than drawing it. Each drawing, once parsed and
checked, is kept as a :class:`~generator.inputs.figure.Figure` (the canvas calls
that draw it, as JSON) in ``.drukwerk.pictograms`` in the output folder, next
to the manifest:

- by the SHA-256 of the SVG file's bytes, so an edited file is parsed (and
  checked) again and a renamed one is not;
- for one drukwerk only (its version and a digest of its own files, as for
  incremental builds): a file kept by another drukwerk is not read at all;
- each entry with the SHA-256 of its own figure, and every call checked against
  the few a figure may hold (:meth:`Figure.from_data`): a damaged or edited
  entry, or a file that is not JSON, is parsed from the SVG again and written
  anew, never trusted and never an error.

The file is published under the output folder's lock with the build's own files
(:mod:`.publish`), and only when the build parsed something new; two builds at
once can at worst drop each other's new entries, which are then parsed again.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..inputs.figure import Figure
from ..inputs.files import read_bounded
from ..memo import KeptFor
from .folder import safe_target

STORE = ".drukwerk.pictograms"
FORMAT = 1
MAX_BYTES = 32 * 1024 * 1024
LIMIT = 1024   # entries; beyond it the file starts again from this build's own


class FigureStore:
    """The figures kept in one output folder, and those this build added."""

    def __init__(self, out: Path, version: str) -> None:
        self.out, self.version = Path(out), version
        self.kept = self._read()
        self.fresh: dict[str, dict] = {}
        self._texts: dict[str, str] = {}   # fresh entries' JSON, where made in this process

    def get(self, digest: str) -> Figure | None:
        """The figure kept for the SVG with this SHA-256, or None (none, or damaged)."""
        entry = self.fresh.get(digest) or self.kept.get(digest)
        if not (isinstance(entry, dict) and entry.get("check") == _check(entry.get("figure"))):
            return None
        try:
            return Figure.from_data(entry["figure"])
        except ValueError:
            return None

    def holds(self, digest: str) -> bool:
        """Whether a figure is kept for this SHA-256 (not yet checked: see :meth:`get`)."""
        return digest in self.fresh or digest in self.kept

    def put(self, digest: str, figure: Figure) -> None:
        self.fresh[digest], self._texts[digest] = _ENTRIES.get_or_make(figure, _entry)

    def take(self, entries: dict[str, dict]) -> None:
        """Entries another process of this build added (the pictogram page's worker)."""
        for digest, entry in entries.items():
            if entry is not self.fresh.get(digest):   # its own entries, handed back: kept
                self.fresh[digest] = entry
                self._texts.pop(digest, None)

    def add(self, figures: dict[str, Figure]) -> None:
        """Figures by their SVG's SHA-256 that this process had before the build (a batch
        of profiles parses them once), kept here too when they are not yet."""
        for digest, figure in figures.items():
            if not self.holds(digest):
                self.put(digest, figure)

    def contents(self) -> bytes | None:
        """The file to publish: what is there now (read again, another build may have
        added to it) with this build's new entries; None when there are none."""
        if not self.fresh:
            return None
        kept = self._read()
        figures = {**(kept if len(kept) + len(self.fresh) <= LIMIT else {}), **self.fresh}
        # What json.dumps(sort_keys=True) of the whole writes, with each entry's JSON
        # made once per figure in this process (a batch keeps the same in every profile).
        listed = ",".join(f"{_json(digest)}:{self._texts.get(digest) or _json(entry)}"
                          for digest, entry in sorted(figures.items()))
        return (f'{{"drukwerk":{_json(self.version)},"figures":{{{listed}}},'
                f'"format":{_json(FORMAT)}}}').encode()

    def _read(self) -> dict[str, Any]:
        try:
            path = safe_target(self.out, STORE, create=False)
            data = json.loads(read_bounded(path, MAX_BYTES, follow=False))
        except (InputError, OSError, ValueError, RecursionError):   # RecursionError: nested
            return {}                                                 # deeper than json parses
        if not (isinstance(data, dict) and data.get("format") == FORMAT
                and data.get("drukwerk") == self.version and isinstance(data.get("figures"), dict)):
            return {}
        return data["figures"]


def _check(figure: Any) -> str:
    return hashlib.sha256(_json(figure).encode()).hexdigest()


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _entry(figure: Figure) -> tuple[dict, str]:
    """The store's entry for ``figure``, and its JSON (as :func:`_json` writes the entry),
    the figure encoded once for both."""
    text = figure.text()
    check = hashlib.sha256(text.encode()).hexdigest()
    return {"check": check, "figure": figure.data()}, f'{{"check":"{check}","figure":{text}}}'


# Entries by figure: a figure is parsed once per process and kept by every store after.
_ENTRIES: KeptFor[Figure, tuple[dict, str]] = KeptFor(1024)
