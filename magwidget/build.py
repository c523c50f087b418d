"""The pipeline: load and validate every input, render every output in memory, then write once.

Owns the order of the stages and the summary; each stage lives in its own module.
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from magwidget import parallel, project
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
    """Return the project's ``content/`` (found upward), else the article bundled with magwidget."""
    root = project.find_root()
    if root is None:
        project.say_bundled()
        return [BUNDLED / "content"]
    content = project.near(root / "content")
    if not content.is_dir():
        from magwidget.load import display_name

        message = "no content/ folder: add an article with `magwidget import FILE`"
        raise ContentError([Problem(display_name(content), message)])
    return [content]


def inputs(paths: list[Path], options: Options) -> tuple[list[Path], Path | None]:
    """Return the articles and settings file to build; outside a project, the bundled pair."""
    paths = paths or default_paths()
    config = options.config
    if config == DEFAULT_CONFIG:
        bundled = paths == [BUNDLED / "content"] and project.find_root() is None
        config = BUNDLED / "magwidget.yaml" if bundled else project.default(config.name, config)
    return paths, config


def load_inputs(paths: list[Path], options: Options) -> tuple[Config, list[Article], list]:
    """Load and check the settings and every article; raise all their problems at once."""
    from magwidget import dates, esp
    from magwidget.config import Config, load_config
    from magwidget.load import display_name
    from magwidget.subjects import subject_problems
    from magwidget.validate import load_articles

    paths, config_path = inputs(paths, options)
    dates.source_date()  # a bad SOURCE_DATE_EPOCH fails validate as it would fail the build
    problems: list[Problem] = []
    config, articles = Config(), []
    try:
        config, warnings = load_config(config_path, options.esp)
        problems += warnings
        source = config.source or f"{display_name(config_path or DEFAULT_CONFIG)} (not found)"
        esp.profile(config.newsletter, options.esp, source)
    except ContentError as exc:
        problems += exc.problems
    try:
        articles, warnings = load_articles(paths)
        problems += warnings + _language_warnings(articles, config)
        problems += subject_problems(config, articles)
    except ContentError as exc:
        problems += exc.problems
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    return config, articles, problems


def _language_warnings(articles: list[Article], config: Config) -> list[Problem]:
    """Warn once per language that no catalog covers, unless ``strings:`` sets every message."""
    from magwidget import i18n

    if set(config.strings) >= set(i18n.MESSAGE_IDS):
        return []
    first = {article.language: article.source for article in reversed(articles)}
    missing = {lang: i18n.missing_catalog(lang) for lang in sorted(first)}
    warn = [(lang, message) for lang, message in missing.items() if message]
    return [Problem(first[lang], message, path="language", warning=True) for lang, message in warn]


def render_all(paths: list[Path], options: Options) -> tuple[dict[str, bytes], list[Problem]]:
    """Return every output file of every article, in memory, and the input warnings."""
    from magwidget import cache, fingerprint, inline, writer
    from magwidget.templates import make_env, twin_warnings

    config, articles, warnings = load_inputs(paths, options)
    warnings += twin_warnings(options.templates)
    env = make_env(options.templates)
    env.bytecode_cache = cache.template_bytecode() if options.cache else None
    env.globals["theme"] = config.theme.palette()
    files: dict[str, bytes] = {}
    jobs = options.jobs
    # Every issue will be inlined in this one process: have premailer imported meanwhile.
    cold = parallel.jobs_for(len(articles), jobs) == 1 and (not options.cache or cache.empty())
    with inline.ahead(options.inliner or config.newsletter.inliner, cold):
        outputs = parallel.map_ordered(
            lambda a: render_article(a, env, config, options), articles, jobs
        )
    for more in outputs:
        add_files(files, more)
    add_files(files, render_site(articles, files, env))
    inputs_hash = fingerprint.digest(*inputs(paths, options), options)
    return writer.with_manifest(files, inputs_hash), warnings


def render_article(article: Article, env, config: Config, options: Options) -> dict[str, bytes]:
    """Return every output file of one article."""
    from magwidget import i18n
    from magwidget.renderers import RENDERERS
    from magwidget.templates import install_messages

    install_messages(env, i18n.Messages(article.language, config.strings))
    files: dict[str, bytes] = {}
    for renderer in RENDERERS:
        add_files(files, renderer(article, env, config, options))
    return files


def render_site(articles: list[Article], files: dict[str, bytes], env) -> dict[str, bytes]:
    """Return the files about every article at once: the preview gallery."""
    from magwidget.renderers import gallery

    return gallery.render(articles, files, env)


def add_files(files: dict[str, bytes], more: dict[str, bytes]) -> None:
    """Add ``more`` to ``files``; raise if two outputs would write the same path."""
    for rel, data in more.items():
        if rel in files:
            raise MagwidgetError(f"two outputs would both write {rel}")
        files[rel] = data


def build(paths: list[Path], out: Path, options: Options) -> Summary:
    """Build every output and swap it into ``out`` atomically; stop early if no input changed."""
    from magwidget import fingerprint, outdir, writer  # here: `validate` needs none of them

    start = time.perf_counter()
    sources, config = inputs(paths, options)
    protected = [*sources, *filter(None, [config, options.templates])]
    outdir.refuse_unsafe(out, protected)  # before rendering: a refusal should come at once
    if options.cache:
        inputs_hash = fingerprint.digest(sources, config, options)
        if (sizes := fingerprint.unchanged(out, inputs_hash)) is not None:
            writer.clean_stale(out)  # a killed build's staging folder goes even on a no-op
            return Summary(sizes, seconds=time.perf_counter() - start, unchanged=True)
    files, warnings = render_all(paths, options)
    writer.write(files, out, protected)
    return _summary(files, warnings, start)


def check(paths: list[Path], out: Path, options: Options) -> Summary:
    """Build in memory and raise CheckFailed, naming each file, if ``out`` differs from it."""
    from magwidget import writer

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
