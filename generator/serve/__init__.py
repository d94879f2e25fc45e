"""`drukwerk serve`: a local web page for people who never open a terminal.

A front end like the command line (:mod:`generator.cli`), not a pipeline stage: it
edits the organisation profile, chooses what to make, builds it with the same
pipeline and shows and hands out the result. It listens on 127.0.0.1 only.
"""
from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_PORT = 8765


def serve(content: Path, layouts: Path, profile: Path, out: Path, port: int = DEFAULT_PORT,
          open_browser: bool = True, say=print) -> None:
    """Run the page until Ctrl+C (or SIGTERM); each request finishes first."""
    import contextlib
    import threading
    import webbrowser

    import uvicorn

    from .app import create_app

    app = create_app(content, layouts, profile, out)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                            lifespan="off", timeout_graceful_shutdown=30)
    server = uvicorn.Server(config)
    address = f"http://localhost:{port}/"

    def started() -> None:
        while not server.started and not server.should_exit:
            threading.Event().wait(0.05)
        if server.started:
            say(f"drukwerk serves {address} (only on this computer); stop with Ctrl+C")
            if open_browser and not webbrowser.open(address):
                say(f"no web browser found; open {address} yourself")
    _check_port(port)
    threading.Thread(target=started, daemon=True).start()
    # Ctrl+C: it stops taking requests and lets the running ones finish, then passes
    # the signal on (KeyboardInterrupt), which here means: done.
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    say("stopped; every file is whole")


def _check_port(port: int) -> None:
    import socket

    from ..errors import InputError

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise InputError(f"port {port} is in use (is drukwerk serve running already?)",
                             field="--port", hint="open the page that runs already, or choose "
                                                  "another port, e.g. --port 8766") from None


def main() -> None:
    """The `drukwerk-serve` program (drukwerk-serve.exe on Windows): `drukwerk serve`, from
    the project folder even when started by double-clicking somewhere else."""
    from ..cli import main as cli_main

    folder = _project_folder()
    if folder is not None:
        import os
        os.chdir(folder)
    sys.argv = ["drukwerk", "serve", *sys.argv[1:]]
    cli_main()


def _project_folder() -> Path | None:
    """The folder with content/: the working folder, else the one holding the virtual
    environment this program is installed in (.venv/Scripts/drukwerk-serve.exe)."""
    for folder in (Path.cwd(), Path(sys.prefix).parent):
        if (folder / "content").is_dir():
            return folder
    return None
