"""The command line: parse flags, call the core, print a summary. No logic lives here."""

from __future__ import annotations

import calendar
import datetime
import re
from pathlib import Path

import click

from magwidget import __version__
from magwidget.esp import ESPS

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


class Date(click.ParamType):
    """A YYYY-MM-DD date between 1970 and 2999, with a message that says which part is wrong."""

    name = "date"

    def convert(self, value, param, ctx) -> datetime.date:
        """Return the date, or fail naming the flag and what is wrong."""
        if isinstance(value, datetime.date):
            return value
        match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value))
        if not match:
            self.fail(f"expected a date as YYYY-MM-DD, found {value!r}", param, ctx)
        year, month, day = (int(part) for part in match.groups())
        if not 1970 <= year <= 2999:
            self.fail(f"year must be 1970-2999, found {year}", param, ctx)
        if not 1 <= month <= 12:
            self.fail(f"month must be 1-12, found {month}", param, ctx)
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            self.fail(f"day must be 1-{last} in {year}-{month:02}, found {day}", param, ctx)
        return datetime.date(year, month, day)


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
    type=Date(),
    metavar="DATE",
    help="Send date (YYYY-MM-DD) of issue 1; series.json then lists each issue's date.",
)
@click.option(
    "--every",
    type=click.IntRange(min=1, max=365),
    metavar="DAYS",
    help="Days between issues, with --start.  [default: 7]",
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
    schedule = {"start": start} if start else {}
    if every:
        schedule["every"] = every
    options = pipeline.Options(
        templates=templates, config=config, base_url=base_url, esp=esp, **schedule
    )
    run = pipeline.check if check else pipeline.build
    summary = run(list(paths), out, options)
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
