"""The catalogue and the accessible protocol in a real browser (headless Chromium).

Skipped, saying why, where Chromium or axe-core is not installed; `.ci/run`
installs both.
"""
from __future__ import annotations

import json

from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser import AXE, CHROMIUM, Browser, needs_axe, needs_chromium

PAGES = ["index.html", "nl/sexting-protocol.html", "pictograms.html"]


@pytest.fixture(scope="module")
def browser():
    with Browser(CHROMIUM) as opened:
        yield opened


@needs_chromium
def test_every_picture_of_the_catalogue_loads(built, browser):
    browser.open(built / "index.html")
    pictures = browser.evaluate(
        "Array.from(document.images, i => [i.getAttribute('src'), i.complete && i.naturalWidth])")
    files = json.loads((built / "manifest.json").read_text())["files"]
    assert len(pictures) == sum(row["pages"] for row in files)
    for source, width in pictures:
        assert width, f"picture did not load: {source}"


@needs_chromium
@pytest.mark.parametrize("page", PAGES)
def test_every_link_resolves(built, browser, page):
    browser.open(built / page)
    links = browser.evaluate("Array.from(document.links, a => a.href)")
    local = [link for link in links if urlsplit(link).scheme == "file"]
    if page == "index.html":
        files = json.loads((built / "manifest.json").read_text())["files"]
        locales = {row["locale"] for row in files}
        # pictures, PDFs, the accessible protocol of each locale, the pictogram page
        assert len(local) == sum(row["pages"] for row in files) + len(files) + len(locales) + 1
    for link in local:
        assert Path(unquote(urlsplit(link).path)).is_file(), f"broken link: {link}"
    assert all(urlsplit(link).scheme in ("file", "tel", "mailto") for link in links)


@needs_chromium
def test_catalogue_fits_a_laptop_screen(built, browser):
    browser.open(built / "index.html")
    wider = browser.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not wider, "the catalogue scrolls sideways"


@needs_chromium
@needs_axe
@pytest.mark.parametrize("page", PAGES)
def test_no_accessibility_violations(built, browser, page):
    browser.open(built / page)
    browser.evaluate(AXE.read_text(encoding="utf-8"))
    violations = browser.evaluate(
        "axe.run(document).then(r => r.violations.map(v => "
        "`${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))",
        wait=True)
    assert violations == []
