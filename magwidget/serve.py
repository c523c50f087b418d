"""`magwidget serve`: build into a temporary folder, serve it on 127.0.0.1, rebuild on change.

Owns the warm rebuild (each article re-rendered only when it, the settings or the templates
changed) and the polling watcher; livereload.py serves the result. Never writes dist/: the
build stages are build.py's and the files go to a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
import time
import webbrowser
from pathlib import Path

import click

from magwidget import build, writer
from magwidget.errors import MagwidgetError
from magwidget.livereload import Site, bind
from magwidget.load import SUFFIXES, display_name
from magwidget.templates import make_env, twin_warnings

POLL_SECONDS = 0.05  # how often the watcher looks at mtimes


class Builder:
    """A warm process: one Jinja environment and the files of each article it last rendered."""

    def __init__(
        self, paths: list[Path], out: Path, config: Path | None = build.DEFAULT_CONFIG, **flags
    ):
        self.paths, self.out, self.config, self.flags = paths, out, config, flags
        self.env = None  # made at the first rebuild; auto_reload re-reads a changed template
        self.cache: dict[tuple, dict[str, bytes]] = {}
        self.written: dict[str, bytes] = {}  # what ``out`` holds now
        self.warnings: list = []  # the inputs' warnings at the last good load

    def rebuild(self, templates_changed: bool) -> int:
        """Render what changed, write what differs to ``out``; return the files rendered."""
        if templates_changed:  # a fresh environment: an added override must win over a cache
            self.env = None
            self.cache.clear()
        settings, articles, self.warnings = build.load_inputs(self.paths, self.config, **self.flags)
        self.env = self.env or make_env(settings.templates)
        files: dict[str, bytes] = {}
        cache, rendered = {}, 0
        for article in articles:
            key = (article, settings.digest())
            if key not in self.cache:
                self.cache[key] = build.render_article(article, self.env, settings)
                rendered += len(self.cache[key])
            cache[key] = self.cache[key]
            build.add_files(files, cache[key])
        build.add_files(files, build.render_site(articles, files, self.env, settings))
        self.cache = cache
        self._sync(writer.with_manifest(files))
        return rendered

    def _sync(self, files: dict[str, bytes]) -> None:
        """Write the files that differ from the last build, each atomically; delete the gone."""
        for rel, data in files.items():
            if self.written.get(rel) != data:
                target = self.out / writer.safe_path(rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(f".{target.name}.partial")
                partial.write_bytes(data)
                os.replace(partial, target)
        for rel in self.written.keys() - files.keys():
            (self.out / rel).unlink(missing_ok=True)
        self.written = files


def watched(paths: list[Path], config: Path | None, templates: Path | None) -> dict[Path, tuple]:
    """Return (mtime, size) of every input file: articles, settings and templates."""
    files = [config] if config else []
    for path in paths:
        files += [p for p in path.rglob("*") if p.suffix in SUFFIXES] if path.is_dir() else [path]
    if templates and templates.is_dir():
        files += [p for p in templates.rglob("*") if p.is_file()]
    stamps = {}
    for file in files:
        try:
            stat = file.stat()
            stamps[file] = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue
    return stamps


def serve(paths: list[Path], config: Path | None, port: int, open_browser: bool, **flags) -> None:
    """Build, serve on 127.0.0.1:``port`` and rebuild on every change until Ctrl-C; ``flags``
    are load_settings' (the templates default to ./templates when it exists)."""
    paths, settings_path = build.inputs(paths, config)
    templates = flags.pop("templates", None)
    templates = templates or (Path("templates") if Path("templates").is_dir() else None)
    signal.signal(signal.SIGTERM, _interrupt)
    site = Site()
    server = bind(port, site)  # a busy port fails here, before anything is created
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    temp = Path(tempfile.mkdtemp(prefix="magwidget-serve-"))
    site.root = temp / "site"
    try:
        builder = Builder(paths, site.root, config, templates=templates, **flags)
        stamps = watched(paths, settings_path, templates)  # before: a save while building counts
        click.echo(f"Building into {site.root} (never dist/)")
        _rebuild(builder, site, templates_changed=False, reason="start")
        for warning in builder.warnings + twin_warnings(templates):
            click.echo(str(warning), err=True)
        click.echo(f"Serving the preview gallery at {url} (Ctrl-C to stop)")
        if open_browser:
            webbrowser.open(url)
        _watch(builder, site, (paths, settings_path, templates), stamps)
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(temp, ignore_errors=True)


def _interrupt(signum, frame) -> None:
    """Stop on SIGTERM as on Ctrl-C: the finally clause removes the temporary folder."""
    raise KeyboardInterrupt


def _watch(builder: Builder, site: Site, inputs: tuple, before: dict[Path, tuple]) -> None:
    """Poll the inputs' mtimes; rebuild when any changed."""
    templates = inputs[2]
    while True:
        time.sleep(POLL_SECONDS)
        now = watched(*inputs)
        if now == before:
            continue
        while now != (settled := _settle(inputs)):
            now = settled  # an editor still saving: wait until the files hold still
        changed = {p for p in now.keys() | before.keys() if now.get(p) != before.get(p)}
        before = now
        in_templates = bool(templates) and any(p.is_relative_to(templates) for p in changed)
        names = ", ".join(sorted(display_name(p) for p in changed))
        _rebuild(builder, site, in_templates, f"{names} changed")


def _settle(inputs: tuple) -> dict[Path, tuple]:
    """Return the inputs' stamps after one more poll interval."""
    time.sleep(POLL_SECONDS)
    return watched(*inputs)


def _rebuild(builder: Builder, site: Site, templates_changed: bool, reason: str) -> None:
    """Rebuild and publish; on failure print the error and keep the last good build."""
    start = time.perf_counter()
    try:
        rendered = builder.rebuild(templates_changed)
    except MagwidgetError as exc:
        problems = getattr(exc, "problems", [])
        message = "\n".join(str(p) for p in problems if not p.warning) or exc.format_message()
        click.echo(f"Error ({reason}):\n{message}", err=True)
        site.publish(message)
        return
    seconds = time.perf_counter() - start
    click.echo(f"Rebuilt in {seconds:.2f} s ({reason}; {rendered} files re-rendered)")
    site.publish(None)
