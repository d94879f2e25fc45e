"""What keeps the local page local: the Host header, a token on every form, a limit
on what a request may send, and no path out of the output folder.

The server listens on 127.0.0.1 only, but a web page elsewhere can still make the
browser talk to it: a name that resolves to 127.0.0.1 (DNS rebinding) is refused by
the Host header check, and a form posted from another site lacks the token, which
only pages of this server hold (a new one each time it starts).
"""
from __future__ import annotations

import hmac
import secrets
from pathlib import Path

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..inputs.logo import MAX_LOGO_BYTES

ALLOWED_HOSTS = ("localhost", "127.0.0.1")
MAX_REQUEST_BYTES = MAX_LOGO_BYTES + 256 * 1024   # the logo plus the form's fields
SERVED_SUFFIXES = {".pdf", ".png", ".html", ".json", ".svg"}


class TooLarge(Exception):
    """The request sends more than the page ever needs."""


class Tokens:
    """The token a form must send back; made when the server starts."""

    def __init__(self) -> None:
        self.value = secrets.token_urlsafe(32)

    def valid(self, sent: object) -> bool:
        return isinstance(sent, str) and hmac.compare_digest(sent.encode(), self.value.encode())


class BodyLimit:
    """Count what a request sends and stop reading at ``limit`` bytes, whether or not it
    says its length beforehand (a length over the limit is refused before reading)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_REQUEST_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.limit:
            await PlainTextResponse("413: the request is too large (at most 5 MB)",
                                    status_code=413)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise TooLarge()
            return message
        await self.app(scope, counted, send)


def served_file(folder: Path, relative: str) -> Path | None:
    """The file ``relative`` names inside ``folder``, or None: nothing outside it (by
    ``..``, an absolute path or a link), no hidden file (the lock, temporary files), and
    only the kinds of file a build writes."""
    if not relative or "\\" in relative or "\0" in relative:
        return None
    parts = relative.split("/")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    root = Path(folder).resolve()
    target = (root / relative).resolve()
    if root not in target.parents or not target.is_file():
        return None
    return target if target.suffix.lower() in SERVED_SUFFIXES else None
