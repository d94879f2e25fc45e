"""The pictograms a tip may name: SVG files, built in or the organisation's own.

The built-in library is ``pictograms/*.svg`` beside this module: line drawings
on a 48-unit grid in one style (see the README's rules for drawing one). An
organisation's own pictograms live in ``content/pictograms/NAME.svg``; the same
name overrides the built-in one. A tip's ``pictogram: NAME`` is the file's stem.

Pictograms are read like a logo (:mod:`.svg`: no scripts, no references outside
the file, no entities, limits on size and elements) and stay vectors. Where a
drawing uses ``currentColor`` it is drawn in the colour the layout gives it; a
colour role's name (``accent``, ``primary``...) is drawn in that profile colour.

A drawing is parsed once per process for each file content (keyed by its
SHA-256, so an edited file is parsed again): a batch, the workshop server and
repeated builds reuse it. What the library hands out is the drawing's
:class:`~.figure.Figure` (the canvas calls that draw it, colours as tokens), so
a build can also keep it between runs (:func:`figures_kept_in`, see
:mod:`generator.output.figure_store`) and draw it without svglib. The figures of
the built-in pictograms are also kept beside the package (:mod:`.figures_beside`),
so that a build into a new output folder need not parse them either.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..memo import Kept
from .names import RULE, is_safe
from .figure import Figure, record
from .figures_beside import FiguresBeside
from .svg import parse_svg, read_svg_bytes

BUILT_IN = Path(__file__).resolve().parent / "pictograms"
KEPT_BESIDE = BUILT_IN   # whose __pycache__ keeps the built-in figures (.figures_beside)
FOLDER = "pictograms"   # content/pictograms/: the organisation's own
ROLES = ("primary", "accent", "positive", "text", "muted", "background", "tint")
INK = "ink"             # currentColor: the colour the layout draws the pictogram in
# Colours no drawing uses, standing in for the ink and the roles until drawn.
PLACEHOLDERS = {INK: "#FE01FD", **{role: f"#FE01{n + 1:02X}" for n, role in enumerate(ROLES)}}


@dataclass(frozen=True)
class Entry:
    name: str
    path: Path
    own: bool           # the organisation's, from content/pictograms/


@dataclass(eq=False)
class Library:
    """Every pictogram by name; drawings are read when first used, then kept."""

    entries: dict[str, Entry]
    _drawings: dict[str, Any] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return sorted(self.entries)

    def check(self, name: str) -> str | None:
        """None if ``name`` is a pictogram, else what is wrong with a did-you-mean."""
        if name in self.entries:
            return None
        close = difflib.get_close_matches(name, self.names, n=3, cutoff=0.5)
        return (f"there is no pictogram '{name}'"
                + (f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""))

    def drawing(self, name: str) -> Figure:
        """The pictogram's drawing, its colours named (see :mod:`.figure`): drawn in the
        colours it is given, never changed."""
        return self._read(name)[1]

    def digest(self, name: str) -> str:
        """The SHA-256 of the pictogram's file as this library read it."""
        return self._read(name)[0]

    def figures(self) -> dict[str, Figure]:
        """The figures read so far, by their file's SHA-256."""
        return dict(self._drawings.values())

    def at_hand(self, store: Any = None, version: str | None = None) -> bool:
        """Whether drawing every pictogram parses none: each is parsed in this process
        already or kept in ``store``, or, built in, beside the package for drukwerk
        ``version`` (by default the store's; see :func:`figures_kept_in`)."""
        beside = _beside(version or (store.version if store is not None else None))
        for entry in self.entries.values():
            if entry.name in self._drawings:
                continue
            try:
                digest = hashlib.sha256(entry.path.read_bytes()).hexdigest()
            except OSError:
                return False
            if not (digest in _PARSED or (store is not None and store.holds(digest))
                    or (beside is not None and not entry.own
                        and beside.holds(entry.name, digest))):
                return False
        return True

    def _read(self, name: str) -> tuple[str, Figure]:
        if name not in self._drawings:
            entry = self.entries[name]
            what = f"the pictogram {entry.path.name}"
            data = read_svg_bytes(entry.path, entry.path, "pictogram", what)
            digest = hashlib.sha256(data).hexdigest()
            self._drawings[name] = (digest, _PARSED.get_or_make(
                digest, lambda: _figure(digest, data, entry, what)))
        return self._drawings[name]


# Drawings by their file's SHA-256, for every library of this process (see the module's notes).
_PARSED: Kept[Figure] = Kept(1024)
_STORE: Any = None   # where figures are kept between builds (see figures_kept_in)


@contextmanager
def figures_kept_in(store: Any) -> Iterator[None]:
    """Within the block, keep the figures this process parses in ``store`` (an output
    folder's :class:`~generator.output.figure_store.FigureStore`) and take those it
    holds instead of parsing their files again; those of built-in pictograms also
    beside the package, for the drukwerk the store is for (its ``version``)."""
    global _STORE
    _STORE = store
    try:
        yield
    finally:
        _STORE = None


def kept_store() -> Any:
    """The store figures are kept in now (see :func:`figures_kept_in`), or None."""
    return _STORE


def _beside(version: str | None) -> FiguresBeside | None:
    """Where the built-in figures are kept for drukwerk ``version``; None without one."""
    return FiguresBeside(KEPT_BESIDE, version) if version else None


def _figure(digest: str, data: bytes, entry: Entry, what: str) -> Figure:
    """The figure of an SVG file: kept beside the package (built in) or from an earlier
    build, else parsed and checked (and kept)."""
    store, path = _STORE, entry.path
    beside = _beside(store.version) if store is not None and not entry.own else None
    figure = beside.get(entry.name, digest) if beside is not None else None
    found = None   # in the output folder's store
    if figure is None and store is not None:
        figure = found = store.get(digest)
    if figure is None:
        drawing = parse_svg(data, path, path, "pictogram", what,
                            outside="draw everything in the one SVG file",
                            prepare=_mark_colours, flatten=False)
        try:
            figure = record(drawing)
        except ValueError as exc:
            raise InputError(f"{what} cannot be drawn ({exc})", where=path, field="pictogram",
                             hint="export it again as plain SVG") from None
        # opacity is flattened when drawn, once the placeholders have colours
        if beside is not None:   # parsed from the package's own file: kept for every build
            beside.put(entry.name, digest, figure)
    if store is not None and found is None:   # kept there too, as parsed
        store.put(digest, figure)
    return figure


def load_library(content: Path) -> Library:
    """The built-in pictograms and the organisation's own (which win), each checked."""
    entries = {}
    for folder, own in ((BUILT_IN, False), (Path(content) / FOLDER, True)):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.svg")):
            if not is_safe(path.stem):
                raise InputError(f"the name of this pictogram, '{path.stem}', cannot be used "
                                 "in a topic file", where=path,
                                 hint=f"rename it using {RULE}, e.g. home-visit.svg")
            entries[path.stem] = Entry(path.stem, path, own)
    library = Library(entries)
    for entry in entries.values():
        if entry.own:
            library.drawing(entry.name)  # an organisation's file is checked before it is used
    return library


_STYLE_COLOUR = re.compile(r"(?P<property>fill|stroke|color|stop-color)\s*:\s*(?P<value>[\w-]+)")


def _placeholder(value: str) -> str | None:
    key = INK if value.strip() == "currentColor" else value.strip()
    return PLACEHOLDERS.get(key)


def _mark_colours(root: Any) -> None:
    """currentColor and role names become placeholder colours svglib can draw, in
    attributes and in ``style`` (where drawing programs write them)."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("fill", "stroke", "color", "stop-color"):
            value = element.get(attribute)
            if value is not None and _placeholder(value):
                element.set(attribute, _placeholder(value))
        style = element.get("style")
        if style:
            element.set("style", _STYLE_COLOUR.sub(
                lambda m: f"{m['property']}: {_placeholder(m['value']) or m['value']}", style))
