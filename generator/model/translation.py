"""A translation has the shape of the approved text: the same paragraphs, risks,
roles, steps, tips and check questions, the same pictograms and role names.

Only the words may differ. A translated card with eight check questions, or a
"no face" tip drawn with a mole, would otherwise go to print without a word.
"""
from __future__ import annotations

from typing import Any

from .content import REFERENCE_LOCALE, Locale, TopicFile
from ..errors import Collector, InputError
from ..inputs.load import field_name

# Values that are names, not words: they stay the same in every language.
NAMES = {"pictogram", "instead", "roles", "kind"}


def check_translations(locales: dict[str, Locale], reference: Locale | None) -> None:
    """Every translated topic against the approved one; all differences reported."""
    if reference is None:
        return
    approved = {topic.name: topic for topic in reference.topics}
    errors = Collector()
    for locale in locales.values():
        if locale.name == reference.name:
            continue
        for topic in locale.topics:
            if topic.name in approved:
                errors.attempt(_compare, approved[topic.name], topic)
    errors.check()


def _compare(approved: TopicFile, translated: TopicFile) -> None:
    difference = _difference(approved.topic.model_dump(), translated.topic.model_dump(), (), None)
    if difference is None:
        return
    path, message = difference
    reference = approved.source.at(path)
    raise InputError(
        f"the translation differs from the approved text: {message} "
        f"(approved: locale {REFERENCE_LOCALE}, {reference})",
        where=translated.source.at(path), field=field_name(path) or "(top level)",
        hint="a translation keeps every item of the approved text and changes only the words")


def _difference(approved: Any, translated: Any, path: tuple,
                key: str | None) -> tuple[tuple, str] | None:
    if isinstance(approved, dict):
        if set(approved) != set(translated):
            missing = sorted(set(approved) - set(translated))
            extra = sorted(set(translated) - set(approved))
            what = (f"it lacks {', '.join(missing)}" if missing else "") + \
                   ("; " if missing and extra else "") + \
                   (f"it has {', '.join(extra)}, which the approved text has not" if extra else "")
            return path, what
        for name in approved:
            found = _difference(approved[name], translated[name], path + (name,), name)
            if found:
                return found
        return None
    if isinstance(approved, list):
        if len(approved) != len(translated):
            return path, f"{len(translated)} items here, {len(approved)} in the approved text"
        for index, (a, t) in enumerate(zip(approved, translated)):
            found = _difference(a, t, path + (index,), key)
            if found:
                return found
        return None
    if key in NAMES and approved != translated:
        return path, f"'{translated}' here, '{approved}' in the approved text"
    return None
