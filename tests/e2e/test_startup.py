"""What each command loads: a library is imported by the run that uses it, not at
start-up, so `--help` answers at once and a quick build does not pay for previews,
preflight or pictures it does not make. Checked in a fresh interpreter per command
(the modules in ``sys.modules`` when the command has run)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import CONTENT_FIXTURE, ROOT

# Run the command line as `drukwerk` does, then list every module loaded.
PROBE = """
import sys
from generator.cli import main
sys.argv = ["drukwerk", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    if done.code:
        raise
finally:
    print("LOADED", " ".join(sorted(sys.modules)))
"""
# The pipeline's libraries: none is needed to say how the command line is used.
PIPELINE = {"pydantic", "yaml", "jinja2", "babel", "reportlab", "PIL", "lxml", "svglib",
            "pikepdf", "pypdf", "pypdfium2", "uharfbuzz", "pyphen", "multiprocessing",
            "concurrent.futures", "generator.pipeline"}
# Drawing, writing and checking PDFs: `list` only reads and fits the text.
RENDERING = {"reportlab.pdfgen", "reportlab.graphics", "reportlab.platypus", "svglib",
             "lxml", "pikepdf", "pypdf", "pypdfium2", "generator.render",
             "generator.output.preview", "generator.output.preflight"}
# Previews and preflight: a build without them loads neither.
CHECKING = {"pypdfium2", "pypdf", "generator.output.preview", "generator.output.preflight"}
# URLs over a network and HTTP: nothing in a build fetches anything (XML text is escaped
# by drukwerk itself; `xml.sax.saxutils` would load all of these).
NETWORK = {"urllib.request", "http", "ssl"}
# Package metadata (with e-mail, zip and CSV parsing): about 30 ms to import, and a build
# needs only a few versions, which it reads itself.
METADATA = {"importlib.metadata", "email", "csv"}


def _loaded(*args: str, cwd=ROOT) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if line.startswith("LOADED "))
    return set(line.split()[1:])


def _among(loaded: set[str], names: set[str]) -> set[str]:
    """The names of ``names`` that are loaded, a package counting when any of it is."""
    return {name for name in names
            if any(module == name or module.startswith(name + ".") for module in loaded)}


@pytest.mark.parametrize("args", [("--help",), ("build", "--help"), ("list", "--help")])
def test_help_loads_none_of_the_pipeline(args):
    assert _among(_loaded(*args), PIPELINE) == set()


def test_list_reads_and_fits_but_draws_nothing():
    loaded = _loaded("list", "--content", str(CONTENT_FIXTURE),
                     "--layouts", str(ROOT / "layouts"))
    assert "generator.pipeline" in loaded   # the probe saw the command run
    assert _among(loaded, RENDERING) == set()


def test_a_build_without_previews_and_preflight_loads_neither(tmp_path):
    loaded = _loaded("build", "--content", str(CONTENT_FIXTURE),
                     "--layouts", str(ROOT / "layouts"), "--out", str(tmp_path),
                     "--locale", "nl", "--product", "protocol", "--no-previews",
                     "--no-preflight")
    assert (tmp_path / "nl/sexting-protocol-a4.pdf").is_file()
    assert _among(loaded, CHECKING) == set()
    assert _among(loaded, NETWORK) == set()


def test_an_office_build_writes_its_tagged_pieces_without_a_second_pdf_library(tmp_path):
    """The structure tree is written with the document as ReportLab saves it: no PDF
    library opens the file again (pikepdf is for press files and preflight)."""
    import pikepdf

    loaded = _loaded("build", "--content", str(CONTENT_FIXTURE),
                     "--layouts", str(ROOT / "layouts"), "--out", str(tmp_path),
                     "--locale", "nl", "--no-previews", "--no-preflight")
    assert _among(loaded, {"pikepdf"}) == set()
    with pikepdf.open(tmp_path / "nl/sexting-card-a7.pdf") as pdf:
        assert pdf.Root.StructTreeRoot.K.S == pikepdf.Name.Document


# Parsing SVG: a build whose pictograms are kept in the output folder loads none of it.
PARSING = {"svglib", "reportlab.graphics", "reportlab.platypus"}


def test_a_build_with_kept_pictograms_loads_no_svg_parser(tmp_path):
    args = ("build", "--content", str(CONTENT_FIXTURE), "--layouts", str(ROOT / "layouts"),
            "--out", str(tmp_path), "--locale", "nl", "--product", "poster", "--no-previews",
            "--no-preflight", "--force")
    assert _among(_loaded(*args), {"svglib"}) == {"svglib"}   # the first build parses them
    loaded = _loaded(*args)   # --force: the poster and the pictogram page drawn again
    assert (tmp_path / "pictograms.html").is_file()
    assert _among(loaded, PARSING) == set()


def test_a_build_reads_the_versions_it_needs_without_package_metadata(tmp_path):
    """Neither drukwerk's own version nor pydantic's look for plugins loads it (a first
    build into a folder may, through the SVG parser, when it parses pictograms)."""
    args = ("build", "--content", str(CONTENT_FIXTURE), "--layouts", str(ROOT / "layouts"),
            "--out", str(tmp_path), "--locale", "nl", "--product", "protocol",
            "--no-previews", "--no-preflight", "--force")
    _loaded(*args)
    loaded = _loaded(*args)
    assert "generator.incremental" in loaded and "pydantic.main" in loaded
    assert _among(loaded, METADATA) == set()
