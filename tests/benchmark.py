"""Benchmark: drukwerk's times against a plain ReportLab script, and its own targets.

Not a test (timings depend on the machine); run it by hand:

    python tests/benchmark.py [--runs 5] [--profiles 100] [--batch-previews]

The yardstick is :func:`hand_written_protocol` below: the shipped Dutch protocol
written the way a developer would without drukwerk, with ReportLab's platypus
(the same topic and profile, the same font, header band, lists, tick boxes,
document control and page numbers; no text fitting, no checks, no previews).
Cold times are whole processes, started the same way; warm times are the same
work repeated in this process. Every target is printed with its measured value
and whether it holds; the exit status is 1 when one does not.

Targets (2 cores): the full default build (previews and preflight on) within
1.0 s cold and 7 x the cold script; an unchanged rebuild within 0.3 s with
nothing made or rewritten; a changed topic makes only that topic's files;
`drukwerk --help` within 2.5 x a bare `python -c pass`; one document cold within
2 x the script, warm within 1.5 x for the protocol, the poster and the card
sheet (each against the script's protocol; drukwerk with its content folder and
layouts read once, as a batch reads them, and also shown reading them again); 100 profiles without previews
within 10 s, with previews and preflight within 60 s; the full build's peak
memory within 150 MB; every PDF within 40 KB and every preview within 100 KB;
a page of a long protocol within 1.2 x the time of a page of the shipped one.
It also reports what tagging costs: the office pieces rendered with their marked
content, and with their structure tree written into the same file as it is saved.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_PDF_KB = 40
MAX_PNG_KB = 100
PYTHON = [sys.executable]
CLI = PYTHON + ["-m", "generator"]
QUICK = ["--no-previews", "--no-preflight"]
ONE = {  # one document each: the product, the layout and the file drukwerk writes
    "protocol": (["--product", "protocol", "--layout", "a4"], "nl/sexting-protocol-a4.pdf"),
    "poster": (["--product", "poster", "--layout", "a3"], "nl/sexting-poster-a3.pdf"),
    "card sheet": (["--product", "card", "--layout", "id1"], "nl/sexting-card-id1-sheet.pdf"),
}


# --- the yardstick: the protocol in plain ReportLab ------------------------------------

_FONTS_REGISTERED = False


def hand_written_protocol(out: Path) -> None:
    """The Dutch sexting protocol as an A4 PDF, written directly with ReportLab."""
    global _FONTS_REGISTERED
    import fontpkg_atkinson_hyperlegible as fontpkg
    import yaml
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (KeepTogether, ListFlowable, ListItem, Paragraph,
                                    SimpleDocTemplate, Spacer, Table, TableStyle)

    if not _FONTS_REGISTERED:
        files = fontpkg.ROOT / "files"
        pdfmetrics.registerFont(TTFont("Atkinson", str(files / "AtkinsonHyperlegible-Regular.ttf")))
        pdfmetrics.registerFont(TTFont("Atkinson-Bold", str(files / "AtkinsonHyperlegible-Bold.ttf")))
        pdfmetrics.registerFontFamily("Atkinson", normal="Atkinson", bold="Atkinson-Bold")
        _FONTS_REGISTERED = True
    topic = yaml.safe_load((ROOT / "content/nl/sexting.yaml").read_text(encoding="utf-8"))
    profile = yaml.safe_load((ROOT / "content/organisation.yaml").read_text(encoding="utf-8"))

    def fill(text: str) -> str:   # {{ organisation.meldpunt.name }} and the like
        def value(match):
            node = {"organisation": profile}
            for part in match.group(1).split("."):
                node = node[part]
            return str(node)
        return re.sub(r"\{\{\s*([\w.]+)\s*\}\}", value, text)

    primary, tint = colors.HexColor(profile["colours"]["primary"]), colors.HexColor(
        profile["colours"]["tint"])
    body = ParagraphStyle("body", fontName="Atkinson", fontSize=10, leading=13, spaceAfter=4)
    heading = ParagraphStyle("heading", parent=body, fontName="Atkinson-Bold", fontSize=13,
                             leading=16, textColor=primary, spaceBefore=8, spaceAfter=4)
    title = ParagraphStyle("title", parent=heading, fontSize=18, leading=22, spaceBefore=0)

    def bullets(items, start=None):
        return ListFlowable([ListItem(Paragraph(fill(item), body), leftIndent=12)
                             for item in items], bulletType="1" if start else "bullet",
                            start=start or "•", leftIndent=14, bulletFontName="Atkinson")

    story = [Table([[Paragraph(profile["name"], body)], [Paragraph(topic["title"], title)]],
                   colWidths=[180 * mm], style=TableStyle([
                       ("BACKGROUND", (0, 0), (-1, -1), tint),
                       ("LEFTPADDING", (0, 0), (-1, -1), 8)])),
             Spacer(1, 6), Paragraph("Vraag", heading), Paragraph(fill(topic["question"]), body),
             Paragraph("Antwoord", heading)]
    for section in topic["answer"]:
        story += [Paragraph(fill(text), body) for text in section.get("paragraphs", [])]
    story += [Paragraph("Risico’s", heading), bullets(topic["risks"]),
              Paragraph("Wat moet ik doen?", heading),
              bullets([step["text"] + "".join(
                  f" <i>({topic['roles'][role]['name']})</i>" for role in step.get("roles", []))
                  for step in topic["steps"]], start=1),
              Paragraph("Wie doet wat", heading),
              bullets([f"<b>{role['name']}</b>: {role['does']}"
                       for role in topic["roles"].values()]),
              Paragraph(topic["tips"]["title"], heading), Paragraph(topic["tips"]["intro"], body),
              bullets([tip["text"] for tip in topic["tips"]["items"]]),
              Paragraph("Checkvragen", heading)]
    story += [Paragraph(f"☐ {fill(check)}", body) for check in topic["checks"]]
    meldpunt, control = profile["meldpunt"], profile["document"]
    story.append(KeepTogether([
        Paragraph("Contact", heading),
        Paragraph(f"{meldpunt['name']}: telefoon {meldpunt['phone'] or '__________'}, "
                  f"e-mail {meldpunt['email'] or '__________'}", body),
        Table([[key, str(control[key])] for key in ("id", "version", "date", "owner",
                                                      "review_date")],
              style=TableStyle([("FONTNAME", (0, 0), (-1, -1), "Atkinson"),
                                ("FONTSIZE", (0, 0), (-1, -1), 8)]))]))

    def page_number(canvas, document):
        canvas.setFont("Atkinson", 8)
        canvas.drawRightString(195 * mm, 10 * mm, f"Pagina {document.page}")

    out.parent.mkdir(parents=True, exist_ok=True)
    SimpleDocTemplate(str(out), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                      topMargin=15 * mm, bottomMargin=18 * mm, title=topic["title"],
                      invariant=1).build(story, onFirstPage=page_number,
                                         onLaterPages=page_number)


# --- measuring -------------------------------------------------------------------------

def seconds(args: list[str], runs: int, cwd: Path = ROOT, before=None) -> float:
    """The median wall time of a whole process (``before`` runs untimed before each),
    after one untimed run that fills Python's bytecode cache (see :func:`main`)."""
    times = []
    for run in range(runs + 1):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
        if run:
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm(work, runs: int) -> float:
    """The median time of ``work()`` in this process, after one run to load everything."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class Report:
    def __init__(self) -> None:
        self.failed = False

    def target(self, name: str, measured: str, holds: bool, target: str) -> None:
        self.failed |= not holds
        print(f"  {name:<52} {measured:>22}  target {target:<18} {'ok' if holds else 'MISSED'}")

    def time(self, name: str, value: float, limit: float) -> None:
        self.target(name, f"{value * 1000:.0f} ms", value <= limit, f"<= {limit * 1000:.0f} ms")

    def ratio(self, name: str, value: float, yardstick: float, limit: float) -> None:
        ratio = value / yardstick
        self.target(name, f"{value * 1000:.0f} ms = {ratio:.2f} x", ratio <= limit,
                    f"<= {limit:g} x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profiles", type=int, default=100,
                        help="profiles in the batch (0 skips it)")
    parser.add_argument("--batch-previews", action="store_true",
                        help="also build the batch with previews and preflight (minutes)")
    parser.add_argument("--hand-written", type=Path, help=argparse.SUPPRESS)  # the yardstick
    arguments = parser.parse_args()
    if arguments.hand_written:
        hand_written_protocol(arguments.hand_written)
        return 0
    runs, report = arguments.runs, Report()
    print(f"median of {runs} runs on {os.cpu_count()} cores; cold = a whole new process")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        # Cold = a new process with Python's bytecode cache in place, as after installing
        # (pip compiles every module): where the environment turns the cache off, the
        # processes measured keep theirs in a folder of their own.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ.setdefault("PYTHONPYCACHEPREFIX", str(folder / "bytecode"))
        script_cold = seconds(PYTHON + [__file__, "--hand-written", str(folder / "hand.pdf")], runs)
        script_warm = warm(lambda: hand_written_protocol(folder / "hand.pdf"), runs)
        print(f"  yardstick: the protocol in plain ReportLab: cold {script_cold * 1000:.0f} ms, "
              f"warm {script_warm * 1000:.0f} ms, "
              f"{(folder / 'hand.pdf').stat().st_size / 1024:.0f} KB")
        bare = seconds(PYTHON + ["-c", "pass"], runs)
        report.ratio("--help, against a bare `python -c pass`",
                     seconds(CLI + ["--help"], runs), bare, 2.5)

        out = folder / "full"
        full = seconds(CLI + ["build", "--out", str(out)], runs,
                       before=lambda: shutil.rmtree(out, ignore_errors=True))
        report.time("full build, previews and preflight, cold", full, 1.0)
        report.ratio("full build, against the script cold", full, script_cold, 7)
        peak = peak_mb()
        report.target("full build, peak memory", f"{peak:.0f} MB", peak <= 150, "<= 150 MB")
        sizes(out, report)
        unchanged(out, runs, report)
        for name, (selection, _) in ONE.items():
            one = folder / "one" / name.replace(" ", "-")
            cold = seconds(CLI + ["build", "--out", str(one), "--locale", "nl", "--topic",
                                  "sexting", "--force", *QUICK, *selection], runs)
            report.ratio(f"one {name}, cold, against the script cold", cold, script_cold, 2)
        for name, (selection, _) in ONE.items():
            report.ratio(f"one {name}, warm, against the script warm",
                         warm(document_maker(selection, read_once=True), runs), script_warm, 1.5)
            again = warm(document_maker(selection, read_once=False), runs)
            print(f"  {'  the same, reading every input file again':<52} "
                  f"{again * 1000:.0f} ms = {again / script_warm:.2f} x")
        one_topic_changed(folder, runs, report)
        per_page(runs, report)
        tagging_cost(runs)
        # Still in the folder whose bytecode cache the runs above filled: outside it, the
        # batch's processes would compile every module from source (seconds, not the batch).
        if arguments.profiles:
            batch(arguments.profiles, QUICK, 10.0, report)
            if arguments.batch_previews:
                batch(arguments.profiles, [], 60.0, report)
    print("every target holds" if not report.failed else "some targets are missed")
    return 1 if report.failed else 0


def peak_mb() -> float:
    """The peak resident memory of a full build into a fresh folder (its workers included)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
             "stdout=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    with tempfile.TemporaryDirectory() as fresh:
        done = subprocess.run(PYTHON + ["-c", probe, *CLI, "build", "--out", fresh], cwd=ROOT,
                              check=True, capture_output=True, text=True)
    return int(done.stdout.split()[-1]) / 1024   # Linux reports kilobytes


def sizes(out: Path, report: Report) -> None:
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    pdfs = [(out / row["path"]).stat().st_size / 1024 for row in rows]
    pngs = [(out / path).stat().st_size / 1024 for row in rows for path in row["previews"]]
    report.target(f"largest of {len(pdfs)} PDFs", f"{max(pdfs):.1f} KB", max(pdfs) <= MAX_PDF_KB,
                  f"<= {MAX_PDF_KB} KB")
    report.target(f"largest of {len(pngs)} previews", f"{max(pngs):.1f} KB",
                  max(pngs) <= MAX_PNG_KB, f"<= {MAX_PNG_KB} KB")


def snapshot(out: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}


def unchanged(out: Path, runs: int, report: Report) -> None:
    """Build again into the folder of a full build: nothing may be made or rewritten."""
    before = snapshot(out)
    again = seconds(CLI + ["build", "--out", str(out)], runs)
    report.time("unchanged rebuild", again, 0.3)
    done = subprocess.run(CLI + ["build", "--out", str(out)], cwd=ROOT, check=True,
                          capture_output=True, text=True)
    made = done.stdout.count("\nwrote ") + done.stdout.startswith("wrote ")
    report.target("unchanged rebuild: files made, files rewritten",
                  f"{made}, {sum(before[p] != t for p, t in snapshot(out).items())}",
                  made == 0 and snapshot(out) == before, "0, 0")


def one_topic_changed(folder: Path, runs: int, report: Report) -> None:
    """Two Dutch topics built; one topic's title edited: only its files are made again."""
    project = folder / "project"
    for name in ("content", "layouts"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "tests/fixtures/shapes/nl/loverboys.yaml", project / "content/nl")
    topic = project / "content/nl/loverboys.yaml"
    text = topic.read_text(encoding="utf-8")
    build = CLI + ["build", "--locale", "nl"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run(build, cwd=project, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env=env)
    titles = iter(range(10 ** 6))

    def edit() -> None:
        topic.write_text(text.replace("title: ", f"title: ({next(titles)}) ", 1), encoding="utf-8")

    times, made = [], set()
    for _ in range(runs):
        edit()
        start = time.perf_counter()
        done = subprocess.run(build, cwd=project, check=True, capture_output=True, text=True,
                              env=env)
        times.append(time.perf_counter() - start)
        made = {line.split()[1] for line in done.stdout.splitlines() if line.startswith("wrote ")}
    expected = {f"output/{p.relative_to(project / 'output')}" for p in
                (project / "output/nl").glob("*.pdf") if "loverboys" in p.name or "book" in p.name}
    print(f"  one topic changed (of two), its files made again: {statistics.median(times) * 1000:.0f} ms")
    report.target("one topic changed: files made / its files", f"{len(made)} / {len(expected)}",
                  made == expected, "only its own")


def document_maker(selection: list[str], read_once: bool):
    """Lay out and render one document in this process. ``read_once``: the content
    folder and the layouts are read once, as a batch of profiles reads them (the
    profile and the topic are still resolved each time); else every input file is
    read again each time, as the script reads its two."""
    sys.path.insert(0, str(ROOT))
    from generator.output.produce import produce
    from generator.pipeline import Inputs, lay_out_plan, make_plan, read_shared

    options = dict(zip(selection[::2], selection[1::2]))
    inputs = Inputs(content=ROOT / "content", layouts=ROOT / "layouts",
                    profile=ROOT / "content/organisation.yaml", locales=("nl",),
                    products=(options["--product"],), layout_names=(options["--layout"],),
                    topics=("sexting",))
    sheet = options["--product"] == "card"
    shared = read_shared(inputs) if read_once else None

    def work() -> None:
        laid = lay_out_plan(make_plan(inputs, shared))
        for job, document in zip(laid.jobs, laid.documents):
            files = produce(job, document)
            assert files and (not sheet or any(e.sheet for e, _ in files))
    return work


def per_page(runs: int, report: Report) -> None:
    """A page of a long protocol (the four-page test topic) costs no more to lay out and
    render than a page of the shipped two-page one, within 1.2 x (warm)."""
    sys.path.insert(0, str(ROOT))
    from generator.output.produce import produce
    from generator.pipeline import Inputs, lay_out_plan, make_plan

    cost = {}
    for content, topic in ((ROOT / "content", "sexting"), (ROOT / "tests/fixtures/shapes",
                                                           "meldcode")):
        inputs = Inputs(content=content, layouts=ROOT / "layouts",
                        profile=content / "organisation.yaml", locales=("nl",),
                        products=("protocol",), topics=(topic,))
        pages = []

        def work() -> None:
            laid = lay_out_plan(make_plan(inputs))
            for job, document in zip(laid.jobs, laid.documents):
                produce(job, document)
                pages.append(len(document.pages))
        cost[topic] = warm(work, runs) / pages[-1]
    ratio = cost["meldcode"] / cost["sexting"]
    report.target("a page of a 4-page protocol / of the 2-page one", f"{ratio:.2f} x",
                  ratio <= 1.2, "<= 1.2 x")


def tagging_cost(runs: int) -> None:
    """Every office piece of the shipped content rendered untagged, rendered marked, and
    rendered marked with its structure tree (warm, in this process): what a tagged PDF
    costs. The structure tree's line is what writing the tree adds to the marked render."""
    sys.path.insert(0, str(ROOT))
    from functools import partial

    from generator.output.structure import write_structure
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
    totals: dict[str, list[float]] = {"render, untagged": [], "render, marked": [],
                                      "structure tree": []}
    for _ in range(runs + 1):  # the first run loads modules: not counted
        spent = dict.fromkeys(totals, 0.0)
        for document, imposition, palette in pieces:
            start = time.perf_counter()
            render_pdf(document, imposition, palette)
            middle = time.perf_counter()
            render_pdf(document, imposition, palette, marking=Marking())
            marked = time.perf_counter()
            marking = Marking()
            render_pdf(document, imposition, palette, marking=marking,
                       finish=partial(write_structure, marking=marking, document=document))
            spent["render, untagged"] += middle - start
            spent["render, marked"] += marked - middle
            spent["structure tree"] += (time.perf_counter() - marked) - (marked - middle)
        for name in totals:
            totals[name].append(spent[name])
    print(f"  tagging, {len(pieces)} office pieces (warm, in one process), median:")
    for name, times in totals.items():
        print(f"    {name:<26} {statistics.median(times[1:]) * 1000:7.0f} ms")


def batch(count: int, options: list[str], limit: float, report: Report) -> None:
    """Many profiles (alternately the plain default and the example with logo and QR
    code), the full set each, in one run."""
    examples = [ROOT / "content/organisation.yaml",
                ROOT / "content/profiles/zorggroep-oosterhout.yaml"]
    with tempfile.TemporaryDirectory() as folder:
        profiles = Path(folder) / "profiles"
        profiles.mkdir()
        shutil.copy(ROOT / "content/profiles/logo-zorggroep.svg", profiles)
        for number in range(count):
            shutil.copy(examples[number % 2], profiles / f"locatie-{number:03d}.yaml")
        out = Path(folder) / "batch"
        start = time.perf_counter()
        subprocess.run(CLI + ["build", "--profiles", str(profiles), "--out", str(out)] + options,
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        documents = len(json.loads((out / "manifest.json").read_text())["files"])
    what = "without previews" if options else "with previews and preflight"
    report.target(f"{count} profiles ({documents} PDFs), {what}", f"{elapsed:.1f} s",
                  elapsed <= limit, f"<= {limit:g} s")


if __name__ == "__main__":
    sys.exit(main())
