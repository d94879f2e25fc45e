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
build's three pages), so the compiled code is also kept where Python keeps the
package's own compiled modules: ``templates/__pycache__``, next to the templates,
written only when Python writes its own (not with ``PYTHONDONTWRITEBYTECODE``) and
where the package folder can be written. Whoever can change a file there can change
the package's code itself; compiled code is never kept in a place that is not the
package's (a temporary or output folder), where a file someone else could change
would become code this process runs. A file is named by the template, the Python and
Jinja2 versions and the environment's options, holds the template source's checksum,
and is used only when all of them match; anything else is compiled again.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import sys
from functools import cache
from pathlib import Path
from types import CodeType

from jinja2 import (BaseLoader, BytecodeCache, Environment, PackageLoader, StrictUndefined,
                    pass_context)
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..i18n import translations


KEPT_IN = Path(__file__).resolve().parent / "templates" / "__pycache__"


class _SharedCode(BytecodeCache):
    """Compiled templates by template and source checksum, for every environment of
    this process (they are made with the same options, so the code is the same), and
    kept in ``folder`` between processes (see the module's notes)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._code: dict[str, tuple[str, CodeType | None]] = {}
        self.folder = folder

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:   # a changed template is compiled again
            bucket.code = code
        elif self.folder is not None:
            try:
                data = (self.folder / _file_name(bucket)).read_bytes()
            except OSError:
                return
            header = _header(bucket.checksum)
            if data.startswith(header):
                try:
                    bucket.code = marshal.loads(data[len(header):])
                except (EOFError, ValueError, TypeError):
                    bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)
        if self.folder is None or sys.dont_write_bytecode or bucket.code is None:
            return
        target = self.folder / _file_name(bucket)
        temp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(exist_ok=True)
            temp.write_bytes(_header(bucket.checksum) + marshal.dumps(bucket.code))
            os.replace(temp, target)   # whole or not at all, also with builds at once
        except OSError:   # a package folder that cannot be written: compiled every time
            temp.unlink(missing_ok=True)


def _file_name(bucket: Bucket) -> str:
    """The template's, Python's and Jinja2's versions and every option of the environment
    that changes the compiled code."""
    import jinja2

    env = bucket.environment
    what = repr((bucket.key, sys.version_info[:2], jinja2.__version__, env.autoescape,
                 env.trim_blocks, env.lstrip_blocks, env.keep_trailing_newline,
                 env.newline_sequence, sorted(env.extensions), sorted(env.policies.items()),
                 env.block_start_string, env.variable_start_string, env.comment_start_string))
    return f"{hashlib.sha256(what.encode()).hexdigest()[:32]}.jinja"


def _header(checksum: str) -> bytes:
    from jinja2.bccache import bc_magic

    return bc_magic + checksum.encode() + b"\n"


_SHARED_CODE = _SharedCode(KEPT_IN)


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
