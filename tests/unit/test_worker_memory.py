"""A worker keeps the memory it frees for its next page (glibc's malloc options, set as it
starts); where the C library is not glibc, nothing is done and nothing fails."""
from __future__ import annotations

import ctypes
import inspect
import os
import subprocess
import sys
import textwrap

import pytest

from generator import parallel
from generator.parallel import M_MMAP_THRESHOLD, WORKER_MALLOC, keep_freed_memory, run_task

GLIBC = (getattr(os, "confstr", lambda name: None)("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
# the probe reads the heap's figures with mallinfo2 (glibc 2.33 and later)
PROBE = GLIBC and hasattr(ctypes.CDLL(None), "mallinfo2")
# The largest picture a build draws of one page: 2,000 pixels on its longest side, 32-bit.
LARGEST_PAGE = 2000 * 2000 * 4


def heap_probe(size: int = 24 * 1024 * 1024) -> tuple[bool, bool]:
    """Whether a block of ``size`` bytes (a few pages' pictures) comes from the heap rather
    than a mapping of its own, and whether, once freed, it stays in the process."""
    import ctypes   # again: the probe also runs alone, in a new process

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL(None)
    libc.mallinfo2.restype = MallInfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    mapped = libc.mallinfo2().hblkhd   # bytes in blocks mapped one by one
    block = libc.malloc(size)
    from_heap = libc.mallinfo2().hblkhd == mapped
    libc.free(block)
    kept = libc.mallinfo2().fordblks >= size   # free bytes still held in the heap
    return from_heap, kept


def probed_after(start) -> tuple[bool, bool]:
    """The heap probe in a forked process that first runs ``start``."""
    from multiprocessing import get_context

    context = get_context("fork")
    receiving, sending = context.Pipe(duplex=False)

    def work() -> None:
        start()
        sending.send(heap_probe())

    process = context.Process(target=work)
    process.start()
    try:
        return receiving.recv()
    finally:
        process.join(60)


@pytest.mark.skipif(not PROBE, reason="glibc's malloc options, read with mallinfo2")
def test_a_worker_draws_its_next_page_in_the_memory_it_freed():
    with parallel.worker_pool(1) as pool:    # a worker of a pool
        assert pool.submit(run_task, heap_probe).result() == (True, True)
    # a worker started as the head start starts its own
    assert probed_after(lambda: parallel.start_worker(os.getppid(), watch=False)) == (True, True)
    # the same probe in a new process, with glibc's defaults: its own mapping, given back
    source = textwrap.dedent(inspect.getsource(heap_probe)) + "\nprint(heap_probe())"
    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "(False, False)"


class FakeLibc:
    def __init__(self, answer: int = 1) -> None:
        self.answer = answer
        self.calls: list[tuple[int, int]] = []

    def mallopt(self, option: int, value: int) -> int:
        self.calls.append((option, value))
        return self.answer


def test_the_options_are_set_in_the_c_library_and_fit_every_page_a_build_draws():
    libc = FakeLibc()
    assert keep_freed_memory(libc) is True
    assert libc.calls == list(WORKER_MALLOC)
    assert dict(libc.calls)[M_MMAP_THRESHOLD] >= LARGEST_PAGE


def test_a_c_library_that_refuses_an_option_is_reported():
    libc = FakeLibc(answer=0)
    assert keep_freed_memory(libc) is False
    assert libc.calls == list(WORKER_MALLOC)   # each option is still tried


def test_without_mallopt_nothing_is_done_and_nothing_fails():
    assert keep_freed_memory(object()) is False


@pytest.mark.parametrize("confstr", [
    lambda name: "musl",                                      # another C library
    lambda name: None,                                        # the name has no value
    pytest.param(None, id="no confstr (Windows)"),
    pytest.param(lambda name: (_ for _ in ()).throw(ValueError(name)),
                 id="unknown name (macOS)"),
])
def test_without_glibc_nothing_is_done_and_nothing_fails(monkeypatch, confstr):
    if confstr is None:
        monkeypatch.delattr(os, "confstr", raising=False)
    else:
        monkeypatch.setattr(os, "confstr", confstr)
    loaded = []
    monkeypatch.setattr("ctypes.CDLL", lambda *args, **kwargs: loaded.append(args))
    assert keep_freed_memory() is False
    assert loaded == []    # the C library is not even opened
