"""The HTML pages' templates (the catalogue, the accessible protocol).

Jinja2 with autoescaping on: every value is text and is shown as text, so an
ampersand or angle bracket in the content can never break the page or add
markup. StrictUndefined makes a misspelt name in a template a bug we see,
not an empty space on the page. The templates are package data. A page's own
words are marked with ``{% trans %}`` / ``_()`` and come in the page's language
(:mod:`generator.i18n`); one environment per language, so pages in two
languages can be made at once. The environments differ only in what they look up
while rendering (the words, the ``words`` filter), so a template is compiled once
per process and its code shared by every language (:class:`_SharedCode`).

Compiling the templates costs more than rendering them (about 40 to 70 ms for a
build's three pages), so the compiled code is also kept between processes beside
the templates, as Python keeps the package's compiled modules (see
:mod:`generator.memo`): named by the template, Python's bytecode and Jinja2's
versions and the environment's options (its filters' ways of being called too),
headed by the template source's checksum, and used only when all of them match
and it holds code; anything else is compiled again.
"""
from __future__ import annotations

import hashlib
import marshal
from functools import cache
from pathlib import Path
from types import CodeType

from jinja2 import (BaseLoader, BytecodeCache, Environment, PackageLoader, StrictUndefined,
                    pass_context)
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..i18n import translations
from ..memo import keep_beside, kept_beside


TEMPLATES = Path(__file__).resolve().parent / "templates"


class _SharedCode(BytecodeCache):
    """Compiled templates by template and source checksum, for every environment of
    this process (they are made with the same options, so the code is the same), and
    kept beside the templates in ``folder`` between processes (see the module's notes)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._code: dict[str, tuple[str, CodeType | None]] = {}
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:   # a changed template is compiled again
            bucket.code = code
        elif self.folder is not None:
            data = kept_beside(self.folder, _file_name(bucket), _header(bucket.checksum))
            if data is not None:
                try:
                    code = marshal.loads(data)
                except (EOFError, ValueError, TypeError):
                    code = None
                if isinstance(code, CodeType):   # anything else: compiled again
                    bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)
        if self.folder is not None and bucket.code is not None:
            keep_beside(self.folder, _file_name(bucket), _header(bucket.checksum),
                        marshal.dumps(bucket.code))


def _file_name(bucket: Bucket) -> str:
    """The template's, Python's bytecode and Jinja2's versions and every option of the
    environment that changes the compiled code: its syntax, and whether its filters,
    tests and finalize take the context (the compiler writes the call for each)."""
    from importlib.util import MAGIC_NUMBER

    import jinja2
    from jinja2.utils import _PassArg

    env = bucket.environment

    def passes(functions: dict) -> list:
        return sorted((name, repr(_PassArg.from_obj(function)))
                      for name, function in functions.items())

    what = repr((bucket.key, MAGIC_NUMBER, jinja2.__version__, env.autoescape,
                 env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline,
                 env.newline_sequence, sorted(env.extensions), sorted(env.policies.items()),
                 env.block_start_string, env.block_end_string, env.variable_start_string,
                 env.variable_end_string, env.comment_start_string, env.comment_end_string,
                 env.line_statement_prefix, env.line_comment_prefix, env.optimized,
                 env.is_async, passes(env.filters), passes(env.tests),
                 env.finalize is not None and repr(_PassArg.from_obj(env.finalize))))
    return f"{hashlib.sha256(what.encode()).hexdigest()[:32]}.jinja"


def _header(checksum: str) -> bytes:
    from jinja2.bccache import bc_magic

    return bc_magic + checksum.encode() + b"\n"


_SHARED_CODE = _SharedCode(TEMPLATES)


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
