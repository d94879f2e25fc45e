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
MM = 72 / 25.4


def run(*args: str, cwd: Path | None = None):
    """Invoke the CLI in ``cwd`` (default: the repository) and return the result."""
    runner = CliRunner()
    with _chdir(cwd or ROOT):
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
    """A copy of the shipped content and layouts that a test may change."""
    for name in ("content", "layouts"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


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
    return Inputs(content=ROOT / "content", layouts=ROOT / "layouts",
                  profile=ROOT / "content/organisation.yaml", **selection)


def topic_data(locale: str, name: str = "sexting") -> dict:
    """A shipped topic file as plain data, to compare the PDFs with."""
    import yaml
    return yaml.safe_load((ROOT / "content" / locale / f"{name}.yaml").read_text(encoding="utf-8"))


def pdf_text(path: Path) -> str:
    """All text of a PDF, lines joined the way a reader would (hyphen breaks kept)."""
    reader = pypdf.PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return normalise(text.replace("-\n", "-"))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with its SHA-256, to prove nothing changed."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


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
