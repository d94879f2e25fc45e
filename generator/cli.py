"""The `drukwerk` command line.

Kept light: only Click is imported at start-up; the pipeline (ReportLab,
Pydantic, Jinja2) is imported inside the command that needs it, so
`drukwerk --help` answers at once.

Exit status: 0 success, 2 bad input (one message, no traceback), 1 an
internal error (a short message; the traceback with --debug).
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

EXIT_INPUT, EXIT_INTERNAL = 2, 1
ALL_LOCALES = "all"  # `--locale all`, the same as no --locale: every locale folder


class InputProblem(click.ClickException):
    """An :class:`~generator.errors.InputError` as Click shows it: exit status 2."""

    exit_code = EXIT_INPUT

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


def _guarded(command):
    """Turn our errors into clean messages; keep tracebacks for --debug."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from .errors import InputError
        try:
            return command(*args, **kwargs)
        except InputError as exc:
            raise InputProblem(str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
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
        click.option("--profile", type=click.Path(path_type=Path), default=None,
                     help="Organisation profile.  [default: CONTENT/organisation.yaml]"),
        click.option("--locale", "locales", multiple=True, metavar="NAME",
                     help="Only this locale, or 'all' (repeatable; default: all)."),
        click.option("--product", "products", multiple=True, metavar="NAME",
                     help="Only this product: protocol, poster, card (repeatable)."),
        click.option("--layout", "layout_names", multiple=True, metavar="NAME",
                     help="Only this layout, e.g. a4, a3, id1 (repeatable)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _inputs(content, layouts, profile, locales, products, layout_names):
    from .pipeline import Inputs
    return Inputs(content=content, layouts=layouts,
                  profile=profile or content / "organisation.yaml",
                  locales=() if ALL_LOCALES in locales else tuple(locales),
                  products=tuple(products),
                  layout_names=tuple(layout_names))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show the full traceback of an internal error.")
@click.version_option(package_name="drukwerk")
def cli(debug: bool) -> None:
    """Turn approved care guidance into print-ready PDFs: a protocol sheet,
    a poster and pocket cards."""


@cli.command()
@_input_options
@click.option("--out", type=click.Path(path_type=Path), default=Path("output"),
              show_default=True, help="Folder the PDFs and manifest.json are written to.")
@_guarded
def build(out: Path, **selection) -> None:
    """Build every product into the output folder."""
    from .errors import display_path
    from .pipeline import build as run_build

    inputs = _inputs(**selection)
    bars = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label="Building", file=sys.stderr))
        bars[0].update(1)

    try:
        entries = run_build(inputs, out, progress=progress if sys.stderr.isatty() else None)
    finally:
        for bar in bars:
            bar.render_finish()
    for entry in entries:
        click.echo(f"wrote {display_path(out / entry.path)}  "
                   f"({entry.product} {entry.layout}, {entry.pages} p., "
                   f"{entry.width_mm:g} x {entry.height_mm:g} mm)")
    click.echo(f"{len(entries)} file(s) written to {display_path(out)}; "
               f"list in {display_path(out / 'manifest.json')}")


@cli.command()
@_input_options
@_guarded
def validate(**selection) -> None:
    """Check content, profile and layouts and report how the text fits; writes nothing."""
    from .pipeline import lay_out, plan

    jobs = plan(_inputs(**selection))
    documents = lay_out(jobs)
    for document in documents:
        click.echo(f"{document.locale}/{document.topic}: {document.product} {document.layout}")
        for fit in document.fits:
            room = "at max" if fit.size >= fit.max else (
                "AT MIN, tight" if fit.size <= fit.min else "fitted")
            click.echo(f"  {fit.page:<8} {fit.box:<14} {fit.size:6.2f} pt "
                       f"(min {fit.min:g}, max {fit.max:g})  {room:<13} "
                       f"{', '.join(fit.fields[:3])}{' ...' if len(fit.fields) > 3 else ''}")
    click.echo(f"OK: {len(documents)} piece(s) checked; nothing written.")


@cli.command(name="list")
@_input_options
@_guarded
def list_command(**selection) -> None:
    """Show the topics, locales, products and layouts found."""
    from .pipeline import read_inputs

    catalogue = read_inputs(_inputs(**selection))
    click.echo(f"organisation: {catalogue.profile.organisation.name}")
    for name, locale in catalogue.locales.items():
        topics = ", ".join(t.name for t in locale.topics)
        click.echo(f"locale {name}: topics {topics}")
    for product in catalogue.products.values():
        click.echo(f"product {product.name}: {product.what_for}")
        for loaded in catalogue.layouts:
            layout = loaded.layout
            if layout.product == product.name:
                click.echo(f"  layout {layout.name:<10} {layout.width:g} x {layout.height:g} mm, "
                           f"{len(layout.pages)} page(s): {layout.description}")


def main() -> None:
    cli(prog_name="drukwerk")
