"""Headless Chromium for the tests, driven over the DevTools protocol on a pipe.

Standard library only: started with --remote-debugging-pipe, Chromium reads
commands from file descriptor 3 and answers on 4, each message JSON ending
in a NUL byte. It uses the Chromium that is installed (Debian's `chromium`,
or the program named in $CHROMIUM) and never downloads one. axe-core comes
from npm (`npm install --prefix .ci-node axe-core`) or from $AXE_CORE.
"""
from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--window-size=1366,768", "--remote-debugging-pipe"]


def find_chromium() -> str | None:
    named = os.environ.get("CHROMIUM")
    if named:
        return shutil.which(named)
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)


def find_axe() -> Path | None:
    path = Path(os.environ.get("AXE_CORE") or
                ROOT / ".ci-node/node_modules/axe-core/axe.min.js")
    return path if path.is_file() else None


CHROMIUM = find_chromium()
AXE = find_axe()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")
needs_axe = pytest.mark.skipif(
    AXE is None, reason="axe-core is not installed (npm install --prefix .ci-node axe-core)")


class BrowserError(AssertionError):
    pass


class Browser:
    """One headless Chromium with one tab; use as a context manager."""

    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="drukwerk-chromium-")
        commands_read, self._commands = os.pipe()
        self._answers, answers_write = os.pipe()

        def on_fds_3_and_4():  # runs in the child, before Chromium starts
            ours = os.dup(commands_read), os.dup(answers_write)
            os.dup2(ours[0], 3)
            os.dup2(ours[1], 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=on_fds_3_and_4)
        os.close(commands_read)
        os.close(answers_write)
        self._buffer, self._last_id, self.session = b"", 0, None

    def __enter__(self) -> "Browser":
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self._send("Target.attachToTarget",
                                  {"targetId": target, "flatten": True})["sessionId"]
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._answers)
        shutil.rmtree(self.profile, ignore_errors=True)

    def open(self, path: Path | str) -> None:
        """Load the page (a file, or an http:// address) and wait until it and its
        pictures have loaded."""
        url = path if str(path).startswith("http") else Path(path).resolve().as_uri()
        self._send("Page.navigate", {"url": url}, self.session)
        self.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")

    def wait_for(self, expression: str) -> None:
        """Wait until a JavaScript expression is true (e.g. a page loaded after a click)."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                if self.evaluate(expression):
                    return
            except BrowserError:
                pass  # the page is being replaced by the next one
            if time.monotonic() > deadline:
                raise BrowserError(f"waited in vain for: {expression}")
            time.sleep(0.05)

    def languages(self, accept: str) -> None:
        """The languages the browser asks pages in (its Accept-Language header)."""
        agent = self.evaluate("navigator.userAgent")
        self._send("Emulation.setUserAgentOverride",
                   {"userAgent": agent, "acceptLanguage": accept}, self.session)

    def width(self, pixels: int) -> None:
        """A window this many CSS pixels wide (a phone below 600)."""
        self._send("Emulation.setDeviceMetricsOverride",
                   {"width": pixels, "height": 900, "deviceScaleFactor": 1,
                    "mobile": pixels < 600}, self.session)

    def screenshot(self, target: Path) -> None:
        """A PNG of the whole page, as wide as the window."""
        import base64
        shot = self._send("Page.captureScreenshot",
                          {"format": "png", "captureBeyondViewport": True}, self.session)
        Path(target).write_bytes(base64.b64decode(shot["data"]))

    def downloads(self, folder: Path) -> None:
        """Let the page download files, into ``folder``."""
        self._send("Browser.setDownloadBehavior",
                   {"behavior": "allow", "downloadPath": str(Path(folder).resolve())})

    def evaluate(self, expression: str, wait: bool = False):
        """The value of a JavaScript expression in the page (``wait``: of a promise)."""
        answer = self._send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                 "awaitPromise": wait}, self.session)
        if "exceptionDetails" in answer:
            raise BrowserError(answer["exceptionDetails"].get("exception", {})
                               .get("description", str(answer["exceptionDetails"])))
        return answer["result"].get("value")

    def _send(self, method: str, params: dict, session: str | None = None) -> dict:
        self._last_id += 1
        message = {"id": self._last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == self._last_id:
                if "error" in answer:
                    raise BrowserError(f"{method}: {answer['error']}")
                return answer["result"]

    def _receive(self) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._answers], [], [], self.timeout)
            chunk = os.read(self._answers, 1 << 16) if ready else b""
            if not chunk:
                raise BrowserError("Chromium stopped answering")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)
