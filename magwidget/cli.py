"""The command line: parse flags, call the core, print a summary. No logic lives here."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from magwidget import __version__
from magwidget.esp import ESPS

# inline.ENGINES, spelt out: importing the seam would cost `--help` its logging import.
INLINERS = ("premailer", "css-inline")

PATHS = click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, dir_okay=True, path_type=Path)
)

CONFIG = click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default="magwidget.yaml",
    show_default=True,
    help="Settings file (newsletter sender, links); the newsletter needs its sender fields.",
)


class Group(click.Group):
    """A group whose --help ends with one example line per command, taken from its docstring."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, example(cmd)) for name, cmd in self.commands.items()]
        with formatter.section("Examples"):
            formatter.write_dl(rows)


def example(command: click.Command) -> str:
    """Return the first line after ``Example:`` in a command's help."""
    lines = [line.strip() for line in (command.help or "").splitlines()]
    return lines[lines.index("Example:") + 1] if "Example:" in lines else ""


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="magwidget")
def cli() -> None:
    """Turn an article written in YAML into an embeddable widget and a newsletter series.

    With no PATH, commands act on content/ in the working folder (or the bundled article).
    """


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from magwidget.baseurl import problem

    if value is not None and (message := problem(value)):
        raise click.BadParameter(message, ctx, param)
    return value


def _check_date(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> datetime.date | None:
    from magwidget.dates import parse_date

    try:
        return parse_date(value) if value is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


@cli.command()
@PATHS
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Folder to build into; replaced as a whole only when the build succeeds."
    "  [default: dist/ in the project]",
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of templates that override built-in ones by file name."
    "  [default: templates/ in the project, if any]",
)
@CONFIG
@click.option(
    "--base-url",
    callback=_check_base_url,
    help="Where dist/ is published (https URL or relative path); embed.html loads widget.js"
    " from BASE_URL/<slug>/widget/. Default: the widget.base_url setting, else ../../",
)
@click.option(
    "--check", is_flag=True, help="Build in memory and exit 1, naming the files, if OUT differs."
)
@click.option(
    "--esp",
    type=click.Choice(ESPS),
    help="Email service whose merge tags the newsletter uses (default: the config's, or generic).",
)
@click.option(
    "--start",
    callback=_check_date,
    metavar="DATE",
    help="Send date (YYYY-MM-DD) of issue 1; series.json then lists each issue's date.",
)
@click.option(
    "--every",
    type=click.IntRange(min=1, max=365),
    metavar="DAYS",
    help="Days between issues, with --start.  [default: 7]",
)
@click.option(
    "--inliner",
    type=click.Choice(INLINERS),
    help="CSS inliner of the newsletter (default: newsletter.inliner, else premailer);"
    " css-inline needs `pip install 'magwidget[fast]'`.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Inline every issue afresh and rebuild even when no input changed.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes (default: every core when there are many articles).",
)
def build(
    paths: tuple[Path, ...],
    out: Path,
    templates: Path | None,
    config: Path,
    check: bool,
    esp: str | None,
    start: datetime.date | None,
    every: int | None,
    base_url: str | None,
    inliner: str | None,
    no_cache: bool,
    jobs: int | None,
) -> None:
    """Build the web page, widget and newsletter of each article into OUT.

    \b
    Example:
        magwidget build content/transdermal-magnesium.yaml --out dist
        magwidget build --esp mailchimp --start 2026-12-01 --every 7
        magwidget build --base-url https://cdn.example.org/magwidget/
    """
    from magwidget import build as pipeline
    from magwidget import project
    from magwidget import templates as builtin

    out = out or project.default("dist", Path("dist"))
    templates = templates or project.overrides(builtin.BUILTIN)
    if every is not None and start is None:
        raise click.UsageError("--every needs --start (the date of issue 1)")
    flags = dict(templates=templates, base_url=base_url, esp=esp, start=start, every=every)
    flags.update(inliner=inliner, cache=not no_cache, jobs=jobs)
    run = pipeline.check if check else pipeline.build
    summary = run(list(paths), out, config, **flags)
    if summary.unchanged:
        click.echo(f"{out}/ is up to date: no input changed ({summary.seconds:.2f} s)")
        return
    _echo_warnings(summary.warnings)
    verb = "is up to date with" if check else "built from"
    click.echo(f"{out}/ {verb} the content in {summary.seconds:.2f} s")
    click.echo(_size_table(summary.files))


@cli.command()
@PATHS
@CONFIG
@click.option(
    "--strict", is_flag=True, help="Treat warnings (such as placeholder links) as errors."
)
def validate(paths: tuple[Path, ...], config: Path, strict: bool) -> None:
    """Check articles and settings; report every problem with its file, line and field.

    Exit status: 0 valid, 1 invalid content or settings, 2 wrong usage.

    \b
    Example:
        magwidget validate content/
    """
    import dataclasses

    from magwidget import build as pipeline
    from magwidget.errors import ContentError

    _, articles, warnings = pipeline.load_inputs(list(paths), config)
    if strict and warnings:
        raise ContentError([dataclasses.replace(w, warning=False) for w in warnings])
    _echo_warnings(warnings)
    names = ", ".join(a.source for a in articles)
    click.echo(f"OK: {len(articles)} article(s) valid: {names}")


@cli.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML file to write.  [default: content/SLUG.yaml in the project]",
)
@click.option("--force", is_flag=True, help="Overwrite the YAML file if it exists.")
def import_(file: Path, out: Path | None, force: bool) -> None:
    """Turn a plain-text or Markdown (.md) article into content YAML; list what to fill in.

    \b
    Example:
        magwidget import my-article.md
    """
    from magwidget import importer

    click.echo(importer.report(*importer.import_file(file, out, force)))


@cli.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """Create a project in FOLDER: an example article, commented settings, templates/, a README.

    \b
    Example:
        magwidget init mysite
    """
    from magwidget import scaffold

    click.echo(scaffold.report(folder, scaffold.init(folder)))


def _echo_warnings(warnings: list) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)


def _size_table(files: dict[str, int]) -> str:
    """Group files by folder: count and size, then a total line."""
    groups: dict[str, list[int]] = {}
    for rel, size in sorted(files.items()):
        folder = rel.rpartition("/")[0] + "/" if "/" in rel else "./"
        groups.setdefault(folder, []).append(size)
    width = max(len(folder) for folder in groups)
    rows = [
        f"  {folder:<{width}}  {len(sizes):>3} files  {sum(sizes) / 1000:>8.1f} kB"
        for folder, sizes in sorted(groups.items())
    ]
    total = sum(files.values()) / 1000
    rows.append(f"  {'total':<{width}}  {len(files):>3} files  {total:>8.1f} kB")
    return "\n".join(rows)


@cli.command()
@click.argument("issue")
@click.option("--to", multiple=True, metavar="ADDRESS", help="Send to this address (repeatable).")
@click.option(
    "--list",
    "listing",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV with an email and an optional first_name column.",
)
@click.option("--dry-run", is_flag=True, help="Send nothing: write each message to --out.")
@click.option(
    "--out",
    default="outbox",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder for --dry-run messages.",
)
@click.option(
    "--dist",
    default="dist",
    show_default=True,
    type=click.Path(path_type=Path),
    help="The built output to take the issue from.",
)
@click.option("--article", metavar="SLUG", help="Which article, when dist/ holds several.")
@CONFIG
@click.option("--rate", metavar="N/min", help="At most N messages a minute.")
@click.option("--smtp-host", help="SMTP server (else MAGWIDGET_SMTP_HOST, else smtp.host).")
@click.option(
    "--smtp-port", type=click.IntRange(1, 65535), help="Port (default 587; 465 with --ssl)."
)
@click.option("--starttls", "security", flag_value="starttls", help="STARTTLS (default on 587).")
@click.option("--ssl", "security", flag_value="ssl", help="TLS from the start (port 465).")
@click.option("--no-tls", "security", flag_value="none", help="Plain SMTP (a local relay only).")
@click.option(
    "--smtp-user",
    help="Login (else MAGWIDGET_SMTP_USER); password: MAGWIDGET_SMTP_PASSWORD or a prompt.",
)
def send(issue, to, listing, dry_run, out, dist, article, config, rate, **server) -> None:
    """Send a built issue (number or .eml) to each recipient as their own message.

    A journal beside the settings file records each accepted delivery: a rerun after a crash
    or a dropped connection sends only to the rest.

    \b
    Example:
        magwidget send 3 --to me@example.org --to colleague@example.org
        magwidget send 3 --list subscribers.csv --rate 60/min
    """
    from magwidget.newsletter import send as sending

    smtp = {key.removeprefix("smtp_"): value for key, value in server.items() if value}
    options = dict(
        dry_run=dry_run, out=out, dist=dist, article=article, config=config, rate=rate, smtp=smtp
    )
    summary = sending.run(issue, to, listing, options)
    click.echo(sending.summarise(summary))
    if summary.failed:
        raise SystemExit(1)


@cli.command()
@PATHS
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port on 127.0.0.1.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the gallery in a web browser.")
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of templates that override built-in ones (default: ./templates if it exists).",
)
@CONFIG
def serve(
    paths: tuple[Path, ...], port: int, open_browser: bool, templates: Path | None, config: Path
) -> None:
    """Build into a temporary folder, serve it on 127.0.0.1 and rebuild on every change.

    Pages reload by themselves; dist/ is never touched. Ctrl-C stops.

    \b
    Example:
        magwidget serve --port 8000 --open
    """
    from magwidget import serve as server

    server.serve(list(paths), config, port, open_browser, templates=templates)
