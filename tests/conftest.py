"""Shared test helpers: a project copy to break, a CLI runner, PDF readers."""
from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from generator.cli import cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The tests' own copy of the example content: a user's change to content/ (a new
# topic, a new locale) must not change what the tests see. The layouts are the
# product's own definitions and are tested as shipped.
CONTENT_FIXTURE = FIXTURES / "content"
SOURCES = {"content": CONTENT_FIXTURE, "layouts": ROOT / "layouts"}
MM = 72 / 25.4
_DEFAULT_PROJECT: list[Path] = []


def default_project() -> Path:
    """A folder with the fixture content and the layouts, made once per session, where
    a command runs when a test gives no folder (it writes its output there too)."""
    if not _DEFAULT_PROJECT:
        import atexit
        import tempfile
        folder = Path(tempfile.mkdtemp(prefix="drukwerk-tests-"))
        atexit.register(shutil.rmtree, folder, True)
        for name, source in SOURCES.items():
            shutil.copytree(source, folder / name)
        _DEFAULT_PROJECT.append(folder)
    return _DEFAULT_PROJECT[0]


def run(*args: str, cwd: Path | None = None):
    """Invoke the CLI in ``cwd`` (default: :func:`default_project`) and return the result."""
    runner = CliRunner()
    with _chdir(cwd or default_project()):
        return runner.invoke(cli, list(args), catch_exceptions=False)


class _chdir:
    def __init__(self, path: Path) -> None:
        self.path, self.old = path, None

    def __enter__(self):
        import os
        self.old = os.getcwd()
        os.chdir(self.path)

    def __exit__(self, *exc):
        import os
        os.chdir(self.old)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture content and the layouts that a test may change."""
    for name in ("content", "layouts"):
        shutil.copytree(SOURCES[name], tmp_path / name)
    return tmp_path


@pytest.fixture(scope="session", autouse=True)
def _figures_kept_apart(tmp_path_factory):
    """The built-in pictograms' figures that the builds of this session keep beside the
    package (see generator.inputs.figures_beside) go to a folder of the session's own,
    not into the package's; a test that needs none kept yet points it elsewhere. (A
    build a test runs in a process of its own keeps them where drukwerk does, unless
    the test points that process elsewhere too.)"""
    from generator.inputs import pictogram_library

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pictogram_library, "KEPT_BESIDE", tmp_path_factory.mktemp("kept-beside"))
        yield


@pytest.fixture(scope="session", autouse=True)
def _commands_leave_by_system_exit():
    """The command line's main() leaves with os._exit once its output is flushed (no
    interpreter teardown). A test that calls it in this process gets SystemExit instead,
    as before: os._exit here would end the test session itself, quietly, with status 0.
    (Commands a test runs in a process of their own leave as they do for a user.)"""
    from generator import cli

    def leave(code: int):
        raise SystemExit(code)

    leave.__wrapped__ = cli._leave   # type: ignore[attr-defined]  # the real one, for its tests
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli, "_leave", leave)
        yield


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default build of the shipped content, made once per test session."""
    out = tmp_path_factory.mktemp("built")
    result = run("build", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def default_inputs(**selection):
    """Pipeline inputs for the shipped content, optionally narrowed."""
    from generator.pipeline import Inputs
    return Inputs(content=CONTENT_FIXTURE, layouts=ROOT / "layouts",
                  profile=CONTENT_FIXTURE / "organisation.yaml", **selection)


def topic_data(locale: str, name: str = "sexting") -> dict:
    """A shipped topic file as plain data, to compare the PDFs with."""
    import yaml
    return yaml.safe_load((CONTENT_FIXTURE / locale / f"{name}.yaml").read_text(encoding="utf-8"))


def pdf_text(path: Path) -> str:
    """All text of a PDF, lines joined the way a reader would (hyphen breaks kept; a
    word hyphenated at a line end, with a soft hyphen, whole again)."""
    reader = pypdf.PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return normalise(text.replace("-\n", "-"))


def normalise(text: str) -> str:
    text = re.sub("\u00ad\\s*", "", text)  # a hyphenated word joined again
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def tree_digest(folder: Path, stamp: bool = True) -> dict[str, str]:
    """Every file below ``folder`` with its SHA-256, to prove nothing changed; without
    ``stamp``, the unchanged-rebuild stamp is left out: it names where the inputs lie,
    so it differs between two projects in two folders."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and (stamp or p.name != ".drukwerk.unchanged")}


@contextlib.contextmanager
def counting_work():
    """Count the pieces laid out and the PDFs rendered inside the ``with`` block: a
    refusal that must come early is one made before any of this work (counted, not
    timed, so a busy machine cannot make the test fail)."""
    import generator.output.produce as produce
    import generator.pipeline as pipeline

    work = {"laid out": 0, "rendered": 0}
    compose_job, render_pdf = pipeline.compose_job, produce.render_pdf

    def counted_compose(*args, **kwargs):
        work["laid out"] += 1
        return compose_job(*args, **kwargs)

    def counted_render(*args, **kwargs):
        work["rendered"] += 1
        return render_pdf(*args, **kwargs)

    pipeline.compose_job, produce.render_pdf = counted_compose, counted_render
    try:
        yield work
    finally:
        pipeline.compose_job, produce.render_pdf = compose_job, render_pdf
