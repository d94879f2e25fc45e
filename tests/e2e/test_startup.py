"""What each command loads: a library is imported by the run that uses it, not at
start-up, so `--help` answers at once and a quick build does not pay for previews,
preflight or pictures it does not make. Checked in a fresh interpreter per command
(the modules in ``sys.modules`` when the command has run)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CONTENT_FIXTURE, ROOT

# Run the command line as `drukwerk` does, then list every module loaded. After
# ``--kept-beside FOLDER``: the built-in figures are kept beside FOLDER, not the package.
PROBE = """
import sys
if sys.argv[1:2] == ["--kept-beside"]:
    from pathlib import Path
    from generator.inputs import pictogram_library
    pictogram_library.KEPT_BESIDE = Path(sys.argv[2])
    del sys.argv[1:3]
from generator import cli


def leave(code):   # main() ends with os._exit: here with SystemExit, to see what loaded
    raise SystemExit(code)


cli._leave = leave
sys.argv = ["drukwerk", *sys.argv[1:]]
try:
    cli.main()
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
# Package metadata (it loads e-mail, zip and CSV parsing): about 30 ms to import, and a
# build needs only a few versions, which it reads itself. (The e-mail package alone may
# load where the page words' catalogue is compiled, when no compiled copy is kept.)
METADATA = {"importlib.metadata"}


def _loaded(*args: str, cwd=ROOT, env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd,
                          capture_output=True, text=True, env=env)
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
    args = ("--kept-beside", str(tmp_path / "package"),   # none kept beside the package
            "build", "--content", str(CONTENT_FIXTURE), "--layouts", str(ROOT / "layouts"),
            "--out", str(tmp_path), "--locale", "nl", "--product", "poster", "--no-previews",
            "--no-preflight", "--force")
    assert _among(_loaded(*args), {"svglib"}) == {"svglib"}   # the first build parses them
    loaded = _loaded(*args)   # --force: the poster and the pictogram page drawn again
    assert (tmp_path / "pictograms.html").is_file()
    assert _among(loaded, PARSING) == set()


def test_a_build_into_a_new_folder_after_an_earlier_build_loads_no_svg_parser(tmp_path):
    """The built-in pictograms' figures are kept beside the package by the first build on
    the machine; a build into a new folder then parses none, and its pieces, spread over
    workers, are made without loading the parser before forking them."""
    package = tmp_path / "package"
    package.mkdir()
    env = {name: value for name, value in os.environ.items()
           if name != "PYTHONDONTWRITEBYTECODE"}   # as where Python keeps its bytecode
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "bytecode")   # not in the package

    def build(out: str) -> set[str]:
        return _loaded("--kept-beside", str(package), "build", "--content",
                       str(CONTENT_FIXTURE), "--layouts", str(ROOT / "layouts"), "--out",
                       str(tmp_path / out), "--no-previews", "--no-preflight", env=env)

    assert _among(build("first"), {"svglib"}) == {"svglib"}
    assert sorted(Path(package, "__pycache__").glob("*.figure"))
    loaded = build("second")
    assert (tmp_path / "second/pictograms.html").is_file()
    assert _among(loaded, PARSING) == set()
    for name in ("pictograms.html", "nl/sexting-poster-a3.pdf"):
        assert (tmp_path / "second" / name).read_bytes() == (tmp_path / "first" / name).read_bytes()
    # A batch of profiles loads no parser before forking its workers either.
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    for name in ("one", "two"):
        shutil.copy(CONTENT_FIXTURE / "organisation.yaml", profiles / f"{name}.yaml")
    loaded = _loaded("--kept-beside", str(package), "build", "--content", str(CONTENT_FIXTURE),
                     "--layouts", str(ROOT / "layouts"), "--profiles", str(profiles),
                     "--out", str(tmp_path / "batch"), "--locale", "nl", "--product", "poster",
                     "--no-previews", "--no-preflight", "--jobs", "2", env=env)
    assert (tmp_path / "batch/two/nl/sexting-poster-a3.pdf").is_file()
    assert "generator.making" in loaded   # the workers were prepared for
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
    # One piece, its pictograms kept: made in the build's own process, its files flushed
    # on plain threads, so no pool of processes or threads is loaded.
    assert _among(loaded, {"concurrent.futures", "multiprocessing"}) == set()


def test_the_command_says_everything_then_leaves_without_the_interpreters_teardown(tmp_path):
    """main() ends with os._exit once its output is flushed: freeing what a build made,
    object by object, is time for nothing. The exit status and every line said stay."""
    script = ("import atexit, sys; atexit.register(lambda: print('TEARDOWN')); "
              "from generator.cli import main; sys.argv[0] = 'drukwerk'; main()")
    for args, status in ((["list", "--content", str(CONTENT_FIXTURE), "--layouts",
                           str(ROOT / "layouts")], 0),
                         (["build", "--content", str(tmp_path / "none"), "--out",
                           str(tmp_path / "out")], 2)):
        done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT,
                              capture_output=True, text=True)
        assert done.returncode == status, done.stderr
        assert "TEARDOWN" not in done.stdout
        if status == 0:   # the last line of the list, the pictograms, is there whole
            assert done.stdout.endswith("two-people, warning\n"), done.stdout[-200:]
        else:
            assert done.stderr.startswith("error: ") and "content folder not found" in done.stderr


class _Output:
    """Standard output whose last flush fails (a full disk under a redirection)."""

    def __init__(self, error: OSError | None) -> None:
        self.error, self.said = error, []

    def write(self, text: str) -> int:
        self.said.append(text)
        return len(text)

    def flush(self) -> None:
        if self.error is not None:
            raise self.error


@pytest.mark.parametrize("code", [0, 2])
def test_an_output_that_cannot_be_flushed_at_the_end_is_said_not_a_traceback(monkeypatch,
                                                                               code):
    import errno

    from generator import cli

    left: list[int] = []
    err = _Output(None)
    monkeypatch.setattr(os, "_exit", left.append)
    monkeypatch.setattr(sys, "stdout", _Output(OSError(errno.ENOSPC, "No space left on device")))
    monkeypatch.setattr(sys, "stderr", err)
    cli._leave.__wrapped__(code)
    assert left == [code or cli.UNFLUSHED]   # 120, as Python says an unflushed output
    assert err.said == ["could not write the command's output: No space left on device\n"]
    monkeypatch.setattr(sys, "stdout", None)   # pythonw: no standard output at all
    cli._leave.__wrapped__(code)
    assert left[-1] == code
