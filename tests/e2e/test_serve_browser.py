"""The `drukwerk serve` page in a real browser (headless Chromium): a quality officer's
round trip. Change the name and a colour, save, see the previews change, download the
zip and find the new name in its PDFs; a failing colour shows the message and a shade
that passes and leaves the profile alone; axe-core finds nothing; the page fits a
laptop and a phone.

Skipped, saying why, where Chromium or axe-core is not installed; `.ci/run` installs
both.
"""
from __future__ import annotations

import io
import zipfile

import pypdf
import pytest

from browser import AXE, CHROMIUM, Browser, needs_axe, needs_chromium
from serving import running_server


@pytest.fixture
def served(project):
    """`drukwerk serve` running on a free port for a copy of the content; its address."""
    with running_server(project) as (_, address):
        yield address


@pytest.fixture
def browser():
    with Browser(CHROMIUM, timeout=120) as opened:
        opened.languages("nl-NL,nl;q=0.9,en;q=0.5")
        yield opened


def click(browser: Browser, selector: str) -> None:
    browser.evaluate(f"document.querySelector({selector!r}).click()")


def set_value(browser: Browser, selector: str, value: str) -> None:
    """Type a value as a person would: the field changes and says so (input event)."""
    browser.evaluate(f"(() => {{ const f = document.querySelector({selector!r}); "
                     f"f.value = {value!r}; f.dispatchEvent(new Event('input', {{bubbles: true}})); }})()")


def previews(browser: Browser) -> list:
    browser.wait_for("Array.from(document.querySelectorAll('.pages img'))"
                     ".every(i => i.complete && i.naturalWidth > 0)")
    return browser.evaluate("Array.from(document.querySelectorAll('.pages img'), i => i.src)")


def choose_one_card(browser: Browser, address: str) -> None:
    for kind, keep in (("locales", "nl"), ("products", "card"), ("layouts", "id1")):
        browser.evaluate(f"document.querySelectorAll('input[name={kind}]').forEach("
                         f"c => {{ c.checked = c.value === {keep!r}; }})")
    click(browser, "#choose button[type=submit]")
    browser.wait_for("location.search.includes('done=built') && document.readyState === 'complete'")


def axe_violations(browser: Browser) -> list:
    browser.evaluate(AXE.read_text(encoding="utf-8"))
    return browser.evaluate(
        "axe.run(document).then(r => r.violations.map(v => "
        "`${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))",
        wait=True)


@needs_chromium
def test_change_name_and_colour_save_see_previews_change_and_download(
        served, browser, project, tmp_path):
    browser.open(served)
    assert browser.evaluate("document.documentElement.lang") == "nl"
    choose_one_card(browser, served)
    before = previews(browser)
    assert len(before) == 4  # the card's two pages and its sheet's two
    set_value(browser, "#name", "Zorggroep De Linde")
    set_value(browser, "#colours-primary", "#7a1f5c")
    browser.wait_for("document.getElementById('contrast-primary').textContent.includes('voldoende')")
    click(browser, "#profile-form button.primary")
    browser.wait_for("location.search.includes('done=saved') && document.readyState === 'complete'")
    assert "Drukwerk voor Zorggroep De Linde" in browser.evaluate("document.body.innerText")
    after = previews(browser)
    assert len(after) == 4 and set(after).isdisjoint(before)  # new pictures of new pages
    profile = (project / "content/organisation.yaml").read_text(encoding="utf-8")
    assert "name: Zorggroep De Linde" in profile and 'primary: "#7A1F5C"' in profile

    browser.downloads(tmp_path)
    click(browser, "a[href='/download/chosen.zip']")
    browser.wait_for("true")
    zipped = tmp_path / "drukwerk-gekozen.zip"
    _wait_for_file(browser, zipped)
    archive = zipfile.ZipFile(zipped)
    assert sorted(archive.namelist()) == ["nl/sexting-card-id1-sheet.pdf", "nl/sexting-card-id1.pdf"]
    for name in archive.namelist():
        reader = pypdf.PdfReader(io.BytesIO(archive.read(name)))
        assert reader.metadata.author == "Zorggroep De Linde"


@needs_chromium
def test_a_failing_colour_shows_message_and_shade_and_leaves_the_file_alone(
        served, browser, project):
    profile = project / "content/organisation.yaml"
    before = profile.read_bytes()
    browser.open(served)
    set_value(browser, "#colours-text", "#bbbbbb")
    browser.wait_for("document.getElementById('contrast-text').textContent.includes('te laag')")
    shade = browser.evaluate("document.querySelector('#contrast-text button.use').value")
    click(browser, "#profile-form button.primary")
    browser.wait_for("document.readyState === 'complete' && "
                     "!!document.getElementById('problem-colours-text')")
    problem = browser.evaluate("document.getElementById('problem-colours-text').innerText")
    assert "colours.text" in problem and "contrast of" in problem
    assert "choose a darker colour, e.g. #767676" in problem
    assert "Er is niets opgeslagen" in browser.evaluate("document.body.innerText")
    assert profile.read_bytes() == before
    assert not profile.with_name("organisation.yaml.bak").exists()
    click(browser, "#contrast-text button.use")  # take the suggested shade over: not saved yet
    browser.wait_for("document.getElementById('contrast-text').textContent.includes('voldoende')")
    assert browser.evaluate("document.getElementById('colours-text').value") == shade.lower()
    assert profile.read_bytes() == before


@needs_chromium
@needs_axe
def test_no_accessibility_violations_on_the_page_with_previews_and_with_a_problem(
        served, browser):
    browser.open(served)
    choose_one_card(browser, served)
    previews(browser)
    assert axe_violations(browser) == []
    set_value(browser, "#meldpunt-email", "meldpunt at example")
    click(browser, "#profile-form button.primary")
    browser.wait_for("document.readyState === 'complete' && "
                     "!!document.getElementById('problem-meldpunt-email')")
    assert axe_violations(browser) == []


@needs_chromium
@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_fits_a_laptop_and_a_phone(served, browser, width, tmp_path):
    browser.width(width)
    browser.open(served)
    choose_one_card(browser, served)
    previews(browser)
    assert not browser.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"), \
        "the page scrolls sideways"
    browser.screenshot(tmp_path / f"serve-{width}.png")
    assert (tmp_path / f"serve-{width}.png").stat().st_size > 10_000


def _wait_for_file(browser: Browser, path) -> None:
    import time
    deadline = time.monotonic() + browser.timeout
    while not (path.is_file() and path.stat().st_size > 0):
        assert time.monotonic() < deadline, f"no download: {path.name}"
        time.sleep(0.1)
