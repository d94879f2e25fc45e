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


# --- compiled code kept between processes ---------------------------------------------------

def _kept_environment(folder, source="{% trans %}Print catalogue{% endtrans %} {{ n }}"):
    """A page environment like the build's, keeping its compiled code in ``folder`` as a
    new process would find it (nothing in memory)."""
    from generator.output import webpage

    env = environment(DictLoader({"page.j2": source}), "nl")
    env.bytecode_cache = webpage._SharedCode(folder)
    return env


def test_compiled_code_is_kept_and_used_by_the_next_process(tmp_path, monkeypatch):
    from jinja2 import Environment

    monkeypatch.setattr("sys.dont_write_bytecode", False)

    shown = _kept_environment(tmp_path).get_template("page.j2").render(n=1)
    assert [path.suffix for path in (tmp_path / "__pycache__").iterdir()] == [".jinja"]
    monkeypatch.setattr(Environment, "compile", lambda *args, **kwargs: 1 / 0)
    assert _kept_environment(tmp_path).get_template("page.j2").render(n=1) == shown


def test_damaged_or_outdated_kept_code_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", False)
    _kept_environment(tmp_path).get_template("page.j2").render(n=1)
    (kept,) = (tmp_path / "__pycache__").iterdir()
    kept.write_bytes(kept.read_bytes()[:-20])   # cut short
    assert _kept_environment(tmp_path).get_template("page.j2").render(n=2) == \
        "Drukwerkcatalogus 2"
    changed = _kept_environment(tmp_path, "{{ n }} {% trans %}Print catalogue{% endtrans %}")
    assert changed.get_template("page.j2").render(n=3) == "3 Drukwerkcatalogus"


def test_no_compiled_code_is_written_when_python_writes_none(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    assert _kept_environment(tmp_path).get_template("page.j2").render(n=1)
    assert list(tmp_path.iterdir()) == []


def test_kept_code_is_not_used_when_a_filter_now_takes_the_context(tmp_path, monkeypatch):
    """The compiler writes each filter's call as the filter takes its arguments: code
    compiled for a plain filter would call one that now takes the context wrongly."""
    from jinja2 import pass_context

    monkeypatch.setattr("sys.dont_write_bytecode", False)

    def plain(env):
        env.filters["shout"] = lambda text: text.upper()
        return env

    def with_context(env):
        env.filters["shout"] = pass_context(lambda context, text: f"{text}!{context['n']}")
        return env

    source = "{{ word|shout }}"
    assert plain(_kept_environment(tmp_path, source)).get_template("page.j2").render(
        word="hoi", n=1) == "HOI"
    assert with_context(_kept_environment(tmp_path, source)).get_template("page.j2").render(
        word="hoi", n=1) == "hoi!1"


def test_kept_data_that_is_not_code_is_compiled_again(tmp_path, monkeypatch):
    import marshal

    from jinja2.bccache import bc_magic

    monkeypatch.setattr("sys.dont_write_bytecode", False)
    _kept_environment(tmp_path).get_template("page.j2").render(n=1)
    (kept,) = (tmp_path / "__pycache__").iterdir()
    data = kept.read_bytes()
    header = data[:data.index(b"\n", len(bc_magic)) + 1]   # magic, the source's checksum
    kept.write_bytes(header + marshal.dumps(("not", "code")))
    assert _kept_environment(tmp_path).get_template("page.j2").render(n=2) == \
        "Drukwerkcatalogus 2"
