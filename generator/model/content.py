"""Finding and validating the content folder: profile, locales, labels and topics.

Layout of the folder (adding a locale or a topic is adding files, not code)::

    content/organisation.yaml      the default organisation profile
    content/<locale>/labels.yaml   the fixed words for that language
    content/<locale>/<topic>.yaml  one file per question-and-answer
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import Collector, InputError, InputErrors, display_path
from ..inputs.load import Source, field_name, load_yaml
from ..inputs.logo import Logo, load_logo
from .schema import Labels, Organisation, Topic, role_problems
from ..inputs.names import RULE, is_safe
from .validate import validate

LABELS_FILE = "labels.yaml"

# The locale that holds the approved text; every other locale is a translation
# of it, so a key missing from a translation is shown with its value here.
REFERENCE_LOCALE = "nl"


@dataclass(frozen=True)
class Profile:
    organisation: Organisation
    source: Source
    logo: Logo | None = None


@dataclass(frozen=True)
class TopicFile:
    name: str
    topic: Topic
    source: Source


@dataclass(frozen=True)
class Locale:
    name: str
    labels: Labels
    labels_source: Source
    topics: tuple[TopicFile, ...]          # the topic files that are valid
    problems: tuple[InputError, ...] = ()  # what is wrong with the others


def load_profile(path: Path) -> Profile:
    """The profile and its logo (a path relative to the profile file)."""
    source = load_yaml(Path(path), "organisation profile")
    organisation = validate(source, Organisation, "organisation profile")
    logo = None
    if organisation.logo:
        logo = load_logo(logo_path(Path(path), organisation.logo, source.at(("logo",))),
                         source.at(("logo",)))
    return Profile(organisation, source, logo)


def locale_names(folder: Path) -> list[str]:
    """Locales are the sub-folders of the content folder that hold a labels file."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("content folder not found", where=folder,
                         hint="pass --content with the folder that holds organisation.yaml")
    folders = sorted(p for p in folder.iterdir() if (p / LABELS_FILE).is_file())
    for path in folders:
        _check_name(path, "locale folder", "nl or en")
    names = [path.name for path in folders]
    if not names:
        raise InputError(f"no locale folders (a folder with {LABELS_FILE}) here", where=folder,
                         hint=f"add for example nl/{LABELS_FILE} and nl/<topic>.yaml")
    return names


def load_locale(folder: Path, name: str, topics: tuple[str, ...] = (),
                pictograms=None) -> Locale:
    """The labels and topic files of one locale (only ``topics`` when given), every
    file checked. A bad labels file stops here; a bad topic file is kept among the
    locale's problems, and its good topics go on, so one run finds every error."""
    base = Path(folder) / name
    reference = Path(folder) / REFERENCE_LOCALE
    errors = Collector()

    def check(path: Path, model, what: str):
        source = load_yaml(path, what)
        if model is not Topic:
            return validate(source, model, what, reference=reference / path.name), source
        # A topic's roles are checked on its plain data, next to its fields: all
        # problems of the file are reported together.
        problems = [InputError(message, where=source.at(where), field=field_name(where),
                               hint=hint) for where, message, hint in role_problems(source.data)]
        try:
            topic = validate(source, model, what, reference=reference / path.name)
        except InputError as error:
            raise InputErrors([error, *problems]) from None
        problems += _unknown_pictograms(topic, source, pictograms)
        if problems:
            raise InputErrors(problems)
        return topic, source

    labels, labels_source = check(base / LABELS_FILE, Labels, "labels file")
    files = []
    for path in sorted(base.glob("*.yaml")):
        if path.name == LABELS_FILE or (topics and path.stem not in topics):
            continue
        if errors.attempt(_check_name, path, "topic file", "sexting.yaml", path.stem) is None:
            continue
        checked = errors.attempt(check, path, Topic, "topic file")
        if checked is not None:
            files.append(TopicFile(path.stem, *checked))
    if not files and not topics and not errors.errors:
        raise InputError("no topic files in this locale folder", where=base,
                         hint="add a <topic>.yaml next to labels.yaml")
    return Locale(name, labels, labels_source, tuple(files), tuple(errors.errors))


def _unknown_pictograms(topic: Topic, source: Source, pictograms) -> list[InputError]:
    """Every pictogram a tip names must be in the library (built in or the organisation's)."""
    if pictograms is None or topic.tips is None:
        return []
    found = []
    for number, tip in enumerate(topic.tips.items):
        for key in ("pictogram", "instead"):
            name = getattr(tip, key)
            problem = pictograms.check(name) if name else None
            if problem:
                path = ("tips", "items", number, key)
                found.append(InputError(
                    problem, where=source.at(path), field=field_name(path),
                    hint="`drukwerk list` shows every pictogram; an organisation's own go in "
                         "content/pictograms/NAME.svg"))
    return found


def logo_path(profile: Path, logo: str, where) -> Path:
    """The logo's file: a path relative to the profile's folder that stays inside it,
    so a profile cannot have drukwerk read (and print) any file on the machine."""
    folder = profile.parent
    path = folder / logo
    parts = Path(os.path.normpath(logo)).parts
    if Path(logo).is_absolute() or not parts or parts[0] == os.pardir:
        raise InputError(f"the logo '{logo}' is outside the profile's folder "
                         f"({display_path(folder)})", where=where, field="logo",
                         hint=f"put the logo file in {display_path(folder)} and give its name, "
                              "e.g. logo: logo.svg")
    return path


def topic_names(folder: Path, locale: str) -> list[str]:
    """The topics of a locale: its YAML files but the labels file."""
    return sorted(path.stem for path in (Path(folder) / locale).glob("*.yaml")
                  if path.name != LABELS_FILE)


def _check_name(path: Path, what: str, example: str, name: str | None = None) -> bool:
    """Locale and topic names become parts of output paths (see :mod:`generator.inputs.names`)."""
    name = path.name if name is None else name
    if not is_safe(name):
        raise InputError(f"the name of this {what}, '{name}', cannot go into the names of "
                         "the files drukwerk writes", where=path,
                         hint=f"rename it using {RULE}, e.g. {example}")
    return True
