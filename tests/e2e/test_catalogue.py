"""The catalogue, output/index.html: every piece at a glance, valid and self-contained."""
from __future__ import annotations

import json

import yaml

from conftest import ROOT, run
from generator.model.products import all_products
from htmlcheck import check_basics, parse


def rows(folder):
    return json.loads((folder / "manifest.json").read_text())["files"]


def test_catalogue_is_valid_html_with_lang_title_and_alt_text(built):
    page = parse(built / "index.html")
    check_basics(page)
    assert page.root.get("lang") == "en"
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
    for row in rows(built):
        assert row["path"] in hrefs
        layout = yaml.safe_load((ROOT / "layouts" / f"{row['product']}-{row['layout']}.yaml")
                                .read_text(encoding="utf-8"))
        assert layout["description"] in text and layout["printing"] in text
        assert products[row["product"]].what_for in text
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
