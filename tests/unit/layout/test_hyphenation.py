"""Hyphenation points: the dictionary read lazily gives pyphen's own points."""
from __future__ import annotations

import pyphen
import pytest
from hypothesis import given, settings, strategies as st

from conftest import ROOT
from generator.layout import hyphenation
from generator.layout.hyphenation import LEFT, RIGHT, points

LANGUAGES = {"nl-NL": "nl_NL", "en-GB": "en_GB"}


def words_of_the_shipped_content() -> list[str]:
    import re

    text = " ".join(path.read_text(encoding="utf-8") for path in (ROOT / "content").rglob("*.yaml"))
    return sorted(set(re.findall(r"[^\W\d_]{5,}", text)))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_pattern_reads_as_pyphen_reads_it(language):
    lazy = hyphenation._dictionary(language)
    assert type(lazy).__name__ == "LazyHyphDict"   # the shipped files take the fast path
    eager = pyphen.HyphDict(pyphen.LANGUAGES[LANGUAGES[language]])
    assert {key: lazy.patterns.get(key) for key in eager.patterns} == eager.patterns
    unparsed = [key for key in lazy.patterns._raw if key not in eager.patterns]
    assert all(lazy.patterns.get(key) is None for key in unparsed)  # all-zero patterns


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_content_hyphenates_as_pyphen_does(language):
    dictionary = pyphen.Pyphen(lang=LANGUAGES[language], left=LEFT, right=RIGHT)
    for word in words_of_the_shipped_content():
        expected = () if word.isupper() else tuple(dictionary.positions(word))
        assert points(word, language) == expected, word


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcdeghijklmnoprstuvwyzéëï", min_size=1, max_size=30),
       st.sampled_from(sorted(LANGUAGES)))
def test_any_word_hyphenates_as_pyphen_does(word, language):
    dictionary = pyphen.Pyphen(lang=LANGUAGES[language], left=LEFT, right=RIGHT)
    assert points(word, language) == tuple(dictionary.positions(word))


def test_a_dictionary_with_hex_escapes_is_left_to_pyphen(tmp_path):
    path = tmp_path / "hyph_xx.dic"
    path.write_text("UTF-8\na1b\n^^e9\n", encoding="utf-8")
    assert type(hyphenation._open(path)) is pyphen.HyphDict
