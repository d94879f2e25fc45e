"""Hyphenation points from the pyphen dictionaries (the LibreOffice ones).

Only plain words are hyphenated: letters with at most a closing punctuation
mark; never a word with digits, an address or a name-like all-capitals word.
At least two letters stay before a break and three go after it, so no line
ends in a lone letter and no line starts with "-s". The language is the
locale's (nl-NL uses nl_NL, en-GB en_GB); a language without a dictionary is
not hyphenated.

A dictionary holds some 16,000 patterns, and pyphen parses every one when it
opens it (about 0.1 s a language, each build). A build hyphenates a few
hundred words, so :func:`_lazy_class` files each pattern under its letters
unparsed (one pass over the file in C) and parses a pattern the first time a
word needs it: the same patterns, the same points.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

LEFT, RIGHT = 2, 3   # letters kept before and after a break
LONGEST = 80         # letters: no word of a language is longer; a longer one is refused whole
_WORD = re.compile(r"^([^\W\d_]+)([.,;:!?)\"'’”]*)$")
_NO_DIGITS = str.maketrans("", "", "0123456789")


@cache
def _dictionary(language: str):
    import pyphen

    for name in (language.replace("-", "_"), language.split("-")[0]):
        if name and name in pyphen.LANGUAGES:
            return _open(pyphen.LANGUAGES[name])
    return None


def _open(path):
    """The hyphenation dictionary at ``path``: read lazily where the file allows, else
    parsed whole by pyphen (hex escapes and nonstandard hyphenation need its parser)."""
    import pyphen

    try:
        return _lazy_class()(path)
    except _Unusual:
        return pyphen.HyphDict(path)


class _Unusual(Exception):
    """The file uses something only pyphen's own parser reads right."""


@cache
def _lazy_class():
    """pyphen's ``HyphDict`` with its patterns parsed when first looked up (see the
    module's notes); its ``positions`` is pyphen's own."""
    import pyphen

    return type("LazyHyphDict", (pyphen.HyphDict,), {"__init__": _lazy_init})


def _lazy_init(self, path) -> None:
    from pyphen import ignored

    with path.open("rb") as stream:
        encoding = stream.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    text = path.read_text(encoding)
    if "^^" in text or "/" in text or "\r" in text:
        raise _Unusual(path)
    lines = text.split("\n")[1:]
    keys = text.translate(_NO_DIGITS).split("\n")[1:]
    used = [(key, line) for key, line in zip(keys, lines)
            if line and not line.startswith(ignored)]
    raw = dict(used)
    if len(raw) != len(used) or any(line != line.strip() for _, line in used):
        raise _Unusual(path)   # a pattern's letters twice, or spaces around one
    self.patterns = _Patterns(raw)
    self.cache = {}
    self.maxlen = max(map(len, raw))


class _Patterns:
    """Letters -> (offset, values) as pyphen parses them, each parsed when first asked."""

    def __init__(self, raw: dict[str, str]) -> None:
        self._raw = raw
        self._parsed: dict[str, tuple[int, tuple[int, ...]] | None] = {}

    def get(self, letters: str, default=None):
        if letters not in self._parsed:
            line = self._raw.get(letters)
            self._parsed[letters] = None if line is None else _parse(line)
        found = self._parsed[letters]
        return default if found is None else found


def _parse(pattern: str) -> tuple[int, tuple[int, ...]] | None:
    """pyphen's reading of one pattern ("a1b2c"): where its values start, and the values
    without the zeros at either end; None when every value is zero."""
    from pyphen import parse

    values = tuple(int(digit or "0") for digit, _ in parse(pattern))
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, values[start:end]


@lru_cache(maxsize=16384)
def points(word: str, language: str) -> tuple[int, ...]:
    """Indexes in ``word`` where a hyphen may go ("" language: none)."""
    if not language or len(word) > LONGEST:
        return ()
    match = _WORD.match(word)
    dictionary = _dictionary(language)
    if match is None or dictionary is None or match.group(1).isupper():
        return ()
    letters = match.group(1)
    last = len(letters) - RIGHT
    return tuple(i for i in dictionary.positions(letters) if LEFT <= i <= last)
