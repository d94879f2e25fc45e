"""The HTML pages' templates (the catalogue, the accessible protocol).

Jinja2 with autoescaping on: every value is text and is shown as text, so an
ampersand or angle bracket in the content can never break the page or add
markup. StrictUndefined makes a misspelt name in a template a bug we see,
not an empty space on the page. The templates are package data. A page's own
words are marked with ``{% trans %}`` / ``_()`` and come in the page's language
(:mod:`generator.i18n`); one environment per language, so pages in two
languages can be made at once. The environments differ only in what they look up
while rendering (the words, the ``words`` filter), so a template is compiled once
per process and its code shared by every language (:class:`_SharedCode`): kept
in memory, never written to disk, where a file someone else could change would
become code this process runs.
"""
from __future__ import annotations

from functools import cache
from types import CodeType

from jinja2 import (BaseLoader, BytecodeCache, Environment, PackageLoader, StrictUndefined,
                    pass_context)
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..i18n import translations


class _SharedCode(BytecodeCache):
    """Compiled templates by template and source checksum, for every environment of
    this process (they are made with the same options, so the code is the same)."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, CodeType | None]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:   # a changed template is compiled again
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_SHARED_CODE = _SharedCode()


def environment(loader: BaseLoader, language: str) -> Environment:
    """A template environment for ``loader`` whose words are in ``language``."""
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      extensions=["jinja2.ext.i18n"], bytecode_cache=_SHARED_CODE)
    env.policies["ext.i18n.trimmed"] = True  # a {% trans %} block spanning lines is one sentence
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["words"] = _words_in(language)
    return env


def _words_in(language: str):
    """A filter for English words that come from elsewhere (a product's purpose, a shipped
    layout's description): translated where the catalogue has them, else kept in English
    and marked so (``lang="en"``), so a screen reader reads them right."""
    catalogue = translations(language)
    known = getattr(catalogue, "_catalog", {})  # gettext's own table of the messages it has

    @pass_context  # never folded into the compiled code, which every language shares
    def words(context, text: str) -> str | Markup:
        if language == "en" or not text or text in known:
            return catalogue.gettext(text) if text else text
        return Markup('<span lang="en">{}</span>').format(text)
    return words


@cache
def _environment(language: str) -> Environment:
    return environment(PackageLoader("generator.output", "templates"), language)


def render_html(name: str, language: str = "en", **context) -> bytes:
    return _environment(language).get_template(name).render(**context).encode("utf-8")
