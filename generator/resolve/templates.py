"""Resolve stage: every text field is a Jinja2 template, rendered in a sandbox.

Content authors may write ``{{ organisation.meldpunt.phone }}`` and nothing
more: a template may only print values. Loops, filters, calls, macros and
arithmetic are refused before the template runs, because with them a line of
text can run for hours, recurse without end or fill the memory. Behind that,
the immutable sandbox refuses attribute tricks that reach Python internals,
and StrictUndefined turns a typo into an error.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Collection
from typing import Any, TypeVar

from jinja2 import StrictUndefined, TemplateError, Undefined, UndefinedError, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel, ValidationError

from ..model.content import Locale, Profile, TopicFile
from ..errors import HOW, InputError, display_path
from ..inputs.load import Source, field_name
from ..model.localise import format_number
from ..model.schema import DocumentControl, Labels, Topic
from ..model.validate import validate

Model = TypeVar("Model", bound=BaseModel)
_SPACES = re.compile(r"[ \t\r\n]+")
_RUNTIME_LABELS = {"page_of"}  # rendered per page by the lay out stage


class _NotPrintable(Exception):
    """A template printed something that is not text or a number."""

    def __init__(self, value: object) -> None:
        super().__init__(type(value).__name__)
        self.value = value


def _printable(value: object) -> object:
    """Only text and numbers are printed: an object, a list, a group of keys, nothing
    (None) or true/false would print Python's idea of it (with a memory address)."""
    if isinstance(value, str) or (isinstance(value, (int, float))
                                  and not isinstance(value, bool)):
        return value
    if isinstance(value, Undefined):
        str(value)  # StrictUndefined: raises UndefinedError, said as an unknown name
    raise _NotPrintable(value)


class _PrintOnly(ImmutableSandboxedEnvironment):
    """The sandbox, narrowed to looking up values: ``a.b`` and ``a["b"]`` read a key of
    a group or an item of a list, never an attribute or a method (``.items``)."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        return self.getitem(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and argument.startswith("_"):
            raise SecurityError(f"access to {argument!r} is not allowed")
        if isinstance(obj, dict) and isinstance(argument, str) and argument in obj:
            return obj[argument]
        if isinstance(obj, list) and isinstance(argument, int) and \
                not isinstance(argument, bool) and -len(obj) <= argument < len(obj):
            return obj[argument]
        return self.undefined(obj=obj, name=argument)


_ENV = _PrintOnly(undefined=StrictUndefined, autoescape=False, finalize=_printable)
_ENV.globals.clear()  # no lipsum, cycler, range, dict, namespace: only the context

# What a template may hold: text and values, {{ organisation.meldpunt.phone }}.
_PRINTING = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Getattr,
             nodes.Getitem, nodes.Slice, nodes.Const)
# How to name what it may not hold, first match wins.
_REFUSED = (
    ((nodes.For,), "a loop ({% for %})"),
    ((nodes.If, nodes.CondExpr), "a condition"),
    ((nodes.Macro, nodes.CallBlock), "a macro"),
    ((nodes.Filter,), "a filter ('|')"),
    ((nodes.Call,), "a call"),
    ((nodes.Assign, nodes.AssignBlock, nodes.With), "a variable of its own"),
    ((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends), "another template"),
)


@dataclass(frozen=True)
class Resolved:
    """One topic in one locale with every template rendered."""

    locale: str
    name: str
    topic: Topic
    labels: Labels
    organisation: Any  # models.Organisation
    topic_source: Source
    labels_source: Source
    profile_source: Source
    logo: Any = None  # logo.Logo, when the profile has one
    document: Any = None  # schema.DocumentControl: the topic's keys over the profile's
    topic_labels: frozenset = frozenset()  # label keys this topic gives its own words for
    pictograms: Any = None  # inputs.pictogram_library.Library the tips' pictograms come from

    @property
    def concept(self) -> bool:
        """A concept is not approved: every page of it says so."""
        return self.document.concept

    def label_source(self, key: str) -> tuple[Source, tuple]:
        """Where the printed words of label ``key`` come from: the topic or the labels file."""
        if key in self.topic_labels:
            if key == "checks" and self.topic.checks_title:
                return self.topic_source, ("checks_title",)
            return self.topic_source, ("labels", key)
        return self.labels_source, (key,)

    def page_label(self, page: int, pages: int) -> str:
        numbers = {"page": format_number(page, self.labels.language),
                   "pages": format_number(pages, self.labels.language)}
        source, path = self.label_source("page_of")
        return render_text(self.labels.page_of, numbers, source, path)


def resolve(profile: Profile, locale: Locale, topic_file: TopicFile,
            pictograms: Any = None) -> Resolved:
    context = {"organisation": profile.organisation.model_dump()}
    labels = _render_model(locale.labels, context, locale.labels_source, skip=_RUNTIME_LABELS)
    # Check the runtime label now, so a mistake in it fails before anything is drawn.
    render_text(labels.page_of, {**context, "page": 1, "pages": 2}, locale.labels_source,
                ("page_of",))
    context["labels"] = labels.model_dump()
    topic = _render_model(topic_file.topic, context, topic_file.source,
                          skip=frozenset(("labels", key) for key in _RUNTIME_LABELS))
    for key in _RUNTIME_LABELS:
        value = getattr(topic.labels, key)
        if value is not None:
            render_text(value, {**context, "page": 1, "pages": 2}, topic_file.source,
                        ("labels", key))
    own = {key: value for key, value in topic.labels.model_dump().items()
           if value is not None and key != "language"}
    if topic.checks_title:
        own["checks"] = topic.checks_title
    if own:
        labels = labels.model_copy(update=own)
    return Resolved(locale.name, topic_file.name, topic, labels, profile.organisation,
                    topic_file.source, locale.labels_source, profile.source, profile.logo,
                    document=_document(profile, topic_file, topic),
                    topic_labels=frozenset(own), pictograms=pictograms)


def _document(profile: Profile, topic_file: TopicFile, topic: Topic) -> DocumentControl:
    """The topic's document control: its own keys, the rest from the profile."""
    shared = profile.organisation.document.model_dump(exclude_none=True)
    own = topic.document.model_dump(exclude_none=True)
    merged = {**shared, **own}
    missing = [key for key in ("id", "version", "date", "owner", "review_date") if key not in merged]
    if missing:
        # Point where the key most likely belongs: the topic's own document control if it
        # has one, else the profile's, which every topic shares.
        topic_has = isinstance(topic_file.source.data, dict) and "document" in topic_file.source.data
        where = (topic_file.source if topic_has else profile.source).at(("document",))
        raise InputError(
            f"this required field is missing: document control needs "
            f"{', '.join(missing)}, and neither the topic "
            f"({display_path(topic_file.source.file)}) nor the profile "
            f"({display_path(profile.source.file)}) gives it",
            where=where, field=f"document.{missing[0]}",
            hint=f"add {', '.join(f'`{key}:`' for key in missing)} under `document:` in the "
                 "topic file, or in the profile for every topic")
    try:
        return DocumentControl.model_validate(merged)
    except ValidationError as exc:
        message = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        message, _, hint = message.partition(HOW)
        own_dates = {"date", "review_date"} & set(own)
        side = topic_file.source if own_dates else profile.source
        raise InputError(f"document control: {message}",
                         where=side.at(("document", "review_date")),
                         field="document.review_date", hint=hint) from None


def render_text(text: str, context: dict, source: Source, path: tuple) -> str:
    """Render one template; plain text (no braces) is returned as it is, tidied."""
    if "{" in text:
        text = _render(text, context, source, path)
    return _SPACES.sub(" ", text).strip()


def _unknown_name(text: str, context: dict) -> tuple[str, list[str]]:
    """The first dotted name in ``text`` that the context lacks, and the names that
    would have been there, for a did-you-mean."""
    expressions = " ".join(re.findall(r"\{\{(.*?)\}\}", text, re.S))
    for dotted in re.findall(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*", expressions):
        value: object = context
        for depth, part in enumerate(dotted.split(".")):
            if not isinstance(value, dict) or part not in value:
                known = sorted(value) if isinstance(value, dict) else []
                return ".".join(dotted.split(".")[:depth + 1]), [str(k) for k in known]
            value = value[part]
    return "?", sorted(context)


def _render(text: str, context: dict, source: Source, path: tuple) -> str:
    where, name = source.at(path), field_name(path)
    try:
        template, refused, names = _compiled(text)
        if refused is not None:
            raise InputError(f"a template may only print a value; this one holds {refused}",
                             where=where, field=name,
                             hint="write the text out, with values like "
                                  "{{ organisation.meldpunt.phone }} in it")
        if not names <= context.keys():
            raise UndefinedError  # `self`, `lipsum`: names Jinja would supply itself
        return template.render(context)
    except _NotPrintable as exc:
        kind = ("a group of keys" if isinstance(exc.value, dict) else "a list"
                if isinstance(exc.value, list) else "nothing (no value is set)"
                if exc.value is None else "true or false" if isinstance(exc.value, bool)
                else "something that is not text")
        raise InputError(f"a template may print only text and numbers; this one prints {kind}",
                         where=where, field=name,
                         hint="name one value, e.g. {{ organisation.meldpunt.phone }}") from None
    except TemplateSyntaxError as exc:
        raise InputError(f"template error: {exc.message}", where=where, field=name,
                         hint="templates look like {{ organisation.name }}") from None
    except SecurityError:
        raise InputError("this template tries to reach something it may not use",
                         where=where, field=name,
                         hint="templates may only print values of the organisation profile "
                              "and the labels, e.g. {{ organisation.meldpunt.phone }}") from None
    except UndefinedError:
        unknown, known = _unknown_name(text, context)
        close = difflib.get_close_matches(unknown.rsplit(".", 1)[-1], known, n=1)
        hint = (f"did you mean '{unknown.rsplit('.', 1)[0] + '.' if '.' in unknown else ''}"
                f"{close[0]}'? " if close else "")
        raise InputError(f"unknown template variable '{unknown}'", where=where, field=name,
                         hint=hint + "available here: " + ", ".join(known)) from None
    except RecursionError:
        raise InputError("this template calls itself without end", where=where,
                         field=name) from None
    except (TemplateError, TypeError, ValueError, ArithmeticError) as exc:
        raise InputError(f"template error: {exc}", where=where, field=name) from None


@lru_cache(maxsize=4096)
def _compiled(text: str) -> tuple[Any, str | None, frozenset[str]]:
    """The template ``text`` compiled, or what it holds that it may not (named, and no
    template); and the names it looks up. Compiled once per text: every profile of a
    batch renders the same topics' templates. A syntax error is raised, not kept."""
    parsed = _ENV.parse(text)
    refused = next((node for node in parsed.find_all(nodes.Node)
                    if not isinstance(node, _PRINTING)), None)
    names = frozenset(node.name for node in parsed.find_all(nodes.Name))
    if refused is not None:
        return None, _name(refused), names
    return _ENV.from_string(parsed), None, names


def _name(node: nodes.Node) -> str:
    for kinds, name in _REFUSED:
        if isinstance(node, kinds):
            return name
    return "a calculation" if isinstance(node, nodes.Expr) else f"'{type(node).__name__}'"


def _render_model(model: Model, context: dict, source: Source,
                  skip: Collection[object] = frozenset()) -> Model:
    def walk(value: Any, path: tuple) -> Any:
        if isinstance(value, str):
            if path and (path[0] in skip or path[:2] in skip):
                return value
            return render_text(value, context, source, path)
        if isinstance(value, dict):
            return {key: walk(item, path + (key,)) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item, path + (i,)) for i, item in enumerate(value)]
        return value

    data = walk(model.model_dump(exclude_unset=True), ())  # defaults come back on validation
    return validate(Source(source.file, data, source.positions), type(model),
                    "file (after filling in its templates)")
