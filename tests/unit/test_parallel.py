"""A worker told to stop ends, quietly, even when the stop lands where Python cannot
raise it (a finalizer run by the garbage collector in the middle of a task)."""
from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TASK = textwrap.dedent("""
    import signal, sys, weakref
    from generator import parallel
    sys.unraisablehook = parallel._quiet_stop   # as _start_worker sets it in a worker

    class Thing:
        pass

    def task():
        thing = Thing()
        # the stop signal arrives while a finalizer runs: Python swallows what it raises
        weakref.finalize(thing, parallel.stop_worker, signal.SIGTERM, None)
        del thing
        return "the task went on to its end"

    print(parallel.run_task(task))
""")


def test_a_stop_inside_a_finalizer_ends_the_worker_after_its_task_without_a_word():
    done = subprocess.run([sys.executable, "-c", TASK], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 128 + signal.SIGTERM
    assert done.stderr == ""        # no "Exception ignored in: <finalize ...>"
    assert done.stdout == ""        # the task's result is not handed back after a stop


def test_other_unraisable_errors_are_still_reported():
    code = TASK.replace("parallel.stop_worker, signal.SIGTERM, None", "int, 'x'")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    assert "Exception ignored" in done.stderr and "ValueError" in done.stderr
