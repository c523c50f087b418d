"""The pipeline: load and validate every input, render every output in memory, then write once.

Owns the order of the stages and the summary; each stage lives in its own module.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from magwidget import fingerprint, parallel, writer
from magwidget.errors import CheckFailed, ContentError, MagwidgetError, Problem

if TYPE_CHECKING:  # the stages are imported where they run: a no-op build needs none of them
    from magwidget.config import Config
    from magwidget.model import Article

DEFAULT_CONFIG = Path("magwidget.yaml")  # config.DEFAULT_PATH (importing config loads YAML)
_HERE = Path(__file__).parent
# Where the bundled article and its settings live: inside a wheel, or the checkout when editable.
BUNDLED = _HERE if (_HERE / "content").is_dir() else _HERE.parent


@dataclass(frozen=True)
class Options:
    """Build settings that come from the command line."""

    templates: Path | None = None
    config: Path | None = DEFAULT_CONFIG
    esp: str | None = None  # the email service; None: magwidget.yaml's, else generic
    start: datetime.date | None = None  # send date of issue 1 in series.json
    every: int = 7  # days between issues
    base_url: str | None = None  # where dist/ is published; None: the widget.base_url setting
    inliner: str | None = None  # the CSS inliner; None: newsletter.inliner, else premailer
    cache: bool = True  # reuse inlined issues and skip a build whose inputs did not change
    jobs: int | None = None  # worker processes; None: both cores above PARALLEL_FROM articles


@dataclass
class Summary:
    """What a build did: the files (path -> bytes written), warnings and the time it took."""

    files: dict[str, int]
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    unchanged: bool = False  # no input changed since ``out`` was built: nothing was rendered


def default_paths() -> list[Path]:
    """Return ``content/`` from the working folder, else the article bundled with magwidget."""
    local = Path("content")
    return [local if local.is_dir() else BUNDLED / "content"]


def inputs(paths: list[Path], options: Options) -> tuple[list[Path], Path | None]:
    """Return the articles and settings file to build; outside a project, the bundled pair."""
    paths = paths or default_paths()
    config = options.config
    bundled = paths == [BUNDLED / "content"]
    if bundled and config == DEFAULT_CONFIG and not config.exists():
        config = BUNDLED / "magwidget.yaml"
    return paths, config


def load_inputs(paths: list[Path], options: Options) -> tuple[Config, list[Article], list]:
    """Load and check the settings and every article; raise all their problems at once."""
    from magwidget import esp
    from magwidget.config import Config, load_config
    from magwidget.load import display_name
    from magwidget.validate import load_articles

    paths, config_path = inputs(paths, options)
    problems: list[Problem] = []
    config, articles = Config(), []
    try:
        config, warnings = load_config(config_path)
        problems += warnings
        source = config.source or f"{display_name(config_path or DEFAULT_CONFIG)} (not found)"
        esp.profile(config.newsletter, options.esp, source)
    except ContentError as exc:
        problems += exc.problems
    try:
        articles, warnings = load_articles(paths)
        problems += warnings
    except ContentError as exc:
        problems += exc.problems
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    return config, articles, problems


def render_all(paths: list[Path], options: Options) -> tuple[dict[str, bytes], list[Problem]]:
    """Return every output file of every article, in memory, and the input warnings."""
    from magwidget.renderers import RENDERERS
    from magwidget.templates import make_env

    config, articles, warnings = load_inputs(paths, options)
    env = make_env(options.templates)

    def render_article(article: Article) -> list[tuple[str, bytes]]:
        return [
            item for render in RENDERERS for item in render(article, env, config, options).items()
        ]

    files: dict[str, bytes] = {}
    for outputs in parallel.map_ordered(render_article, articles, options.jobs):
        for rel, data in outputs:
            if rel in files:
                raise MagwidgetError(f"two outputs would both write {rel}")
            files[rel] = data
    inputs_hash = fingerprint.digest(*inputs(paths, options), options)
    return writer.with_manifest(files, inputs_hash), warnings


def build(paths: list[Path], out: Path, options: Options) -> Summary:
    """Build every output and swap it into ``out`` atomically; stop early if no input changed."""
    start = time.perf_counter()
    if options.cache:
        inputs_hash = fingerprint.digest(*inputs(paths, options), options)
        if (sizes := fingerprint.unchanged(out, inputs_hash)) is not None:
            return Summary(sizes, seconds=time.perf_counter() - start, unchanged=True)
    files, warnings = render_all(paths, options)
    writer.write(files, out)
    return _summary(files, warnings, start)


def check(paths: list[Path], out: Path, options: Options) -> Summary:
    """Build in memory and raise CheckFailed, naming each file, if ``out`` differs from it."""
    start = time.perf_counter()
    files, warnings = render_all(paths, options)
    if diff := writer.differences(files, out):
        lines = "\n".join(f"  {line}" for line in diff)
        hint = "run `magwidget build` and commit the result"
        raise CheckFailed(f"{out}/ is not what the content builds ({hint}):\n{lines}")
    return _summary(files, warnings, start)


def _summary(files: dict[str, bytes], warnings: list[Problem], start: float) -> Summary:
    sizes = {rel: len(data) for rel, data in files.items()}
    return Summary(sizes, warnings, time.perf_counter() - start)
