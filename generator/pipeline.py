"""The pipeline in one place: load -> validate -> resolve -> lay out -> prepress ->
render -> write (with preflight, previews and the catalogue).

Everything that can fail because of the input (loading, validation, templates,
text fitting, colours) happens for every selected piece before the first byte
is written, so a bad input leaves the previous build exactly as it was. The
catalogue comes last because it shows the whole output folder, files of
earlier builds included.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from collections.abc import Callable, Iterable

from pydantic import BaseModel

from .errors import Collector, InputError, display_path
from .inputs.pictogram_library import load_library
from .layout.items import Document  # a plain data class: light
from .memo import KeptFor

if TYPE_CHECKING:   # lay-out loads when a piece is laid out, not for an up-to-date build
    from .head_start import HeadStart
    from .layout.boxes import DoesNotFit
from .model.block_kinds import BLOCK_KINDS
from .model.content import (REFERENCE_LOCALE, Locale, Profile, load_locale, load_profile,
                            locale_names, topic_names)
from .model.layout import Block
from .model.layout_files import LoadedLayout, load_layouts
from .model.products import Product, all_products
from .model.translation import check_translations
from .output.artefacts import SUFFIXES
from .resolve.templates import Resolved, resolve


@dataclass(frozen=True)
class Inputs:
    content: Path
    layouts: Path
    profile: Path
    locales: tuple[str, ...] = ()   # empty: all
    products: tuple[str, ...] = ()
    layout_names: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()    # empty: all
    strict: bool = False            # a topic a locale lacks is an error, not a warning
    mode: str = "office"
    duplex_offset: tuple[float, float] | None = None  # mm; None: the profile's
    preflight: bool = True
    workers: int = 0                # processes for preflight and previews; 0: every core


@dataclass(frozen=True)
class Job:
    """One piece to make: a topic in a locale in one product layout, or, for a product
    made per locale (the book), every topic of the locale."""

    topics: tuple[Resolved, ...]
    layout: LoadedLayout
    product: Product
    chosen: bool = False   # the layout was asked for by name: a misfit is an error

    @property
    def resolved(self) -> Resolved:
        return self.topics[0]

    @property
    def name(self) -> str:
        """The piece's file name without suffix, e.g. nl/sexting-card-id1, nl/book-a4."""
        first = self.resolved
        if self.product.scope == "locale":
            return f"{first.locale}/{self.product.name}-{self.layout.layout.name}"
        return f"{first.locale}/{first.name}-{self.product.name}-{self.layout.layout.name}"


@dataclass(frozen=True)
class Skip:
    """A product or layout a topic does not get, and why: said, never silent."""

    locale: str
    topic: str
    product: str
    layout: str
    reason: str

    def __str__(self) -> str:
        return f"{self.locale}/{self.topic}: no {self.product} {self.layout}: {self.reason}"


@dataclass(frozen=True)
class Shared:
    """Content and layouts: the same for every profile, so read once per process."""

    locales: dict[str, Locale]
    layouts: list[LoadedLayout]
    products: dict[str, Product] = field(default_factory=all_products)
    notes: tuple[str, ...] = ()     # warnings, e.g. a topic a locale lacks
    problems: tuple[InputError, ...] = ()  # input errors found so far, said at the end
    pictograms: Any = None          # the pictogram library (inputs.pictogram_library)


@dataclass(frozen=True)
class Inventory:
    """What the inputs hold, with the profile, for `drukwerk list` and for selecting."""

    profile: Profile
    locales: dict[str, Locale]
    layouts: list[LoadedLayout]
    products: dict[str, Product] = field(default_factory=all_products)
    notes: tuple[str, ...] = ()
    problems: tuple[InputError, ...] = ()
    pictograms: Any = None


@dataclass(frozen=True)
class Plan:
    jobs: list[Job]
    skipped: list[Skip]
    notes: tuple[str, ...]
    layouts: tuple[LoadedLayout, ...] = ()   # every layout, to say which others would do
    problems: tuple[InputError, ...] = ()    # input errors found so far, said at the end


def read_shared(inputs: Inputs) -> Shared:
    """Every locale, topic and layout selected, read and checked. What is wrong is kept
    (``problems``) and what is right goes on, so one run reports every error."""
    names = locale_names(inputs.content)
    _check_choice("locale", inputs.locales, names)
    chosen = inputs.locales or tuple(names)
    all_topics = sorted({topic for name in names for topic in topic_names(inputs.content, name)})
    _check_choice("topic", inputs.topics, all_topics)
    errors = Collector()
    pictograms = errors.attempt(load_library, inputs.content)
    locales: dict[str, Locale] = {}
    for name in chosen:
        locale = errors.attempt(load_locale, inputs.content, name, inputs.topics, pictograms)
        if locale is not None:
            locales[name] = locale
            errors.errors.extend(locale.problems)
    reference = None
    if REFERENCE_LOCALE in names:
        reference = locales.get(REFERENCE_LOCALE) or errors.attempt(
            load_locale, inputs.content, REFERENCE_LOCALE, inputs.topics, pictograms)
        if reference is not None:
            errors.attempt(check_translations, locales, reference)
    layouts = errors.attempt(load_layouts, inputs.layouts) or []
    products = all_products()
    _check_choice("product", inputs.products, list(products))
    if layouts:
        _check_choice("layout", inputs.layout_names, sorted({entry.layout.name for entry in layouts}))
    notes = _missing_translations(inputs, locales, reference, errors)
    return Shared(locales, layouts, products, notes, tuple(errors.errors), pictograms)


def _missing_translations(inputs: Inputs, locales: dict[str, Locale],
                          reference: Locale | None, errors: Collector) -> tuple[str, ...]:
    """A topic of the reference locale that another locale lacks is made in fewer
    languages than a reader may expect, and a topic only in another locale has no
    approved text: a warning each, or with --strict an error (kept in ``errors``)."""
    if reference is None:
        return ()
    notes = []
    approved = {topic.name: topic for topic in reference.topics}
    flag = "--strict"
    for locale in locales.values():
        if locale.name == reference.name:
            continue
        have = {topic.name: topic for topic in locale.topics}
        for name, topic in approved.items():
            if name in have:
                continue
            missing = Path(inputs.content) / locale.name / f"{name}.yaml"
            if inputs.strict:
                errors.errors.append(InputError(
                    f"topic '{name}' of the reference locale {reference.name} has no "
                    "translation in this locale", where=missing,
                    hint=f"translate {display_path(topic.source.file)} into this file, or "
                         f"run without {flag}"))
            else:
                notes.append(f"{display_path(missing)} is missing: topic '{name}' is "
                             f"not made in {locale.name}")
        for name, topic in have.items():
            if name in approved or any(p.where and str(name) in str(p.where)
                                       for p in reference.problems):
                continue
            source = Path(inputs.content) / reference.name / f"{name}.yaml"
            if inputs.strict:
                errors.errors.append(InputError(
                    f"topic '{name}' has no approved text in the reference locale "
                    f"{reference.name}", where=topic.source.file,
                    hint=f"add {display_path(source)}, or run without {flag}"))
            else:
                notes.append(f"{display_path(source)} is missing: topic '{name}' of "
                             f"{locale.name} has no approved text in {reference.name}")
    return tuple(notes)


def read_inputs(inputs: Inputs, shared: Shared | None = None) -> Inventory:
    shared = shared or read_shared(inputs)
    errors = Collector()
    errors.errors.extend(shared.problems)
    profile = errors.attempt(load_profile, inputs.profile)
    if profile is None:
        errors.check()  # nothing can be resolved without the profile: say all there is
    return Inventory(profile, shared.locales, shared.layouts, shared.products, shared.notes,
                     shared.problems, shared.pictograms)


def make_plan(inputs: Inputs, shared: Shared | None = None,
              require_jobs: bool = True) -> Plan:
    """Load, validate and resolve everything selected (content and layouts from ``shared``
    when given, so a batch of profiles parses them once), and decide which products and
    layouts each topic gets. Input errors are kept in the plan and said after lay-out, so
    the text of the good topics is fitted and checked in the same run."""
    inventory = read_inputs(inputs, shared)
    errors = Collector(inventory.problems)
    jobs: list[Job] = []
    skipped: list[Skip] = []
    for locale in inventory.locales.values():
        topics = [resolved for topic_file in locale.topics
                  if (resolved := errors.attempt(resolve, inventory.profile, locale,
                                                 topic_file, inventory.pictograms)) is not None]
        errors.errors.extend(_shared_document_ids(topics))
        order = list(inventory.products)  # the registry's order: the protocol first
        for loaded in sorted(inventory.layouts,
                             key=lambda entry: (order.index(entry.layout.product), entry.layout.name)):
            layout = loaded.layout
            if inputs.products and layout.product not in inputs.products:
                continue
            if inputs.layout_names and layout.name not in inputs.layout_names:
                continue
            product = inventory.products[layout.product]
            chosen = layout.name in inputs.layout_names
            if product.scope == "locale":
                if inputs.topics:
                    skipped.append(Skip(locale.name, "*", product.name, layout.name,
                                        "it holds every topic: build it without --topic"))
                elif topics:
                    jobs.append(Job(tuple(topics), loaded, product, chosen))
                continue
            for resolved in topics:
                reason = product.needs(resolved.topic) or _layout_needs(loaded, resolved)
                if reason:
                    skipped.append(Skip(locale.name, resolved.name, product.name, layout.name,
                                        f"the topic does not suit it: {reason}"))
                else:
                    jobs.append(Job((resolved,), loaded, product, chosen))
    if not jobs and require_jobs and not errors.errors:
        why = "; ".join(str(skip) for skip in skipped[:3])
        raise InputError("nothing to build: no layout matches the chosen products, layouts "
                         "and topics" + (f" ({why})" if why else ""),
                         hint="run `drukwerk list` (with the same options) to see what each "
                              "topic gets")
    errors.attempt(_check_own_files, jobs)
    return Plan(jobs, skipped, inventory.notes, tuple(inventory.layouts), tuple(errors.errors))


def _shared_document_ids(topics: list[Resolved]) -> list[InputError]:
    """Two topics printed with one document number would be one protocol to whoever
    files or looks them up: each topic needs its own (a copied topic keeps the first's)."""
    first: dict[str, Resolved] = {}
    found = []
    for resolved in topics:
        other = first.setdefault(resolved.document.id, resolved)
        if other is not resolved:
            own = isinstance(resolved.topic_source.data, dict) and "document" in \
                resolved.topic_source.data
            found.append(InputError(
                f"this topic has document id '{resolved.document.id}', as topic "
                f"'{other.name}' ({display_path(other.topic_source.file)}) has"
                + ("" if own else ": neither gives its own, so both take the profile's"),
                where=resolved.topic_source.at(("document", "id") if own else ("title",)),
                field="document.id",
                hint="give each topic its own `document:` with an `id:` (and `version:`)"))
    return found


def plan(inputs: Inputs, shared: Shared | None = None) -> list[Job]:
    """The jobs of a plan, for a caller that wants them or the errors at once."""
    planned = make_plan(inputs, shared)
    Collector(planned.problems).check()
    return planned.jobs


def layout_blocks(loaded: LoadedLayout) -> tuple[Block, ...]:
    """Every block the layout prints, wherever it sits (boxes of its pages, its flow,
    the boxes before and after the flow), found by walking the whole model: once per
    loaded layout, which every job and profile of a build shares."""
    return _BLOCKS.get_or_make(loaded, _find_blocks)


_BLOCKS: KeptFor[LoadedLayout, tuple[Block, ...]] = KeptFor(256)


def _find_blocks(loaded: LoadedLayout) -> tuple[Block, ...]:
    found: list[Block] = []
    stack: list[Any] = [loaded.layout]
    while stack:
        value = stack.pop()
        if isinstance(value, Block):
            found.append(value)
        elif isinstance(value, BaseModel):
            stack.extend(getattr(value, name) for name in reversed(type(value).model_fields))
        elif isinstance(value, dict):
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, (list, tuple)):
            stack.extend(reversed(value))
    return tuple(found)


def _layout_needs(loaded: LoadedLayout, resolved: Resolved) -> str | None:
    """Why a layout cannot be made for this topic: a block it is built around needs
    what the topic lacks (the easy-read poster needs an easy-read sentence per tip)."""
    for block in layout_blocks(loaded):
        needs = BLOCK_KINDS[block.block].needs
        if needs is not None and (reason := needs(resolved.topic)):
            return reason
    return None


def _check_own_files(jobs: list[Job]) -> None:
    """Every piece gets files of its own: a layout named `id1-sheet` would be written
    over the print sheet of `id1`, in any mode, so it is refused."""
    makers: dict[str, Job] = {}
    for job in jobs:
        for suffix in SUFFIXES:
            first = makers.setdefault(f"{job.name}{suffix}.pdf", job)
            if first is not job:
                raise InputError(
                    f"this layout and layout '{first.layout.layout.name}' "
                    f"({first.layout.source.file.name}) would write the same file, "
                    f"{job.name}{suffix}.pdf", where=job.layout.source.at(("name",)),
                    field="name", hint="give one of them another name")


def compose_job(job: Job) -> Document:
    if job.product.scope == "locale":
        from .layout.book import compose_book
        return compose_book(job.layout, job.topics, job.product)
    from .layout.compose import compose
    return compose(job.layout, job.resolved, job.product)


def lay_out(jobs: Iterable[Job]) -> list[Document]:
    return [compose_job(job) for job in jobs]


@dataclass(frozen=True)
class LaidOut:
    jobs: list[Job]
    documents: list[Document | None]   # None: already made (see lay_out_plan)
    skipped: list[Skip]
    notes: tuple[str, ...]


def _with_others(misfit: DoesNotFit, job: Job, layouts) -> InputError:
    """The misfit of a layout asked for by name, saying which layouts of the product do
    hold the topic's text."""
    from .layout.compose import compose

    if not job.product.interchangeable:
        return misfit
    fitting = []
    for loaded in layouts:
        if loaded.layout.product == job.product.name and loaded is not job.layout:
            try:
                compose(loaded, job.resolved, job.product)
            except InputError:
                continue
            fitting.append(loaded.layout.name)
    others = (f"layouts that hold it: {', '.join(fitting)}" if fitting
              else f"no {job.product.name} layout holds it")
    return InputError(misfit.message, where=misfit.where, field=misfit.field,
                      hint=f"{misfit.hint} ({others})")


def lay_out_plan(planned: Plan, require_jobs: bool = True,
                 already_made: Callable[[Job], bool] | None = None) -> LaidOut:
    """Every job laid out; every input error of all of them reported together. In a
    full build a layout that cannot hold a topic's text (a card for fifteen questions)
    is skipped for that topic with a reason; one asked for by name stays an error.
    A job ``already_made`` says is made from the same inputs (an incremental build)
    is kept without laying it out again: its document is None."""
    outcomes = [None if already_made is not None and already_made(job) else _compose(job)
                for job in planned.jobs]
    jobs, documents, skipped = sort_out(planned, outcomes, require_jobs)
    return LaidOut(jobs, documents, skipped, planned.notes)


def _compose(job: Job) -> Document | InputError:
    """The job laid out, or the input error (a misfit included) that stops it."""
    try:
        return compose_job(job)
    except InputError as error:
        return error


Outcome = TypeVar("Outcome")


def sort_out(planned: Plan, outcomes: list[Outcome | InputError | None],
             require_jobs: bool = True) -> tuple[list[Job], list[Outcome | None], list[Skip]]:
    """The jobs of ``planned`` that are made (an outcome) or kept (None), with their
    outcomes, and what is skipped; an input error of any job raised with all the others.
    A misfit of a layout that may be skipped (see :func:`lay_out_plan`) is a skip."""
    from .layout.boxes import DoesNotFit

    errors = Collector(planned.problems)
    jobs: list[Job] = []
    kept: list[Outcome | None] = []
    skipped = list(planned.skipped)
    misfits: list[tuple[Job, DoesNotFit]] = []
    for job, outcome in zip(planned.jobs, outcomes):
        if isinstance(outcome, DoesNotFit):
            if job.product.skip_when_too_small and not job.chosen and outcome.topic_text:
                misfits.append((job, outcome))
            else:
                errors.errors.append(_with_others(outcome, job, planned.layouts))
        elif isinstance(outcome, InputError):
            errors.errors.append(outcome)
        else:
            jobs.append(job)
            kept.append(outcome)
    for job, refused in misfits:  # say which layouts of the product do hold the text
        made = [other.layout.layout.name for other in jobs
                if other.product is job.product and other.resolved is job.resolved]
        others = ("" if not job.product.interchangeable
                  else f"; it fits {', '.join(made)}" if made
                  else f"; no {job.product.name} layout holds it")
        skipped.append(Skip(job.resolved.locale, job.resolved.name, job.product.name,
                            job.layout.layout.name,
                            f"the text does not fit: {refused.short}{others}"))
    errors.check()
    if not jobs and require_jobs:
        raise InputError("nothing to build: every chosen layout was skipped ("
                         + "; ".join(str(skip) for skip in skipped[:3]) + ")",
                         hint="run `drukwerk list` to see what each topic gets")
    return jobs, kept, skipped


@dataclass(frozen=True)
class Built:
    """What a build wrote, for the command line to report."""

    entries: list          # write.Entry, one per PDF made in this build
    pages: list[str]       # accessible HTML pages, relative to the output folder
    previews: int          # number of PNG previews made
    catalogue: Path
    skipped: list[Skip] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    kept: list = field(default_factory=list)   # write.Entry of each file already up to date
    manifest_sha: str = ""  # SHA-256 of the manifest this build published
    sources: tuple[str, ...] = ()  # logo and pictogram files read beside the folders
    rows: list[dict] = field(default_factory=list)  # the manifest's rows, as published


def build(inputs: Inputs, out: Path, progress: Callable[[int, int], None] | None = None,
          previews: bool = True, shared: Shared | None = None, force: bool = False,
          head_start: HeadStart | None = None) -> Built:
    """Make every selected piece and write it to ``out``, with previews and catalogue.

    Pieces whose inputs and files are unchanged since the last build into ``out``
    are not made again (see :mod:`generator.incremental`); ``force`` makes all.
    ``head_start``: workers started with the command, to make the pieces
    (:mod:`generator.head_start`)."""
    from .incremental import Cache, code_version, inputs_hash, library_hash
    from .inputs.pictogram_library import figures_kept_in
    from .making import Options as MakeOptions
    from .making import make, make_all
    from .output.catalogue import INDEX, catalogue_file
    from .output.figure_store import STORE, FigureStore
    from .output.pictogram_page import is_current as pictograms_current
    from .output.pictogram_page import pictogram_page
    from .output.protocol_html import accessible_pages, page_paths
    from .output.publish import publishing
    from .output.write import Entry, sha256, write_files
    from .parallel import default_workers

    store = FigureStore(out, code_version())   # pictograms parsed by earlier builds into out
    with figures_kept_in(store):
        planned = make_plan(inputs, shared)
    check_output(inputs, out, planned.jobs)
    options = {"mode": inputs.mode, "duplex_offset": inputs.duplex_offset,
               "preflight": inputs.preflight}
    digests = {id(job): inputs_hash(job, options,
                                    {block.block for block in layout_blocks(job.layout)})
               for job in planned.jobs}
    cache = Cache.read(out, previews, force)

    def current(job: Job) -> list[dict] | None:
        return cache.current(digests[id(job)], _paths(job, inputs.mode))

    todo = [job for job in planned.jobs if current(job) is None]
    library = planned.jobs[0].resolved.pictograms if planned.jobs else None

    drawn_from = library_hash(library) if library is not None else ""
    redraw = library is not None and (force or not pictograms_current(out, drawn_from))

    def web_pages() -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]], dict]:
        """The accessible page of every protocol planned (those of a skipped piece are
        left out below) and the pictogram page when it changed: drawn by the build
        while its workers make the pieces; with the pictograms it parsed to draw them."""
        pictogram = [pictogram_page(library, drawn_from)] if library and redraw else []
        return accessible_pages(planned.jobs), pictogram, store.fresh

    make_options = MakeOptions(inputs.mode, inputs.duplex_offset, inputs.preflight, previews)
    at_hand = library is None or library.at_hand(store)   # no pictogram left to parse
    with figures_kept_in(store):
        outcomes, (every_page, pictogram, drawn) = make_all(
            todo, [digests[id(job)] for job in todo], make_options,
            inputs.workers or default_workers(), web_pages, progress,
            apart=redraw and not at_hand, parsing=not at_hand,
            waiting=lambda: _while_waiting(out), head_start=head_start)
    store.take(drawn)   # figures the pictogram page's worker parsed
    if library is not None:
        store.add(library.figures())   # and those parsed before (a batch's earlier profiles)
    made = dict(zip(map(id, todo), outcomes))
    jobs, results, skipped = sort_out(planned, [made.get(id(job)) for job in planned.jobs])
    _said_in_order(results)
    with publishing(out) as publication:
        cache.reread()  # under the lock: another build may have written meanwhile
        kept: list[Entry] = []
        files: list[tuple[Entry, bytes]] = []
        rendered: list[list[bytes]] = []
        for job, result in zip(jobs, results):
            rows = current(job)
            if rows is not None:
                kept.extend(Entry(**{**row, "previews": tuple(row["previews"])}) for row in rows)
                continue
            if result is None:  # made meanwhile by another build, and changed since
                again = make(job, digests[id(job)], make_options)
                if isinstance(again, InputError):
                    raise again
                _said_in_order([again])
                result = again
            files.extend(result.files)
            rendered.extend(result.pictures)
        pictures: list[tuple[str, bytes]] = []
        if previews and files:
            from .output.preview import attach_previews
            files, pictures = attach_previews(files, rendered)
        laid_out = page_paths(jobs)
        pages = [page for page in every_page if page[0] in laid_out] + pictogram
        kept_figures = store.contents()   # with the files: one wait for the disk less
        figures = [(STORE, kept_figures)] if kept_figures is not None else []
        rows, manifest = write_files(publication, files, pages + pictures + figures,
                                     alongside=lambda rows: [catalogue_file(out, rows)])
        catalogue = Path(out) / INDEX
        sealed = sha256(manifest)
    notes = planned.notes
    if inputs.mode == "press" and jobs:  # light tints that press files change
        from .colour import press_warnings
        notes += tuple(press_warnings(jobs[0].resolved.organisation.colours.model_dump()))
    return Built([entry for entry, _ in files], [path for path, _ in pages], len(pictures),
                 catalogue, skipped, notes, kept, sealed, _sources(jobs), rows)


def _while_waiting(out: Path) -> None:
    """What the build needs once the pieces are made, loaded while its workers make
    them: the catalogue's template compiled, and the lay-out's misfit, which sorting
    out the pieces looks for (with the pieces made in workers, the build itself has not
    loaded the lay-out)."""
    from .layout.boxes import DoesNotFit  # noqa: F401
    from .output.catalogue import render_catalogue

    render_catalogue(out, [])


def _said_in_order(results: list) -> None:
    """After the lay-out errors of every job (see :func:`sort_out`): the first logo with
    too few pixels, else the first piece that cannot be imposed, else every file that
    fails its preflight, as a build made in one process would say them."""
    for stage in ("logo_error", "render_error"):
        for result in results:
            if result is not None and getattr(result, stage) is not None:
                raise getattr(result, stage)
    failed = [report for result in results if result is not None
              for report in result.reports if report is not None and not report.passed]
    if failed:
        raise PreflightFailed(failed)


def _sources(jobs: list[Job]) -> tuple[str, ...]:
    """The logo and pictogram files the jobs were made from."""
    found = set()
    for job in jobs:
        for resolved in job.topics:
            if resolved.logo is not None:
                found.add(str(resolved.logo.path))
            if resolved.pictograms is not None:
                found.update(str(entry.path) for entry in resolved.pictograms.entries.values())
    return tuple(sorted(found))


def _paths(job: Job, mode: str) -> list[str]:
    """Every file a build in ``mode`` may make of ``job``."""
    from .output.artefacts import VARIANTS
    return [f"{job.name}{variant.suffix}.pdf" for variant in VARIANTS if variant.mode == mode]


def check_output(inputs: Inputs, out: Path, jobs: list[Job]) -> None:
    """The output folder can take the build (see :mod:`generator.output.folder`): said
    before anything is laid out or rendered."""
    from .output.catalogue import INDEX
    from .output.figure_store import STORE
    from .output.folder import check_output_folder
    from .output.lock import LOCK_FILE
    from .output.write import MANIFEST

    files = [f"{job.name}{suffix}.pdf" for job in jobs for suffix in SUFFIXES]
    check_output_folder(out, (inputs.content, inputs.layouts),
                        [LOCK_FILE, MANIFEST, INDEX, STORE, *files])


def check_logos(jobs: list[Job], documents: list[Document | None], mode: str) -> None:
    """A PNG logo needs enough pixels for the largest size it is printed at in this mode."""
    from .layout.items import Graphic
    from .inputs.logo import check_resolution

    for job, document in zip(jobs, documents):
        logo = job.resolved.logo
        if document is None:  # already made from the same inputs: checked then
            continue
        widths = [item.width for page in document.pages for item in page.items
                  if isinstance(item, Graphic) and item.kind == "logo"]
        if logo is not None and widths:
            check_resolution(logo, max(widths), mode, job.resolved.profile_source.at(("logo",)))


class PreflightFailed(Exception):
    """A file drukwerk made fails its own preflight: nothing is written."""

    def __init__(self, reports) -> None:
        super().__init__("; ".join(f"{r.name}: {', '.join(r.reasons)}" for r in reports))
        self.reports = reports


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
    from .units import MM
    from .render.pdf import render_pdf
    from .output.folder import check_output_folder
    from .output.publish import publishing
    from .output.write import Entry, sha256, write_files

    check_output_folder(out, (content,))
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
    with publishing(out) as publication:
        write_files(publication, [(entry, data)])
    return entry
