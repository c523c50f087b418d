"""The pipeline: load and validate every input, render every output in memory, then write once.

Owns the order of the stages and the summary; each stage lives in its own module.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from magwidget import parallel, project
from magwidget.errors import CheckFailed, ContentError, MagwidgetError, Problem
from magwidget.flags import complete

if TYPE_CHECKING:  # the stages are imported where they run: a no-op build needs none of them
    from magwidget.model import Article
    from magwidget.settings import Settings

DEFAULT_CONFIG = Path("magwidget.yaml")  # settings.DEFAULT_PATH
_HERE = Path(__file__).parent
# Where the bundled article and its settings live: inside a wheel, or the checkout when editable.
BUNDLED = _HERE if (_HERE / "content").is_dir() else _HERE.parent


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


def inputs(paths: list[Path], config: Path | None) -> tuple[list[Path], Path | None]:
    """Return the articles and settings file to build; outside a project, the bundled pair."""
    paths = paths or default_paths()
    if config == DEFAULT_CONFIG:
        bundled = paths == [BUNDLED / "content"] and project.find_root() is None
        config = BUNDLED / "magwidget.yaml" if bundled else project.default(config.name, config)
    return paths, config


def load_inputs(
    paths: list[Path], config: Path | None = DEFAULT_CONFIG, **flags
) -> tuple[Settings, list[Article], list]:
    """Load and check the settings (``flags`` merged in) and every article; raise all their
    problems at once."""
    from magwidget import dates
    from magwidget.settings import Settings, load_settings
    from magwidget.subjects import subject_problems
    from magwidget.validate import load_articles

    paths, config_path = inputs(paths, config)
    dates.source_date()  # a bad SOURCE_DATE_EPOCH fails validate as it would fail the build
    problems: list[Problem] = []
    settings, articles = Settings(), []
    try:
        settings, warnings = load_settings(config_path, **flags)
        problems += warnings
    except ContentError as exc:
        problems += exc.problems
    try:
        articles, warnings = load_articles(paths)
        problems += warnings + _language_warnings(articles, settings)
        problems += subject_problems(settings, articles)
    except ContentError as exc:
        problems += exc.problems
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    return settings, articles, problems


def _language_warnings(articles: list[Article], config: Settings) -> list[Problem]:
    """Warn once per language that no catalog covers, unless ``strings:`` sets every message."""
    from magwidget import i18n

    if set(config.strings) >= set(i18n.MESSAGE_IDS):
        return []
    first = {article.language: article.source for article in reversed(articles)}
    missing = {lang: i18n.missing_catalog(lang) for lang in sorted(first)}
    warn = [(lang, message) for lang, message in missing.items() if message]
    return [Problem(first[lang], message, path="language", warning=True) for lang, message in warn]


def render_all(
    paths: list[Path], config: Path | None = DEFAULT_CONFIG, **flags
) -> tuple[dict[str, bytes], list[Problem]]:
    """Return every output file of every article, in memory, and the input warnings."""
    from magwidget import cache, fingerprint, writer
    from magwidget.newsletter import inline
    from magwidget.templates import make_env, twin_warnings

    settings, articles, warnings = load_inputs(paths, config, **flags)
    warnings += twin_warnings(settings.templates)
    env = make_env(settings.templates)
    env.bytecode_cache = cache.template_bytecode() if settings.cache else None
    env.globals["theme"] = settings.theme.palette()
    files: dict[str, bytes] = {}
    # Every issue will be inlined in this one process: have premailer imported meanwhile.
    one = parallel.jobs_for(len(articles), settings.jobs) == 1
    cold = one and (not settings.cache or cache.empty())
    with inline.ahead(settings.newsletter.inliner, cold):
        outputs = parallel.map_ordered(
            lambda a: render_article(a, env, settings), articles, settings.jobs
        )
    for more in outputs:
        add_files(files, more)
    add_files(files, render_site(articles, files, env, settings))
    inputs_hash = fingerprint.digest(*inputs(paths, config), flags)
    return writer.with_manifest(files, inputs_hash), warnings


def render_article(article: Article, env, settings: Settings) -> dict[str, bytes]:
    """Return every output file of one article."""
    from magwidget import i18n
    from magwidget.renderers import RENDERERS
    from magwidget.templates import install_messages

    install_messages(env, i18n.Messages(article.language, settings.strings))
    files: dict[str, bytes] = {}
    for renderer in RENDERERS:
        add_files(files, renderer.render(article, env, settings))
    return files


def render_site(
    articles: list[Article], files: dict[str, bytes], env, settings: Settings
) -> dict[str, bytes]:
    """Return the files about every article at once: the preview gallery."""
    from magwidget.renderers import gallery

    return gallery.render(articles, files, env, settings.strings)


def add_files(files: dict[str, bytes], more: dict[str, bytes]) -> None:
    """Add ``more`` to ``files``; raise if two outputs would write the same path."""
    for rel, data in more.items():
        if rel in files:
            raise MagwidgetError(f"two outputs would both write {rel}")
        files[rel] = data


def build(paths: list[Path], out: Path, config: Path | None = DEFAULT_CONFIG, **flags) -> Summary:
    """Build every output and swap it into ``out`` atomically; stop early if no input changed.

    Reads no YAML before that check: it hashes the settings file's bytes and the flags, which
    are all that load_settings makes the one Settings object of."""
    from magwidget import fingerprint, outdir, writer  # here: `validate` needs none of them

    start = time.perf_counter()
    flags = complete(**flags)
    sources, settings_path = inputs(paths, config)
    protected = [*sources, *filter(None, [settings_path, flags["templates"]])]
    outdir.refuse_unsafe(out, protected)  # before rendering: a refusal should come at once
    if flags["cache"]:
        inputs_hash = fingerprint.digest(sources, settings_path, flags)
        if (sizes := fingerprint.unchanged(out, inputs_hash)) is not None:
            writer.clean_stale(out)  # a killed build's staging folder goes even on a no-op
            return Summary(sizes, seconds=time.perf_counter() - start, unchanged=True)
    files, warnings = render_all(paths, config, **flags)
    writer.write(files, out, protected)
    return _summary(files, warnings, start)


def check(paths: list[Path], out: Path, config: Path | None = DEFAULT_CONFIG, **flags) -> Summary:
    """Build in memory and raise CheckFailed, naming each file, if ``out`` differs from it."""
    from magwidget import writer

    start = time.perf_counter()
    files, warnings = render_all(paths, config, **flags)
    if diff := writer.differences(files, out):
        lines = "\n".join(f"  {line}" for line in diff)
        hint = "run `magwidget build` and commit the result"
        raise CheckFailed(f"{out}/ is not what the content builds ({hint}):\n{lines}")
    return _summary(files, warnings, start)


def _summary(files: dict[str, bytes], warnings: list[Problem], start: float) -> Summary:
    sizes = {rel: len(data) for rel, data in files.items()}
    return Summary(sizes, warnings, time.perf_counter() - start)
