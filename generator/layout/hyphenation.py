"""Hyphenation points from the pyphen dictionaries (the LibreOffice ones).

Only plain words are hyphenated: letters with at most a closing punctuation
mark; never a word with digits, an address or a name-like all-capitals word.
At least two letters stay before a break and three go after it, so no line
ends in a lone letter and no line starts with "-s". The language is the
locale's (nl-NL uses nl_NL, en-GB en_GB); a language without a dictionary is
not hyphenated.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

LEFT, RIGHT = 2, 3   # letters kept before and after a break
LONGEST = 80         # letters: no word of a language is longer; a longer one is refused whole
_WORD = re.compile(r"^([^\W\d_]+)([.,;:!?)\"'’”]*)$")


@cache
def _dictionary(language: str):
    import pyphen

    for name in (language.replace("-", "_"), language.split("-")[0]):
        if name and name in pyphen.LANGUAGES:
            return pyphen.Pyphen(lang=name, left=LEFT, right=RIGHT)
    return None


@lru_cache(maxsize=16384)
def points(word: str, language: str) -> tuple[int, ...]:
    """Indexes in ``word`` where a hyphen may go ("" language: none)."""
    if not language or len(word) > LONGEST:
        return ()
    match = _WORD.match(word)
    dictionary = _dictionary(language)
    if match is None or dictionary is None or match.group(1).isupper():
        return ()
    return tuple(dictionary.positions(match.group(1)))
