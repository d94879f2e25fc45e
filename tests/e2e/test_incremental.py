"""Incremental builds: a build makes again exactly the files whose inputs changed, and
the result is always the same as a fresh build's."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, run

QUICK = ("--locale", "nl", "--no-previews", "--no-preflight")
LOGO_PROFILE = "content/profiles/zorggroep-oosterhout.yaml"


@pytest.fixture
def two_topics(tmp_path: Path) -> Path:
    """The shipped content and layouts with a second Dutch topic (no tips, no pictograms)."""
    for name in ("content", "layouts"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(FIXTURES / "shapes/nl/loverboys.yaml", tmp_path / "content/nl")
    return tmp_path


def build(project: Path, *args: str) -> tuple[set[str], str]:
    """Build into project/output; returns the files it says it made, and its output."""
    result = run("build", *args, cwd=project)
    assert result.exit_code == 0, result.output
    made = {line.split()[1].removeprefix("output/") for line in result.output.splitlines()
            if line.startswith("wrote ")}
    return made, result.output


def state(out: Path) -> dict[str, tuple[int, str]]:
    """Every file in the folder: its modification time (ns) and SHA-256."""
    return {str(p.relative_to(out)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(out.rglob("*")) if p.is_file()}


def pdfs(out: Path) -> set[str]:
    return {str(p.relative_to(out)) for p in out.rglob("*.pdf")}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_rebuild_makes_and_rewrites_nothing(two_topics):
    out = two_topics / "output"
    made, _ = build(two_topics, "--locale", "nl")
    before = state(out)
    assert any(path.endswith(".png") for path in before)
    again, said = build(two_topics, "--locale", "nl")
    assert again == set()
    assert f"0 rebuilt, {len(made)} up to date" in said
    assert state(out) == before   # same bytes, same modification times: nothing rewritten


def _topic(project):
    edit(project / "content/nl/loverboys.yaml", "title: Contact met een loverboy",
         "title: Contact met een loverboy of pooier")


def _label(project):
    edit(project / "content/nl/labels.yaml", "question: Vraag", "question: De vraag")


def _profile(project):
    edit(project / "content/organisation.yaml", 'version: "1.0"', 'version: "1.1"')


def _base_layout(project):
    edit(project / "layouts/card-base.yaml", "mark_gap: 1.5", "mark_gap: 2")


def _pictogram(project):
    own = project / "content/pictograms"
    own.mkdir(exist_ok=True)
    face = (ROOT / "generator/inputs/pictograms/face.svg").read_text(encoding="utf-8")
    (own / "face.svg").write_text(face.replace('r="19.3"', 'r="17"'), encoding="utf-8")


def _logo(project):
    edit(project / "content/profiles/logo-zorggroep.svg", 'fill="#C2410C"', 'fill="#0B5C4A"')


# The layouts that print the tips with their pictograms (the book holds the protocol).
TIPS = ("poster-a3", "poster-easy-read", "card-wallet-trifold", "protocol-a4")
CHANGES = {
    "a topic": (_topic, (), lambda path: "loverboys" in path or path == "nl/book-a4.pdf"),
    "a label": (_label, (), lambda path: True),
    "the profile": (_profile, (), lambda path: True),
    "a layout that others extend": (_base_layout, (), lambda path: "-card-" in path),
    "a pictogram": (_pictogram, (),
                    lambda path: path == "nl/book-a4.pdf" or path.startswith("nl/sexting-")
                    and any(layout in path for layout in TIPS)),
    "the logo": (_logo, ("--profile", LOGO_PROFILE),
                 lambda path: "protocol-a4" in path or "poster-a3" in path or "book" in path),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_rebuilds_exactly_the_files_that_use_it(two_topics, change):
    apply, options, uses = CHANGES[change]
    out = two_topics / "output"
    build(two_topics, *QUICK, *options)
    apply(two_topics)
    made, said = build(two_topics, *QUICK, *options)
    expected = {path for path in pdfs(out) if uses(path)}
    assert expected and expected != pdfs(out) or change in ("a label", "the profile")
    assert made == expected
    assert f"{len(made)} rebuilt, {len(pdfs(out)) - len(made)} up to date" in said


def test_the_pictogram_page_is_drawn_again_when_a_pictogram_changes(two_topics):
    page = two_topics / "output/pictograms.html"
    build(two_topics, *QUICK)
    before = page.read_text(encoding="utf-8")
    _pictogram(two_topics)
    build(two_topics, *QUICK)
    build(two_topics, *QUICK, "--out", "fresh")
    after = page.read_text(encoding="utf-8")
    assert after != before
    assert after == (two_topics / "fresh/pictograms.html").read_text(encoding="utf-8")


def test_files_rebuilt_after_a_pictogram_edit_are_those_a_new_process_makes(two_topics):
    # this process parsed and coloured the first drawing; the rebuilt files must not show it
    from generator.inputs import pictogram_library
    from generator.output import pictogram_page

    build(two_topics, *QUICK)
    _pictogram(two_topics)
    made, _ = build(two_topics, *QUICK)
    for kept in (pictogram_library._PARSED, pictogram_page._PICTURES):
        kept.clear()
    build(two_topics, *QUICK, "--out", "fresh")
    assert made
    for path in sorted(made) + ["pictograms.html"]:
        assert (two_topics / "output" / path).read_bytes() == \
            (two_topics / "fresh" / path).read_bytes(), path


def test_force_rebuilds_everything(two_topics):
    build(two_topics, *QUICK)
    made, said = build(two_topics, *QUICK, "--force")
    assert made == pdfs(two_topics / "output")
    assert f"{len(made)} rebuilt, 0 up to date" in said


def test_a_file_deleted_or_edited_in_the_output_folder_is_made_again(two_topics):
    out = two_topics / "output"
    build(two_topics, "--locale", "nl")
    fresh = {path: (out / path).read_bytes() for path in pdfs(out)}
    (out / "nl/sexting-card-id1.pdf").unlink()
    edited = out / "nl/loverboys-protocol-a4.pdf"
    edited.write_bytes(edited.read_bytes() + b"% a note\n")
    (out / "previews/nl/sexting-poster-a3-p1.png").unlink()
    made, _ = build(two_topics, "--locale", "nl")
    assert made == {"nl/sexting-card-id1.pdf", "nl/sexting-card-id1-sheet.pdf",
                    "nl/loverboys-protocol-a4.pdf", "nl/sexting-poster-a3.pdf"}
    assert {path: (out / path).read_bytes() for path in pdfs(out)} == fresh
    assert (out / "previews/nl/sexting-poster-a3-p1.png").is_file()


@pytest.mark.parametrize("damage", [b"not json", b'{"files": [{"path": "nl/x.pdf"}]}', "a row",
                                    "old"], ids=["not JSON", "a bad row", "a changed field",
                                                 "no hashes (an older drukwerk)"])
def test_a_damaged_manifest_means_a_full_rebuild(two_topics, damage):
    out = two_topics / "output"
    made, _ = build(two_topics, *QUICK)
    manifest = out / "manifest.json"
    rows = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    if damage == "a row":
        rows[0]["up"] = "ten"
        damage = json.dumps({"files": rows}).encode()
    elif damage == "old":
        damage = json.dumps({"files": [{k: v for k, v in row.items() if k != "inputs"}
                                       for row in rows]}).encode()
    manifest.write_bytes(damage)
    again, _ = build(two_topics, *QUICK)
    assert again == made
    now = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    assert {row["path"] for row in now} == made and all(row["inputs"] for row in now)
    assert all(hashlib.sha256((out / row["path"]).read_bytes()).hexdigest() == row["sha256"]
               for row in now)


def test_options_that_change_the_files_rebuild_them(two_topics):
    build(two_topics, *QUICK)
    made, _ = build(two_topics, *QUICK, "--duplex-offset", "1,0")
    assert made == pdfs(two_topics / "output")
    made, _ = build(two_topics, "--locale", "nl", "--no-previews")  # now also preflighted
    assert made == pdfs(two_topics / "output")


def test_two_builds_at_once_leave_files_and_manifest_as_a_fresh_build(two_topics):
    import os
    import subprocess
    import sys

    build(two_topics, *QUICK)
    _topic(two_topics)
    env = {key: value for key, value in os.environ.items() if not key.startswith("DRUKWERK_")}
    builds = [subprocess.Popen([sys.executable, "-m", "generator", "build", *QUICK, *extra],
                               cwd=two_topics, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
              for extra in ((), ("--force",), ("--product", "protocol"))]
    for process in builds:
        stderr = process.communicate(timeout=300)[1]
        assert process.returncode == 0, stderr
    build(two_topics, *QUICK, "--out", "fresh")
    out, fresh = two_topics / "output", two_topics / "fresh"
    assert {path: (out / path).read_bytes() for path in pdfs(fresh)} == \
        {path: (fresh / path).read_bytes() for path in pdfs(fresh)}
    assert (out / "manifest.json").read_bytes() == (fresh / "manifest.json").read_bytes()


# --- the cache never makes a build wrong -------------------------------------------------

import re  # noqa: E402
import tempfile  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Each edit sets one thing in the inputs to one of a few values, so a random sequence
# of edits goes back and forth, also back to what an earlier build was made from.
SETTINGS = {
    "topic title": ("content/nl/loverboys.yaml", r"^title: .*$",
                    ["title: Contact met een loverboy", "title: Loverboys", "title: Een pooier"]),
    "label": ("content/nl/labels.yaml", r"^question: .*$",
              ["question: Vraag", "question: De vraag", "question: Vraag?"]),
    "profile": ("content/organisation.yaml", r'version: "[0-9.]+"',
                ['version: "1.0"', 'version: "1.1"', 'version: "2.0"']),
    "base layout": ("layouts/card-base.yaml", r"mark_gap: [0-9.]+",
                    ["mark_gap: 1.5", "mark_gap: 2", "mark_gap: 1"]),
}
PICTOGRAM_RADII = [None, "17", "15"]   # the organisation's own face.svg: absent, or drawn so


def apply_setting(project: Path, name: str, choice: int) -> None:
    if name == "pictogram":
        own = project / "content/pictograms/face.svg"
        radius = PICTOGRAM_RADII[choice]
        if radius is None:
            own.unlink(missing_ok=True)
            return
        own.parent.mkdir(exist_ok=True)
        face = (ROOT / "generator/inputs/pictograms/face.svg").read_text(encoding="utf-8")
        own.write_text(face.replace('r="19.3"', f'r="{radius}"'), encoding="utf-8")
        return
    if name == "output file":   # someone deletes or edits a file in the output folder
        out = project / "output"
        files = sorted(out.rglob("*.pdf")) if out.is_dir() else []
        if files:
            target = files[choice * 7 % len(files)]
            if choice % 2:
                target.unlink()
            else:
                target.write_bytes(target.read_bytes() + b"%\n")
        return
    path, pattern, values = SETTINGS[name]
    text = (project / path).read_text(encoding="utf-8")
    changed, count = re.subn(pattern, values[choice], text, count=1, flags=re.MULTILINE)
    assert count == 1, (path, pattern)
    (project / path).write_text(changed, encoding="utf-8")


EDITS = st.lists(st.tuples(st.sampled_from([*SETTINGS, "pictogram", "output file"]),
                           st.integers(0, 2), st.booleans()), min_size=1, max_size=4)


@settings(max_examples=8, deadline=None, database=None, derandomize=True)
@given(edits=EDITS)
def test_an_incremental_build_after_any_edits_equals_a_fresh_build(edits):
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        for name in ("content", "layouts"):
            shutil.copytree(ROOT / name, project / name)
        shutil.copy(FIXTURES / "shapes/nl/loverboys.yaml", project / "content/nl")
        build(project, *QUICK)
        for name, choice, build_after in edits:
            apply_setting(project, name, choice)
            if build_after:
                build(project, *QUICK)
        build(project, *QUICK)
        build(project, *QUICK, "--out", "fresh")
        incremental, fresh = project / "output", project / "fresh"
        assert pdfs(incremental) == pdfs(fresh)
        for path in pdfs(fresh):
            assert (incremental / path).read_bytes() == (fresh / path).read_bytes(), path
        assert (incremental / "manifest.json").read_bytes() == \
            (fresh / "manifest.json").read_bytes()
