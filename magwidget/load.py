"""Find input files and read each into a YAML node tree that keeps line and column marks.

Owns file discovery, the size cap, strict UTF-8 and the refusal of YAML aliases.
Knows nothing of the article schema (that is validate.py). Each file is read once (regular files
only, never more than the cap plus one byte) and parsed once, with libyaml when it is installed.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml

from magwidget.errors import ContentError, Problem

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 50
SUFFIXES = (".yaml", ".yml")
# The tags plain YAML values resolve to; anything else (!!python/..., !local) is refused.
PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "value")
}
# Characters YAML forbids in a stream (C0 controls but tab/LF/CR, DEL, C1 but NEL, surrogates...).
FORBIDDEN = yaml.reader.Reader.NON_PRINTABLE


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
    return load_document(path)[0]


def load_document(path: Path) -> tuple[yaml.Node, str]:
    """Return one file's node tree and its text (for hints that quote a line)."""
    name = display_name(path)
    text = _decode(_read(path, name), name)
    _refuse_forbidden(text, name)
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        # libyaml's messages say less (and it stops nesting at 1000, not 50): on this rare path,
        # parse again with the pure-Python loader for its fuller message.
        problem = _pure_problem(text, name) or _syntax_problem(exc, name)
        raise ContentError(_with_suspects(problem, text)) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise ContentError([Problem(name, f"invalid YAML: {exc}")]) from None
    if node is None:
        raise ContentError([Problem(name, "the file is empty: expected an article (a mapping)")])
    _check_tree(node, text, name)
    return node, text


def _read(path: Path, name: str) -> bytes:
    """Return the bytes of a regular file no bigger than the cap, reading at most cap + 1."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ContentError([Problem(name, f"cannot read: {exc.strerror}")]) from None
    with os.fdopen(fd, "rb", buffering=0) as file:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise ContentError([Problem(name, "not a regular file: give a .yaml file")])
            raw = b"" if info.st_size > MAX_BYTES else _read_up_to(file, MAX_BYTES + 1)
        except OSError as exc:
            raise ContentError([Problem(name, f"cannot read: {exc.strerror}")]) from None
    if info.st_size > MAX_BYTES or len(raw) > MAX_BYTES:
        size = f"{info.st_size:,} bytes" if info.st_size > MAX_BYTES else "bigger than that"
        message = f"the file is {size}; the limit is {MAX_BYTES:,} (5 MB): split it"
        raise ContentError([Problem(name, message)])
    return raw


def _read_up_to(file, limit: int) -> bytes:
    """Read until end of file or ``limit`` bytes, whichever comes first."""
    chunks, size = [], 0
    while size < limit and (chunk := file.read(limit - size)):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded; save as UTF-8"
        raise ContentError([Problem(name, message, line, column)]) from None


def _refuse_forbidden(text: str, name: str) -> None:
    """Refuse characters YAML does not allow in a file, naming the first one and where it is."""
    if match := FORBIDDEN.search(text):
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        code = f"U+{ord(match.group()):04X}"
        message = f"control character {code} is not allowed in a YAML file: remove it"
        raise ContentError([Problem(name, message, line, column)])


class _PureLoader(yaml.SafeLoader):
    """PyYAML's pure-Python loader, refusing aliases and deep nesting while it composes."""

    depth = 0

    def compose_node(self, parent, index):
        """Compose one node, refusing an alias or one level too many before recursing."""
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(_alias_message(event), event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent) and self.depth >= MAX_DEPTH:
            raise _Refused(f"nested more than {MAX_DEPTH} levels deep", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# libyaml composes in C (about 20 times faster) and keeps line marks; it caps nesting at 1000.
Loader = getattr(yaml, "CSafeLoader", None) or _PureLoader


class _Refused(yaml.MarkedYAMLError):
    """An alias or too deep a nesting, found while composing."""

    def __init__(self, message: str, mark):
        super().__init__(problem=message, problem_mark=mark)


def _alias_message(event: yaml.AliasEvent) -> str:
    return f"YAML aliases (*{event.anchor}) are not allowed: write the value out"


def _check_tree(root: yaml.Node, text: str, name: str) -> None:
    """Refuse aliases (billion laughs), nesting deep enough to recurse, and non-plain tags."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise ContentError([_alias_problem(text, name)])
        seen.add(id(node))
        if node.tag not in PLAIN_TAGS:
            raise ContentError([_tag_problem(node, name)])
        if isinstance(node, yaml.ScalarNode):
            continue
        if depth > MAX_DEPTH:
            mark = node.start_mark
            message = f"nested more than {MAX_DEPTH} levels deep"
            raise ContentError([Problem(name, message, mark.line + 1, mark.column + 1)])
        children = node.value if isinstance(node, yaml.SequenceNode) else _flat(node.value)
        stack.extend((child, depth + 1) for child in reversed(children))


def _pure_problem(text: str, name: str) -> Problem | None:
    """Return what the pure-Python loader finds wrong with ``text``, if anything."""
    try:
        yaml.compose(text, Loader=_PureLoader)
    except _Refused as exc:
        mark = exc.problem_mark
        return Problem(name, exc.problem, mark.line + 1, mark.column + 1)
    except yaml.MarkedYAMLError as exc:
        return _syntax_problem(exc, name)
    except (yaml.YAMLError, RecursionError):
        return None
    return None


def _tag_problem(node: yaml.Node, name: str) -> Problem:
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    message = f"YAML tag {tag!r} is not allowed: write a plain value"
    return Problem(name, message, node.start_mark.line + 1, node.start_mark.column + 1)


def _flat(pairs: list) -> list:
    return [node for pair in pairs for node in pair]


def _alias_problem(text: str, name: str) -> Problem:
    """Find the first alias in ``text`` (a node reached twice means there is one)."""
    for event in yaml.parse(text, Loader=Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            return Problem(name, _alias_message(event), mark.line + 1, mark.column + 1)
    return Problem(name, "YAML aliases are not allowed: write the value out")


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
