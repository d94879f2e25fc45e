"""The HTML pages' templates: compiled once per process, each page still in its own
language, and a changed template compiled again."""
from __future__ import annotations

from jinja2 import DictLoader

from generator.output.webpage import environment, render_html

PAGE = "{% trans %}Print catalogue{% endtrans %} {{ 'Organisation not recorded' | words }}"


def test_languages_share_the_compiled_template_and_keep_their_own_words():
    dutch = environment(DictLoader({"page.j2": PAGE}), "nl").get_template("page.j2")
    english = environment(DictLoader({"page.j2": PAGE}), "en").get_template("page.j2")
    assert dutch.root_render_func.__code__ is english.root_render_func.__code__  # compiled once
    assert english.render() == "Print catalogue Organisation not recorded"
    assert dutch.render() == "Drukwerkcatalogus Organisatie niet vastgelegd"
    assert dutch.render() == environment(DictLoader({"page.j2": PAGE}), "nl") \
        .get_template("page.j2").render()


def test_a_changed_template_is_compiled_again():
    first = environment(DictLoader({"page.j2": "one {{ 1 }}"}), "en").get_template("page.j2")
    second = environment(DictLoader({"page.j2": "two {{ 2 }}"}), "en").get_template("page.j2")
    assert (first.render(), second.render()) == ("one 1", "two 2")


def test_the_catalogue_is_in_the_language_asked_for():
    shown = {language: render_html("pictograms.html.j2", language=language, lang=language,
                                   pictures=[], inputs="")
             for language in ("en", "nl")}
    assert b'lang="nl"' in shown["nl"] and b'lang="en"' in shown["en"]
