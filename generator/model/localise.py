"""Dates and numbers as each language writes them, with Babel.

The labels file's ``language`` (a BCP 47 tag such as ``nl-NL``) decides the
locale, so "1 november 2026" in Dutch and "1 November 2026" in British
English come from Babel's data, not from a format string per language.
Babel is imported on first use: the command line stays quick to start.
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from ..errors import HOW


@cache
def babel_locale(tag: str) -> Any:
    """The Babel locale for a BCP 47 tag; ValueError if Babel does not know it."""
    from babel import Locale, UnknownLocaleError
    try:
        return Locale.parse(tag.strip(), sep="-")
    except (ValueError, TypeError, UnknownLocaleError):
        raise ValueError(f"unknown language '{tag}'" + HOW + "write a language tag such as "
                         "nl-NL or en-GB") from None


def format_date(value: dt.date, tag: str) -> str:
    """The long date form of the language: "1 november 2026", "1 November 2026"."""
    from babel.dates import format_date as babel_format_date
    return babel_format_date(value, format="long", locale=babel_locale(tag))


def format_number(value: float, tag: str) -> str:
    """A number with the language's decimal sign and digit grouping."""
    from babel.numbers import format_decimal
    return format_decimal(value, locale=babel_locale(tag))
