"""What the page makes: the chosen topics, locales, products and layouts, built one
build at a time into the output folder with the pipeline the command line uses, with
each piece's fit-report warnings, and zips to download.

A build here is the same as ``drukwerk build`` with the same choices: same files,
same manifest, same catalogue. Only one runs at a time: a second request while one
runs is told "building..." instead of waiting, and a build from the command line
into the same folder is seen through the folder's lock.
"""
from __future__ import annotations

import io
import threading
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError
from ..output.lock import in_use
from ..inputs.files import read_bounded
from ..output.folder import regular_file, safe_target
from ..output.preview import MAX_PDF_BYTES
from ..output.write import read_manifest
from ..pipeline import (Inputs, PreflightFailed, build, lay_out_plan, make_plan,
                        read_shared)

ZIP_DATE = (2000, 1, 1, 0, 0, 0)   # fixed: the same files make the same zip


@dataclass(frozen=True)
class Selection:
    """What to make; empty means everything of that kind."""

    locales: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    layouts: tuple[str, ...] = ()

    def holds(self, row: dict) -> bool:
        """Whether a manifest row is a piece of this selection."""
        return ((not self.locales or row["locale"] in self.locales)
                and (not self.products or row["product"] in self.products)
                and (not self.layouts or row["layout"] in self.layouts)
                and (not self.topics or not row["topic"] or row["topic"] in self.topics))


@dataclass(frozen=True)
class Options:
    """Everything the inputs offer to choose from."""

    locales: list[str]
    topics: list[tuple[str, str]]     # name, title in the reference locale
    products: list[tuple[str, str]]   # name, what it is for
    layouts: list[dict]               # name, and per product its description and printing


class Busy(Exception):
    """Another build is running."""


@dataclass
class Workshop:
    content: Path
    layouts: Path
    profile: Path
    out: Path
    selection: Selection = Selection()
    warnings: dict[tuple[str, str, str, str], list[str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    _building: threading.Lock = field(default_factory=threading.Lock)

    def inputs(self, selection: Selection | None = None, mode: str = "office") -> Inputs:
        return Inputs(content=self.content, layouts=self.layouts, profile=self.profile,
                      mode=mode, workers=1, **_narrowing(selection or self.selection))

    @property
    def building(self) -> bool:
        return self._building.locked() or in_use(self.out)

    def options(self) -> Options:
        shared = read_shared(self.inputs(Selection()))
        topics: dict[str, str] = {}
        for locale in shared.locales.values():
            for topic in locale.topics:
                topics.setdefault(topic.name, topic.topic.title)
        layouts: dict[str, list[dict]] = {}  # by name: `a4` is the protocol's and the book's
        for loaded in sorted(shared.layouts, key=lambda one: (
                list(shared.products).index(one.layout.product), one.layout.name)):
            layout = loaded.layout
            layouts.setdefault(layout.name, []).append(
                {"product": layout.product, "description": layout.description,
                 "printing": layout.printing})
        return Options(list(shared.locales), sorted(topics.items()),
                       [(name, product.what_for) for name, product in shared.products.items()],
                       [{"name": name, "products": products} for name, products in layouts.items()])

    def check_profile(self, candidate: Path) -> list[InputError]:
        """The command line's checks of a profile (``drukwerk validate``), on every piece."""
        from ..pipeline import check_logos
        try:
            inputs = replace(self.inputs(Selection()), profile=candidate)
            laid = lay_out_plan(make_plan(inputs, require_jobs=False), require_jobs=False)
            check_logos(laid.jobs, laid.documents, "office")
        except InputError as error:
            return list(getattr(error, "errors", [error]))
        return []

    def build(self, mode: str = "office") -> list[dict]:
        """Build the selection; returns the manifest rows of its files (made now or
        already up to date, see generator.incremental). Raises Busy when
        another build runs, InputError or PreflightFailed as the command line would."""
        if not self._building.acquire(blocking=False):
            raise Busy()
        try:
            inputs = self.inputs(mode=mode)
            shared = read_shared(inputs)
            laid = lay_out_plan(make_plan(inputs, shared))
            warnings = {(document.locale, document.topic, document.product, document.layout):
                        tight_fits(document.fits) for document in laid.documents
                        if document is not None}
            built = build(inputs, self.out, previews=mode == "office", shared=shared)
            if mode == "office":
                self.warnings = warnings
                self.skipped = [str(skip) for skip in built.skipped]
            made = {entry.path for entry in [*built.entries, *built.kept]}
            return [row for row in read_manifest(self.out) if row["path"] in made]
        finally:
            self._building.release()

    def rows(self, chosen: bool = True, mode: str = "office") -> list[dict]:
        """The manifest's rows of this profile's pieces (of the selection, if ``chosen``)
        whose files are there."""
        return [row for row in read_manifest(self.out)
                if row["mode"] == mode and regular_file(self.out, row["path"]) is not None
                and (not chosen or (self.selection.holds(row) and self._ours(row)))]

    def _ours(self, row: dict) -> bool:
        from ..output.produce import profile_name
        return row.get("profile_file") in ("", profile_name(self.profile))

    def zip(self, rows: list[dict]) -> bytes:
        """The PDFs of ``rows`` in one zip, under their paths in the output folder."""
        stream = io.BytesIO()
        with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
            for row in rows:
                info = zipfile.ZipInfo(row["path"], date_time=ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                # read back without following a link out of the output folder
                path = safe_target(self.out, row["path"], create=False)
                archive.writestr(info, read_bounded(path, MAX_PDF_BYTES, "PDF", follow=False))
        return stream.getvalue()


def tight_fits(fits) -> list[str]:
    """The fit report's warnings for one piece: each box whose text only just fits."""
    return [f"{fit.page} {fit.box}: {fit.size:.1f} pt (min {fit.min:g}), {fit.room}"
            for fit in fits if not fit.detail and fit.room == "AT MIN, tight"]


def _narrowing(selection: Selection) -> dict:
    return {"locales": selection.locales, "topics": selection.topics,
            "products": selection.products, "layout_names": selection.layouts}


__all__ = ["Busy", "InputError", "Options", "PreflightFailed", "Selection", "Workshop"]
