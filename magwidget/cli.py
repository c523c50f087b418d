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


@cli.command()
@PATHS
@click.option(
    "--out",
    default="dist",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder to build into; replaced as a whole only when the build succeeds.",
)
@click.option(
    "--templates",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of templates that override built-in ones by file name.",
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
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    help="Send date (YYYY-MM-DD) of issue 1; series.json then lists each issue's date.",
)
@click.option(
    "--every",
    type=click.IntRange(min=1),
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
    start: datetime.datetime | None,
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

    if every is not None and start is None:
        raise click.UsageError("--every needs --start (the date of issue 1)")
    schedule = {"start": start.date()} if start else {}
    if every:
        schedule["every"] = every
    options = pipeline.Options(
        templates=templates,
        config=config,
        base_url=base_url,
        esp=esp,
        **schedule,
        inliner=inliner,
        cache=not no_cache,
        jobs=jobs,
    )
    run = pipeline.check if check else pipeline.build
    summary = run(list(paths), out, options)
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

    _, articles, warnings = pipeline.load_inputs(list(paths), pipeline.Options(config=config))
    if strict and warnings:
        raise ContentError([dataclasses.replace(w, warning=False) for w in warnings])
    _echo_warnings(warnings)
    names = ", ".join(a.source for a in articles)
    click.echo(f"OK: {len(articles)} article(s) valid: {names}")


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
        for folder, sizes in groups.items()
    ]
    total = sum(files.values()) / 1000
    rows.append(f"  {'total':<{width}}  {len(files):>3} files  {total:>8.1f} kB")
    return "\n".join(rows)
