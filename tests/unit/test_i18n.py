"""The page's own words: every one has its Dutch, with the same placeholders; the
browser's language decides between Dutch and English."""
from __future__ import annotations

import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from conftest import ROOT
from generator.i18n import from_accept_language, translations

PO = ROOT / "generator/messages/nl/LC_MESSAGES/drukwerk.po"
TEMPLATES = "generator/**/templates/**.j2"


def _marked() -> set[str]:
    """Every message the templates and the serve package mark for translation."""
    found = extract_from_dir(ROOT, [(TEMPLATES, "jinja2"), ("generator/serve/**.py", "python")],
                             options_map={TEMPLATES: {"extensions": "jinja2.ext.i18n",
                                                      "trimmed": "true"}})
    return {message for _, _, message, _, _ in found if isinstance(message, str)}


def test_every_marked_message_has_its_dutch_with_the_same_placeholders():
    with PO.open("rb") as stream:
        catalogue = read_po(stream)
    marked = _marked()
    assert len(marked) > 80
    for message in sorted(marked):
        assert message in catalogue and catalogue[message].string, f"no Dutch for: {message}"
        dutch = catalogue[message].string
        assert sorted(re.findall(r"%\(\w+\)s", dutch)) == sorted(re.findall(r"%\(\w+\)s", message))
        assert re.findall(r"<[^>]+>", dutch) == re.findall(r"<[^>]+>", message), message


def test_the_compiled_catalogue_translates():
    assert translations("nl").gettext("Print catalogue") == "Drukwerkcatalogus"
    assert translations("en").gettext("Print catalogue") == "Print catalogue"


@pytest.mark.parametrize("header, language", [
    (None, "nl"), ("", "nl"), ("en-GB,en;q=0.9", "en"), ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
    ("de-DE,de;q=0.9,en;q=0.5", "en"), ("fr", "nl"), ("en;q=0.2,nl;q=0.8", "nl"),
    ("en;q=0", "nl"), ("EN-us", "en")])
def test_the_browser_language_chooses_the_page_language(header, language):
    assert from_accept_language(header) == language


# --- the compiled catalogue kept beside it ----------------------------------------------------

def _words(translations_) -> dict[str, str]:
    """Every message's words (not the catalogue's header, which has the time it was read)."""
    return {key: value for key, value in translations_._catalog.items() if key}


def test_the_kept_compiled_catalogue_gives_the_same_words_and_follows_the_po(tmp_path, monkeypatch):
    from generator import i18n

    monkeypatch.setattr("sys.dont_write_bytecode", False)
    po = tmp_path / "drukwerk.po"
    po.write_bytes(PO.read_bytes())
    compiled = _words(i18n.catalogue(po, "nl"))
    assert (tmp_path / "__pycache__/drukwerk.mo").is_file()
    monkeypatch.setattr(i18n, "_compiled", lambda *args: 1 / 0)   # now read, not compiled
    assert _words(i18n.catalogue(po, "nl")) == compiled == _words(translations("nl"))
    monkeypatch.undo()
    po.write_bytes(PO.read_bytes().replace(b'msgstr "Drukwerkcatalogus"', b'msgstr "Catalogus"'))
    assert i18n.catalogue(po, "nl").gettext("Print catalogue") == "Catalogus"   # edited: again
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    i18n.catalogue(po, "nl")   # the edited catalogue kept
    kept = tmp_path / "__pycache__/drukwerk.mo"
    whole = kept.read_bytes()
    for damage in (b"something else", whole[:len(whole) // 2]):   # another header, cut short
        kept.write_bytes(damage)
        assert i18n.catalogue(po, "nl").gettext("Print catalogue") == "Catalogus"


def test_a_kept_catalogue_in_an_unknown_encoding_is_compiled_again(tmp_path, monkeypatch):
    from generator import i18n

    monkeypatch.setattr("sys.dont_write_bytecode", False)
    po = tmp_path / "drukwerk.po"
    po.write_bytes(PO.read_bytes())
    i18n.catalogue(po, "nl")
    kept = tmp_path / "__pycache__/drukwerk.mo"
    kept.write_bytes(kept.read_bytes().replace(b"charset=UTF-8", b"charset=bogus")
                     .replace(b"charset=utf-8", b"charset=bogus"))
    assert b"charset=bogus" in kept.read_bytes()
    assert i18n.catalogue(po, "nl").gettext("Print catalogue") == "Drukwerkcatalogus"
