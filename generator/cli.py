"""The `drukwerk` command line.

Kept light: only Click is imported at start-up; the pipeline (ReportLab,
Pydantic, Jinja2) is imported inside the command that needs it, so
`drukwerk --help` answers at once.

Exit status: 0 success, 2 bad input (one message, no traceback), 1 an
internal error (a short message; the traceback with --debug), 130 stopped
with Ctrl+C, 143 with SIGTERM, 129 with SIGHUP (a short message).
"""
from __future__ import annotations

import functools
import gc
import os
import sys
import types
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path

import click

# Exit status: the same numbers as generator.errors (not imported here: start-up stays light).
EXIT_INPUT, EXIT_INTERNAL = 2, 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped with Ctrl+C
UNFLUSHED = 120  # Python's exit status when standard output cannot be flushed at the end
ALL_LOCALES = "all"  # `--locale all`, the same as no --locale: every locale folder


class InputProblem(click.ClickException):
    """An :class:`~generator.errors.InputError` as Click shows it: exit status 2."""

    exit_code = EXIT_INPUT

    def __init__(self, error) -> None:
        super().__init__(str(error))
        self.errors = getattr(error, "errors", [error])

    def show(self, file=None) -> None:
        from .errors import MAX_REPORTED
        for error in self.errors[:MAX_REPORTED]:
            click.echo(f"error: {error}", err=True)
        if len(self.errors) > 1:
            more = len(self.errors) - MAX_REPORTED
            click.echo(f"{len(self.errors)} problems found"
                       + (f" ({more} not shown)" if more > 0 else "")
                       + "; nothing was written.", err=True)


def _guarded(command):
    """Turn our errors into clean messages; keep tracebacks for --debug."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from .errors import InputError
        from .parallel import Stopped, stopping_on_signals
        try:
            # SIGTERM and SIGHUP stop a command the way Ctrl+C does; its worker
            # processes are ended before it exits (generator.parallel).
            with stopping_on_signals():
                return command(*args, **kwargs)
        except InputError as exc:
            raise InputProblem(exc) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort, BrokenPipeError):
            raise
        except KeyboardInterrupt as stop:
            # Files are renamed into place whole, so an interrupted build leaves each
            # file as it was or as it is now, never half-written.
            how = ("interrupted" if not isinstance(stop, Stopped) or stop.name == "SIGINT"
                   else f"stopped by {stop.name}")
            click.echo(f"{how}: no file was left half-written; run the command again "
                       "to finish", err=True)
            sys.exit(stop.exit_code if isinstance(stop, Stopped) else EXIT_INTERRUPTED)
        except Exception as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                       "This is a bug in drukwerk, not in your files. Run again with "
                       "--debug for details and report it.", err=True)
            sys.exit(EXIT_INTERNAL)
    return wrapper


def _input_options(command):
    options = [
        click.option("--content", type=click.Path(path_type=Path), default=Path("content"),
                     show_default=True, help="Folder with the locale folders and topic files."),
        click.option("--layouts", type=click.Path(path_type=Path), default=Path("layouts"),
                     show_default=True, help="Folder with the layout files."),
        click.option("--profile", "profiles", type=click.Path(path_type=Path), multiple=True,
                     help="Organisation profile (repeatable: build makes each into its own "
                          "folder, validate checks each).  [default: CONTENT/organisation.yaml]"),
        click.option("--locale", "locales", multiple=True, metavar="NAME",
                     help="Only this locale, or 'all' (repeatable; default: all)."),
        click.option("--product", "products", multiple=True, metavar="NAME",
                     help="Only this product: protocol, book, poster, card (repeatable)."),
        click.option("--layout", "layout_names", multiple=True, metavar="NAME",
                     help="Only this layout, e.g. a4, a3, id1 (repeatable)."),
        click.option("--topic", "topics", multiple=True, metavar="NAME",
                     help="Only this topic, e.g. sexting (repeatable; default: all)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@contextmanager
def _collector_paused():
    """Import the pipeline with Python's cycle collector paused, then freeze what the
    import made. Importing makes tens of thousands of objects that live as long as the
    process (classes, Pydantic validators, compiled patterns) and next to no garbage;
    the collector would scan them over and over as they pile up (a tenth of a
    one-document build). Frozen, they stay out of every later collection, and the
    forked workers share their pages instead of copying them."""
    _without_pydantic_plugins()
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def _without_pydantic_plugins() -> None:
    """drukwerk's models use no Pydantic plugin, but Pydantic looks for plugins through
    ``importlib.metadata`` when it builds the first model, and importing that (with its
    e-mail, zip and CSV modules) costs about 30 ms of every command's start, more than
    validating the content. So the command line answers the lookup with "none", as
    ``PYDANTIC_DISABLE_PLUGINS=__all__`` makes Pydantic answer, unless Pydantic looked
    already or that variable names plugins to leave out (then some are wanted)."""
    name = "pydantic.plugin._loader"
    chosen = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    if name in sys.modules or chosen not in (None, "__all__", "1", "true"):
        return
    loader = types.ModuleType(name, "drukwerk: no Pydantic plugins (see generator.cli)")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[name] = loader


def _inputs(content, layouts, profiles, locales, products, layout_names, topics,
            strict: bool = False):
    """The pipeline's inputs, for the first profile given (or the default one)."""
    with _collector_paused():
        from .pipeline import Inputs
    return Inputs(content=content, layouts=layouts,
                  profile=profiles[0] if profiles else content / "organisation.yaml",
                  locales=() if ALL_LOCALES in locales else tuple(locales),
                  products=tuple(products),
                  layout_names=tuple(layout_names), topics=tuple(topics), strict=strict)


_strict_option = click.option(
    "--strict", is_flag=True,
    help="A topic of the reference locale that another locale lacks is an error, not a "
         "warning.")


def _say_skipped(skipped, notes) -> None:
    """One line per product or layout a topic does not get, and every warning."""
    for note in notes:
        click.echo(f"warning: {note}", err=True)
    for skip in skipped:
        click.echo(f"skipped {skip}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
@click.version_option(package_name="drukwerk")
def cli(debug: bool) -> None:
    """Turn approved care guidance into print-ready PDFs: protocol sheets, a
    protocol book, posters and pocket cards."""


def _offset(context, parameter, value):
    """Parse ``X,Y`` in millimetres."""
    if value is None:
        return None
    try:
        x, y = (float(part) for part in value.split(","))
    except ValueError:
        raise click.BadParameter("give two numbers in mm, e.g. 1.5,-0.5") from None
    if not (abs(x) <= 10 and abs(y) <= 10):  # also refuses nan and inf
        raise click.BadParameter("give two numbers between -10 and 10 mm; a larger shift is "
                                 "not a duplex offset: print the calibration sheet again")
    return (x, y)


def _out_option(help: str = "Folder the files are written to."):
    return click.option("--out", type=click.Path(path_type=Path), default=Path("output"),
                        show_default=True, help=help)


_offset_option = click.option(
    "--duplex-offset", callback=_offset, metavar="X,Y",
    help="Shift of the back side in mm as read off the calibration sheet (right, down); "
         "overrides the profile's printing.duplex_offset.")


@cli.command()
@_input_options
@_out_option("Folder the PDFs, previews, index.html and manifest.json are written to.")
@click.option("--mode", type=click.Choice(["office", "press"]), default="office",
              show_default=True,
              help="office: pieces plus N-up print sheets for the office printer; "
                   "press: per-piece PDFs with bleed, crop marks and CMYK for a print shop.")
@_offset_option
@click.option("--no-preflight", is_flag=True,
              help="Skip the preflight checks the build runs on every file it makes.")
@click.option("--previews/--no-previews", default=True, show_default=True,
              help="Also render a PNG of every page into OUT/previews.")
@click.option("--profiles", "profiles_dir", type=click.Path(path_type=Path), default=None,
              help="A folder of profiles: build each into OUT/<profile name>/.")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Profiles built at once, in worker processes.  [default: number of CPUs]")
@click.option("--force", is_flag=True,
              help="Make every file again, also those already up to date.")
@_strict_option
@_guarded
def build(out: Path, mode: str, duplex_offset, no_preflight: bool, previews: bool,
          profiles_dir: Path | None, jobs: int | None, force: bool, strict: bool,
          **selection) -> None:
    """Build the PDFs, their previews and the catalogue into the output folder.

    Only files whose inputs changed since the last build into the folder (or
    that were deleted or edited there) are made again; --force makes all."""
    profiles = list(selection["profiles"])
    single = profiles_dir is None and len(profiles) <= 1
    stamp = None
    if single and not force:
        stamp = _unchanged(out, mode, duplex_offset, no_preflight, previews, strict, selection)
        if stamp[2] is not None:
            _say_built(out, [], stamp[2]["pages"], 0, stamp[2]["kept"], stamp[2]["skipped"],
                       stamp[2]["notes"])
            return
    from dataclasses import replace

    inputs = replace(_inputs(**selection, strict=strict), mode=mode,
                     duplex_offset=duplex_offset, preflight=not no_preflight)
    with _head_start(single, out, force, inputs, previews) as head_start:
        if profiles_dir is not None:
            from .batch import profiles_in
            profiles += profiles_in(profiles_dir)
        with _progress_bar() as progress:
            if not single:
                _build_many(inputs, profiles, out, jobs, previews, progress, force)
            else:
                _build_one(inputs, out, previews, progress, force, stamp, head_start)


def _head_start(single: bool, out: Path, force: bool, inputs, previews: bool):
    """The workers of a build of one profile into a new folder, started now, with the
    pipeline imported, while the build reads its content (see
    :mod:`generator.head_start`); else nothing to start."""
    from .head_start import HeadStart, worth_it
    from .parallel import default_workers

    workers = default_workers()
    if not (single and worth_it(out, force, workers)):
        return nullcontext()
    from .making import Options

    return HeadStart(workers, Options(inputs.mode, inputs.duplex_offset, inputs.preflight,
                                      previews))


def _unchanged(out: Path, mode, duplex_offset, no_preflight: bool, previews: bool,
               strict: bool, selection: dict):
    """The key and input digests of this build, and the summary to say when nothing it
    reads or wrote changed since the last (see :mod:`generator.unchanged`), else None:
    taken before the pipeline is imported."""
    from .unchanged import build_key, input_digests, up_to_date

    content, layouts = selection["content"], selection["layouts"]
    profile = selection["profiles"][0] if selection["profiles"] else content / "organisation.yaml"
    options = {name: [str(Path(item).resolve()) if isinstance(item, Path) else item
                      for item in value] if isinstance(value, (list, tuple)) else
               str(Path(value).resolve()) if isinstance(value, Path) else value
               for name, value in selection.items()}
    options.update(mode=mode, duplex_offset=duplex_offset, preflight=not no_preflight,
                   previews=previews, strict=strict)
    key = build_key(options)
    inputs = input_digests((content, layouts), (profile,))
    return key, inputs, up_to_date(out, key, (content, layouts), profile)


class _progress_bar:
    """One progress bar on the terminal (none when the output is a file or a pipe)."""

    def __enter__(self):
        self.bar = None
        return self.update if sys.stderr.isatty() else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Building", file=sys.stderr)
        self.bar.update(1)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.render_finish()


def _build_one(inputs, out: Path, previews: bool, progress, force: bool, stamp,
               head_start=None) -> None:
    from .pipeline import PreflightFailed, build as run_build

    try:
        built = run_build(inputs, out, progress=progress, previews=previews, force=force,
                          head_start=head_start)
    except PreflightFailed as failed:
        for report in failed.reports:
            click.echo(f"preflight failed: {report.name}", err=True)
            for reason in report.reasons:
                click.echo(f"  {reason}", err=True)
        click.echo("Nothing was written.", err=True)
        sys.exit(EXIT_INTERNAL)
    pages = [page for page in built.pages if page != "pictograms.html"]  # made only when changed
    _say_built(out, built.entries, built.pages, built.previews if previews else 0,
               len(built.kept), [str(skip) for skip in built.skipped], list(built.notes))
    if stamp is not None:
        from .unchanged import record
        record(out, stamp[0], stamp[1], built.sources, built.manifest_sha,
               {"kept": len(built.entries) + len(built.kept), "pages": pages,
                "skipped": [str(skip) for skip in built.skipped], "notes": list(built.notes)})


def _say_built(out: Path, entries, pages, previews: int, kept: int, skipped, notes) -> None:
    """The build's summary: what it wrote, what was up to date, what it left out."""
    from .errors import display_path

    _say_skipped(skipped, notes)
    for entry in entries:
        what = (f"sheet of {entry.up}" if entry.sheet
                else f"{entry.width_mm:g} x {entry.height_mm:g} mm")
        click.echo(f"wrote {display_path(out / entry.path)}  "
                   f"({entry.product} {entry.layout} {entry.mode}, {entry.pages} p., {what})")
    for page in pages:
        what = "pictograms" if page == "pictograms.html" else "accessible protocol"
        click.echo(f"{what}: {display_path(out / page)}")
    if previews:
        click.echo(f"previews: {previews} PNG(s) in {display_path(out / 'previews')}")
    click.echo(f"{len(entries)} rebuilt, {kept} up to date in "
               f"{display_path(out)}; list in {display_path(out / 'manifest.json')}, "
               f"catalogue in {display_path(out / 'index.html')}")


def _build_many(inputs, profiles, out: Path, jobs: int | None, previews: bool,
                progress, force: bool) -> None:
    import os

    from .batch import build_many
    from .errors import display_path

    outcomes = build_many(inputs, profiles, out, jobs or os.cpu_count() or 1, previews, progress,
                          force)
    for outcome in outcomes:
        if outcome.exit_code:
            click.echo(f"FAILED {display_path(outcome.profile)}:\n  {outcome.error}", err=True)
        else:
            click.echo(f"built {display_path(outcome.profile)}: {outcome.files} rebuilt, "
                       f"{outcome.kept} up to date in {display_path(out / outcome.slug)}")
    failed = [o for o in outcomes if o.exit_code]
    click.echo(f"{len(outcomes) - len(failed)} of {len(outcomes)} profile(s) built; "
               f"list in {display_path(out / 'manifest.json')}, "
               f"catalogue in {display_path(out / 'index.html')}")
    if failed:  # an internal error outweighs bad input: it must not hide behind a 2
        sys.exit(min(o.exit_code for o in failed))


@cli.command()
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"),
              show_default=True, help="Folder with the locale folders.")
@click.option("--profile", type=click.Path(path_type=Path), default=None,
              help="Organisation profile.  [default: CONTENT/organisation.yaml]")
@click.option("--locale", default="nl", show_default=True, help="Language of the sheet.")
@_out_option()
@_offset_option
@_guarded
def calibrate(content: Path, profile: Path | None, locale: str, out: Path, duplex_offset) -> None:
    """Write a two-sided A4 sheet to measure how far the printer shifts the back."""
    from .errors import display_path
    from .pipeline import calibrate as run_calibrate

    entry = run_calibrate(content, profile or content / "organisation.yaml", locale, out,
                          duplex_offset)
    click.echo(f"wrote {display_path(out / entry.path)}\nPrint it double-sided (long edge) at "
               "actual size, hold it against the light and read the red lines off the scales.")


@cli.command()
@_input_options
@click.option("--mode", type=click.Choice(["office", "press"]), default="office",
              show_default=True, help="Check for this mode (a PNG logo needs more pixels "
                                      "for the press).")
@_strict_option
@_guarded
def validate(mode: str, strict: bool, **selection) -> None:
    """Check content, profile and layouts and report how the text fits; writes nothing.

    Every problem found is reported, not only the first."""
    from dataclasses import replace

    from .errors import display_path
    from .pipeline import check_logos, lay_out_plan, make_plan, read_shared

    inputs = _inputs(**selection, strict=strict)
    shared = read_shared(inputs)  # content and layouts once, whatever the number of profiles
    documents = []
    for profile in selection["profiles"] or (inputs.profile,):
        if len(selection["profiles"]) > 1:
            click.echo(f"profile {display_path(profile)}")
        laid = lay_out_plan(make_plan(replace(inputs, profile=profile), shared))
        check_logos(laid.jobs, laid.documents, mode)
        _fit_report(laid.documents)
        _say_skipped(laid.skipped, laid.notes)
        documents += laid.documents
    click.echo(f"OK: {len(documents)} piece(s) checked; nothing written.")


def _fit_report(documents) -> None:
    for document in documents:
        topic = document.topic or "(every topic)"
        click.echo(f"{document.locale}/{topic}: {document.product} {document.layout}")
        for fit in document.fits:
            if fit.detail:
                click.echo(f"  {fit.page:<8} {fit.box:<14} {fit.detail}")
                continue
            click.echo(f"  {fit.page:<8} {fit.box:<14} {fit.size:6.2f} pt "
                       f"(min {fit.min:g}, max {fit.max:g})  {fit.room:<13} "
                       f"{', '.join(fit.fields[:3])}{' ...' if len(fit.fields) > 3 else ''}")


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_guarded
def preflight(paths: tuple[Path, ...]) -> None:
    """Check built PDFs (default: everything in output/) the way a print shop does.

    Exit status 0 when every file passes, 1 when one fails (with the reason)."""
    from .errors import InputError, display_path
    from .output.preflight import check_files
    from .output.write import MANIFEST, read_manifest

    files, manifest = [], {}
    for path in paths or (Path("output"),):
        if path.is_dir():
            files += sorted(path.rglob("*.pdf"))
            for row in read_manifest(path):
                manifest[str((path / row["path"]).resolve())] = row
        elif path.exists():  # a pipe or a device is reported as such, never read
            files.append(path)
        else:
            raise InputError("no such file or folder", where=path)
    if not files:
        raise InputError("no PDF files to check", where=paths[0] if paths else Path("output"),
                         hint="build first with `drukwerk build`")
    failed = 0
    for report in check_files(files, manifest):
        verdict = "ok" if report.passed else "FAIL"
        click.echo(f"{verdict:<4} {display_path(report.name)} ({report.mode})")
        for finding in report.findings:
            click.echo(f"     {'ok ' if finding.ok else 'NO '} {finding.check}: {finding.detail}")
        failed += not report.passed
    click.echo(f"{len(files) - failed} of {len(files)} file(s) pass" +
               (f"; {failed} fail" if failed else "") +
               (f" (modes from {MANIFEST})" if manifest else ""))
    if failed:
        sys.exit(EXIT_INTERNAL)


@cli.command(name="list")
@_input_options
@_guarded
def list_command(**selection) -> None:
    """Show the organisation, and per topic the products and layouts it gets."""
    from .pipeline import lay_out_plan, make_plan, read_inputs, read_shared

    inputs = _inputs(**selection)
    shared = read_shared(inputs)  # the content, layouts and pictograms, read once
    inventory = read_inputs(inputs, shared)
    click.echo(f"organisation: {inventory.profile.organisation.name}")
    for product in inventory.products.values():
        layouts = [entry.layout for entry in inventory.layouts
                   if entry.layout.product == product.name]
        click.echo(f"product {product.name}: {product.what_for}")
        for layout in layouts:
            click.echo(f"  layout {layout.name:<14} {layout.width:g} x {layout.height:g} mm: "
                       f"{layout.description}")
    laid = lay_out_plan(make_plan(inputs, shared, require_jobs=False), require_jobs=False)
    made: dict[tuple[str, str], list[str]] = {}
    for job in laid.jobs:
        topic = "*" if job.product.scope == "locale" else job.resolved.name
        made.setdefault((job.resolved.locale, topic), []).append(
            f"{job.product.name} {job.layout.layout.name}")
    for locale in inventory.locales.values():
        for topic_file in locale.topics:
            title = topic_file.topic.title
            status = " (CONCEPT)" if topic_file.topic.document.status == "concept" else ""
            click.echo(f"topic {locale.name}/{topic_file.name}{status}: {title}")
            gets = made.get((locale.name, topic_file.name), [])
            click.echo(f"  gets: {', '.join(gets) or 'nothing'}")
            for skip in laid.skipped:
                if (skip.locale, skip.topic) == (locale.name, topic_file.name):
                    click.echo(f"  not: {skip.product} {skip.layout}: {skip.reason}")
        if (locale.name, "*") in made:
            click.echo(f"locale {locale.name}, every topic: {', '.join(made[(locale.name, '*')])}")
    library = laid.jobs[0].resolved.pictograms if laid.jobs else None
    if library is not None:
        own = [name for name in library.names if library.entries[name].own]
        whose = ("the organisation’s own: " + ", ".join(own) if own
                 else "none of the organisation’s own")
        click.echo(f"pictograms ({len(library.names)}; built in, {whose}):")
        click.echo("  " + ", ".join(library.names))
    for note in laid.notes:
        click.echo(f"warning: {note}")


@cli.command()
@click.argument("pdf", type=click.Path(path_type=Path), metavar="FILE.pdf")
@click.option("--ppi", type=click.FloatRange(10, 600), default=None,
              help="Resolution in pixels per inch.  [default: by page size: 150 for cards, "
                   "100 for A4, 50 for posters]")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder for the PNGs.  [default: the PDF's folder]")
@_guarded
def preview(pdf: Path, ppi: float | None, out: Path | None) -> None:
    """Render each page of one PDF to PNG: FILE-p1.png, FILE-p2.png, ..."""
    from .errors import display_path
    from .inputs.files import read_bounded
    from .output.preview import MAX_PDF_BYTES, page_name, render_pngs
    from .output.publish import publishing

    data = read_bounded(pdf, MAX_PDF_BYTES, "PDF",
                        hint="give the path of a PDF, e.g. output/nl/sexting-card-id1.pdf")
    pictures = render_pngs(data, ppi, where=pdf)
    folder = out or pdf.parent
    with publishing(folder, lock=False) as publication:
        written = publication.put([(page_name(pdf.name, number), picture)
                                   for number, picture in enumerate(pictures, start=1)])
    for target in written:
        click.echo(f"wrote {display_path(target)}")


@cli.command(name="open")
@_out_option("The output folder whose catalogue (index.html) to open.")
@_guarded
def open_command(out: Path) -> None:
    """Open the catalogue in the web browser: OUT/index.html."""
    import webbrowser

    from .output.catalogue import INDEX
    from .errors import InputError, display_path

    index = out / INDEX
    if not index.is_file():
        raise InputError("there is no catalogue here yet", where=index,
                         hint=f"run `drukwerk build --out {display_path(out)}` first")
    if webbrowser.open(index.resolve().as_uri()):
        click.echo(f"opened {display_path(index)}")
    else:
        click.echo(f"no web browser found; open {display_path(index)} yourself")


@cli.command()
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"),
              show_default=True, help="Folder with the locale folders and topic files.")
@click.option("--layouts", type=click.Path(path_type=Path), default=Path("layouts"),
              show_default=True, help="Folder with the layout files.")
@click.option("--profile", type=click.Path(path_type=Path), default=None,
              help="The organisation profile the page edits.  [default: CONTENT/organisation.yaml]")
@_out_option("Folder the page builds into and downloads from.")
@click.option("--port", type=click.IntRange(1024, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (this computer only).")
@click.option("--no-browser", is_flag=True, help="Only print the address; do not open a browser.")
@_guarded
def serve(content: Path, layouts: Path, profile: Path | None, out: Path, port: int,
          no_browser: bool) -> None:
    """Open a page in the web browser to set up the profile, choose what to make, see
    every page and download the PDFs: drukwerk without a terminal."""
    from .errors import InputError
    from .serve import serve as run_serve

    profile = profile or content / "organisation.yaml"
    if not profile.is_file():
        raise InputError("the profile is not there", where=profile,
                         hint="pass --profile with the organisation's profile file")
    run_serve(content, layouts, profile, out, port, not no_browser, say=click.echo)


def main() -> None:
    """The command, then leave at once: see :func:`_leave`."""
    try:
        cli(prog_name="drukwerk", standalone_mode=True)
    except SystemExit as done:
        code = 0 if done.code is None else done.code
        if not isinstance(code, int):
            raise
        _leave(code)
    except BrokenPipeError:
        _quiet_stdout()   # `drukwerk list | head`: the reader left; not a bug
        sys.exit(0)


def _leave(code: int) -> None:
    """Exit with ``code`` once what the command said is flushed, without the interpreter's
    teardown. By now every file is whole on the disk and every worker has ended (also
    when a signal stopped the command). Freeing one by one the hundreds of thousands of
    objects a build made (fonts, models, caches) took about 30 ms of a full build, for
    nothing; and a stopped build's exit hooks join the worker pool's threads, which can
    wait for ever on a worker that was killed mid-reply."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:   # the reader left: what is not read is not said
        _quiet_stdout()
    except ValueError:   # closed by the caller
        pass
    except OSError as error:   # a full disk under a redirected output, say
        with suppress(OSError, ValueError, AttributeError):
            sys.stderr.write(f"could not write the command's output: {error.strerror}\n")
        code = code or UNFLUSHED   # as the interpreter's own exit says it
    with suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    os._exit(code)


def _quiet_stdout() -> None:
    """Send what is left for standard output nowhere, so that the final flush is silent."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
