"""Turn YAML node trees into validated Articles, or report every problem at once.

Each problem names the file, line, column and field path (``sections[3].blocks[2].list``).
Imports load and model; knows nothing of templates or output.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import yaml

from magwidget import fields
from magwidget.errors import ContentError, Problem
from magwidget.fields import IDENT, LANGUAGE
from magwidget.load import display_name, find_files, load_document
from magwidget.model import BLOCK_KINDS, Article, Block, Product, Section

Node = yaml.Node
SLUG_HINT = f"lowercase letters, digits and single hyphens (at most {fields.MAX_IDENT})"
LANGUAGE_HINT = "a well-formed BCP 47 language tag like en, pt-BR or en-US-u-ca-gregory"


class Walker:
    """Read typed values out of one file's node tree, recording problems instead of raising."""

    def __init__(self, file: str, text: str = ""):
        self.file = file
        self.lines = text.splitlines()
        self.problems: list[Problem] = []

    def problem(self, node: Node, path: str, message: str, warning: bool = False) -> None:
        """Record a problem at the node's position."""
        mark = node.start_mark
        self.problems.append(
            Problem(self.file, message, mark.line + 1, mark.column + 1, path, warning)
        )

    def mapping(self, node: Node, path: str, required: tuple, optional: tuple) -> dict | None:
        """Return {key: value node} for a mapping with known keys; report missing and unknown."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, path or "(top level)", f"expected a mapping, found {_kind(node)}")
            return None
        fields: dict[str, Node] = {}
        allowed = required + optional
        for key_node, value in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            where = _join(path, str(key))
            if key in fields:
                self.problem(key_node, where, "duplicate key")
            elif key not in allowed:
                self.problem(key_node, where, f"unknown field{_did_you_mean(key, allowed)}")
            else:
                fields[key] = value
        for key in required:
            if key not in fields:
                self.problem(node, _join(path, key), "required field is missing")
        return fields

    def sequence(self, node: Node, path: str, what: str) -> list[Node]:
        """Return the items of a non-empty list, or [] after reporting why not."""
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, path, f"expected a list of {what}, found {_kind(node)}")
            return []
        if not node.value:
            self.problem(node, path, f"expected at least one of {what}, found an empty list")
        return node.value

    def text(
        self, node: Node | None, path: str, default: str | None = None, multiline: bool = False
    ) -> str | None:
        """Return a non-empty scalar as plain text: one line unless ``multiline``, no merge tags."""
        value = self.raw(node, path, default, multiline)
        if node is not None and value and (message := fields.merge_tag_problem(value)):
            self.problem(node, path, message)
        return value

    def raw(self, node: Node | None, path: str, default=None, multiline: bool = False):
        """Return a non-empty scalar as text that passes fields.text_problem."""
        if node is None:
            return default
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            self.problem(node, path, f"expected text, found {_kind(node)}{self._hint(node)}")
            return None
        value = node.value.strip()
        if not value:
            self.problem(node, path, "expected text, found an empty string")
        elif message := fields.text_problem(value, multiline):
            self.problem(node, path, message)
        return value

    def _hint(self, node: Node) -> str:
        """Explain a value YAML read as a key (text with ': ' or a final ':') or a comment ('#')."""
        single = isinstance(node, yaml.MappingNode) and len(node.value) == 1
        if single and isinstance(node.value[0][1], yaml.ScalarNode):
            return "; text ending in ':' or containing ': ' reads as a key: put it in quotes"
        mark = node.start_mark
        if not isinstance(node, yaml.ScalarNode) or node.value or mark.line >= len(self.lines):
            return ""
        rest = self.lines[mark.line][mark.column :].strip()
        hint = "; '#' starts a comment in YAML: put text that starts with # in quotes"
        return hint if rest.startswith("#") else ""

    def pattern(self, node: Node | None, path: str, regex: re.Pattern, hint: str, default=None):
        """Return text that fully matches ``regex``; ``hint`` says what was expected."""
        value = self.raw(node, path, default)
        if node is not None and value and not (len(value) <= 200 and regex.fullmatch(value)):
            shown = value if len(value) <= 200 else value[:200] + "..."
            self.problem(node, path, f"expected {hint}, found {shown!r}")
        return value

    def url(self, node: Node | None, path: str, schemes=("https",), allowed=()) -> str | None:
        """Return an absolute link whose scheme is allowed; warn on placeholder domains.

        ``allowed`` lists the placeholders (such as ``{token}``) this one field may hold.
        """
        value = self.raw(node, path)
        if node is None or not value or len(value) > fields.MAX_TEXT:  # raw() said too long
            return value
        message, warning = fields.url_problem(value, schemes, allowed)
        if message:
            self.problem(node, path, message, warning)
        return value


def load_articles(paths: list[Path]) -> tuple[list[Article], list[Problem]]:
    """Load and validate every file; return the articles and warnings or raise every problem."""
    articles, problems = [], []
    for path in find_files(paths):
        try:
            node, text = load_document(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        walker = Walker(display_name(path), text)
        article = _article(walker, node, path.stem)
        problems.extend(sorted(walker.problems, key=lambda p: (p.line or 0, p.column or 0)))
        if article:
            articles.append(article)
    problems.extend(_duplicate_slugs(articles))
    if any(not p.warning for p in problems):
        raise ContentError(problems)
    return articles, problems


def _article(w: Walker, node: Node, stem: str) -> Article | None:
    required = ("title", "url", "product", "disclaimer", "sections")
    optional = ("slug", "short_title", "subtitle", "language", "summary")
    f = w.mapping(node, "", required, optional)
    if f is None:
        return None
    if "slug" not in f and not IDENT.fullmatch(stem):
        w.problem(node, "slug", f"the file name {stem!r} is not a valid slug: add a slug field")
    article = {
        "slug": w.pattern(f.get("slug"), "slug", IDENT, SLUG_HINT, default=stem),
        "title": w.text(f.get("title"), "title"),
        "short_title": w.text(f.get("short_title"), "short_title", default=""),
        "subtitle": w.text(f.get("subtitle"), "subtitle", default=""),
        "language": w.pattern(f.get("language"), "language", LANGUAGE, LANGUAGE_HINT, "en"),
        "url": w.url(f.get("url"), "url"),
        "summary": w.text(f.get("summary"), "summary", default="", multiline=True),
        "product": _product(w, f["product"]) if "product" in f else None,
        "disclaimer": w.text(f.get("disclaimer"), "disclaimer", multiline=True),
        "sections": _sections(w, f["sections"]) if "sections" in f else (),
    }
    if any(not p.warning for p in w.problems):
        return None
    article["summary"] = article["summary"] or article["sections"][0].first_paragraph()
    article["short_title"] = article["short_title"] or article["title"]
    return Article(**article, source=w.file)


def _product(w: Walker, node: Node) -> Product | None:
    f = w.mapping(node, "product", ("name", "url", "cta"), ())
    if f is None:
        return None
    name, cta = w.text(f.get("name"), "product.name"), w.text(f.get("cta"), "product.cta")
    url = w.url(f.get("url"), "product.url")
    return Product(name, url, cta) if name and url and cta else None


def _sections(w: Walker, node: Node) -> tuple[Section, ...]:
    sections, first_line = [], {}
    if isinstance(node, yaml.SequenceNode) and len(node.value) > fields.MAX_SECTIONS:
        limit = f"the limit is {fields.MAX_SECTIONS:,}: split the article"
        w.problem(node, "sections", f"{len(node.value):,} sections; {limit}")
        return ()
    for i, item in enumerate(w.sequence(node, "sections", "sections")):
        section = _section(w, item, f"sections[{i}]")
        if section is None:
            continue
        if section.id in first_line:
            first = first_line[section.id]
            message = f"duplicate section id {section.id!r} (first used on line {first})"
            w.problem(item, f"sections[{i}].id", message)
        first_line.setdefault(section.id, item.start_mark.line + 1)
        sections.append(section)
    return tuple(sections)


def _section(w: Walker, node: Node, path: str) -> Section | None:
    f = w.mapping(node, path, ("id", "title", "blocks"), ("subject", "preheader"))
    if f is None:
        return None
    ident = w.pattern(f.get("id"), f"{path}.id", IDENT, SLUG_HINT)
    if ident and IDENT.fullmatch(ident) and (message := fields.section_id_problem(ident)):
        w.problem(f["id"], f"{path}.id", message)
    title = w.text(f.get("title"), f"{path}.title")
    subject = w.text(f.get("subject"), f"{path}.subject")
    preheader = w.text(f.get("preheader"), f"{path}.preheader")
    items = w.sequence(f["blocks"], f"{path}.blocks", "blocks") if "blocks" in f else []
    blocks = [_block(w, item, f"{path}.blocks[{i}]") for i, item in enumerate(items)]
    if not (ident and title and blocks) or None in blocks:
        return None
    return Section(ident, title, tuple(blocks), subject, preheader)


def _block(w: Walker, node: Node, path: str) -> Block | None:
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        found = _kind(node) if not isinstance(node, yaml.MappingNode) else f"{len(node.value)} keys"
        w.problem(node, path, f"expected one of {', '.join(BLOCK_KINDS)} (one key), found {found}")
        return None
    f = w.mapping(node, path, (), BLOCK_KINDS)
    if not f:
        return None
    kind, value = next(iter(f.items()))
    where = f"{path}.{kind}"
    if kind != "list":
        text = w.text(value, where, multiline=kind != "heading")
        return Block(kind, text=text) if text else None
    nodes = w.sequence(value, where, "text items")
    items = [w.text(item, f"{where}[{i}]") for i, item in enumerate(nodes)]
    return Block(kind, items=tuple(items)) if items and all(items) else None


def _duplicate_slugs(articles: list[Article]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for article in articles:
        if article.slug in seen:
            message = f"slug {article.slug!r} is already used by {seen[article.slug]}"
            problems.append(Problem(article.source, message, path="slug"))
        seen.setdefault(article.slug, article.source)
    return problems


def _kind(node: Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    names = {"null": "nothing (null)", "bool": "true/false", "int": "a number", "float": "a number"}
    return names.get(node.tag.rsplit(":", 1)[-1], f"text {node.value!r}")


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _did_you_mean(key: str | None, allowed: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{hint} (allowed: {', '.join(allowed)})"
