"""The HTML pages' templates (the catalogue, the accessible protocol).

Jinja2 with autoescaping on: every value is text and is shown as text, so an
ampersand or angle bracket in the content can never break the page or add
markup. StrictUndefined makes a misspelt name in a template a bug we see,
not an empty space on the page. The templates are package data.
"""
from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined

_ENV = Environment(loader=PackageLoader("generator.output", "templates"), autoescape=True,
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                   keep_trailing_newline=True)


def render_html(name: str, **context) -> bytes:
    return _ENV.get_template(name).render(**context).encode("utf-8")
