"""Many organisations at once: every profile built into its own folder, in parallel.

A large organisation has dozens of locations, each with its own meldpunt. Each
profile builds into ``OUT/<profile-slug>/`` in a pool of worker processes; the
content and layouts are read once per worker (:func:`_start_worker`), not once
per file. A bad profile fails alone with its message; the others still build.
At the end ``OUT/manifest.json`` and ``OUT/index.html`` list the files of every
profile.
"""
from __future__ import annotations

import re
from concurrent.futures import as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from collections.abc import Callable

from .errors import EXIT_INPUT, EXIT_INTERNAL, InputError, display_path
from .parallel import run_task, worker_pool

_SHARED = None  # this worker's content and layouts, read by _start_worker


@dataclass(frozen=True)
class Outcome:
    """What became of one profile."""

    profile: Path
    slug: str
    files: int = 0     # made in this build
    kept: int = 0      # already up to date
    error: str = ""
    exit_code: int = 0
    rows: tuple[dict, ...] = ()  # its folder's manifest rows, as its build published them


def slug_for(path: Path) -> str:
    """The folder name for a profile: its file name, lower case, letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", Path(path).stem.lower()).strip("-")
    if not slug:
        raise InputError("this profile's file name gives no usable folder name", where=path,
                         hint="name the profile file with letters or digits, "
                              "e.g. locatie-breda.yaml")
    return slug


def profiles_in(folder: Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("profiles folder not found", where=folder)
    found = sorted(folder.glob("*.yaml"))
    if not found:
        raise InputError("no profiles (*.yaml) in this folder", where=folder)
    return found


def build_many(inputs, profiles: list[Path], out: Path, jobs: int, previews: bool,
               progress: Callable[[int, int], None] | None = None,
               force: bool = False) -> list[Outcome]:
    """Build every profile into ``out/<slug>``; returns one outcome per profile."""
    from .output.folder import check_output_folder
    from .pipeline import read_shared

    check_output_folder(out, (inputs.content, inputs.layouts))
    slugs: dict[str, Path] = {}
    for profile in profiles:
        slug = slug_for(profile)
        if slug in slugs:
            raise InputError(f"two profiles would share the folder '{slug}' (the other is "
                             f"{display_path(slugs[slug])})", where=profile,
                             hint="rename one of the profile files")
        slugs[slug] = profile
    global _SHARED
    # Bad content or layouts stop everything before any worker starts; forked workers
    # inherit what was read here, so nothing is read twice.
    _SHARED = read_shared(inputs)
    tasks = [(inputs, profile, slug, Path(out) / slug, previews, force)
             for slug, profile in slugs.items()]
    outcomes: list[Outcome] = []
    if jobs <= 1 or len(tasks) == 1:
        _start_worker(inputs)
        for task in tasks:
            outcomes.append(_build_one(task))
            if progress:
                progress(len(outcomes), len(tasks))
    else:
        # What every worker would load or work out for itself, once here before forking:
        # the libraries and fonts, and drukwerk's own digest that every file's hash holds.
        from .incremental import code_version
        from .making import Options, prepare
        library, version = _SHARED.pictograms, code_version()
        # The SVG parser only when a pictogram is neither parsed here nor kept beside the
        # package for this drukwerk.
        parsing = library is not None and not library.at_hand(version=version)
        prepare(Options(inputs.mode, preflight=inputs.preflight, previews=previews), parsing)
        # workers end with this process, however it ends (see generator.parallel)
        with worker_pool(min(jobs, len(tasks)), _start_worker, (inputs,)) as pool:
            for future in as_completed([pool.submit(run_task, _build_one, task)
                                        for task in tasks]):
                outcomes.append(future.result())
                if progress:
                    progress(len(outcomes), len(tasks))
    outcomes.sort(key=lambda outcome: outcome.slug)
    _write_index(Path(out), {o.slug: o.rows for o in outcomes if not o.exit_code})
    return outcomes


def _start_worker(inputs) -> None:
    """Read the content and layouts and load the fonts once for this process."""
    global _SHARED
    from .inputs import fonts
    from .pipeline import read_shared

    fonts.register()
    if _SHARED is None:  # a spawned worker starts empty
        _SHARED = read_shared(inputs)


def _build_one(task) -> Outcome:
    from .pipeline import PreflightFailed, build

    inputs, profile, slug, out, previews, force = task
    try:
        # the profiles are already spread over the cores: one process per profile
        built = build(replace(inputs, profile=profile, workers=1), out, previews=previews,
                      shared=_SHARED, force=force)
    except InputError as exc:
        return Outcome(profile, slug, error=str(exc), exit_code=EXIT_INPUT)
    except PreflightFailed as exc:
        return Outcome(profile, slug, error=f"preflight failed: {exc}", exit_code=EXIT_INTERNAL)
    except Exception as exc:  # noqa: BLE001  one profile's bug must not take the others down
        return Outcome(profile, slug, error=f"internal error: {type(exc).__name__}: {exc}",
                       exit_code=EXIT_INTERNAL)
    return Outcome(profile, slug, files=len(built.entries), kept=len(built.kept),
                   rows=tuple(built.rows))


def _write_index(out: Path, built: dict[str, tuple[dict, ...]]) -> None:
    """The top-level manifest and catalogue: every profile's files, paths under its folder.

    Profiles built now contribute their folder's manifest (``built``: its rows by the
    profile's folder, as its build published them, not read back from disk); rows of
    profiles built earlier (or failing now) stay while their files are there, as in
    any manifest."""

    from .output.catalogue import catalogue_file
    from .output.folder import regular_file
    from .output.publish import publishing
    from .output.write import MANIFEST, manifest_bytes, read_manifest

    rows = {row["path"]: row for row in read_manifest(out)
            if row.get("profile") not in built and regular_file(out, row["path"])}
    for slug, published in built.items():
        for row in published:
            path = f"{slug}/{row['path']}"
            rows[path] = {**row, "profile": slug, "path": path,
                          "previews": [f"{slug}/{p}" for p in row.get("previews") or []]}
    merged = [rows[key] for key in sorted(rows)]
    with publishing(out) as publication:
        publication.put([(MANIFEST, manifest_bytes(merged)), catalogue_file(out, merged)])
