"""The head start (generator.head_start): a build into a new folder forks its first
worker as the command starts. It must make the same build as the workers forked later,
say the same errors, and leave no process behind however the build ends."""
from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import signal
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import CONTENT_FIXTURE, FIXTURES, ROOT, default_inputs, run
from generator import making
from generator.head_start import HeadStart, WorkerEnded, worth_it
from generator.making import Options
from generator.model.products import all_products
from generator.parallel import WORKERS_VARIABLE

pytestmark = pytest.mark.skipif(not worth_it(Path("/nonexistent"), False, 2),
                                reason="the head start is for Linux, where workers fork")


def digests(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()
            and not path.name.startswith(".")}


@pytest.fixture
def watched(monkeypatch):
    """Every head start a command makes, and whether its workers made the pieces."""
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    started: list[HeadStart] = []
    used: list[bool] = []
    start, make_all = HeadStart.__init__, HeadStart.make_all

    def init(self, *args, **kwargs):
        start(self, *args, **kwargs)
        started.append(self)

    def spy(self, *args, **kwargs):
        made = make_all(self, *args, **kwargs)
        used.append(made is not None)
        return made

    monkeypatch.setattr(HeadStart, "__init__", init)
    monkeypatch.setattr(HeadStart, "make_all", spy)
    return started, used


def gone(started: list[HeadStart]) -> bool:
    """Whether every worker of every head start has ended and been reaped."""
    for early in started:
        try:
            os.killpg(early.pid, 0)
        except ProcessLookupError:
            continue
        return False
    return True


def build(out: Path, *args: str, content: Path = CONTENT_FIXTURE):
    return run("build", "--content", str(content), "--layouts", str(ROOT / "layouts"),
               "--out", str(out), *args)


@pytest.mark.parametrize("mode", ["office", "press"])
def test_a_head_start_makes_the_same_build_as_workers_forked_later(watched, tmp_path, mode):
    started, used = watched
    first = build(tmp_path / "new", "--mode", mode)
    assert first.exit_code == 0, first.output
    assert len(started) == 1 and used == [True]
    # into a folder with a manifest: no head start, the workers fork after planning
    again = tmp_path / "again"
    (again / "manifest.json").parent.mkdir()
    (again / "manifest.json").write_text("{}")
    second = build(again, "--mode", mode)
    assert second.exit_code == 0, second.output
    assert len(started) == 1
    made = digests(tmp_path / "new")
    assert len([name for name in made if name.endswith(".pdf")]) >= 18
    assert made == digests(again)
    assert first.output.replace("new", "OUT") == second.output.replace("again", "OUT")
    assert gone(started)


def test_force_takes_a_head_start_and_one_core_none(watched, tmp_path, monkeypatch):
    started, used = watched
    out = tmp_path / "out"
    assert build(out, "--locale", "nl", "--product", "poster").exit_code == 0
    assert build(out, "--locale", "nl", "--product", "poster", "--force").exit_code == 0
    assert len(started) == 2 and used == [True, True]
    monkeypatch.setenv(WORKERS_VARIABLE, "1")
    assert build(tmp_path / "one", "--locale", "nl", "--product", "poster").exit_code == 0
    assert len(started) == 2
    assert not worth_it(out, False, 2) and worth_it(out, True, 2)
    assert not worth_it(tmp_path / "none", False, 1)
    assert gone(started)


def test_the_errors_of_every_piece_are_said_as_without_a_head_start(watched, tmp_path):
    started, used = watched
    said = []
    for out in (tmp_path / "new", tmp_path / "again"):
        if out.name == "again":
            out.mkdir()
            (out / "manifest.json").write_text("{}")
        # the fifteen questions of a topic do not fit either card asked for by name
        result = build(out, "--product", "card", "--layout", "id1", "--layout", "badge",
                       content=FIXTURES / "shapes")
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        said.append(result.output.replace(out.name, "OUT"))
    assert used == [True]
    assert said[0] == said[1] and said[0].count("error: ") == 2
    assert gone(started)


def test_a_build_that_fails_before_its_pieces_ends_its_head_start(watched, project):
    started, used = watched
    profile = project / "content" / "organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\nnot: [closed\n",
                       encoding="utf-8")
    result = run("build", "--out", "output", cwd=project)
    assert result.exit_code == 2, result.output
    assert "organisation.yaml" in result.output and "Traceback" not in result.output
    assert len(started) == 1 and used == []
    assert gone(started)
    assert not (project / "output").exists()


def test_a_worker_that_dies_is_said_and_nothing_is_written(watched, tmp_path, monkeypatch):
    started, used = watched
    make = making.make

    def dies(job, digest, options):   # in a worker: the out-of-memory killer, say
        if job.product.name == "poster":
            os.kill(os.getpid(), signal.SIGKILL)
        return make(job, digest, options)

    monkeypatch.setattr(making, "make", dies)
    out = tmp_path / "out"
    result = build(out, "--locale", "nl")
    assert result.exit_code == 1, result.output
    assert "internal error: WorkerEnded: a worker process of the build ended" in result.output
    assert not out.exists() or digests(out) == {}
    assert gone(started)


def test_a_bug_in_a_worker_is_raised_in_the_build_with_the_workers_trace(watched, tmp_path,
                                                                        monkeypatch):
    from generator.pipeline import build as run_build

    started, _ = watched

    def bug(job, digest, options):
        raise ValueError(f"no {job.product.name} today")

    monkeypatch.setattr(making, "make", bug)
    inputs = default_inputs(locales=("nl",))
    with HeadStart(2, Options()) as early:
        with pytest.raises(ValueError, match="no .* today") as raised:
            run_build(inputs, tmp_path / "out", head_start=early)
    assert "in the worker:" in str(raised.value.__cause__)
    assert "in bug" in str(raised.value.__cause__)   # the worker's own traceback
    assert gone([early])


def test_jobs_that_cannot_be_handed_over_are_made_without_the_head_start(tmp_path):
    """A product made in a test, not the registry's, cannot be pickled: the head start
    ends, and the pieces are made as without it (here, in this process)."""
    from generator.pipeline import make_plan

    jobs = make_plan(default_inputs(locales=("nl",), products=("poster",))).jobs
    odd = [replace(job, product=replace(job.product, what_for="a test")) for job in jobs]
    with pytest.raises(pickle.PicklingError):
        pickle.dumps(odd[0].product)
    early = HeadStart(2, Options())
    handed = early.make_all(odd, ["d"] * len(odd), Options(), list(range(len(odd))),
                            [("nl", None)] * len(odd), None, lambda: None, lambda: None, None)
    assert handed is None and gone([early])
    made, _ = making.make_all(odd, ["d"] * len(odd), Options(preflight=False, previews=False),
                              workers=1, head_start=early)
    assert len(made) == len(odd) and all(isinstance(one, making.Made) for one in made)


def test_a_registry_product_pickles_as_itself():
    for product in all_products().values():
        assert pickle.loads(pickle.dumps(product)) is product


def test_a_worker_gone_before_the_jobs_arrive_is_said(tmp_path):
    from generator.pipeline import make_plan

    jobs = make_plan(default_inputs(locales=("nl",), products=("poster",))).jobs
    early = HeadStart(2, Options())
    os.killpg(early.pid, signal.SIGKILL)   # the out-of-memory killer, say
    with pytest.raises(WorkerEnded), early:
        early.make_all(jobs, ["d"] * len(jobs), Options(), list(range(len(jobs))),
                       [("nl", None)] * len(jobs), None, lambda: None, lambda: None, None)


def test_the_head_start_is_ended_by_a_stop_while_it_loads(tmp_path, monkeypatch):
    """A build told to stop while its first worker still loads ends it at once."""
    import time

    loading = tmp_path / "loading"

    def load(options, parsing=True):
        loading.write_text("yes")
        time.sleep(30)

    from generator import head_start

    monkeypatch.setattr(making, "prepare", load)
    signalled = []
    signal_group = head_start._signal_group

    def watched_signal(group, number):
        signalled.append(number)
        signal_group(group, number)

    monkeypatch.setattr(head_start, "_signal_group", watched_signal)
    early = HeadStart(2, Options())
    deadline = time.monotonic() + 60   # not a limit on the test: a guard against a hang
    while not loading.exists():
        assert time.monotonic() < deadline
        time.sleep(0.01)
    with early:
        pass
    # ended by the stop it was sent, not killed once the time to tidy up ran out
    assert signalled == [signal.SIGTERM] and gone([early])



def test_a_stop_as_a_worker_returns_from_fork_never_leaves_the_worker(monkeypatch):
    """A stop signal that lands in a worker the moment it returns from fork (before its
    own handlers are set: the build's raise Stopped) ends that worker; it must never run
    on in the code that forked it (the build, or this test session)."""
    from generator import head_start
    from generator.parallel import Stopped

    fork = os.fork

    def stopped_as_it_returns():
        pid = fork()
        if pid == 0:
            raise Stopped(signal.SIGTERM)
        return pid

    monkeypatch.setattr(head_start.os, "fork", stopped_as_it_returns)
    build = os.getpid()
    try:
        pid = head_start._fork(lambda parent: None, build)
    except Stopped:
        if os.getpid() != build:   # the worker, here: as if it ran on in the build
            os._exit(99)
        raise
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 1


def test_a_stop_while_the_workers_end_still_ends_them(monkeypatch):
    """Stopped while it waits for its workers to end, the build leaves the block that
    holds them: that ending it interrupted is finished, and every worker reaped."""
    from generator import head_start
    from generator.parallel import Stopped

    jobs = ["first", "second"]
    monkeypatch.setattr(making, "make", lambda job, digest, options: job.upper())
    ended = head_start._ended
    stops = []

    def stopped_once(pid):   # the stop lands as the build first looks whether they ended
        if not stops:
            stops.append(pid)
            raise Stopped(signal.SIGTERM)
        return ended(pid)

    with pytest.raises(Stopped), HeadStart(2, Options()) as early:
        monkeypatch.setattr(head_start, "_ended", stopped_once)
        early.make_all(jobs, ["d"] * 2, Options(), [0, 1], [("nl", "a"), ("nl", "b")],
                       None, lambda: None, lambda: None, None)
    assert stops and gone([early])


def test_a_first_worker_that_cannot_load_says_why_as_the_build_would(watched, tmp_path,
                                                                     monkeypatch):
    """Loading the render stage fails in the first worker (as it would in the build that
    loads it without a head start): the build says that error, not a worker gone."""
    started, used = watched

    def cannot(options, parsing=True):
        raise OSError("the fonts cannot be read")

    monkeypatch.setattr(making, "prepare", cannot)
    result = build(tmp_path / "out", "--locale", "nl", "--product", "poster")
    assert result.exit_code == 1, result.output
    assert "internal error: OSError: the fonts cannot be read" in result.output
    assert used == [] and len(started) == 1 and gone(started)


def test_a_bug_whose_error_cannot_be_pickled_is_still_said_with_its_trace(tmp_path,
                                                                          monkeypatch):
    import threading

    from generator.pipeline import build as run_build

    def bug(job, digest, options):
        error = ValueError(f"no {job.product.name} today")
        error.held = threading.Lock()   # cannot be pickled
        raise error

    monkeypatch.setattr(making, "make", bug)
    with HeadStart(2, Options()) as early:
        with pytest.raises(RuntimeError, match="ValueError: no .* today") as raised:
            run_build(default_inputs(locales=("nl",)), tmp_path / "out", head_start=early)
    assert "in bug" in str(raised.value.__cause__)   # the worker's own traceback
    assert gone([early])


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_workers_that_write_to_the_terminal_are_not_stopped_for_it(tmp_path):
    """The workers' process group is not the terminal's foreground group: with `stty
    tostop`, the terminal stops a background process that writes to it (SIGTTOU), and
    the build would wait for ever for a worker that says something (a warning)."""
    import select
    import subprocess
    import sys
    import termios
    import time

    main, terminal = os.openpty()
    settings = termios.tcgetattr(terminal)
    settings[3] |= termios.TOSTOP
    termios.tcsetattr(terminal, termios.TCSANOW, settings)
    script = ("import fcntl, sys, termios\n"
              "fcntl.ioctl(0, termios.TIOCSCTTY, 0)\n"   # the terminal becomes its own
              "from generator import making\nmake = making.make\n"
              "def saying(*args):\n"
              "    print('a word from a worker', file=sys.stderr, flush=True)\n"
              "    return make(*args)\n"
              "making.make = saying\nfrom generator.cli import main\n"
              "sys.argv[0] = 'drukwerk'\nmain()")
    build = subprocess.Popen(
        [sys.executable, "-c", script, "build", "--content", str(CONTENT_FIXTURE), "--layouts",
         str(ROOT / "layouts"), "--out", str(tmp_path / "out"), "--locale", "nl",
         "--product", "poster"],
        cwd=ROOT, stdin=terminal, stdout=terminal, stderr=terminal, start_new_session=True,
        env={**os.environ, WORKERS_VARIABLE: "2"})
    os.close(terminal)
    said = b""
    deadline = time.monotonic() + 60   # not a limit on the test: a guard against a hang
    try:
        while build.poll() is None and time.monotonic() < deadline:
            if select.select([main], [], [], 0.1)[0]:
                with contextlib.suppress(OSError):
                    said += os.read(main, 65536)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)   # its workers end with it
        build.wait()
        os.close(main)
    assert build.returncode == 0, said
    assert b"a word from a worker" in said
