"""The accessible protocol: the protocol sheet's content as one semantic web page."""
from __future__ import annotations

import pypdf

from conftest import default_inputs, pdf_text, run
from generator.pipeline import plan
from htmlcheck import check_basics, parse, words
from test_content import seed_checks, seed_paragraphs

PAGE = "nl/sexting-protocol.html"


def resolved():
    return plan(default_inputs(products=("protocol",), locales=("nl",)))[0].resolved


def test_accessible_protocol_is_valid_html_in_the_content_language(built):
    page = parse(built / PAGE)
    check_basics(page)
    assert page.root.get("lang") == "nl-NL"
    assert page.all("main") and page.all("header") and page.all("footer")
    assert not page.all("table"), "no layout tables"
    assert not page.all("img")


def test_headings_follow_the_labels_file(built):
    page = parse(built / PAGE)
    labels = resolved().labels
    assert [page.text(h) for h in page.all("h1")] == ["Seksueel getinte gesprekken online"]
    assert [page.text(h) for h in page.all("h2")] == [
        labels.question, labels.answer, labels.risks, labels.roles_title, labels.steps,
        labels.tips, labels.checks, labels.meldpunt]


def test_steps_are_an_ordered_list_with_the_roles(built):
    page = parse(built / PAGE)
    steps = [page.text(li) for ol in page.all("ol") if ol.get("class") != "checklist"
             for li in ol.findall("li")]
    assert len(steps) == 5
    assert steps[1].endswith("Wie: Intern meldpunt, Zorgbegeleider, Gedragskundige")


def test_check_questions_are_a_real_checklist(built):
    page = parse(built / PAGE)
    (checklist,) = [ol for ol in page.all("ol") if ol.get("class") == "checklist"]
    items = checklist.findall("li")
    assert [page.text(li) for li in items] == seed_checks()
    for item in items:
        (box,) = item.findall("input")
        (label,) = item.findall("label")
        assert box.get("type") == "checkbox" and label.get("for") == box.get("id")


def test_the_whole_answer_is_there_word_for_word(built):
    text = parse(built / PAGE).text()
    for paragraph in seed_paragraphs():
        assert paragraph in text


def test_same_words_as_the_protocol_sheet(built):
    """Every word of the PDF is on the web page and nothing else: only the page
    numbers differ, and a detail the profile leaves empty (a line to write on in
    the PDF) is marked as not filled in."""
    r = resolved()
    path = built / "nl/sexting-protocol-a4.pdf"
    pages = len(pypdf.PdfReader(path).pages)
    pdf = words(pdf_text(path))
    for number in range(1, pages + 1):
        pdf -= words(r.page_label(number, pages))
    for _ in range(pages - 1):  # the running header of every page after the first
        pdf -= words(r.topic.title)
    html = words(parse(built / PAGE).text())
    empty = sum(1 for detail in ("phone", "email", "hours")
                if not getattr(r.organisation.meldpunt, detail))
    assert empty == 3
    for _ in range(empty):
        html -= words(r.labels.not_filled_in)
    # the web page's section heading "Meldpunt": the PDF leaves it out above "Intern meldpunt"
    html -= words(r.labels.meldpunt)
    assert html == pdf, {"only in the PDF": pdf - html, "only in the HTML": html - pdf}


def test_empty_meldpunt_details_say_they_are_not_filled_in(built):
    page = parse(built / PAGE)
    (contact,) = [s for s in page.all("section") if s.get("class") == "contact"]
    text = page.text(contact)
    assert "Intern meldpunt" in text
    assert "Telefoon (niet ingevuld)" in text and "E-mail (niet ingevuld)" in text
    assert "Bereikbaar (niet ingevuld)" in text  # hours: a write-in line on the PDF


def test_document_control_is_in_the_footer(built):
    page = parse(built / PAGE)
    text = page.text(page.all("footer")[0])
    for part in ("Document PRT-SEX-01", "Versie 1.0", "Datum 1 november 2026", "Eigenaar",
                 "Herzien uiterlijk 1 november 2027"):
        assert part in text


def test_filled_in_details_are_links_and_match_the_pdf(project):
    profile = project / "content/organisation.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace('phone: ""', 'phone: "030 123 45 67"')
                           .replace('email: ""', 'email: "meldpunt@voorbeeld.nl"')
                           .replace("  name: Intern meldpunt\n",
                                    "  name: Intern meldpunt\n  hours: ma-vr 9-17 uur\n"),
                       encoding="utf-8")
    result = run("build", "--product", "protocol", cwd=project)
    assert result.exit_code == 0, result.output
    page = parse(project / "output" / PAGE)
    hrefs = {a.get("href") for a in page.all("a")}
    assert {"tel:0301234567", "mailto:meldpunt@voorbeeld.nl"} <= hrefs
    assert "niet ingevuld" not in page.text()
    assert "Bereikbaar ma-vr 9-17 uur" in page.text()
    path = project / "output/nl/sexting-protocol-a4.pdf"
    pages = len(pypdf.PdfReader(path).pages)
    pdf = words(pdf_text(path))
    pdf -= words("Pagina van " * pages)
    for _ in range(pages - 1):  # the running header of every page after the first
        pdf -= words(resolved().topic.title)
    # the web page's section heading "Meldpunt": the PDF leaves it out above "Intern meldpunt"
    assert words(page.text()) - words(resolved().labels.meldpunt) == pdf


def test_only_a_protocol_build_writes_the_page(tmp_path):
    result = run("build", "--out", str(tmp_path), "--product", "card")
    assert result.exit_code == 0
    assert not (tmp_path / PAGE).exists()
    assert "accessible protocol" not in result.output
