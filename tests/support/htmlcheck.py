"""Reading back an HTML page the way a browser and a screen reader meet it.

The page is parsed by html5lib in strict mode, so markup a browser would have
to repair (an unclosed element, a stray end tag, no doctype) fails the test.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

import html5lib


@dataclass(frozen=True)
class Page:
    path: Path
    root: Element

    def all(self, tag: str) -> list[Element]:
        return list(self.root.iter(tag))

    @property
    def body(self) -> Element:
        return self.root.find("body")

    def text(self, element: Element | None = None) -> str:
        element = self.body if element is None else element
        return re.sub(r"\s+", " ", "".join(element.itertext())).strip()

    def links(self) -> list[str]:
        """Every address the page refers to: links, pictures, styles, scripts."""
        found = [a.get("href") for a in self.all("a")]
        found += [img.get("src") for img in self.all("img")]
        found += [link.get("href") for link in self.all("link")]
        found += [script.get("src") for script in self.all("script") if script.get("src")]
        return found

    def local_target(self, address: str) -> Path:
        """The file a relative address points at."""
        parts = urlsplit(address)
        assert not parts.scheme and not parts.netloc, f"not a relative link: {address}"
        return (self.path.parent / unquote(parts.path)).resolve()


def parse(path: Path) -> Page:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    with open(path, "rb") as stream:
        root = parser.parse(stream)
    assert not parser.errors, parser.errors
    assert path.read_bytes().lstrip().lower().startswith(b"<!doctype html>")
    return Page(path, root)


def words(text: str) -> Counter:
    """The words of ``text`` (letters only), counted: punctuation, numbers and line
    breaks do not matter, a missing or changed word does."""
    return Counter(re.findall(r"[^\W\d_]+", text))


def check_basics(page: Page, own_scripts: bool = False) -> None:
    """What every page we write must have: lang, a title, alt text, unique ids,
    labels that point at a control, and nothing fetched from the network. A page
    that opens from a folder has no scripts; the serve page (``own_scripts``) only its
    own script files, none written into the page."""
    assert page.root.get("lang"), "no lang attribute on <html>"
    title = page.root.find("head/title")
    assert title is not None and (title.text or "").strip(), "no <title>"
    for img in page.all("img"):
        assert (img.get("alt") or "").strip(), f"image without alt text: {img.get('src')}"
    ids = [element.get("id") for element in page.root.iter() if element.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for label in page.all("label"):
        assert label.get("for") in ids, f"label for a control that is not there: {label.get('for')}"
    for address in page.links():
        scheme = urlsplit(address).scheme
        assert scheme in ("", "tel", "mailto"), f"reaches outside the page's folder: {address}"
    if own_scripts:
        for script in page.all("script"):
            assert (script.get("src") or "").startswith("/static/") and not script.text, \
                "a script that is not the server's own file"
    else:
        assert not page.all("script"), "the page needs no scripts"
