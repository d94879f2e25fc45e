"""Benchmark: whole-process timings of the CLI and the size of each PDF and preview.

Not a test (timings depend on the machine); run it by hand:

    python tests/benchmark.py [--runs 7] [--profiles 100]

Targets on a 2-core machine: `drukwerk --help` under 0.1 s, the full default
build (previews included) under 1.0 s, every PDF under 40 KB, every preview
PNG under 100 KB; and a batch of 100 profiles (the full set each, previews and
preflight off) under 30 s, its time per document within 1.2 x of a
single-profile build's; a long protocol (the four-page test topic) laid out
and rendered in the same time per page as the shipped two-page one, within
1.2 x. It also reports what tagging costs: the office pieces rendered with
their marked content, and the pikepdf pass that writes their structure tree.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"--help": 0.1, "build (all)": 1.0}
BATCH_TARGET_S = 30.0
BATCH_PER_DOCUMENT_RATIO = 1.2
PER_PAGE_RATIO = 1.2
LONG_TOPIC = ROOT / "tests/fixtures/shapes", "meldcode"  # a text of four A4 pages
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
    parser.add_argument("--profiles", type=int, default=100,
                        help="profiles in the batch benchmark (0 skips it)")
    arguments = parser.parse_args()
    runs = arguments.runs
    cli = [sys.executable, "-m", "generator"]
    failed = False
    with tempfile.TemporaryDirectory() as out:
        cases = {"--help": cli + ["--help"], "build (all)": cli + ["build", "--out", out],
                 "build --no-previews": cli + ["build", "--out", out, "--no-previews"],
                 "build, no previews or preflight": cli + ["build", "--out", out, "--no-previews",
                                                           "--no-preflight"]}
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
    failed |= protocol_per_page(runs)
    tagging_cost(runs)
    if arguments.profiles:
        failed |= batch(cli, arguments.profiles)
    return 1 if failed else 0


def protocol_per_page(runs: int) -> bool:
    """Lay-out and rendering of one protocol, warm, in this process: the shipped topic
    and a long one; True when a page of the long one costs more than PER_PAGE_RATIO x."""
    sys.path.insert(0, str(ROOT))
    from generator.output.produce import produce
    from generator.pipeline import Inputs, lay_out_plan, make_plan

    cases = {"shipped (sexting)": (ROOT / "content", "sexting"), "long (meldcode)": LONG_TOPIC}
    per_page = {}
    print("protocol sheet, lay-out and rendering in one process (warm), median")
    for name, (content, topic) in cases.items():
        inputs = Inputs(content=content, layouts=ROOT / "layouts",
                        profile=content / "organisation.yaml", locales=("nl",),
                        products=("protocol",), topics=(topic,))
        times, pages = [], 0
        for _ in range(runs + 1):  # the first run loads fonts and modules: not counted
            start = time.perf_counter()
            laid = lay_out_plan(make_plan(inputs))
            for job, document in zip(laid.jobs, laid.documents):
                produce(job, document)
                pages = len(document.pages)
            times.append(time.perf_counter() - start)
        seconds = statistics.median(times[1:])
        per_page[name] = seconds / pages
        print(f"  {name:<26} {seconds * 1000:7.0f} ms, {pages} pages, "
              f"{per_page[name] * 1000:.0f} ms per page")
    ratio = per_page["long (meldcode)"] / per_page["shipped (sexting)"]
    over = ratio > PER_PAGE_RATIO
    print(f"  per page, long / shipped: {ratio:.2f} x (target {PER_PAGE_RATIO} x)  "
          f"{'OVER' if over else 'ok'}")
    return over


def tagging_cost(runs: int) -> None:
    """Every office piece of the shipped content rendered untagged, rendered marked, and
    given its structure tree (warm, in this process): what a tagged PDF costs."""
    sys.path.insert(0, str(ROOT))
    from generator.output.structure import tag_pdf
    from generator.pipeline import Inputs, lay_out_plan, make_plan
    from generator.prepress.imposition import single
    from generator.render.pdf import render_pdf
    from generator.render.tagging import Marking

    inputs = Inputs(content=ROOT / "content", layouts=ROOT / "layouts",
                    profile=ROOT / "content/organisation.yaml")
    laid = lay_out_plan(make_plan(inputs))
    pieces = [(document, single(document, guides=True),
               job.resolved.organisation.colours.model_dump())
              for job, document in zip(laid.jobs, laid.documents)]
    totals = {"render, untagged": [], "render, marked": [], "structure tree (pikepdf)": []}
    for _ in range(runs + 1):  # the first run loads modules: not counted
        spent = dict.fromkeys(totals, 0.0)
        for document, imposition, palette in pieces:
            start = time.perf_counter()
            render_pdf(document, imposition, palette)
            middle = time.perf_counter()
            marking = Marking()
            data = render_pdf(document, imposition, palette, marking=marking)
            marked = time.perf_counter()
            tag_pdf(data, marking, document)
            spent["render, untagged"] += middle - start
            spent["render, marked"] += marked - middle
            spent["structure tree (pikepdf)"] += time.perf_counter() - marked
        for name in totals:
            totals[name].append(spent[name])
    print(f"tagging, {len(pieces)} office pieces (warm, in one process), median")
    for name, times in totals.items():
        print(f"  {name:<26} {statistics.median(times[1:]) * 1000:7.0f} ms")


def batch(cli: list[str], count: int) -> bool:
    """Many profiles (alternately the plain default and the example with logo and QR
    code), the full set each, previews and preflight off; True when over target."""
    examples = [ROOT / "content/organisation.yaml",
                ROOT / "content/profiles/zorggroep-oosterhout.yaml"]
    quick = ["--no-previews", "--no-preflight"]
    with tempfile.TemporaryDirectory() as folder:
        profiles = Path(folder) / "profiles"
        profiles.mkdir()
        shutil.copy(ROOT / "content/profiles/logo-zorggroep.svg", profiles)
        for number in range(count):
            shutil.copy(examples[number % 2], profiles / f"locatie-{number:03d}.yaml")
        single_out, batch_out = Path(folder) / "single", Path(folder) / "batch"
        single = median_seconds(cli + ["build", "--out", str(single_out)] + quick, 3)
        single_docs = len(json.loads((single_out / "manifest.json").read_text())["files"])
        start = time.perf_counter()
        subprocess.run(cli + ["build", "--profiles", str(profiles), "--out", str(batch_out)]
                       + quick, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        docs = len(json.loads((batch_out / "manifest.json").read_text())["files"])
    per_single, per_batch = single / single_docs, seconds / docs
    # The batch runs on every core; per document it is compared as work done per core.
    ratio = per_batch * (os.cpu_count() or 1) / per_single
    over = seconds > BATCH_TARGET_S or ratio > BATCH_PER_DOCUMENT_RATIO
    print(f"batch of {count} profiles, {docs} documents, previews and preflight off")
    print(f"  whole batch {seconds:7.1f} s (target {BATCH_TARGET_S:g} s)")
    print(f"  per document: single build {per_single * 1000:.1f} ms, batch {per_batch * 1000:.1f} ms"
          f" on {os.cpu_count()} cores = {ratio:.2f} x per core "
          f"(target {BATCH_PER_DOCUMENT_RATIO} x)  {'OVER' if over else 'ok'}")
    return over


if __name__ == "__main__":
    sys.exit(main())
