"""The unchanged rebuild's fast path: taken, without loading the pipeline, only when
nothing the last build read or wrote has changed; after any change the normal
build runs and makes what changed."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from test_incremental import edit, state

QUICK = ("--locale", "nl", "--no-previews", "--no-preflight")
HEAVY = ("pydantic", "jinja2", "reportlab", "generator.pipeline", "yaml")
# Runs the command line in a fresh process and says which heavy modules it loaded.
SCRIPT = f"""
import sys
from generator.cli import cli
try:
    cli(sys.argv[1:])
except SystemExit as stop:
    code = stop.code or 0
print("LOADED", *[name for name in {HEAVY!r} if name in sys.modules])
sys.exit(code)
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in ("content", "layouts"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def drukwerk(project: Path, *args: str) -> tuple[str, list[str]]:
    """Build into project/output in a new process: its output and the heavy modules
    it imported."""
    result = subprocess.run([sys.executable, "-c", SCRIPT, "build", *QUICK, *args],
                            cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.splitlines()[-1].split()
    assert last[0] == "LOADED"
    return result.stdout, last[1:]


def test_the_fast_path_touches_nothing_and_loads_no_pipeline(project):
    said, loaded = drukwerk(project)
    assert "pydantic" in loaded   # the first build is a normal one
    made = said.count("wrote ")
    before = state(project / "output")
    said, loaded = drukwerk(project)
    assert loaded == []
    assert f"0 rebuilt, {made} up to date" in said
    assert "wrote " not in said
    assert state(project / "output") == before   # same bytes, same modification times


def _add_topic_file(project: Path) -> None:
    shutil.copy(project / "content/nl/sexting.yaml", project / "content/nl/extra.yaml")


CHANGES = {
    "topic": lambda p: edit(p / "content/nl/sexting.yaml", "\n", "\n# edited\n"),
    "labels": lambda p: edit(p / "content/nl/labels.yaml", "\n", "\n# edited\n"),
    "layout": lambda p: edit(p / "layouts/poster-a3.yaml", "\n", "\n# edited\n"),
    "new file in content": lambda p: (p / "content/nl/notes.txt").write_text("x\n"),
    "profile": lambda p: edit(p / "content/organisation.yaml", "\n", "\n# edited\n"),
    "deleted output": lambda p: next((p / "output/nl").glob("*.pdf")).unlink(),
    "edited output": lambda p: (p / "output/index.html").write_text("edited"),
    "damaged stamp": lambda p: (p / "output/.drukwerk.unchanged").write_text("{"),
    "no manifest": lambda p: (p / "output/manifest.json").unlink(),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_takes_the_normal_build(project, change):
    said, _ = drukwerk(project)
    made = said.count("wrote ")
    CHANGES[change](project)
    said, loaded = drukwerk(project)
    assert "pydantic" in loaded, said
    if change == "deleted output":
        assert said.count("wrote ") == 1
    if change in ("deleted output", "edited output", "no manifest"):
        again = drukwerk(project)
        assert again[1] == [] and f"0 rebuilt, {made} up to date" in again[0]


def test_other_options_and_force_take_the_normal_build(project):
    drukwerk(project)
    for options in (("--strict",), ("--force",), ("--topic", "sexting")):
        _, loaded = drukwerk(project, *options)
        assert "pydantic" in loaded, options


def test_a_link_in_the_output_folder_takes_the_normal_build(project, tmp_path_factory):
    drukwerk(project)
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "file.pdf"
    elsewhere.write_bytes(b"not ours")
    (project / "output/link.pdf").symlink_to(elsewhere)
    _, loaded = drukwerk(project)
    assert "pydantic" in loaded
    assert elsewhere.read_bytes() == b"not ours"


def test_the_stamp_names_every_input_and_output(project):
    drukwerk(project)
    stamp = json.loads((project / "output/.drukwerk.unchanged").read_text())
    assert os.path.abspath(project / "content/nl/sexting.yaml") in stamp["inputs"]
    assert os.path.abspath(project / "layouts/poster-a3.yaml") in stamp["inputs"]
    assert "manifest.json" in stamp["outputs"] and "index.html" in stamp["outputs"]
