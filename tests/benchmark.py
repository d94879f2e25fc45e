"""Benchmark: whole-process timings of the CLI and the size of each PDF.

Not a test (timings depend on the machine); run it by hand:

    python tests/benchmark.py [--runs 7]

Targets on a 2-core machine: `drukwerk --help` under 0.1 s, the full default
build under 1.0 s, every PDF under 40 KB.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"--help": 0.1, "build (all)": 1.0}
MAX_PDF_KB = 40


def median_seconds(args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    cli = [sys.executable, "-m", "generator"]
    failed = False
    with tempfile.TemporaryDirectory() as out:
        cases = {"--help": cli + ["--help"], "build (all)": cli + ["build", "--out", out]}
        for product in ("protocol", "poster", "card"):
            cases[f"build --product {product}"] = cli + ["build", "--out", out,
                                                         "--product", product]
        print(f"median of {runs} runs, whole processes")
        for name, args in cases.items():
            seconds = median_seconds(args, runs)
            target = TARGETS.get(name)
            verdict = "" if target is None else ("  ok" if seconds <= target else
                                                 f"  OVER target {target} s")
            failed |= bool(target and seconds > target)
            print(f"  {name:<26} {seconds * 1000:7.0f} ms{verdict}")
        print("PDF sizes")
        manifest = json.loads((Path(out) / "manifest.json").read_text())
        for row in manifest["files"]:
            size = (Path(out) / row["path"]).stat().st_size / 1024
            verdict = "ok" if size <= MAX_PDF_KB else f"OVER {MAX_PDF_KB} KB"
            failed |= size > MAX_PDF_KB
            print(f"  {row['path']:<40} {size:6.1f} KB  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
