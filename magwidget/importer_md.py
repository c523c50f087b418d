"""Split a Markdown article into elements with markdown-it-py's CommonMark parser (no regexes).

Owns the mapping from Markdown tokens to importer elements: ``#`` title, ``##`` sections,
``###`` and deeper headings, lists, ``>`` quotes, paragraphs; a link keeps its text and its URL.
Knows nothing of YAML or of the article schema; importer.py assembles the elements.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from magwidget.importer_text import CTA, NUMBERED


def elements(text: str) -> list[tuple[str, str | list[str]]]:
    """Return the article as (kind, text or items) pairs in reading order."""
    tokens = MarkdownIt("commonmark").parse(text)
    found: list[tuple[str, str | list[str]]] = []
    i = 0
    while i < len(tokens):
        end = _close(tokens, i)
        found.extend(e for e in _element(tokens[i], tokens[i : end + 1], found) if e[1])
        i = end + 1
    return found


def _close(tokens: list[Token], i: int) -> int:
    """Return the index of the token that closes the block opened at ``i``."""
    if tokens[i].nesting != 1:
        return i
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth == 0:
            return j
    return len(tokens) - 1


def _element(token: Token, block: list[Token], found: list) -> list[tuple[str, str | list[str]]]:
    """Return the elements of one top-level block."""
    inlines = [t for t in block if t.type == "inline"]
    if token.type == "heading_open":
        return [_heading(token.tag, _plain(inlines[0]), found)]
    if token.type in ("bullet_list_open", "ordered_list_open"):
        return [("list", [text for t in inlines if (text := _plain(t))])]
    if token.type == "blockquote_open":
        return [("quote", "\n\n".join(_plain(t) for t in inlines))]
    if token.type == "paragraph_open":
        return _paragraph(inlines[0], found)
    if token.type in ("fence", "code_block", "html_block") and token.content.strip():
        return [("paragraph", token.content.strip())]
    return []


def _heading(tag: str, text: str, found: list) -> tuple[str, str]:
    """Return the first ``#`` as the title, other ``#``/``##`` as sections, deeper as headings."""
    if tag == "h1" and not any(kind == "title" for kind, _ in found):
        return ("title", text)
    if tag in ("h1", "h2"):
        match = NUMBERED.fullmatch(text)
        return ("section", match.group(1) if match else text)
    return ("heading", text)


def _paragraph(inline: Token, found: list) -> list[tuple[str, str]]:
    """Return a paragraph, or the CTA (and its link) when it follows the title and reads as one."""
    text = _plain(inline)
    children = inline.children or []
    if [kind for kind, _ in found] != ["title"]:
        return [("paragraph", text)]
    if len(children) == 3 and children[0].type == "link_open":
        return [("cta", _plain_children(children[1:2])), ("cta_url", children[0].attrs["href"])]
    return [("cta" if CTA.match(text) else "paragraph", text)]


def _plain(inline: Token) -> str:
    """Return an inline run as plain text: markup dropped, every word and link target kept."""
    return _plain_children(inline.children or []).strip()


def _plain_children(children: list[Token]) -> str:
    parts: list[str] = []
    hrefs: list[tuple[str, int]] = []
    for child in children:
        if child.type == "link_open":
            hrefs.append((str(child.attrGet("href") or ""), len(parts)))
        elif child.type == "link_close" and hrefs:
            href, start = hrefs.pop()
            label = "".join(parts[start:])
            parts.append("" if href in (label, f"mailto:{label}") else f" ({href})")
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        else:
            parts.append(child.content)
    return "".join(parts)
