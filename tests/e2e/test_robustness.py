"""Builds on shared drives: interrupted, killed, run twice at once, on a damaged folder.

These run real `python -m generator build` processes. To interrupt a build at
a known point, the tests set DRUKWERK_TEST_PAUSE (see generator.output.publish): the
write stage then waits before each rename until the test lets it go, so a
test can let some files through and stop the build while the next one is
written but not yet renamed. To have worker processes to look for on any
machine, the tests set DRUKWERK_TEST_WORKERS (see generator.parallel) or use
`--jobs`.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CONTENT_FIXTURE, SOURCES, MM, ROOT, counting_work, run, tree_digest
from generator.output.lock import LOCK_FILE
from generator.output.publish import PAUSE_VARIABLE, TEMP_SUFFIX
from generator.output.write import read_manifest
from generator.parallel import WATCH_EVERY, WORKERS_VARIABLE

fcntl = pytest.importorskip("fcntl", reason="the lock test uses POSIX file locks")

WAIT = 60  # seconds a build may take to reach a point before the test gives up
LET_THROUGH = 5  # files renamed into place before the build is stopped


def start_build(project: Path, *args: str, pause: Path | None = None,
                own_group: bool = False) -> subprocess.Popen:
    """Start a build (with ``own_group``, in a process group of its own, as a shell
    starts a command, so that a test can signal the whole group as a terminal does)."""
    env = dict(os.environ)
    env.pop(PAUSE_VARIABLE, None)
    if pause is not None:
        env[PAUSE_VARIABLE] = str(pause)
    return subprocess.Popen([sys.executable, "-m", "generator", "build", *args], cwd=project,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=own_group)


def finish(build: subprocess.Popen) -> str:
    """Wait for the build to end; returns what it wrote to stderr."""
    return build.communicate(timeout=WAIT)[1]


def let_go(flag: Path, build: subprocess.Popen) -> str:
    """Let a paused build write all its files; returns what it wrote to stderr."""
    deadline = time.monotonic() + WAIT
    while build.poll() is None and time.monotonic() < deadline:
        flag.unlink(missing_ok=True)
        time.sleep(0.005)
    return finish(build)


def wait_for_pause(flag: Path, build: subprocess.Popen) -> str:
    """Wait until the build waits before a rename; returns the file it is about to rename."""
    deadline = time.monotonic() + WAIT
    while not flag.exists():
        if build.poll() is not None:
            pytest.fail(f"the build ended before pausing:\n{finish(build)}")
        assert time.monotonic() < deadline, "the build never reached the write stage"
        time.sleep(0.01)
    return flag.read_text(encoding="utf-8")


def pdfs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.pdf"))}


def temps(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.tmp"))


def assert_manifest_matches_disk(out: Path, every_pdf: bool = True) -> list[dict]:
    """Every row's file is there with its checksum; with ``every_pdf``, every PDF has a row."""
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    for row in rows:
        data = (out / row["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["path"]
        for preview in row["previews"]:
            assert (out / preview).is_file(), preview
    if every_pdf:
        assert {str(p.relative_to(out)) for p in out.rglob("*.pdf")} == {r["path"] for r in rows}
    return rows


def change_version(project: Path) -> None:
    """A new version number in the profile: every PDF changes."""
    profile = project / "content/organisation.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """A clean build of the changed content."""
    project = tmp_path_factory.mktemp("reference")
    for name in ("content", "layouts"):
        shutil.copytree(SOURCES[name], project / name)
    change_version(project)
    assert run("build", cwd=project).exit_code == 0
    return project / "output"


@pytest.fixture
def changed(project, built) -> Path:
    """A project with a good earlier build in output/ and its content changed since."""
    shutil.copytree(built, project / "output")
    change_version(project)
    return project


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_stopped_build_leaves_the_earlier_build_and_the_next_build_tidies_up(changed, reference,
                                                                              stop, tmp_path):
    """All or nothing: a build stopped half-way through its renames puts back what it
    replaced; one killed outright cannot, and the next build into the folder does."""
    project, out = changed, changed / "output"
    before, new = pdfs(out), pdfs(reference)
    earlier = tree_digest(out)
    flag = tmp_path / "paused"
    build = start_build(project, pause=flag)
    for _ in range(LET_THROUGH):
        wait_for_pause(flag, build)
        flag.unlink()
    waiting = wait_for_pause(flag, build)
    assert waiting.endswith(".pdf")
    build.send_signal(stop)
    stderr = finish(build)

    now = pdfs(out)
    assert set(now) == set(before)
    renamed = [path for path in now if now[path] == new[path] != before[path]]
    if stop == signal.SIGINT:
        assert build.returncode == 130
        assert stderr.startswith("interrupted: ") and "Traceback" not in stderr
        assert temps(out) == []
        assert tree_digest(out) == earlier  # every replaced file is back
    else:
        assert build.returncode == -signal.SIGKILL
        assert len(renamed) == LET_THROUGH  # a killed build cannot put anything back
        assert [p.name for p in temps(out)][0].endswith(TEMP_SUFFIX)
        # A build of one card first puts the earlier build back: the rest is as before.
        small = run("build", "--locale", "nl", "--product", "card", "--layout", "id1",
                    "--no-previews", cwd=project)
        assert small.exit_code == 0, small.output
        assert_manifest_matches_disk(out)
        now = pdfs(out)
        assert [p for p in now if now[p] != before[p] and "card-id1" not in p] == []

    again = run("build", cwd=project)
    assert again.exit_code == 0, again.output
    assert temps(out) == []
    assert tree_digest(out, stamp=False) == tree_digest(reference, stamp=False)


def test_the_build_holds_the_output_folder_while_it_writes(changed, tmp_path):
    project = changed
    flag = tmp_path / "paused"
    build = start_build(project, "--locale", "nl", "--product", "card", pause=flag)
    wait_for_pause(flag, build)
    with open(project / "output" / LOCK_FILE, "a+b") as lock:
        with pytest.raises(BlockingIOError):
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        let_go(flag, build)
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once it is done
    assert build.returncode == 0


@pytest.mark.parametrize("selections", [(("card",), ("poster",)), (("protocol",), ("protocol",)),
                                        (("card", "poster"), ("poster", "protocol"))],
                         ids=["different products", "the same product", "overlapping"])
def test_two_builds_at_once_leave_a_manifest_that_matches_the_files(project, selections):
    builds = [start_build(project, "--locale", "nl", *(f"--product={p}" for p in products))
              for products in selections]
    for build in builds:
        stderr = finish(build)
        assert build.returncode == 0, stderr

    rows = assert_manifest_matches_disk(project / "output")
    assert {row["product"] for row in rows} == {p for products in selections for p in products}
    index = (project / "output/index.html").read_text(encoding="utf-8")
    assert all(f'href="{row["path"]}"' in index for row in rows)
    assert temps(project / "output") == []


def test_the_next_build_removes_only_drukwerks_own_temporary_files(built, tmp_path):
    out = tmp_path / "output"
    shutil.copytree(built, out)
    stray = [out / "nl/.sexting-card-id1.pdf.k3j_x9q2.drukwerk.tmp",
             out / "previews/nl/.sexting-card-id1-p1.png.abcdefgh.drukwerk.tmp"]
    kept = [out / "nl/notes.tmp", out / "nl/.sexting-card-id1.pdf.k3j_x9q2.tmp",
            out / "nl/my.drukwerk.tmp", out / "mine/.a.pdf.abcdefgh.drukwerk.tmp.bak"]
    for path in stray + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half a PDF")
    # forced: an up-to-date build writes nothing, so it tidies no folder
    result = run("build", "--out", str(out), "--product", "card", "--layout", "id1", "--force")
    assert result.exit_code == 0, result.output
    assert not any(path.exists() for path in stray)
    assert all(path.read_bytes() == b"half a PDF" for path in kept)


def test_a_damaged_manifest_is_repaired_never_followed(built, tmp_path):
    out = tmp_path / "output"
    shutil.copytree(built, out)
    manifest = out / "manifest.json"
    good = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"%PDF-1.4 not ours")
    junk = [1, "nl/sexting-card-id1.pdf", None, {"path": 5}, {"path": str(outside)},
            {**good[0], "path": "../outside.pdf"}, {**good[1], "path": "nl/.hidden.pdf"},
            {**good[2], "width_mm": "wide"}, {**good[3], "sha256": None},
            {**good[4], "title": 5, "up": "ten",
             "previews": [7, "../../x.png", *good[4]["previews"]]}]
    manifest.write_text(json.dumps({"files": junk + good[5:]}), encoding="utf-8")

    rows = read_manifest(out)
    assert [row["path"] for row in rows] == [row["path"] for row in good[4:]]
    assert rows[0] == {**good[4], "title": "", "up": 1}

    result = run("build", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert_manifest_matches_disk(out)
    assert outside.read_bytes() == b"%PDF-1.4 not ours"


@pytest.mark.parametrize("content", [b"not json", b"[]", b'{"files": {"a": 1}}', b"\xff\xfe"])
def test_an_unreadable_manifest_is_started_afresh(built, tmp_path, content):
    out = tmp_path / "output"
    shutil.copytree(built, out)
    (out / "manifest.json").write_bytes(content)
    result = run("build", "--out", str(out), "--product", "card", "--layout", "id1")
    assert result.exit_code == 0, result.output
    rows = assert_manifest_matches_disk(out, every_pdf=False)
    assert len(rows) == 4  # what this build made: a card and its sheet, in nl and en


def test_an_output_folder_that_is_a_file_is_an_input_error(tmp_path):
    target = tmp_path / "output"
    target.write_text("a file", encoding="utf-8")
    result = run("build", "--out", str(target), "--product", "card", "--layout", "id1")
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "this is a file, not a folder" in result.output
    assert target.read_text(encoding="utf-8") == "a file"


@pytest.mark.parametrize("make", [os.mkfifo, lambda path: path.symlink_to(path.name)],
                         ids=["a pipe", "a link to itself"])
def test_a_topic_file_that_is_no_file_is_refused(project, make):
    make(project / "content/nl/odd.yaml")
    done = subprocess.run([sys.executable, "-m", "generator", "validate"], cwd=project,
                          capture_output=True, text=True, timeout=WAIT)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: content/nl/odd.yaml: ")
    assert "Traceback" not in done.stderr


def windows_edit(text: str) -> str:
    """The text as a Windows editor saves it after a paste from a word processor:
    a byte order mark, CRLF, and after every line one of only non-breaking spaces."""
    blank = ["\u00a0", "\u00a0 ", "    \u00a0"]
    lines = [part for n, line in enumerate(text.split("\n")) for part in (line, blank[n % 3])]
    return "\ufeff" + "\r\n".join(lines)


def test_files_saved_by_a_windows_editor_build_the_same_pdfs(project, built):
    inputs = sorted((project / "content").rglob("*.yaml")) + sorted(
        (project / "layouts").glob("*.yaml"))
    for path in inputs:
        path.write_bytes(windows_edit(path.read_text(encoding="utf-8")).encode("utf-8"))
    assert b"\r\n\xc2\xa0" in (project / "content/nl/sexting.yaml").read_bytes()

    result = run("build", cwd=project)
    assert result.exit_code == 0, result.output
    assert pdfs(project / "output") == pdfs(built)
    assert len(pdfs(built)) == 28


# --- no process left behind ---------------------------------------------------------------
# A build spreads preflight and previews (and, with --profiles, whole profiles) over worker
# processes. However the build ends, its workers must end with it. The tests find a build's
# processes in /proc just before they stop it, and then look for exactly those processes.

needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").is_file(),
                                reason="finds a build's worker processes in /proc (Linux)")
GONE_WITHIN = 5.0  # seconds a killed build's workers may take to end
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def processes() -> dict[int, tuple[int, str, str]]:
    """Every process: pid -> (parent pid, state, start time)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # it ended while we looked
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            found[int(entry.name)] = (int(fields[1]), fields[0], fields[19])
    return found


def descendants(pid: int) -> set[tuple[int, str]]:
    """The processes started by ``pid`` and by those, as (pid, start time)."""
    table, found, parents = processes(), set(), [pid]
    while parents:
        parent = parents.pop()
        for child, (ppid, _, started) in table.items():
            if ppid == parent:
                found.add((child, started))
                parents.append(child)
    return found


def running(procs: set[tuple[int, str]]) -> list[int]:
    """Those of ``procs`` still running (a zombie has ended; a reused pid is another process)."""
    table = processes()
    return sorted(pid for pid, started in procs
                  if pid in table and table[pid][2] == started and table[pid][1] != "Z")


def cpu_seconds(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def wait_until(condition, build: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if build.poll() is not None:
            pytest.fail(f"the build ended before {what}:\n{finish(build)}")
        assert time.monotonic() < deadline, f"the build never got to {what}"
        time.sleep(0.005)


def reach(moment: str, build: subprocess.Popen, flag: Path, let_through: int = 0) -> None:
    """Wait until the build is at ``moment``:

    - rendering: the build has read its inputs and starts its workers, or is about to
      (about 0.5 s of processor time into the build on the machine this was written on);
    - previews: the workers lay out, render, preflight and preview the pieces;
    - publishing: the write stage waits before a rename, ``let_through`` files later.
    """
    if moment == "rendering":
        wait_until(lambda: cpu_seconds(build.pid) >= 0.6 or descendants(build.pid), build,
                   "rendering")
    elif moment == "previews":
        wait_until(lambda: len(descendants(build.pid)) == 2, build, "starting its workers")
        time.sleep(0.2)  # both busy
    else:
        for _ in range(let_through):
            wait_for_pause(flag, build)
            flag.unlink()
        wait_for_pause(flag, build)


def assert_gone(procs: set[tuple[int, str]], within: float, what: str) -> float:
    """Wait up to ``within`` seconds for ``procs`` to end; returns how long it took. Any
    still running then are killed: a failing test must not leave them behind either."""
    start = time.monotonic()
    while running(procs) and time.monotonic() - start < within:
        time.sleep(0.01)
    took, left = time.monotonic() - start, running(procs)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert left == [], f"{len(left)} worker(s) still running {what}"
    return took


def stop_and_check(build: subprocess.Popen, stop: signal.Signals) -> set[tuple[int, str]]:
    """Stop the build and check that none of its processes is left; returns the processes
    it had when it was stopped. SIGINT (Ctrl+C) and SIGHUP (the terminal closed) go to
    the build's whole process group, as a terminal sends them; the others to the build."""
    procs = descendants(build.pid)
    if stop in (signal.SIGINT, signal.SIGHUP):
        os.killpg(build.pid, stop)
    else:
        build.send_signal(stop)
    build.wait(timeout=WAIT)
    try:
        if stop == signal.SIGKILL:
            assert_gone(procs, GONE_WITHIN, f"{GONE_WITHIN:g} s after the build was killed")
        else:  # a build that is told to stop ends its workers before it exits
            assert_gone(procs, 0, "after the build exited")
    finally:
        stderr = finish(build)  # only now: a worker left running would hold the pipe open
    assert build.returncode == (-stop if stop == signal.SIGKILL else 128 + stop)
    if stop != signal.SIGKILL:
        said = "interrupted" if stop == signal.SIGINT else f"stopped by {stop.name}"
        assert stderr.startswith(f"{said}: ") and "Traceback" not in stderr
        assert stderr.count("\n") == 1, stderr
    return procs


@needs_proc
@pytest.mark.parametrize("stop,moment", [
    (signal.SIGKILL, "rendering"), (signal.SIGKILL, "previews"), (signal.SIGKILL, "publishing"),
    (signal.SIGTERM, "previews"), (signal.SIGTERM, "publishing"), (signal.SIGHUP, "previews"),
    (signal.SIGINT, "previews"),
], ids=lambda value: getattr(value, "name", value))
def test_a_stopped_build_leaves_no_process_behind(changed, reference, stop, moment, tmp_path,
                                                  monkeypatch):
    out = changed / "output"
    before, old, new = tree_digest(out), pdfs(out), pdfs(reference)
    flag = tmp_path / "paused"
    monkeypatch.setenv(WORKERS_VARIABLE, "2")  # workers even on a machine with one core
    # to reach the write stage sooner, make fewer files there
    build = start_build(changed, *(("--locale", "nl", "--no-previews") if moment == "publishing"
                                   else ()), pause=flag, own_group=True)
    reach(moment, build, flag)
    procs = stop_and_check(build, stop)
    if moment == "previews":
        assert len(procs) == 2

    if moment != "publishing":  # nothing is written before every file has been made
        assert tree_digest(out) == before
        return
    now = pdfs(out)
    assert set(now) == set(old)
    assert all(now[path] in (old[path], new[path]) for path in now)
    assert tree_digest(out)["manifest.json"] == before["manifest.json"]  # written last
    leftover = temps(out)
    if stop == signal.SIGKILL:
        assert all(path.name.endswith(TEMP_SUFFIX) for path in leftover)
    else:
        assert leftover == []


@needs_proc
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=lambda value: value.name)
def test_a_build_stopped_while_its_head_start_makes_the_pieces_leaves_no_process_behind(
        project, stop, monkeypatch):
    """A build into a new folder forks its first worker as it starts, and that worker the
    others, in a process group of their own (generator.head_start): stopped while they
    make the pieces, the build ends every one of them (the first worker's children too)
    before it exits; killed, the system ends them with it."""
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    build = start_build(project, "--out", "fresh", own_group=True)
    reach("previews", build, project / "unused")
    time.sleep(0.2)  # both busy
    procs = stop_and_check(build, stop)
    assert len(procs) == 2
    assert not (project / "fresh" / "manifest.json").exists()


def profiles(project: Path, count: int = 3) -> Path:
    """A folder of ``count`` profiles."""
    folder = project / "profiles"
    folder.mkdir()
    for number in range(count):
        shutil.copy(project / "content/organisation.yaml", folder / f"locatie-{number}.yaml")
    return folder


BATCH = ("--profiles", "profiles", "--jobs", "2", "--locale", "nl", "--no-previews")


@pytest.fixture(scope="module")
def batch_reference(tmp_path_factory) -> Path:
    """The batch, built without interruption (and without workers)."""
    project = tmp_path_factory.mktemp("batch")
    for name in ("content", "layouts"):
        shutil.copytree(SOURCES[name], project / name)
    profiles(project)
    result = run("build", *BATCH[:2], "--jobs", "1", *BATCH[4:], cwd=project)
    assert result.exit_code == 0, result.output
    return project / "output"


@needs_proc
@pytest.mark.parametrize("stop,moment", [
    (signal.SIGKILL, "rendering"), (signal.SIGKILL, "publishing"),
    (signal.SIGTERM, "publishing"), (signal.SIGHUP, "rendering"),
], ids=lambda value: getattr(value, "name", value))
def test_a_stopped_batch_leaves_no_process_behind(project, batch_reference, stop, moment,
                                                  tmp_path):
    profiles(project)
    flag = tmp_path / "paused"
    build = start_build(project, *BATCH, pause=flag, own_group=True)
    if moment == "rendering":  # the workers are building their profiles
        wait_until(lambda: len(descendants(build.pid)) == 2, build, "starting its workers")
        time.sleep(0.1)  # no file is renamed into place before the test lets it
    else:
        reach(moment, build, flag, let_through=3)
    procs = stop_and_check(build, stop)
    assert len(procs) == 2

    out, whole = project / "output", pdfs(batch_reference)
    now = pdfs(out)
    assert all(now[path] == whole[path] for path in now)  # a file is there whole or not at all
    if moment == "rendering":
        assert now == {}
    leftover = temps(out)
    if stop == signal.SIGKILL:
        assert all(path.name.endswith(TEMP_SUFFIX) for path in leftover)
    else:
        assert leftover == []  # each worker removed its own temporary file


@needs_proc
def test_without_the_death_signal_the_workers_still_end_with_the_build(project, tmp_path):
    """Where the system cannot end a process with its parent (not Linux), each worker's
    watchdog does: here on Linux, with the death signal switched off."""
    script = ("import sys, generator.parallel as p; p._set_death_signal = lambda: None; "
              "from generator.cli import main; sys.argv[0] = 'drukwerk'; main()")
    env = {**os.environ, WORKERS_VARIABLE: "2"}
    env.pop(PAUSE_VARIABLE, None)
    build = subprocess.Popen([sys.executable, "-c", script, "build", "--out", str(tmp_path / "o")],
                             cwd=project, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    reach("previews", build, tmp_path / "unused")
    procs = descendants(build.pid)
    assert len(procs) == 2
    build.kill()
    build.wait(timeout=WAIT)
    try:
        took = assert_gone(procs, GONE_WITHIN, f"{GONE_WITHIN:g} s after the build was killed")
    finally:
        finish(build)
    assert took < WATCH_EVERY + 1.5


# --- hostile output folders: links, things in the way, folders that are not the output's ----

def test_no_previews_never_deletes_through_a_linked_previews_folder(built, tmp_path):
    out, elsewhere = tmp_path / "output", tmp_path / "elsewhere"
    shutil.copytree(built, out)
    shutil.move(out / "previews", elsewhere)
    (out / "previews").symlink_to(elsewhere, target_is_directory=True)
    kept = tree_digest(elsewhere)
    # forced, so the files are made again and their old previews are to go
    result = run("build", "--out", str(out), "--no-previews", "--force")
    assert result.exit_code == 2, result.output
    assert "output/previews: this is a link" in result.output
    assert tree_digest(elsewhere) == kept


def test_a_manifest_row_cannot_have_a_file_outside_deleted(built, tmp_path):
    out, home = tmp_path / "output", tmp_path / "home"
    shutil.copytree(built, out)
    (home / "docs").mkdir(parents=True)
    (home / "docs/thesis.docx").write_bytes(b"years of work")
    manifest = out / "manifest.json"
    rows = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    rows[0]["previews"] = ["previews/docs/thesis.docx"]
    manifest.write_text(json.dumps({"files": rows}), encoding="utf-8")
    shutil.rmtree(out / "previews")
    (out / "previews").symlink_to(home, target_is_directory=True)
    result = run("build", "--out", str(out), "--no-previews", "--force")
    assert result.exit_code == 2 and "this is a link" in result.output
    assert (home / "docs/thesis.docx").read_bytes() == b"years of work"


def test_a_folder_in_the_way_is_refused_before_rendering_and_replaces_nothing(built, tmp_path):
    out = tmp_path / "output"
    shutil.copytree(built, out)
    (out / "manifest.json").unlink()
    (out / "manifest.json").mkdir()
    before = tree_digest(out)
    with counting_work() as work:
        result = run("build", "--out", str(out))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: ")
    assert "output/manifest.json: drukwerk writes a file here, and a folder is in the way" \
        in result.output
    assert work == {"laid out": 0, "rendered": 0}
    assert tree_digest(out) == before


def test_a_linked_lock_file_is_never_followed(built, tmp_path):
    out, target = tmp_path / "output", tmp_path / "somewhere.txt"
    shutil.copytree(built, out)
    (out / LOCK_FILE).unlink(missing_ok=True)
    (out / LOCK_FILE).symlink_to(target)
    result = run("build", "--out", str(out), "--product", "card", "--layout", "id1")
    assert result.exit_code == 2 and "this is a link" in result.output
    assert not target.exists()


@pytest.mark.parametrize("where", ["/", "content", "content/nl", "layouts"])
def test_an_output_folder_at_a_root_or_among_the_inputs_is_refused(project, where):
    before = tree_digest(project / "content")
    with counting_work() as work:
        result = run("build", "--out", where, cwd=project)
    assert result.exit_code == 2, result.output
    assert ("root of a file system" in result.output if where == "/"
            else "the output folder is inside the input folder" in result.output)
    assert work == {"laid out": 0, "rendered": 0}
    assert tree_digest(project / "content") == before


def test_stray_temporary_files_are_removed_only_where_drukwerk_writes(built, tmp_path):
    out = tmp_path / "output"
    shutil.copytree(built, out)
    elsewhere = out / "archive/.old.pdf.abcdefgh.drukwerk.tmp"  # a folder drukwerk never writes
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"someone's")
    result = run("build", "--out", str(out), "--product", "card", "--layout", "id1")
    assert result.exit_code == 0, result.output
    assert elsewhere.read_bytes() == b"someone's"


def test_a_failed_rename_puts_every_replaced_file_back_and_names_the_real_file(
        built, tmp_path, monkeypatch):
    """All or nothing: the fifth rename fails (a PDF held open on Windows); the four
    files renamed before it are put back, and the message names the PDF."""
    import generator.output.publish as publish

    out = tmp_path / "output"
    shutil.copytree(built, out)
    profile = tmp_path / "organisation.yaml"
    profile.write_text((CONTENT_FIXTURE / "organisation.yaml").read_text(encoding="utf-8")
                       .replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    before = tree_digest(out)
    renames, real = [], os.replace

    def failing(source, target):
        renames.append(target)
        if len(renames) == 5:
            raise PermissionError(13, "Permission denied", os.fspath(source))
        return real(source, target)

    monkeypatch.setattr(publish.os, "replace", failing)
    result = run("build", "--out", str(out), "--profile", str(profile))
    assert result.exit_code == 2, result.output
    failed = Path(renames[4]).relative_to(out).as_posix()
    assert f"{failed}: cannot write this file: Permission denied; nothing was changed" \
        in result.output
    assert TEMP_SUFFIX not in result.output
    assert tree_digest(out) == before
    assert temps(out) == []


def test_a_manifest_that_is_a_pipe_or_a_device_is_started_afresh(built, tmp_path):
    for make in (os.mkfifo, lambda path: path.symlink_to(os.devnull)):
        out = tmp_path / f"output-{len(list(tmp_path.iterdir()))}"
        shutil.copytree(built, out)
        (out / "manifest.json").unlink()
        make(out / "manifest.json")
        result = run("build", "--out", str(out), "--product", "card", "--layout", "id1")
        assert result.exit_code == 2, result.output  # never read, and not replaced either
        assert "output" in result.output and "manifest.json" in result.output


# --- preflight and preview on any file ---------------------------------------------------

def test_preflight_reports_on_a_pipe_a_folder_and_a_damaged_pdf(built, tmp_path):
    folder = tmp_path / "handed-in"
    folder.mkdir()
    os.mkfifo(folder / "pipe.pdf")
    (folder / "folder.pdf").mkdir()
    import pypdf
    from pypdf.generic import NameObject, NumberObject

    damaged = pypdf.PdfWriter(clone_from=built / "nl/sexting-card-id1.pdf")
    for page in damaged.pages:
        page["/Resources"].get_object()[NameObject("/Font")] = NumberObject(5)
    with open(folder / "number-as-font.pdf", "wb") as stream:
        damaged.write(stream)
    done = subprocess.run([sys.executable, "-m", "generator", "preflight", str(folder)],
                          capture_output=True, text=True, timeout=WAIT, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "expected a PDF, found a pipe" in done.stdout
    assert "expected a PDF, found a folder" in done.stdout
    assert "number-as-font.pdf" in done.stdout


def test_preview_caps_pages_and_pixels(tmp_path):
    import pypdf

    many = pypdf.PdfWriter()
    for _ in range(600):
        many.add_blank_page(width=72, height=72)
    with open(tmp_path / "many.pdf", "wb") as stream:
        many.write(stream)
    result = run("preview", str(tmp_path / "many.pdf"), cwd=tmp_path)
    assert result.exit_code == 2
    assert "the PDF has 600 pages; drukwerk draws previews of at most 500" in result.output
    assert not list(tmp_path.glob("*.png"))

    long = pypdf.PdfWriter()
    long.add_blank_page(width=5000 * MM, height=5000 * MM)  # 5 m by 5 m
    with open(tmp_path / "long.pdf", "wb") as stream:
        long.write(stream)
    result = run("preview", "--ppi", "600", str(tmp_path / "long.pdf"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    from PIL import Image
    with Image.open(tmp_path / "long-p1.png") as picture:
        assert picture.width * picture.height <= 25_000_000
        assert picture.width > 4000  # capped, not shrunk to nothing


def test_a_disk_without_room_is_refused_before_rendering(built, tmp_path, monkeypatch):
    import generator.output.folder as folder

    out = tmp_path / "output"
    shutil.copytree(built, out)
    before = tree_digest(out)
    monkeypatch.setattr(folder.shutil, "disk_usage",
                        lambda path: shutil._ntuple_diskusage(10**9, 10**9 - 200_000, 200_000))
    with counting_work() as work:
        result = run("build", "--out", str(out))
    assert result.exit_code == 2, result.output
    assert "the disk has 195 KB free; this build writes about" in result.output
    assert "make room on the disk" in result.output
    assert work == {"laid out": 0, "rendered": 0}
    assert tree_digest(out) == before
