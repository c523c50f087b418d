"""Find input files and read each into a YAML node tree that keeps line and column marks.

Owns file discovery, the size cap, strict UTF-8 and the refusal of YAML aliases.
Knows nothing of the article schema (that is validate.py).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from magwidget.errors import ContentError, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50
SUFFIXES = (".yaml", ".yml")


def display_name(path: Path) -> str:
    """Return the path as the user would type it: relative to the working folder when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def find_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their YAML files (sorted); keep files as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
            if not files:
                raise ContentError([Problem(display_name(path), "no .yaml files in this folder")])
            found.extend(files)
        else:
            found.append(path)
    return found


def load_node(path: Path) -> yaml.Node:
    """Read one file into a node tree, or raise ContentError saying where it is broken."""
    name = display_name(path)
    text = _decode(_read(path, name), name)
    try:
        _scan(text, name)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise ContentError(_with_suspects(_syntax_problem(exc, name), text)) from None
    if node is None:
        raise ContentError([Problem(name, "the file is empty: expected an article (a mapping)")])
    return node


def _read(path: Path, name: str) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            message = f"the file is {size:,} bytes; the limit is {MAX_BYTES:,} (5 MB)"
            raise ContentError([Problem(name, message)])
        return path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(name, f"cannot read: {exc.strerror}")]) from None


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save as UTF-8"
        raise ContentError([Problem(name, message, line, column)]) from None


def _scan(text: str, name: str) -> None:
    """Refuse aliases (they multiply data: billion laughs) and nesting deep enough to recurse."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            message = f"YAML aliases (*{event.anchor}) are not allowed: write the value out"
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            message = f"nested more than {MAX_DEPTH} levels deep" if depth > MAX_DEPTH else ""
        else:
            depth -= isinstance(event, yaml.CollectionEndEvent)
            message = ""
        if message:
            mark = event.start_mark
            raise ContentError([Problem(name, message, mark.line + 1, mark.column + 1)])


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if "'\\t'" in problem:
        problem = "a tab character: YAML indentation must use spaces"
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        started = exc.context_mark.line + 1
        problem = f"{exc.context} (started on line {started}): {problem}"
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    hint = next((h for cause, h in HINTS if cause in problem), "")
    return Problem(name, f"invalid YAML: {problem}{hint}", line, column)


QUOTE_IT = "put the whole text in quotes, or write `>-` and the text indented on the next lines"
HINTS = (
    ("mapping values are not allowed", f"; for text containing ': ', {QUOTE_IT}"),
    ("sequence entries are not allowed", f"; for text starting with '- ', {QUOTE_IT}"),
    ("but found '<scalar>'", f"; for text starting with a quote mark, {QUOTE_IT}"),
    ("cannot start any token", f"; for text starting with that character, {QUOTE_IT}"),
)
# Plain (unquoted) text after `key: ` or `- ` that YAML would read as something else.
SUSPECTS = (
    (re.compile(r"\s*(?:- +)?[\w.-]+: +[^\s'\"|>#&*!%@`{\[].*?: "), HINTS[0][1]),
    (re.compile(r"\s*(?:- +|[\w.-]+: +)(\"[^\"]*\"|'[^']*') *[^\s#]"), HINTS[2][1]),
)


def _with_suspects(problem: Problem, text: str) -> list[Problem]:
    """Return the syntax error plus every other line showing one of its common causes, by line."""
    problems = [problem]
    for number, line in enumerate(text.splitlines(), 1):
        hint = next((h for regex, h in SUSPECTS if regex.match(line)), None)
        if hint and number != problem.line:
            problems.append(Problem(problem.file, f"YAML will misread this line{hint}", number))
    return sorted(problems, key=lambda p: p.line or 0)
