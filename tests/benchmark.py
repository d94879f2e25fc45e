"""Benchmark: whole-process timings of the CLI and the size of each PDF and preview.

Not a test (timings depend on the machine); run it by hand:

    python tests/benchmark.py [--runs 7]

Targets on a 2-core machine: `drukwerk --help` under 0.1 s, the full default
build (previews included) under 1.0 s, every PDF under 40 KB, every preview
PNG under 100 KB.
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
MAX_PNG_KB = 100


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
        cases = {"--help": cli + ["--help"], "build (all)": cli + ["build", "--out", out],
                 "build --no-previews": cli + ["build", "--out", out, "--no-previews"]}
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
        # The last case built one product; build all again, with previews, to measure.
        subprocess.run(cli + ["build", "--out", out], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        manifest = json.loads((Path(out) / "manifest.json").read_text())
        files = [(row["path"], MAX_PDF_KB) for row in manifest["files"]]
        files += [(path, MAX_PNG_KB) for row in manifest["files"] for path in row["previews"]]
        print("file sizes")
        for path, limit in files:
            size = (Path(out) / path).stat().st_size / 1024
            verdict = "ok" if size <= limit else f"OVER {limit} KB"
            failed |= size > limit
            print(f"  {path:<44} {size:6.1f} KB  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
