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


class Tokens:
    """The token a form must send back; made when the server starts."""

    def __init__(self) -> None:
        self.value = secrets.token_urlsafe(32)

    def valid(self, sent: object) -> bool:
        return isinstance(sent, str) and hmac.compare_digest(sent.encode(), self.value.encode())


class BodyLimit:
    """Refuse a request that sends more than ``limit`` bytes: at once when it says its
    length, else when the count passes the limit (the application is told the client
    left, and the answer is 413 whatever it was going to say)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_REQUEST_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.limit:
            await _too_large(scope, receive, send)
            return
        received, cut, started = 0, False, False

        async def counted() -> Message:
            nonlocal received, cut
            if cut:
                return {"type": "http.disconnect"}
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                cut = True
                return {"type": "http.disconnect"}
            return message

        async def answer(message: Message) -> None:
            nonlocal started
            if not cut:
                started = True
                await send(message)
        try:
            await self.app(scope, counted, answer)
        except Exception:
            if not cut:
                raise
        if cut and not started:
            await _too_large(scope, receive, send)


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    await PlainTextResponse("413: the request is too large (at most 5 MB)",
                            status_code=413)(scope, receive, send)


class SecurityHeaders:
    """Headers on every answer: only this server's own files run or load in the page."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                have = {key for key, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in self.headers if h[0] not in have)]}
            await send(message)
        await self.app(scope, receive, with_headers)


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
