"""Making the pieces of a build, spread over the machine's cores.

Each job is made in one go, in one worker process (:mod:`generator.parallel`):
laid out, rendered into the files of its mode, checked by preflight and drawn
as previews. Nothing is written there; the worker hands back the bytes, and the
build writes them once every job is made and checked. The jobs come back in
the plan's order, whichever worker made which, so a build on many cores writes
the same bytes as one in a single process.

A job whose input is wrong does not stop the others: its error is its outcome,
and the build says the errors of every job together, before it writes anything,
exactly as when the jobs are made one after the other. While the workers make
the pieces, the build itself draws the web pages (see :func:`make_all`).

A build of a single piece is made in the build's own process: forking a worker
to make it would only add the fork. When the build also has the pictogram page
to draw, and pictograms to parse for it, a worker draws that meanwhile.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .errors import InputError

if TYPE_CHECKING:
    from .head_start import HeadStart
    from .output.write import Entry
    from .pipeline import Job

# Below this many jobs the build makes them itself: a worker costs a fork and the
# imports it does not inherit, more than one piece gains from a second core.
FEWEST_TO_SPREAD = 2


@dataclass(frozen=True)
class Options:
    """What a build asks of every piece."""

    mode: str = "office"
    duplex_offset: tuple[float, float] | None = None  # mm; None: the profile's
    preflight: bool = True
    previews: bool = True


@dataclass(frozen=True)
class Made:
    """One laid-out job: its files (each entry with its inputs' hash), the preflight
    report of each (None when preflight is off) and the PNG of each page of each file
    (none without previews). A logo with too few pixels, or a print-sheet note that
    does not fit, is said after the lay-out errors of every job, as a build in one
    process says them."""

    files: list[tuple[Entry, bytes]] = field(default_factory=list)
    reports: list[Any] = field(default_factory=list)
    pictures: list[list[bytes]] = field(default_factory=list)
    logo_error: InputError | None = None
    render_error: InputError | None = None


def make(job: Job, digest: str, options: Options) -> Made | InputError:
    """Lay out, render, check and preview one job; a lay-out error (a misfit included)
    is returned, not raised, so the build can say it with the others."""
    from .pipeline import check_logos, compose_job

    try:
        document = compose_job(job)
    except InputError as error:
        return error
    try:
        check_logos([job], [document], options.mode)
    except InputError as error:
        return Made(logo_error=error)
    from .output.produce import produce

    offset = options.duplex_offset or job.resolved.organisation.printing.duplex_offset
    try:
        made = produce(job, document, options.mode, offset)
    except InputError as error:
        return Made(render_error=error)
    files = [(replace(entry, inputs=digest), data) for entry, data in made]
    if not (options.preflight or options.previews):
        return Made(files, [None] * len(files), [[] for _ in files])
    reports, pictures, piece = [], [], None
    for entry, data in files:   # the piece first, then its print sheet (output.artefacts)
        report, pngs = finish(entry, data, job.product.min_text_pt, options,
                              piece if entry.sheet else None)
        if not entry.sheet:
            piece = report
        reports.append(report)
        pictures.append(pngs)
    return Made(files, reports, pictures)


def finish(entry: Entry, data: bytes, min_text_pt: float, options: Options, piece=None):
    """Preflight and previews of one file: the PDF is opened in pdfium and each page
    rendered once, for both. Returns the report (None without preflight) and the PNGs.
    ``piece``: for a print sheet, its piece's report: the copies on the sheet are the
    piece's pages, drawn from the same lay-out in the same colours, so their text size
    and contrast are the piece's findings and are not measured again, copy by copy."""
    from .output.preview import open_pdf, png, render_pages

    tagged = entry.mode == "office" and not entry.sheet
    document = open_pdf(data, entry.path)
    try:
        rendered = render_pages(document, annotations=False)
        report = None
        if options.preflight:
            from .output.preflight import check_pdf
            report = check_pdf(data, entry.path, entry.mode, min_text_pt, tagged,
                               (document, rendered), piece)
        return report, ([png(image) for image, _, _ in rendered] if options.previews else [])
    finally:
        document.close()


def make_all(jobs: list[Job], digests: list[str], options: Options, workers: int,
             meanwhile: Callable[[], Any] = lambda: None,
             progress: Callable[[int, int], None] | None = None, apart: bool = False,
             parsing: bool = True, waiting: Callable[[], Any] = lambda: None,
             head_start: HeadStart | None = None) -> tuple[list[Made | InputError], Any]:
    """Every job made (see :func:`make`), in the jobs' order, and what ``meanwhile``
    returns: work of the build's own (its web pages), done while the workers make
    the pieces instead of after them. With a single piece, work ``apart`` (worth a
    process of its own: drawing the pictogram page) is done in a worker while the
    build makes the piece. ``parsing``: the pieces may parse SVG pictograms (not all
    are kept from an earlier build), so the parser is loaded once before forking.
    With the pieces in workers, the build does ``waiting`` (work it would otherwise do
    alone at the end) after ``meanwhile``, while it waits for them. ``head_start``: a
    worker forked as the command started (:mod:`generator.head_start`), used unless the
    pictogram page needs a worker of its own beside a single piece; ended either way."""
    if head_start is not None:
        made = None if apart and len(jobs) == 1 else _with_head_start(
            head_start, jobs, digests, options, meanwhile, waiting, progress)
        if made is not None:
            return made
        head_start.end(now=True)
    from .parallel import can_fork, run_task, worker_pool

    spread = workers > 1 and (apart or len(jobs) >= FEWEST_TO_SPREAD) and can_fork()
    if spread and apart and len(jobs) == 1:
        with worker_pool(1, _receive, ([], [], options, meanwhile)) as pool:
            beside = pool.submit(run_task, _meanwhile)
            outcome = make(jobs[0], digests[0], options)
            if progress:
                progress(1, 1)
            return [outcome], beside.result()
    if not spread or len(jobs) < FEWEST_TO_SPREAD:
        outcomes = []
        for done, (job, digest) in enumerate(zip(jobs, digests), start=1):
            outcomes.append(make(job, digest, options))
            if progress:
                progress(done, len(jobs))
        return outcomes, meanwhile()
    from concurrent.futures import as_completed

    prepare(options, parsing)
    # Forked workers find the jobs here (nothing of them is pickled); each job is
    # named by its place in the list.
    order = _order(jobs, options)
    with worker_pool(min(workers, len(jobs)), _receive, (jobs, digests, options)) as pool:
        futures = {index: pool.submit(run_task, _make_one, index) for index in order}
        beside = meanwhile()
        waiting()
        for done, _ in enumerate(as_completed(futures.values()), start=1):
            if progress:
                progress(done, len(jobs))
        return [futures[index].result() for index in range(len(jobs))], beside


def _with_head_start(head_start: HeadStart, jobs: list[Job], digests: list[str],
                     options: Options, meanwhile: Callable[[], Any],
                     waiting: Callable[[], Any], progress: Callable[[int, int], None] | None
                     ) -> tuple[list[Made | InputError], Any] | None:
    from .inputs.pictogram_library import kept_store

    order = _order(jobs, options)
    keys = [(job.topics[0].locale, job.topics[0].name if len(job.topics) == 1 else None)
            for job in jobs]
    return head_start.make_all(jobs, digests, options, order, keys, kept_store(), meanwhile,
                               waiting, progress)


def _order(jobs: list[Job], options: Options) -> list[int]:
    """The jobs' places in the order the workers take them (see :func:`_smaller_first_last`)."""
    return sorted(range(len(jobs)), key=lambda index: _smaller_first_last(jobs[index], options))


def _smaller_first_last(job: Job, options: Options) -> tuple[bool, bool]:
    """The order the workers take the jobs in: the largest first, so that the last ones
    are short and both workers end at about the same time. A book holds every topic; a
    piece that also makes an office print sheet renders, checks and previews two files;
    a protocol or poster one."""
    sheet = options.mode == "office" and job.layout.layout.sheet is not None
    return job.product.scope != "locale", not sheet


def _shared_with_web_pages(parsing: bool) -> list[str]:
    """Loaded before any worker is forked, so that no worker loads them for itself (with
    the fonts): lxml, and, when pictograms are left to parse (``parsing``), svglib (which
    loads ReportLab's graphics), used by the pieces' pictograms and the pictogram page
    alike."""
    return ["lxml.etree"] + (["svglib.svglib"] if parsing else [])


def _for_pieces(options: Options) -> list[str]:
    """What only the pieces use: the lay-out and render stages and the libraries they
    import when first used (pikepdf for press files and preflight; pdfium and the
    checks when preflight or previews are on)."""
    names = ["generator.layout.compose", "generator.layout.book", "generator.output.produce"]
    if options.mode == "press" or options.preflight:
        names.append("pikepdf")   # PDF/X and preflight read PDFs with it; office pieces don't
    if options.preflight or options.previews:
        names += ["generator.output.preflight", "generator.output.preview"]
    return names


def prepare(options: Options, parsing: bool = True) -> None:
    """Load before forking what every worker would otherwise load for itself (the fonts
    registered first): one load here instead of one per worker, the same time to the
    first piece, less work. ``parsing``: pictograms are left to parse."""
    import importlib

    from .inputs.fonts import register

    register()
    for name in _shared_with_web_pages(parsing) + _for_pieces(options):
        importlib.import_module(name)


_work: tuple[list, list[str], Options, Callable[[], Any]] | None = None  # in a worker


def _receive(jobs: list, digests: list[str], options: Options,
             meanwhile: Callable[[], Any] = lambda: None) -> None:
    """In a forked worker: the build's jobs and its own work, inherited, not pickled."""
    global _work
    _work = (jobs, digests, options, meanwhile)


def _make_one(index: int) -> Made | InputError:
    assert _work is not None, "a worker of make_all runs _receive first"
    jobs, digests, options, _ = _work
    return make(jobs[index], digests[index], options)


def _meanwhile() -> Any:
    assert _work is not None, "a worker of make_all runs _receive first"
    return _work[3]()
