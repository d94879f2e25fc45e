"""`drukwerk serve`: the page, the profile form, building, downloads and safety, through
Starlette's test client (the browser test is test_serve_browser.py)."""
from __future__ import annotations

import io
import json
import re
import signal
import socket
import threading
import zipfile
from pathlib import Path

import pypdf
import pytest
import yaml
from starlette.testclient import TestClient

from conftest import normalise
from generator.colour import RGB, contrast
from generator.errors import InputError
from generator.model.content import load_profile
from generator.serve.app import create_app
from generator.serve.workshop import tight_fits
from generator.layout.items import Fit
from htmlcheck import check_basics, parse
from serving import running_server

BASE = "http://localhost:8765"


@pytest.fixture
def site(project):
    """The page for a copy of the shipped content, and that copy."""
    app = create_app(project / "content", project / "layouts",
                     project / "content/organisation.yaml", project / "output")
    with TestClient(app, base_url=BASE) as client:
        client.project = project
        client.profile = project / "content/organisation.yaml"
        client.server = app.state.server
        yield client


def token(client) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)


def profile_form(client, **changes) -> dict:
    """The profile form as the page fills it in, with ``changes`` (dots as __)."""
    page = client.get("/").text
    form = re.search(r'<form id="profile-form".*?</form>', page, re.S).group(0)
    data = {name: value for name, value in
            re.findall(r'<input type="(?:text|email|tel|color|hidden)" [^>]*?name="([^"]+)" '
                       r'value="([^"]*)"', form.replace('id="', 'x="'))}
    data = {name: value.replace("&#34;", '"').replace("&amp;", "&") for name, value in data.items()}
    data.update({name.replace("__", "."): value for name, value in changes.items()})
    return data


def save(client, files=None, **changes):
    return client.post("/profile", data=profile_form(client, **changes), files=files,
                       follow_redirects=False)


def choose(client, **chosen):
    data = {"csrf": token(client), "locales": ["nl"], "topics": ["sexting"],
            "products": ["card"], "layouts": ["id1"], **chosen}
    return client.post("/choose", data=data, follow_redirects=False)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- the page ---------------------------------------------------------------------

def test_page_is_dutch_valid_html_with_every_field(site, tmp_path):
    answer = site.get("/")
    assert answer.status_code == 200
    (tmp_path / "page.html").write_text(answer.text, encoding="utf-8")
    page = parse(tmp_path / "page.html")
    check_basics(page, own_scripts=True)
    assert page.root.get("lang") == "nl"
    assert "Drukwerk voor Zorgorganisatie Voorbeeld" in page.text()
    names = {element.get("name") for element in page.all("input")}
    assert {"name", "logo", "protocol_url", "meldpunt.name", "meldpunt.phone", "meldpunt.email",
            "meldpunt.hours", "colours.primary", "colours.accent", "colours.positive",
            "colours.text", "colours.muted", "colours.background", "colours.tint",
            "printing.duplex_offset.x", "printing.duplex_offset.y", "locales", "topics",
            "products", "layouts"} <= names
    for form in page.all("form"):  # every form that posts carries the token
        assert any(i.get("name") == "csrf" and i.get("value") for i in form.iter("input"))
    for element in page.all("input"):  # every field has its label
        if element.get("type") not in ("hidden",):
            assert any(label.get("for") == element.get("id") for label in page.all("label"))
    assert "schrijflijn" in page.text()  # empty meldpunt details: a write-in line
    assert 'href="/calibration.pdf"' in answer.text
    assert "Voor een drukkerij" in page.text()


def test_page_is_english_when_the_browser_asks(site):
    answer = site.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en">' in answer.text
    assert "Print materials for Zorgorganisatie Voorbeeld" in answer.text
    assert "Drukwerk voor" not in answer.text


def test_every_asset_is_local(site):
    page = site.get("/").text
    addresses = re.findall(r'(?:src|href)="([^"#]+)', page)
    assert addresses
    for address in addresses:
        assert address.startswith("/"), address  # nothing from the network
    for asset in ("/static/serve.css", "/static/serve.js"):
        assert site.get(asset).status_code == 200
    assert "default-src 'self'" in site.get("/").headers["content-security-policy"]


# --- safety -----------------------------------------------------------------------

@pytest.mark.parametrize("host, status", [
    ("localhost:8765", 200), ("127.0.0.1:8765", 200), ("localhost", 200),
    ("attacker.example", 400), ("localhost.attacker.example:8765", 400),
    ("127.0.0.1.nip.io", 400), ("[::1]:8765", 400)])
def test_only_a_local_host_name_is_served(site, host, status):
    assert site.get("/", headers={"Host": host}).status_code == status
    assert site.get("/static/serve.css", headers={"Host": host}).status_code == status


@pytest.mark.parametrize("path", ["/profile", "/choose", "/press"])
@pytest.mark.parametrize("sent", [None, "", "forged-token"])
def test_a_post_without_the_pages_token_is_refused_and_changes_nothing(site, path, sent):
    before = site.profile.read_bytes()
    data = profile_form(site, name="Overgenomen")
    data.pop("csrf")
    if sent is not None:
        data["csrf"] = sent
    answer = site.post(path, data=data, follow_redirects=False)
    assert answer.status_code == 403
    assert site.profile.read_bytes() == before
    assert not (site.project / "output").exists()


def test_a_token_from_another_server_start_is_refused(site, project):
    other = create_app(project / "content", project / "layouts",
                       project / "content/organisation.yaml", project / "output")
    with TestClient(other, base_url=BASE) as second:
        stale = token(second)
    data = profile_form(site, name="Overgenomen")
    data["csrf"] = stale
    assert site.post("/profile", data=data).status_code == 403


@pytest.mark.parametrize("path", [
    "/output/../content/organisation.yaml", "/output/%2e%2e/content/organisation.yaml",
    "/output/..%2fcontent%2forganisation.yaml", "/output/%2Fetc%2Fpasswd",
    "/output//etc/passwd", "/output/.drukwerk.lock", "/output/nl/../../content/nl/labels.yaml",
    "/output/nl%5c..%5c..%5ccontent%5corganisation.yaml", "/output/link/organisation.yaml",
    "/output/link/secret.json", "/output/secret.pdf",
    "/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py"])
def test_no_address_reads_outside_the_output_folder_and_the_assets(site, path):
    assert choose(site).status_code == 303
    out = site.project / "output"
    (site.project / "content/secret.json").write_text('{"import": "Intern meldpunt"}')
    (out / "link").symlink_to(site.project / "content")          # a link to a folder
    (out / "secret.pdf").symlink_to(site.project / "content/secret.json")  # to a file
    assert (out / "nl/sexting-card-id1.pdf").is_file()
    answer = site.get(path)
    assert answer.status_code == 404, answer.text[:200]
    assert b"Intern meldpunt" not in answer.content and b"import" not in answer.content


def test_a_logo_over_5_mb_is_refused_beside_its_field_and_nothing_changes(site):
    before = site.profile.read_bytes()
    big = b"<svg xmlns='http://www.w3.org/2000/svg'>" + b" " * (5 * 1024 * 1024) + b"</svg>"
    answer = site.post("/profile", data=profile_form(site),
                       files={"logo": ("logo.svg", big, "image/svg+xml")})
    assert answer.status_code == 400
    assert "at most 5 MB" in _problem(answer.text, "logo")
    assert site.profile.read_bytes() == before
    assert leftovers(site.profile.parent) == []


def test_a_request_far_over_the_limit_is_refused_before_it_is_read(site):
    before = site.profile.read_bytes()
    huge = b"\x89PNG\r\n\x1a\n" + b"\0" * (8 * 1024 * 1024)
    answer = site.post("/profile", data=profile_form(site),
                       files={"logo": ("logo.png", huge, "image/png")})
    assert answer.status_code == 413
    assert site.profile.read_bytes() == before
    assert leftovers(site.profile.parent) == []


def test_a_request_that_does_not_say_its_length_is_cut_off_at_the_limit(site):
    start = b"csrf=" + token(site).encode() + b"&name="

    def chunks():
        yield start
        for _ in range(6 * 1024):
            yield b"x" * 1024
    before = site.profile.read_bytes()
    answer = site.post("/profile", content=chunks(),
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 413
    assert site.profile.read_bytes() == before


def test_a_logo_that_is_not_svg_or_png_is_refused_unwritten(site):
    before = site.profile.read_bytes()
    for name, data, expected in [
            ("logo.gif", b"GIF89a....", "must be an .svg or .png file, not '.gif'"),
            ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PNG image inside")]:
        answer = save(site, files={"logo": (name, data, "application/octet-stream")})
        assert answer.status_code == 400
        assert expected in _problem(answer.text, "logo")
    assert site.profile.read_bytes() == before
    assert leftovers(site.profile.parent) == []
    assert sorted(p.name for p in site.profile.parent.iterdir() if "logo" in p.name) == []


def test_a_logo_the_command_line_refuses_is_refused_with_its_message(site):
    fixtures = Path(__file__).parents[1] / "fixtures/logos"
    before = site.profile.read_bytes()
    answer = save(site, files={"logo": ("script.svg", (fixtures / "script.svg").read_bytes(),
                                        "image/svg+xml")})
    assert answer.status_code == 400
    message = _problem(answer.text, "logo")
    assert "script" in message and ".logo-upload" not in message
    assert site.profile.read_bytes() == before
    assert leftovers(site.profile.parent) == []


def test_a_png_logo_with_too_few_pixels_is_refused_saying_how_many_it_needs(site):
    from PIL import Image
    stream = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(stream, "PNG")
    answer = save(site, files={"logo": ("klein.png", stream.getvalue(), "image/png")})
    assert answer.status_code == 400
    assert "pixels wide" in _problem(answer.text, "logo")
    assert leftovers(site.profile.parent) == []


def test_a_good_logo_is_kept_next_to_the_profile_and_printed(site):
    logo = (site.project / "content/profiles/logo-zorggroep.svg").read_bytes()
    answer = save(site, files={"logo": ("Ons Logo.svg", logo, "image/svg+xml")})
    assert answer.status_code == 303, _problem(answer.text, "logo")
    data = yaml.safe_load(site.profile.read_text(encoding="utf-8"))
    assert data["logo"] == "organisation-logo.svg"
    assert (site.profile.parent / "organisation-logo.svg").read_bytes() == logo
    assert load_profile(site.profile).logo is not None
    assert leftovers(site.profile.parent) == []
    answer = save(site, **{"logo.remove": "1"})
    assert answer.status_code == 303
    assert "logo" not in yaml.safe_load(site.profile.read_text(encoding="utf-8"))


# --- the profile form ---------------------------------------------------------------

def test_every_field_is_saved_keeping_comments_and_order_with_one_backup(site):
    original = site.profile.read_text(encoding="utf-8")
    values = {"name": "Stichting Test & Zorg", "protocol_url": "https://intranet.example.nl/p",
              "meldpunt__name": "Meldpunt Noord", "meldpunt__phone": "0123-456789",
              "meldpunt__email": "meldpunt@example.nl", "meldpunt__hours": "ma-vr 9-17",
              "colours__primary": "#1a4060", "colours__accent": "#a01010",
              "colours__positive": "#1e6b34", "colours__text": "#111111",
              "colours__muted": "#404040", "colours__background": "#fffffe",
              "colours__tint": "#eef2f8", "printing__duplex_offset__x": "1,5",
              "printing__duplex_offset__y": "-0.5"}
    answer = save(site, **values)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].startswith("/?done=saved")
    organisation = load_profile(site.profile).organisation
    assert organisation.name == "Stichting Test & Zorg"
    assert organisation.protocol_url == "https://intranet.example.nl/p"
    assert organisation.meldpunt.model_dump() == {
        "name": "Meldpunt Noord", "phone": "0123-456789", "email": "meldpunt@example.nl",
        "hours": "ma-vr 9-17"}
    assert organisation.colours.primary == "#1A4060" and organisation.colours.tint == "#EEF2F8"
    assert organisation.printing.duplex_offset == (1.5, -0.5)
    text = site.profile.read_text(encoding="utf-8")
    assert 'accent: "#A01010"' in text  # quoted and in capitals, as the file writes colours
    for comment in [line for line in original.splitlines() if line.lstrip().startswith("#")]:
        assert comment in text                   # the person's comments stay
    assert '# het vinkje bij "zo wel"' in text   # a comment after a value too
    keys = [line.split(":")[0] for line in text.splitlines() if re.match(r"^\w", line)]
    assert keys[:5] == ["name", "meldpunt", "document", "colours", "protocol_url"] or \
        keys[:4] == ["name", "meldpunt", "document", "colours"]
    assert site.profile.with_name("organisation.yaml.bak").read_text(encoding="utf-8") == original
    assert leftovers(site.profile.parent) == []
    save(site, name="Tweede naam")  # one .bak: the version before the last save
    assert "Stichting Test & Zorg" in site.profile.with_name("organisation.yaml.bak").read_text(
        encoding="utf-8")
    assert len(list(site.profile.parent.glob("*.bak"))) == 1


def test_saving_an_unchanged_form_changes_no_line(site):
    original = site.profile.read_text(encoding="utf-8")
    assert save(site).status_code == 303  # the pickers send the colours in lower case
    assert site.profile.read_text(encoding="utf-8") == original


def test_an_empty_meldpunt_detail_stays_a_write_in_line(site):
    save(site, meldpunt__phone="0123-456789")
    assert save(site, meldpunt__phone="").status_code == 303
    assert load_profile(site.profile).organisation.meldpunt.phone == ""
    choose(site)
    text = normalise(" ".join(p.extract_text() for p in pypdf.PdfReader(
        site.project / "output/nl/sexting-card-id1.pdf").pages))
    assert "Telefoon:" in text and "0123-456789" not in text


REFUSED = [
    ("name", "", "name", "this text is empty"),
    ("protocol_url", "intranet/protocol", "protocol_url", "is not a web address"),
    ("meldpunt__email", "meldpunt at example", "meldpunt.email", "is not an e-mail address"),
    ("meldpunt__name", "Meldpunt 😀", "meldpunt.name", "has no glyph for '😀'"),
    ("meldpunt__phone", "☎ 0800", "meldpunt.phone", "has no glyph for '☎'"),
    ("meldpunt__hours", "24/7 🕐", "meldpunt.hours", "has no glyph"),
    ("colours__text", "#bbbbbb", "colours.text", "choose a darker colour, e.g. #767676"),
    ("colours__muted", "#cccccc", "colours.muted", "contrast of"),
    ("colours__primary", "#8fb8e0", "colours.primary", "contrast of"),
    ("colours__accent", "#ffd0d0", "colours.accent", "contrast of"),
    ("colours__positive", "#d0ffd0", "colours.positive", "contrast of"),
    ("colours__background", "#111111", "colours.text", "contrast of"),
    ("colours__tint", "#2a2a2a", "colours.text", "contrast of"),
    ("colours__primary", "blauw", "colours.primary", "'blauw' is not a colour"),
    ("printing__duplex_offset__x", "12", "printing.duplex_offset", "less than or equal to 10"),
    ("printing__duplex_offset__y", "veel", "printing.duplex_offset", "valid number"),
]


@pytest.mark.parametrize("field, value, shown_at, message", REFUSED,
                         ids=[f"{f}={v}" for f, v, _, _ in REFUSED])
def test_every_field_refuses_a_bad_value_with_the_command_lines_message(
        site, field, value, shown_at, message):
    before = site.profile.read_bytes()
    answer = save(site, **{field: value})
    assert answer.status_code == 400
    shown = _problem(answer.text, shown_at)
    assert message in shown, shown
    assert "organisation.yaml" in shown and ".drukwerk.tmp" not in shown
    assert "Er is niets opgeslagen" in answer.text
    assert site.profile.read_bytes() == before          # nothing changed on disk
    assert not site.profile.with_name("organisation.yaml.bak").exists()
    assert leftovers(site.profile.parent) == []
    if shown_at == field.replace("__", "."):  # the refused value stays in the form to correct
        assert f'value="{value}"' in answer.text


def test_a_failing_colour_shows_the_nearest_shade_that_passes(site):
    answer = save(site, colours__text="#bbbbbb")
    assert "choose a darker colour, e.g. #767676" in _problem(answer.text, "colours.text")
    note = re.search(r'<p class="contrast" id="contrast-text">(.*?)</p>', answer.text, re.S)[1]
    assert "Contrast 1.64:1 met de tint: te laag, 4.5:1 nodig" in note
    # the shade that passes on the background and on the tint, and the no-script way to take it
    shade = re.search(r'<button type="submit" class="use" name="colours.text" value="(#\w+)"',
                      note)[1]
    for back in ("#FFFFFF", "#E8EEF5"):
        assert contrast(RGB.from_hex(shade), RGB.from_hex(back)) >= 4.5
    assert save(site, colours__text=shade).status_code == 303


def test_the_contrast_shows_live_for_the_script(site):
    answer = site.get("/contrast", params={"colours.text": "#bbbbbb",
                                           "colours.background": "#ffffff",
                                           "colours.tint": "#e8eef5"})
    found = answer.json()["text"]
    assert found["passes"] is False and found["suggestion"] and found["ratio"] < 2
    assert "te laag" in found["html"]


def test_saves_at_the_same_time_each_write_a_whole_profile(site):
    names = [f"Organisatie {n}" for n in range(6)]
    forms = [profile_form(site, name=name) for name in names]
    answers = []

    def post(form):
        answers.append(site.post("/profile", data=form, follow_redirects=False).status_code)
    threads = [threading.Thread(target=post, args=(form,)) for form in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [303] * len(names)
    assert load_profile(site.profile).organisation.name in names
    backup = yaml.safe_load(site.profile.with_name("organisation.yaml.bak").read_text())
    assert backup["name"] in names + ["Zorgorganisatie Voorbeeld"]
    assert leftovers(site.profile.parent) == []


# --- making, previews, downloads -------------------------------------------------------

def test_choosing_builds_those_pieces_and_shows_their_previews(site):
    answer = choose(site, products=["card", "poster"], layouts=["id1", "a3"])
    assert answer.status_code == 303
    page = site.get(answer.headers["location"]).text
    rows = json.loads((site.project / "output/manifest.json").read_text())["files"]
    assert {row["path"] for row in rows} == {
        "nl/sexting-card-id1.pdf", "nl/sexting-card-id1-sheet.pdf", "nl/sexting-poster-a3.pdf"}
    for row in rows:
        assert row["organisation"] == "Zorgorganisatie Voorbeeld"
        for preview in row["previews"]:
            address = f"/output/{preview}?v={row['sha256'][:12]}"
            assert address in page
            assert site.get(address).content[:4] == b"\x89PNG"
        assert f'href="/output/{row["path"]}"' in page
    assert "Gemaakt." in page


def test_a_meldpunt_that_only_just_fits_is_flagged_beside_the_piece(site):
    """Longer opening hours squeeze a meldpunt box to its smallest size: after saving, the
    page says so beside that piece, in the fit report's words."""
    hours, piece, box = _hours_that_only_just_fit(site.project)
    assert "AT MIN" not in site.get("/").text
    assert save(site, meldpunt__hours=hours).status_code == 303
    page = site.get("/").text
    shown = re.search(rf'<article class="piece" aria-labelledby="piece-{piece}-pdf">'
                      r'(.*?)</article>', page, re.S)[1]
    assert "Past net:" in shown and f"{box} pt" in shown and "AT MIN, tight" in shown


def _hours_that_only_just_fit(project: Path) -> tuple[str, str, str]:
    """Opening hours, a digit longer each time, until a meldpunt box of some piece is at
    its smallest size while every piece still holds its text (found with the pipeline,
    so a change in typesetting moves the text, not the test): the hours, the piece and
    the fit report's words for the box ("poster contact: 20.0")."""
    from generator.pipeline import Inputs, lay_out_plan, make_plan
    profile = project / "content/organisation.yaml"
    original = profile.read_text(encoding="utf-8")
    start = "ma-vr 9-17 uur, weekend "
    inputs = Inputs(project / "content", project / "layouts", profile)
    try:
        for hours in [start + "0" * n for n in range(40)]:  # a narrow step each time
            profile.write_text(original.replace('  email: ""', f'  email: ""\n  hours: '
                                                f'"{hours}"'), encoding="utf-8")
            try:
                laid = lay_out_plan(make_plan(inputs))
            except InputError:  # a line more than a box holds: a longer text may wrap better
                continue
            for document in laid.documents:
                for fit in document.fits:
                    if "organisation.meldpunt.hours" in fit.fields and fit.room == "AT MIN, tight":
                        topic = f"{document.topic}-" if document.topic else ""
                        piece = f"{document.locale}-{topic}{document.product}-{document.layout}"
                        return hours, piece, f"{fit.page} {fit.box}: {fit.size:.1f}"
    finally:
        profile.write_text(original, encoding="utf-8")
    raise AssertionError("no length of the hours puts a meldpunt box at its minimum")


def test_the_page_shows_the_fit_reports_warnings_beside_a_piece(site):
    choose(site)
    site.server.workshop.warnings[("nl", "sexting", "card", "id1")] = tight_fits(
        [Fit("back", "checks", 8.0, 8.0, 9.5, ("checks",)), Fit("front", "title", 9, 8, 9, ())])
    page = site.get("/").text
    assert "Past net:" in page and "back checks: 8.0 pt (min 8), AT MIN, tight" in page
    assert "front title" not in page


def test_the_catalogue_opens_from_the_page_with_its_own_styles_and_no_scripts(site):
    choose(site)
    answer = site.get("/output/index.html")
    assert answer.status_code == 200 and "Drukwerkcatalogus" in answer.text
    policy = answer.headers["content-security-policy"]
    assert "style-src 'unsafe-inline'" in policy and "script-src" not in policy
    assert "default-src 'none'" in policy
    assert "'unsafe-inline'" not in site.get("/").headers["content-security-policy"]


def test_nothing_chosen_builds_nothing(site):
    answer = choose(site, layouts=[])
    assert answer.status_code == 400 and "Kies minstens" in answer.text
    assert not (site.project / "output").exists()


def test_zips_of_the_chosen_set_and_of_everything_and_each_pdf(site):
    choose(site, products=["card"], layouts=["id1", "a7"])
    choose(site, products=["protocol"], layouts=["a4"])
    chosen = zipfile.ZipFile(io.BytesIO(site.get("/download/chosen.zip").content))
    assert chosen.namelist() == ["nl/sexting-protocol-a4.pdf"]
    everything = site.get("/download/all.zip")
    assert everything.headers["content-disposition"] == 'attachment; filename="drukwerk-alles.zip"'
    names = zipfile.ZipFile(io.BytesIO(everything.content)).namelist()
    assert set(names) == {"nl/sexting-protocol-a4.pdf", "nl/sexting-card-id1.pdf",
                          "nl/sexting-card-id1-sheet.pdf", "nl/sexting-card-a7.pdf",
                          "nl/sexting-card-a7-sheet.pdf"}
    for name in names:
        assert zipfile.ZipFile(io.BytesIO(everything.content)).read(name) == \
            (site.project / "output" / name).read_bytes() == site.get(f"/output/{name}").content
    assert site.get("/download/all.zip").content == everything.content  # the same zip again


def test_the_print_shop_button_makes_press_files_in_a_zip(site):
    choose(site)
    answer = site.post("/press", data={"csrf": token(site)})
    assert answer.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert archive.namelist() == ["nl/sexting-card-id1-press.pdf"]
    press = pypdf.PdfReader(io.BytesIO(archive.read("nl/sexting-card-id1-press.pdf")))
    assert press.pages[0].trimbox != press.pages[0].mediabox
    again = site.post("/press", data={"csrf": token(site)})  # now up to date: still in the zip
    assert zipfile.ZipFile(io.BytesIO(again.content)).namelist() == archive.namelist()


def test_a_second_build_while_one_runs_is_told_building(site):
    workshop = site.server.workshop
    assert workshop._building.acquire()
    try:
        answer = choose(site)
        assert answer.headers["location"] == "/?done=busy"
        page = site.get("/").text
        assert "Bezig met maken" in page and 'http-equiv="refresh"' in page
        assert site.get("/status").json() == {"building": True}
    finally:
        workshop._building.release()
    assert site.get("/status").json() == {"building": False}
    assert not (site.project / "output/nl").exists()


def test_a_build_from_the_command_line_into_the_folder_shows_as_building(site):
    from generator.output.lock import locked
    out = site.project / "output"
    out.mkdir()
    with locked(out):
        assert site.get("/status").json() == {"building": True}
    assert site.get("/status").json() == {"building": False}


def test_the_calibration_sheet_link_gives_the_sheet(site):
    answer = site.get("/calibration.pdf")
    assert answer.headers["content-type"] == "application/pdf"
    assert len(pypdf.PdfReader(io.BytesIO(answer.content)).pages) == 2


def test_a_saved_name_is_in_the_next_pdfs(site):
    choose(site)
    assert save(site, name="Zorggroep De Linde").status_code == 303
    archive = zipfile.ZipFile(io.BytesIO(site.get("/download/chosen.zip").content))
    reader = pypdf.PdfReader(io.BytesIO(archive.read("nl/sexting-card-id1.pdf")))
    assert reader.metadata.author == "Zorggroep De Linde"


def _problem(page: str, field: str) -> str:
    """The text shown beside a field (its problem box)."""
    ident = field.replace(".", "-") if field != "printing.duplex_offset" else "duplex"
    found = re.search(rf'<div class="problem" id="problem-{ident}">(.*?)</div>', page, re.S)
    assert found, f"no problem shown at {field}"
    return re.sub(r"<[^>]+>", "", found[1]).replace("&#39;", "'").replace("&amp;", "&")


# --- the server itself -----------------------------------------------------------------

def test_serve_starts_on_localhost_only_and_stops_cleanly_on_ctrl_c(project):
    import urllib.request
    with running_server(project) as (server, address):
        with urllib.request.urlopen(address) as answer:
            assert answer.status == 200
        port = int(address.rsplit(":", 1)[1].strip("/"))
        with pytest.raises(OSError):  # not on another address of this computer
            socket.create_connection((_other_address(), port), timeout=2).close()
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
        assert "stopped" in server.stdout.read()


def _other_address() -> str:
    """An address of this machine that is not the loopback one (or an unroutable one)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
        except OSError:
            return "192.0.2.1"
    return address if not address.startswith("127.") else "192.0.2.1"


def test_serve_says_when_its_port_is_taken(project):
    from conftest import run
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = run("serve", "--no-browser", "--port", str(taken.getsockname()[1]), cwd=project)
    assert result.exit_code == 2
    assert "is in use" in result.output and "--port" in result.output


def test_drukwerk_serve_started_by_double_click_finds_its_project_folder(
        project, tmp_path, monkeypatch, capsys):
    """Explorer starts .venv\\Scripts\\drukwerk-serve.exe in its own folder: the program
    finds the project (the folder holding the virtual environment) by itself."""
    import sys as system

    from generator.serve import main
    scripts = tmp_path / "elsewhere"
    scripts.mkdir()
    monkeypatch.chdir(scripts)
    monkeypatch.setattr(system, "prefix", str(project / ".venv"))
    monkeypatch.setattr(system, "argv", ["drukwerk-serve", "--help"])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 0
    assert Path.cwd() == project
    assert "--no-browser" in capsys.readouterr().out
