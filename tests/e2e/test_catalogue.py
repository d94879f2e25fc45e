"""The catalogue, output/index.html: every piece at a glance, valid and self-contained."""
from __future__ import annotations

import json

import yaml

from conftest import ROOT, run
from generator.i18n import translations
from generator.model.products import all_products
from htmlcheck import check_basics, parse


def rows(folder):
    return json.loads((folder / "manifest.json").read_text())["files"]


def test_catalogue_is_valid_html_with_lang_title_and_alt_text(built):
    page = parse(built / "index.html")
    check_basics(page)
    assert page.root.get("lang") == "nl"  # as many Dutch pieces as English: the reference's
    assert page.text(page.all("h1")[0]) == "Drukwerkcatalogus"
    assert len(page.all("img")) == sum(row["pages"] for row in rows(built))  # every page
    assert len(page.all("h1")) == 1


def test_every_link_and_picture_resolves_to_a_file(built):
    page = parse(built / "index.html")
    addresses = page.links()
    assert addresses
    for address in addresses:
        assert page.local_target(address).is_file(), address


def test_every_piece_is_listed_with_what_and_how(built):
    page = parse(built / "index.html")
    text = page.text()
    hrefs = {a.get("href") for a in page.all("a")}
    products = all_products()
    dutch = translations("nl").gettext
    for row in rows(built):
        assert row["path"] in hrefs
        layout = yaml.safe_load((ROOT / "layouts" / f"{row['product']}-{row['layout']}.yaml")
                                .read_text(encoding="utf-8"))
        for words in (layout["description"], layout["printing"], products[row["product"]].what_for):
            assert dutch(words) != words, f"no Dutch for: {words}"  # the catalogue is Dutch
            assert dutch(words) in text
        assert f"{row['width_mm']:g} × {row['height_mm']:g} mm" in text
        size_kb = (built / row["path"]).stat().st_size / 1000
        assert f"{size_kb:.1f} kB" in text
    assert "Seksueel getinte gesprekken online" in text


def test_topic_titles_carry_their_language(built):
    page = parse(built / "index.html")
    titles = [span for span in page.all("span") if span.get("lang")]
    assert sorted((span.get("lang"), span.text) for span in titles) == [
        ("en-GB", "Protocol book"), ("en-GB", "Sexually charged conversations online"),
        ("nl-NL", "Protocolboek"), ("nl-NL", "Seksueel getinte gesprekken online")]


def test_catalogue_links_the_accessible_protocol(built):
    page = parse(built / "index.html")
    assert "nl/sexting-protocol.html" in {a.get("href") for a in page.all("a")}


def test_catalogue_prints_sensibly(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert "@media print" in html and "break-inside: avoid" in html


def test_a_partial_build_keeps_the_other_pieces_in_the_catalogue(tmp_path):
    assert run("build", "--out", str(tmp_path)).exit_code == 0
    result = run("build", "--out", str(tmp_path), "--product", "card")
    assert result.exit_code == 0, result.output
    page = parse(tmp_path / "index.html")
    hrefs = {a.get("href") for a in page.all("a")}
    assert {row["path"] for row in rows(tmp_path)} <= hrefs
    assert "nl/sexting-protocol.html" in hrefs
    assert len(page.all("img")) == sum(row["pages"] for row in rows(tmp_path))


def test_text_from_the_inputs_is_shown_as_text_never_as_markup(project):
    layout = project / "layouts/card-id1.yaml"
    text = layout.read_text(encoding="utf-8")
    layout.write_text(text.replace("description: Credit-card size",
                                   "description: <b>Tom & Jerry</b> Credit-card size"),
                      encoding="utf-8")
    result = run("build", cwd=project)
    assert result.exit_code == 0, result.output
    page = parse(project / "output/index.html")
    assert not page.all("b")
    assert "<b>Tom & Jerry</b> Credit-card size" in page.text()


def test_catalogue_of_english_pieces_is_in_english(tmp_path):
    result = run("build", "--out", str(tmp_path), "--locale", "en", "--product", "card",
                 "--layout", "id1", "--no-previews")
    assert result.exit_code == 0, result.output
    page = parse(tmp_path / "index.html")
    assert page.root.get("lang") == "en"
    text = page.text()
    assert "Print catalogue" in text and "Drukwerkcatalogus" not in text
    layout = yaml.safe_load((ROOT / "layouts/card-id1.yaml").read_text(encoding="utf-8"))
    assert layout["printing"] in text


def test_every_row_names_its_profile_and_two_organisations_are_told_apart(project):
    out = project / "output"
    other = yaml.safe_load((project / "content/profiles/zorggroep-oosterhout.yaml")
                           .read_text(encoding="utf-8"))["name"]
    for profile, product in (("content/organisation.yaml", "card"),
                             ("content/profiles/zorggroep-oosterhout.yaml", "protocol")):
        result = run("build", "--profile", profile, "--product", product, "--locale", "nl",
                     "--no-previews", cwd=project)
        assert result.exit_code == 0, result.output
    owners = {(row["product"], row["organisation"], row["profile_file"]) for row in rows(out)}
    assert owners == {("card", "Zorgorganisatie Voorbeeld", "content/organisation.yaml"),
                      ("protocol", other, "content/profiles/zorggroep-oosterhout.yaml")}
    page = parse(out / "index.html")
    assert [page.text(h) for h in page.all("h2")] == sorted(
        ["Zorgorganisatie Voorbeeld", other], key=[r["organisation"] for r in rows(out)].index)
    for article in page.all("article"):
        href = next(a.get("href") for a in article.iter("a") if a.get("href").endswith(".pdf"))
        facts = {page.text(pair.find("dt")): page.text(pair.find("dd"))
                 for pair in article.find("dl").findall("div")}
        expected = other if "protocol" in href else "Zorgorganisatie Voorbeeld"
        assert facts["Voor"] == expected, href


def test_one_organisation_gets_no_organisation_headings(built):
    page = parse(built / "index.html")
    assert {page.text(h).split(" (")[0] for h in page.all("h2")} <= {
        "Protocol book", "Sexually charged conversations online", "Protocolboek",
        "Seksueel getinte gesprekken online"}
