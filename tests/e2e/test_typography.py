"""Typography read back from the PDFs: kerning, hyphenation, breaks, sizes and pitches."""
from __future__ import annotations

import fontpkg_atkinson_hyperlegible as package
import pytest
import uharfbuzz as hb

from conftest import ROOT
from pdfcheck import origins

BOLD = package.ROOT / "files" / "AtkinsonHyperlegible-Bold.ttf"


def harfbuzz_advances(text: str, path=BOLD, kern: bool = True) -> list[float]:
    """Per-character advances (1/1000 em) as HarfBuzz sets ``text``, independently of drukwerk."""
    face = hb.Face(hb.Blob.from_file_path(str(path)))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(hb.Font(face), buffer, {"kern": kern})
    return [p.x_advance * 1000 / face.upem for p in buffer.glyph_positions]


def line_origins(path, text: str, page: int = 0):
    """The origins of the characters of the line ``text`` (the first where it occurs)."""
    chars = origins(path, page)
    joined = "".join(c for c, *_ in chars)
    start = joined.index(text)
    return chars[start:start + len(text)]


def test_the_poster_title_is_kerned_as_harfbuzz_sets_it(built):
    line = "Een foto wél"
    placed = line_origins(built / "nl/sexting-poster-a3.pdf", line)
    size = placed[0][3]
    advances = harfbuzz_advances(line)
    # from the first character's origin to the last's, plus the last's advance
    set_width = placed[-1][1] - placed[0][1] + advances[-1] * size / 1000
    expected = sum(advances) * size / 1000
    assert set_width == pytest.approx(expected, rel=0.002)
    unkerned = sum(harfbuzz_advances(line, kern=False)) * size / 1000
    assert abs(unkerned - expected) > 0.002 * expected  # the title has kerning to get right


def test_a_kerned_pair_sits_where_harfbuzz_puts_it(built):
    placed = line_origins(built / "nl/sexting-poster-a3.pdf", "Een")
    size = placed[0][3]
    kerned, plain = harfbuzz_advances("Ee")[0], harfbuzz_advances("Ee", kern=False)[0]
    assert kerned != plain
    assert placed[1][1] - placed[0][1] == pytest.approx(kerned * size / 1000, abs=0.01)


# --- hyphenation and soft hyphens, read back from the PDF ----------------------------------

def _with_check(project, text: str) -> None:
    topic = project / "content/nl/sexting.yaml"
    source = topic.read_text(encoding="utf-8")
    first = "  - Weet je (en weet mijn team) voldoende van sexting?\n"
    assert first in source
    topic.write_text(source.replace(first, f"  - {text}\n"), encoding="utf-8")


def test_a_long_compound_is_hyphenated_on_a_narrow_card(project):
    import pyphen
    from conftest import normalise, pdf_text, run

    word = "arbeidsongeschiktheidsverzekeringsmaatschappij"
    _with_check(project, f"Ken je de {word}?")
    result = run("build", "--locale", "nl", "--layout", "badge", "--topic", "sexting",
                 cwd=project)
    assert result.exit_code == 0, result.output
    path = project / "output/nl/sexting-card-badge.pdf"
    assert f"Ken je de {word}?" in pdf_text(path)
    chars = origins(path)
    shy = ("\u00ad", "\ufffe")  # pdfium reports a soft hyphen at a line end as U+FFFE
    ends = [i for i, (char, *_) in enumerate(chars) if char in shy]
    assert len(ends) >= 2, "the word is broken with (soft) hyphens"
    allowed = set(pyphen.Pyphen(lang="nl_NL", left=2, right=3).positions(word))
    text = "".join(char for char, *_ in chars)
    start = "".join(c for c in text if c not in shy + ("\r", "\n")).index(word)
    flat = ""
    for char in text:
        if char in shy:
            assert len(flat) - start in allowed, (len(flat) - start, allowed)
        elif char not in "\r\n":
            flat += char
    report = run("preflight", str(path))
    assert report.exit_code == 0, report.output


def test_a_soft_hyphen_prints_nothing_unless_the_line_breaks_there(project):
    from conftest import run

    _with_check(project, "Blijf je voor\u00adlichting geven aan je cliënt?")
    result = run("build", "--locale", "nl", "--layout", "a6-bifold", "--topic", "sexting",
                 cwd=project)
    assert result.exit_code == 0, result.output
    path = project / "output/nl/sexting-card-a6-bifold.pdf"
    text = "".join(char for page in (0, 1) for char, *_ in origins(path, page))
    assert "voorlichting" in text and "voor-" not in text
    assert "\u00ad" not in text and "\ufffe" not in text


def test_headings_names_and_addresses_are_never_hyphenated(built):
    """The shipped content hyphenates nothing it need not: no soft hyphen in any title,
    heading, name or contact line of any file."""
    import pypdf

    for path in sorted(built.glob("*/*.pdf")):
        for page in pypdf.PdfReader(path).pages:
            for line in page.extract_text().splitlines():
                if line.endswith("\u00ad"):
                    assert "@" not in line and "://" not in line, (path, line)


# Names, numbers and ids with hyphens of their own, none to be split at them.
HYPHENATED_NAMES = {"’s-Hertogenbosch", "Noord-Brabant", "073-6123456", "ma-vr", "ZG-PRT-117"}


def test_names_numbers_and_ids_never_break_at_their_own_hyphen(project):
    """An organisation, meldpunt, phone number, hours or document id with a hyphen of its
    own stays whole on its line in every piece (the place name used to break as "’s-" /
    "Hertogenbosch" beside the poster's logo)."""
    import pypdf
    from conftest import run

    profile = project / "content/profiles/zorggroep-oosterhout.yaml"
    text = profile.read_text(encoding="utf-8")
    for old, new in (("name: Meldpunt Seksueel Grensoverschrijdend Gedrag",
                      "name: Meldpunt Noord-Brabant Zorggroep ’s-Hertogenbosch"),
                     ("phone: 073 612 34 56", "phone: 073-6123456"),
                     ("hours: ma t/m vr 8.30–17.00 uur", "hours: ma-vr 8.30–17.00")):
        assert old in text
        text = text.replace(old, new)
    profile.write_text(text, encoding="utf-8")
    result = run("build", "--profile", str(profile), "--locale", "nl", "--out", "out",
                 cwd=project)
    assert result.exit_code == 0, result.output
    seen = set()
    for path in sorted((project / "out/nl").glob("*.pdf")):
        for page in pypdf.PdfReader(path).pages:
            lines = [line.strip() for line in page.extract_text().splitlines()]
            for line, after in zip(lines, lines[1:]):
                for name in HYPHENATED_NAMES:
                    head, tail = name.split("-", 1)
                    assert not (line.endswith(f"{head}-") and after.startswith(tail)), \
                        (path.name, line, after)
            seen |= {name for name in HYPHENATED_NAMES if any(name in l for l in lines)}
    assert seen == HYPHENATED_NAMES  # each is printed somewhere, whole


# --- measure, sizes and pitches ------------------------------------------------------------

@pytest.mark.parametrize("locale", ["nl", "en"])
def test_protocol_lines_hold_at_most_85_characters(built, locale):
    import pypdf

    reader = pypdf.PdfReader(built / f"{locale}/sexting-protocol-a4.pdf")
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    longest = max(lines, key=len)
    assert len(longest) <= 85, longest
    assert len(longest) >= 70  # the measure is used, not wasted


MM = 72 / 25.4
CARDS = ("id1", "badge", "a7", "a6-bifold", "wallet-trifold")


@pytest.mark.parametrize("layout", ["id1", "badge", "a7"])
def test_card_fronts_name_the_topic(built, layout):
    import pypdf
    from conftest import normalise

    front = normalise(pypdf.PdfReader(built / f"nl/sexting-card-{layout}.pdf").pages[0]
                      .extract_text())
    assert "Seksueel getinte gesprekken online" in front and "Checkvragen" in front


@pytest.mark.parametrize("layout", CARDS)
def test_tick_boxes_are_at_least_3_mm(built, layout):
    from pdfcheck import painted

    boxes = [p for p in painted(built / f"nl/sexting-card-{layout}.pdf")
             if p.operator == "S" and p.lines == 4 and not p.curves and p.bbox
             and abs((p.bbox[2] - p.bbox[0]) - (p.bbox[3] - p.bbox[1])) < 0.01
             and p.bbox[2] - p.bbox[0] < 6 * MM]
    assert boxes, layout
    assert all(p.bbox[2] - p.bbox[0] >= 3 * MM - 0.01 for p in boxes), \
        min((p.bbox[2] - p.bbox[0]) / MM for p in boxes)


@pytest.mark.parametrize("path", [f"nl/sexting-card-{layout}.pdf" for layout in CARDS]
                         + ["nl/sexting-protocol-a4.pdf"])
def test_the_contact_block_does_not_repeat_meldpunt(built, path):
    from conftest import pdf_text

    text = pdf_text(built / path)
    assert "Intern meldpunt" in text
    assert "Meldpunt Intern meldpunt" not in text


POSTERS = sorted(path.stem.removeprefix("poster-") for path in ROOT.glob("layouts/poster-*.yaml")
                 if "abstract: true" not in path.read_text(encoding="utf-8"))
MELDPUNT_ROWS = {
    "empty": ["Intern meldpunt", "Telefoon:", "E-mail:", "Bereikbaar:"],
    "long": ["Meldpunt Seksueel", "Grensoverschrijdend Gedrag", "Telefoon: 073 612 34 56",
             "E-mail: meldpunt@zorggroep-voorbeeld.nl", "Bereikbaar: ma t/m vr 8.30–17.00 uur"],
    # write-in phone and e-mail with hours of two lines: the lines keep their 9 mm pitch,
    # not the 20 mm that 0.8 em of 28 pt text would give them
    "hours": ["Intern meldpunt", "Telefoon:", "E-mail:", "Bereikbaar: ma t/m vr 8.30–17.00",
              "10.00–14.00 uur"],
}


@pytest.mark.parametrize("layout", POSTERS)
@pytest.mark.parametrize("profile, logo", [("empty", False), ("empty", True), ("long", True),
                                           ("hours", True)])
def test_the_poster_meldpunt_is_at_least_28_pt(project, layout, profile, logo):
    """The meldpunt on an A3 poster reads across a team office: every line at 28 pt or
    more, for a profile that leaves its details to be written in and for one with a
    long name, with or without a logo, and the tips keep their size beside it. A poster
    layout without a contact block shows none of it."""
    from conftest import run

    path = project / "content/organisation.yaml"
    if profile == "long":
        path = project / "content/profiles/zorggroep-oosterhout.yaml"
    elif logo:
        path.write_text(path.read_text(encoding="utf-8").replace(
            "name: Zorgorganisatie Voorbeeld\n",
            "name: Zorgorganisatie Voorbeeld\nlogo: profiles/logo-zorggroep.svg\n"),
            encoding="utf-8")
        assert "logo:" in path.read_text(encoding="utf-8")
    if profile == "hours":
        text = path.read_text(encoding="utf-8")
        assert '  email: ""\n' in text
        path.write_text(text.replace('  email: ""\n', '  email: ""\n  hours: "ma t/m vr '
                                     '8.30–17.00 uur, za en zo 10.00–14.00 uur"\n'),
                        encoding="utf-8")
    result = run("build", "--profile", str(path), "--layout", layout, "--locale", "nl",
                 "--topic", "sexting", "--out", "out", cwd=project)
    assert result.exit_code == 0, result.output
    pdf = project / f"out/nl/sexting-poster-{layout}.pdf"
    text = "".join(char for char, *_ in origins(pdf))
    has_contact = "block: contact" in (ROOT / f"layouts/poster-{layout}.yaml").read_text(
        encoding="utf-8")
    for line in MELDPUNT_ROWS[profile]:
        if not has_contact:
            assert line not in text
            continue
        sizes = {round(size, 2) for *_, size in line_origins(pdf, line)}
        assert min(sizes) >= 28, (line, sizes)
    if layout == "a3":  # the tips as large with a logo as without (46.5 pt, box 191 mm)
        assert {round(size, 1) for *_, size in line_origins(pdf, "Geen gezicht")} == {46.5}


def write_in_lines(path):
    """The lines to write on: straight horizontal strokes over 10 mm, per page or form,
    as (x1, x2, y) in pt (an office piece has no other such lines)."""
    from pdfcheck import painted

    found: dict[str, list] = {}
    for p in painted(path):
        if p.operator == "S" and p.lines == 1 and not p.curves and p.bbox \
                and abs(p.bbox[3] - p.bbox[1]) < 0.01 and p.bbox[2] - p.bbox[0] > 10 * MM:
            found.setdefault(p.stream, []).append((p.bbox[0], p.bbox[2], p.bbox[1]))
    return found


def shipped_layouts() -> list[tuple[str, str, bool]]:
    """(product, name, whether it prints the meldpunt) of every layout file that is
    built (not an abstract base of others), its bases read as ``extends`` says."""
    import yaml

    files = {path.stem: path.read_text(encoding="utf-8")
             for path in (ROOT / "layouts").glob("*.yaml")}
    data = {stem: yaml.safe_load(text) for stem, text in files.items()}

    def chain(stem: str) -> list[str]:
        bases = data[stem].get("extends") or []
        bases = [bases] if isinstance(bases, str) else bases
        return [stem, *(found for base in bases for found in chain(base))]

    def product(stem: str) -> str:
        return next(data[one]["product"] for one in chain(stem) if "product" in data[one])

    return sorted((product(stem), data[stem]["name"],
                   any("block: contact" in files[one] for one in chain(stem)))
                  for stem in data if not data[stem].get("abstract"))


# Line pitch and the e-mail line's length a pen needs, by product (mm).
PEN = {"card": (7, 0), "protocol": (9, 60), "book": (9, 60), "poster": (9, 60)}


@pytest.mark.parametrize("product, layout, has_contact", shipped_layouts())
def test_write_in_lines_leave_room_for_a_pen(built, product, layout, has_contact):
    """Every shipped layout, read from its PDFs for both locales: write-in lines at least
    7 mm apart on cards and 9 mm on the protocol, book and poster, where the e-mail line
    is at least 60 mm long. A layout that prints the meldpunt without a detail filled in
    must draw lines to write on; a new layout cannot slip below."""
    import json

    pitch, length = PEN[product]
    rows = [row for row in json.loads((built / "manifest.json").read_text())["files"]
            if (row["product"], row["layout"]) == (product, layout) and not row["sheet"]]
    assert {row["locale"] for row in rows} == {"nl", "en"}, (product, layout)
    for row in rows:
        pages = write_in_lines(built / row["path"])
        assert bool(pages) == has_contact, row["path"]
        for lines in pages.values():
            ys = sorted({round(y, 2) for _, _, y in lines}, reverse=True)
            assert len(ys) == 3, (row["path"], ys)  # phone, e-mail, hours
            for upper, lower in zip(ys, ys[1:]):
                assert upper - lower >= pitch * MM - 0.05, (row["path"], (upper - lower) / MM)
            # the rows are phone, e-mail, hours: the e-mail address needs the longest line
            email = [line for line in lines if round(line[2], 2) == ys[1]]
            assert all(x2 - x1 >= length * MM - 0.05 for x1, x2, _ in email), \
                (row["path"], [(x2 - x1) / MM for x1, x2, _ in email])


def test_write_in_lines_beside_the_qr_code_leave_room_for_a_pen(project):
    """With a protocol address the ID-1 back holds the QR code, and the meldpunt beside it
    still keeps 7 mm between its write-in lines."""
    from conftest import pdf_text, run

    profile = project / "content/organisation.yaml"
    profile.write_text(profile.read_text(encoding="utf-8")
                       + "\nprotocol_url: https://intranet.example.nl/sexting\n",
                       encoding="utf-8")
    result = run("build", "--product", "card", "--layout", "id1", "--locale", "nl",
                 "--out", "out", cwd=project)
    assert result.exit_code == 0, result.output
    path = project / "out/nl/sexting-card-id1.pdf"
    assert "example.nl/sexting" in pdf_text(path)  # the address beneath the code
    (lines,) = write_in_lines(path).values()
    ys = sorted({round(y, 2) for _, _, y in lines}, reverse=True)
    assert len(ys) == 3
    for upper, lower in zip(ys, ys[1:]):
        assert upper - lower >= 7 * MM - 0.05, (upper - lower) / MM


def test_the_a6_cover_has_no_dead_zone(built):
    """The cover's text stands on its grid: no empty band down the cover panel is more
    than 60 mm high (the title used to sit high, 80 mm above the organisation's name)."""
    from pdfcheck import glyphs

    page = glyphs(built / "nl/sexting-card-a6-bifold.pdf")[0]
    cover = [g for g in page if g.left > 105 * MM and g.char.strip()]
    assert cover
    top = 148 * MM
    bands = sorted((g.bottom, g.top) for g in cover)
    edges = [0.0]
    for bottom, upper in bands:
        if bottom > edges[-1]:
            edges += [bottom, upper]
        else:
            edges[-1] = max(edges[-1], upper)
    edges.append(top)
    gaps = [(edges[i + 1] - edges[i]) / MM for i in range(0, len(edges), 2)]
    assert max(gaps) < 60, gaps

@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("layout, side, span, height, size, most", [
    ("a7", 0, None, 105, 12, 1 / 3), ("a7", 1, None, 105, 12, 1 / 3),
    ("wallet-trifold", 0, (0, 84), 53.98, 10, 1 / 3),  # the flap with the tips
    # the A6 folder's inside: ten questions at 16 pt, large print, still leave room
    ("a6-bifold", 1, (0, 105), 148, 16, 0.45), ("a6-bifold", 1, (105, 210), 148, 16, 0.45),
])
def test_cards_grow_their_text_before_leaving_a_third_empty(built, locale, layout, side,
                                                            span, height, size, most):
    """A card side or panel is less than a third empty (blank bands of 5 mm or more inside
    its margin), its text grown to use the room. The A7 card was 35 % empty with its
    questions at 10 pt (now 16-28 %, at 12 pt); the wallet card's flap 42 % with its tips
    at 8 pt, too small for their pictograms (now 10-10.5 pt, pictograms 6.7 mm). The A6
    folder's inside panels were half empty at 14 pt (now 35-40 % at 16 pt)."""
    from pdfcheck import empty_bands, glyphs

    path = built / f"{locale}/sexting-card-{layout}.pdf"
    margin = {"a7": 4, "wallet-trifold": 3, "a6-bifold": 8}[layout]
    share = sum(empty_bands(path, side, margin=margin, span=span)) / (height - 2 * margin)
    assert share < most, share
    from collections import Counter
    text = Counter(round(g.size, 2) for g in glyphs(path)[side]
                   if span is None or g.right < span[1] * MM)
    assert text.most_common(1)[0][0] >= size, text  # the body text: most of the letters


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_protocol_pages_run_to_their_foot(built, locale):
    """Every page of the protocol but its last is filled to the flow's foot (272 mm down
    the page): no page ends with an empty band, as page 2 once did with 35 mm."""
    from pdfcheck import glyphs

    pages = glyphs(built / f"{locale}/sexting-protocol-a4.pdf")
    assert len(pages) >= 2
    foot = (297 - 272) * MM  # the frame's bottom, above the page number
    for number, page in enumerate(pages[:-1], start=1):
        lowest = min(g.bottom for g in page if g.bottom > foot - 3 * MM)
        assert lowest - foot < 10 * MM, (number, (lowest - foot) / MM)


def test_headings_are_balanced():
    """A bold heading whose plain break leaves one short word alone ("... Wat moet ik /
    doen?") is set in even lines, as many as the plain break makes."""
    from generator.layout import shaping
    from generator.layout.blocks import Para
    from generator.layout.setting import set_para
    from generator.layout.textfit import wrap

    text = "Een cliënt voert gesprekken online. Wat moet ik doen?"
    measure = shaping.measure(text[:-len(" doen?")], "bold", 14) + 1
    plain = wrap(text, "bold", 14, measure)
    assert plain[-1] == "doen?"  # the greedy break: one short word alone
    heading = set_para(Para(text, "question", bold=True, heading=1), 14, measure, 1.2)
    assert len(heading.lines) == len(plain) and len(heading.lines[-1].split()) > 1
    body = set_para(Para(text, "answer", hyphenate="nl-NL"), 14, measure, 1.2)
    assert body.lines[-1] == "doen?"  # body text is not balanced: ragged right as it falls
