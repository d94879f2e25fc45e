"""The pipeline in one place: load -> validate -> resolve -> lay out -> render ->
preview -> write -> catalogue.

Everything that can fail because of the input (loading, validation, templates,
text fitting, colours) happens for every selected piece before the first byte
is written, so a bad input leaves the previous build exactly as it was. The
catalogue comes last because it shows the whole output folder, files of
earlier builds included.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .layout.compose import compose
from .model.content import REFERENCE_LOCALE, Profile, load_locale, load_profile, locale_names
from .errors import InputError
from .layout.items import Document
from .model.layouts import LoadedLayout, load_layouts
from .inputs.names import PIECE, PRESS, SHEET
from .model.products import Product, all_products
from .resolve.templates import Resolved, resolve
from .model.translation import check_translations


@dataclass(frozen=True)
class Inputs:
    content: Path
    layouts: Path
    profile: Path
    locales: tuple[str, ...] = ()   # empty: all
    products: tuple[str, ...] = ()
    layout_names: tuple[str, ...] = ()
    mode: str = "office"
    duplex_offset: tuple[float, float] | None = None  # mm; None: the profile's
    preflight: bool = True
    workers: int = 0                # processes for preflight and previews; 0: every core


@dataclass(frozen=True)
class Job:
    """One piece to make: a topic in a locale, in one product layout."""

    resolved: Resolved
    layout: LoadedLayout
    product: Product

    @property
    def name(self) -> str:
        """The piece's file name without suffix, e.g. nl/sexting-card-id1."""
        return (f"{self.resolved.locale}/{self.resolved.name}-{self.product.name}-"
                f"{self.layout.layout.name}")


@dataclass(frozen=True)
class Shared:
    """Content and layouts: the same for every profile, so read once per process."""

    locales: dict[str, object]
    layouts: list[LoadedLayout]
    products: dict[str, Product] = field(default_factory=all_products)


@dataclass(frozen=True)
class Catalogue:
    """What the inputs hold, for `drukwerk list` and for selecting."""

    profile: Profile
    locales: dict[str, object]
    layouts: list[LoadedLayout]
    products: dict[str, Product] = field(default_factory=all_products)


def read_shared(inputs: Inputs) -> Shared:
    names = locale_names(inputs.content)
    _check_choice("locale", inputs.locales, names)
    chosen = inputs.locales or tuple(names)
    locales = {name: load_locale(inputs.content, name) for name in chosen}
    if REFERENCE_LOCALE in names:
        reference = locales.get(REFERENCE_LOCALE) or load_locale(inputs.content, REFERENCE_LOCALE)
        check_translations(locales, reference)
    layouts = load_layouts(inputs.layouts)
    products = all_products()
    _check_choice("product", inputs.products, list(products))
    _check_choice("layout", inputs.layout_names, sorted({l.layout.name for l in layouts}))
    return Shared(locales, layouts, products)


def read_inputs(inputs: Inputs, shared: Shared | None = None) -> Catalogue:
    profile = load_profile(inputs.profile)
    shared = shared or read_shared(inputs)
    return Catalogue(profile, shared.locales, shared.layouts, shared.products)


def plan(inputs: Inputs, shared: Shared | None = None) -> list[Job]:
    """Load, validate and resolve everything selected (content and layouts from ``shared``
    when given, so a batch of profiles parses them once)."""
    catalogue = read_inputs(inputs, shared)
    jobs = []
    for locale in catalogue.locales.values():
        for topic_file in locale.topics:
            resolved = resolve(catalogue.profile, locale, topic_file)
            for loaded in catalogue.layouts:
                layout = loaded.layout
                if inputs.products and layout.product not in inputs.products:
                    continue
                if inputs.layout_names and layout.name not in inputs.layout_names:
                    continue
                jobs.append(Job(resolved, loaded, catalogue.products[layout.product]))
    if not jobs:
        raise InputError("nothing to build: no layout matches the chosen products and layouts",
                         hint="run `drukwerk list` to see what there is")
    _check_own_files(jobs)
    return jobs


def _check_own_files(jobs: list[Job]) -> None:
    """Every piece gets files of its own: a layout named `id1-sheet` would be written
    over the print sheet of `id1`, in any mode, so it is refused."""
    makers: dict[str, Job] = {}
    for job in jobs:
        for suffix in (PIECE, SHEET, PRESS):
            first = makers.setdefault(f"{job.name}{suffix}.pdf", job)
            if first is not job:
                raise InputError(
                    f"this layout and layout '{first.layout.layout.name}' "
                    f"({first.layout.source.file.name}) would write the same file, "
                    f"{job.name}{suffix}.pdf", where=job.layout.source.at(("name",)),
                    field="name", hint="give one of them another name")


def lay_out(jobs: Iterable[Job]) -> list[Document]:
    return [compose(job.layout, job.resolved, job.product) for job in jobs]


@dataclass(frozen=True)
class Built:
    """What a build wrote, for the command line to report."""

    entries: list          # write.Entry, one per PDF
    pages: list[str]       # accessible HTML pages, relative to the output folder
    previews: int          # number of PNG previews
    catalogue: Path


def build(inputs: Inputs, out: Path, progress: Callable[[int, int], None] | None = None,
          previews: bool = True, shared: Shared | None = None) -> Built:
    """Make every selected piece and write it to ``out``, with previews and catalogue."""
    from .output.catalogue import write_catalogue
    from .parallel import cores, map_in_order
    from .output.preview import attach_previews
    from .output.produce import produce
    from .output.protocol_html import accessible_pages
    from .output.write import publishing, write_files

    jobs = plan(inputs, shared)
    documents = lay_out(jobs)
    check_logos(jobs, documents, inputs.mode)
    files, minimums = [], []
    for done, (job, document) in enumerate(zip(jobs, documents), start=1):
        offset = inputs.duplex_offset or job.resolved.organisation.printing.duplex_offset
        made = produce(job, document, inputs.mode, offset)
        files.extend(made)
        minimums.extend([job.product.min_text_pt] * len(made))
        if progress:
            progress(done, len(jobs))
    finished = map_in_order(_finish, [(entry, data, minimum, inputs.preflight, previews)
                                      for (entry, data), minimum in zip(files, minimums)],
                            inputs.workers or cores())
    failed = [report for report, _ in finished if report is not None and not report.passed]
    if failed:
        raise PreflightFailed(failed)
    pages = accessible_pages(jobs)
    pictures = []
    if previews:
        files, pictures = attach_previews(files, [pngs for _, pngs in finished])
    with publishing(out):
        rows = write_files(out, files, pages + pictures)
        catalogue = write_catalogue(out, rows)
    return Built([entry for entry, _ in files], [path for path, _ in pages], len(pictures),
                 catalogue)


def check_logos(jobs: list[Job], documents: list[Document], mode: str) -> None:
    """A PNG logo needs enough pixels for the largest size it is printed at in this mode."""
    from .layout.items import Graphic
    from .inputs.logo import check_resolution

    for job, document in zip(jobs, documents):
        logo = job.resolved.logo
        widths = [item.width for page in document.pages for item in page.items
                  if isinstance(item, Graphic) and item.kind == "logo"]
        if logo is not None and widths:
            check_resolution(logo, max(widths), mode, job.resolved.profile_source.at(("logo",)))


class PreflightFailed(Exception):
    """A file drukwerk made fails its own preflight: nothing is written."""

    def __init__(self, reports) -> None:
        super().__init__("; ".join(f"{r.name}: {', '.join(r.reasons)}" for r in reports))
        self.reports = reports


def _finish(task):
    """Preflight and previews of one file: independent of every other file, so parallel."""
    from .output.preflight import check_pdf
    from .output.preview import render_pngs

    entry, data, min_text_pt, preflight, previews = task
    report = check_pdf(data, entry.path, entry.mode, min_text_pt) if preflight else None
    return report, (render_pngs(data) if previews else [])


def _check_choice(what: str, chosen: Iterable[str], known: list[str]) -> None:
    for name in chosen:
        if name not in known:
            raise InputError(f"unknown {what} '{name}'", field=f"--{what}",
                             hint=f"choose from: {', '.join(known)}")


def calibrate(content: Path, profile_path: Path, locale_name: str, out: Path,
              duplex_offset: tuple[float, float] | None):
    """Write the duplex calibration sheet (with the current offset applied to its back)."""
    from .layout.calibration import calibration_document
    from .prepress.imposition import single
    from .output.produce import MM
    from .render.pdf import render_pdf
    from .output.write import Entry, publishing, sha256, write_files

    profile = load_profile(profile_path)
    _check_choice("locale", (locale_name,), locale_names(content))
    locale = load_locale(content, locale_name)
    organisation = profile.organisation
    offset = duplex_offset or organisation.printing.duplex_offset
    document = calibration_document(locale.labels, organisation.name, offset)
    data = render_pdf(document, single(document), organisation.colours.model_dump())
    entry = Entry(path=f"calibration-duplex-{locale_name}.pdf", product="calibration",
                  layout="a4", locale=locale_name, mode="office", sheet=True, pages=2,
                  width_mm=round(document.width / MM, 2), height_mm=round(document.height / MM, 2),
                  sha256=sha256(data))
    with publishing(out):
        write_files(out, [(entry, data)])
    return entry
