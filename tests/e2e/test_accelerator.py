"""ReportLab's C accelerator (rl-accel) is used where installed, and without it the
pure-Python fallback makes the same bytes; no stream is ASCII85-encoded."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from conftest import ROOT

BUILD = ("build", "--locale", "nl", "--product", "card", "--product", "protocol",
         "--no-previews", "--no-preflight")
# Run the command line in a fresh interpreter, optionally with the accelerator hidden
# the way an interpreter without it sees it, and say which width function ReportLab took.
SCRIPT = """
import sys
if sys.argv[1] == "hide":
    sys.modules["_rl_accel"] = None
from reportlab.lib import rl_accel
print(rl_accel.fp_str.__module__ or "_rl_accel", file=sys.stderr)
from generator.cli import main
sys.argv = ["drukwerk", *sys.argv[2:]]
main()
"""


def build(out: Path, accelerator: str) -> str:
    done = subprocess.run([sys.executable, "-c", SCRIPT, accelerator, *BUILD, "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stderr.splitlines()[0]


def test_without_the_accelerator_the_files_are_the_same(tmp_path):
    pytest.importorskip("_rl_accel", reason="rl-accel is not installed here")
    fast, slow = tmp_path / "fast", tmp_path / "slow"
    assert build(fast, "use") == "_rl_accel"
    assert build(slow, "hide") == "reportlab.lib.rl_accel"
    files = sorted(p.relative_to(fast) for p in fast.rglob("*.pdf"))
    assert files and files == sorted(p.relative_to(slow) for p in slow.rglob("*.pdf"))
    for path in files:
        assert (fast / path).read_bytes() == (slow / path).read_bytes(), path


def test_no_stream_is_ascii85_encoded(built):
    for path in sorted(built.rglob("*.pdf")):
        streams = list(_streams(pypdf.PdfReader(path)))
        assert streams, path
        for obj in streams:
            filters = obj.get("/Filter")
            names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
            assert "/ASCII85Decode" not in names, path


def _streams(reader: pypdf.PdfReader):
    """Every stream object in the file."""
    for generation, numbers in reader.xref.items():
        for number in numbers:
            obj = reader.get_object(pypdf.generic.IndirectObject(number, generation, reader))
            if isinstance(obj, pypdf.generic.StreamObject):
                yield obj
