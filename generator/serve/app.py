"""The web application behind `drukwerk serve` (Starlette): one page with the profile
form, what to make, the previews and the downloads, in Dutch or in English as the
browser asks. Plain HTML forms: everything works without JavaScript; serve.js only
shows the contrast while a colour is picked and reloads when a build is done.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from urllib.parse import quote

from jinja2 import PackageLoader
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import InputError, display_path
from ..i18n import from_accept_language
from ..inputs.load import load_yaml
from ..model.content import REFERENCE_LOCALE
from ..output.catalogue import INDEX
from ..output.webpage import environment
from .contrast import measure
from .profile_form import COLOURS, DUPLEX, LOGO, MELDPUNT, Upload, current_values, save
from .profile_store import ProfileStore
from .safety import ALLOWED_HOSTS, BodyLimit, SecurityHeaders, Tokens, served_file
from .workshop import Busy, PreflightFailed, Selection, Workshop

STATIC = files("generator.serve") / "static"
HEX = re.compile(r"#[0-9a-fA-F]{6}")  # what a colour picker can show; cmyk(...) gets a text field
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self'; style-src 'self'; "
                               "script-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                               "base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
# The pages a build writes (catalogue, accessible protocol) have their styles inline and
# no scripts at all.
OUTPUT_PAGE_POLICY = ("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
                      "frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
# What a finished request says on the next page (a fixed list: nothing from the URL is shown).
NOTICES = ("saved", "built", "busy", "saved-busy", "nothing-chosen")


@cache
def _templates(language: str):
    return environment(PackageLoader("generator.serve", "templates"), language)


@dataclass
class Server:
    workshop: Workshop
    store: ProfileStore
    tokens: Tokens

    # --- the page ------------------------------------------------------------------

    async def page(self, request: Request) -> Response:
        notice = request.query_params.get("done")
        return self.render(request, notice=notice if notice in NOTICES else None)

    def render(self, request: Request, status: int = 200, values: dict | None = None,
               problems: dict | None = None, notice: str | None = None,
               build_problems: list[str] | None = None) -> Response:
        language = from_accept_language(request.headers.get("accept-language"))
        workshop = self.workshop
        saved, load_problem = self._saved_values()
        values = values or saved
        options, options_problem = None, None
        try:
            options = workshop.options()
        except InputError as error:
            options_problem = str(error)
        rows = sorted(workshop.rows(),  # the approved text's pieces first
                      key=lambda row: (row["locale"] != REFERENCE_LOCALE, row["path"]))
        pieces = [{**row, "warnings": workshop.warnings.get(
            (row["locale"], row["topic"], row["product"], row["layout"]), []),
            "pictures": [f"/output/{quote(p)}?v={row['sha256'][:12]}"
                         for p in row.get("previews") or []]} for row in rows]
        html = _templates(language).get_template("page.html.j2").render(
            lang=language, token=self.tokens.value, values=values,
            problems=problems or {}, general=[*([load_problem] if load_problem else []),
                                              *(problems or {}).get("", [])],
            contrast=measure({name.split(".")[1]: values.get(name, "") for name in COLOURS}),
            pickable={name: bool(HEX.fullmatch(values.get(name, ""))) for name in COLOURS},
            colours=COLOURS, meldpunt=MELDPUNT, duplex=DUPLEX, logo=LOGO,
            profile=display_path(self.store.path), out=display_path(workshop.out),
            options=options, options_problem=options_problem, selection=workshop.selection,
            pieces=pieces, skipped=workshop.skipped, building=workshop.building,
            notice=notice, build_problems=build_problems or [],
            catalogue=(workshop.out / INDEX).is_file())
        return Response(html, status_code=status, media_type="text/html; charset=utf-8")

    def _saved_values(self) -> tuple[dict, str | None]:
        try:
            return current_values(load_yaml(self.store.path, "organisation profile").data), None
        except InputError as error:
            return current_values({}), str(error)

    # --- forms -----------------------------------------------------------------------

    async def form(self, request: Request):
        """The posted form, its token checked."""
        form = await request.form(max_files=1, max_fields=200, max_part_size=64 * 1024)
        if not self.tokens.valid(form.get("csrf")):
            raise HTTPException(403, "this form is out of date or comes from elsewhere: "
                                     "reload the page and try again")
        return form

    async def save_profile(self, request: Request) -> Response:
        form = await self.form(request)
        try:
            fields = {key: value for key, value in form.items() if isinstance(value, str)}
            logo = form.get(LOGO)
            upload = None
            if isinstance(logo, UploadFile) and logo.filename:
                upload = Upload(logo.filename, await logo.read())
        finally:
            await form.close()
        outcome = save(self.store, fields, upload, "logo.remove" in form,
                       self.workshop.check_profile)
        if not outcome.saved:
            values = {**self._saved_values()[0], **outcome.values}
            return self.render(request, 400, values=values, problems=outcome.problems)
        return self._build_then_show(request, "saved")

    async def choose(self, request: Request) -> Response:
        form = await self.form(request)
        options = self.workshop.options()
        offered = {"locales": options.locales, "topics": [name for name, _ in options.topics],
                   "products": [name for name, _ in options.products],
                   "layouts": [layout["name"] for layout in options.layouts]}
        chosen = {}
        for kind, names in offered.items():
            picked = tuple(name for name in names if name in form.getlist(kind))
            if not picked:
                return self.render(request, 400, notice="nothing-chosen")
            chosen[kind] = () if len(picked) == len(names) else picked
        self.workshop.selection = Selection(**chosen)
        return self._build_then_show(request, "built")

    def _build_then_show(self, request: Request, done: str) -> Response:
        try:
            self.workshop.build()
        except Busy:
            return RedirectResponse(f"/?done={done}-busy" if done == "saved" else "/?done=busy",
                                    status_code=303)
        except InputError as error:
            return self.render(request, 400, build_problems=[str(error)])
        except PreflightFailed as failed:
            return self.render(request, 500, build_problems=[str(failed)])
        return RedirectResponse(f"/?done={done}#previews", status_code=303)

    async def press(self, request: Request) -> Response:
        await self.form(request)
        try:
            rows = self.workshop.build(mode="press")
        except Busy:
            return RedirectResponse("/?done=busy", status_code=303)
        except InputError as error:
            return self.render(request, 400, build_problems=[str(error)])
        return _zip_response(self.workshop.zip(rows), "drukwerk-drukkerij.zip")

    # --- files -----------------------------------------------------------------------

    async def download(self, request: Request) -> Response:
        which = request.path_params["which"]
        if which not in ("chosen", "all"):
            raise HTTPException(404)
        rows = self.workshop.rows(chosen=which == "chosen")
        name = "drukwerk-gekozen.zip" if which == "chosen" else "drukwerk-alles.zip"
        return _zip_response(self.workshop.zip(rows), name)

    async def output_file(self, request: Request) -> Response:
        target = served_file(self.workshop.out, request.path_params["path"])
        if target is None:
            raise HTTPException(404)
        headers = {}
        if target.suffix.lower() == ".html":  # the catalogue and the accessible pages keep
            headers["Content-Security-Policy"] = OUTPUT_PAGE_POLICY  # their styles inline
        return FileResponse(target, headers=headers)

    async def calibration(self, request: Request) -> Response:
        from ..pipeline import calibrate
        locale = request.query_params.get("locale", "nl")
        try:
            entry = calibrate(self.workshop.content, self.store.path, locale, self.workshop.out,
                              None)
        except InputError as error:
            return self.render(request, 400, build_problems=[str(error)])
        return FileResponse(self.workshop.out / entry.path, media_type="application/pdf")

    async def contrast(self, request: Request) -> Response:
        """The contrast notes for colours being picked (serve.js shows them at once)."""
        language = from_accept_language(request.headers.get("accept-language"))
        note = _templates(language).get_template("contrast.html.j2").module.note
        colours = {name.split(".")[1]: request.query_params.get(name, "") for name in COLOURS}
        return JSONResponse({role: {"ratio": found.ratio, "needed": found.needed,
                                    "against": found.against, "passes": found.passes,
                                    "suggestion": found.suggestion,
                                    "html": str(note(role, found))}
                             for role, found in measure(colours).items()})

    async def status(self, request: Request) -> Response:
        return JSONResponse({"building": self.workshop.building})


def _zip_response(data: bytes, name: str) -> Response:
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def create_app(content: Path, layouts: Path, profile: Path, out: Path) -> Starlette:
    """The application for these inputs and this output folder."""
    server = Server(Workshop(Path(content), Path(layouts), Path(profile), Path(out)),
                    ProfileStore(Path(profile)), Tokens())
    routes = [
        Route("/", server.page),
        Route("/profile", server.save_profile, methods=["POST"]),
        Route("/choose", server.choose, methods=["POST"]),
        Route("/press", server.press, methods=["POST"]),
        Route("/download/{which}.zip", server.download),
        Route("/output/{path:path}", server.output_file),
        Route("/calibration.pdf", server.calibration),
        Route("/contrast", server.contrast),
        Route("/status", server.status),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[
        Middleware(TrustedHostMiddleware, allowed_hosts=list(ALLOWED_HOSTS)),
        Middleware(BodyLimit),
        Middleware(SecurityHeaders, headers=SECURITY_HEADERS)])
    app.state.server = server
    return app
