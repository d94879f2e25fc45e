"""The built-in pictograms' figures kept beside the package, so that a build into a
new output folder parses no SVG (and loads neither svglib nor ReportLab's graphics).

An output folder keeps the figures it was drawn from
(:mod:`generator.output.figure_store`), but a new folder has none, and its first
build would parse every built-in pictogram again, in each process that draws one.
The built-in pictograms are the package's own files, so their figures are kept
where Python keeps the package's compiled modules (see :mod:`generator.memo`):
``pictograms/__pycache__/NAME.figure``, one file for each pictogram:

- named by the pictogram, so that each is written whole by whichever process
  parsed it (a build's workers parse at the same time; none rewrites another's
  file) and an edited pictogram replaces its own file instead of adding one;
- headed by the SHA-256 of the SVG's bytes and by the drukwerk that made it
  (its version, a digest of its own files and the versions of ReportLab and
  svglib, as for incremental builds): an edited pictogram, or another drukwerk,
  parses the SVG again and writes the file anew;
- the figure as JSON after its own SHA-256, every call checked
  (:meth:`~.figure.Figure.from_data`): a damaged, edited or foreign file is
  parsed again and written anew, never trusted and never an error.

Only a figure this process parsed from the package's own SVG is kept here: never
an organisation's own pictogram, nor a figure read from an output folder.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..memo import keep_beside, kept_beside
from .figure import Figure

SUFFIX = ".figure"


class FiguresBeside:
    """The figures of the pictograms in ``folder`` kept for one drukwerk (``version``)."""

    def __init__(self, folder: Path, version: str) -> None:
        self.folder, self.version = Path(folder), version

    def holds(self, name: str, digest: str) -> bool:
        """Whether a figure is kept for the pictogram ``name`` whose SVG has the SHA-256
        ``digest`` (not yet checked: see :meth:`get`)."""
        return self._kept(name, digest) is not None

    def get(self, name: str, digest: str) -> Figure | None:
        """The figure kept for the pictogram, or None (none, made from another file or by
        another drukwerk, or damaged)."""
        data = self._kept(name, digest)
        if data is None:
            return None
        check, _, body = data.partition(b"\n")
        if check != hashlib.sha256(body).hexdigest().encode():
            return None
        try:
            return Figure.from_data(json.loads(body))
        except (ValueError, RecursionError):   # RecursionError: nested deeper than json parses
            return None

    def put(self, name: str, digest: str, figure: Figure) -> None:
        body = figure.text().encode()
        keep_beside(self.folder, name + SUFFIX, self._header(digest),
                    hashlib.sha256(body).hexdigest().encode() + b"\n" + body)

    def _kept(self, name: str, digest: str) -> bytes | None:
        return kept_beside(self.folder, name + SUFFIX, self._header(digest))

    def _header(self, digest: str) -> bytes:
        return f"drukwerk pictogram {digest} {self.version}\n".encode()
