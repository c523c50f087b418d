"""Split a plain-text article into elements: title, CTA, headings, paragraphs, lists, quotes.

Owns the guesses made from plain text alone (numbered headings, bullets, quoted lines).
Knows nothing of YAML or of the article schema; importer.py assembles the elements.
"""

from __future__ import annotations

import itertools
import re

NUMBERED = re.compile(r"\s*\d{1,2}[.)]\s+(\S.*)")
BULLET = re.compile(r"\s*[-*•]\s+(\S.*)")
CTA = re.compile(r"(click|tap|buy|shop|get|see|order|try|learn|visit|discover)\b", re.I)
# A section that closes an article rather than a sub-heading inside the last numbered one.
CLOSING = re.compile(
    r"(final|conclusions?|in conclusion|summary|in summary|(key )?takeaways?|(the )?bottom line)\b",
    re.I,
)
DISCLAIMER = re.compile(r".*\bdisclaimer\b", re.I)
END_PUNCTUATION = tuple(".,:;!?…\"'”)\u2019")
SENTENCE_END = tuple('.!?:;…"”)\u2019')
QUOTES = {"“": "”", '"': '"', "«": "»"}


def elements(text: str) -> list[tuple[str, str | list[str]]]:
    """Return the article as (kind, text or items) pairs in reading order."""
    groups = _groups(text)
    numbered = any(len(g) == 1 and NUMBERED.fullmatch(g[0]) for g in groups)
    found: list[tuple[str, str | list[str]]] = []
    for index, group in enumerate(groups):
        found.extend(_classify(group, index, numbered))
    return _merge_lists(found)


def _groups(text: str) -> list[list[str]]:
    """Return runs of lines: one line each, or blank-line-separated paragraphs when the text is
    hard-wrapped (a line breaks mid-sentence)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    if "" not in lines or not _wrapped(lines):
        return [[line] for line in lines if line]
    groups, current = [], []
    for line in [*lines, ""]:
        if not line or BULLET.fullmatch(line) or NUMBERED.fullmatch(line):
            groups += [current] if current else []
            groups += [[line]] if line else []
            current = []
        else:
            current.append(line)
    return groups


def _wrapped(lines: list[str]) -> bool:
    """Return whether some line runs on into the next: no closing punctuation, then lowercase."""
    pairs = itertools.pairwise(lines)
    return any(a and b and not a.endswith(SENTENCE_END) and b[0].islower() for a, b in pairs)


def _classify(group: list[str], index: int, numbered: bool) -> list[tuple[str, str | list[str]]]:
    """Return the elements of one group of lines."""
    if len(group) > 1:
        return [("paragraph", " ".join(group))]
    line = group[0]
    if index == 0:
        return [("title", line)]
    if index == 1 and CTA.match(line) and len(line) <= 80 and not line.endswith("."):
        return [("cta", line)]
    if match := BULLET.fullmatch(line):
        return [("list", [match.group(1)])]
    if (match := NUMBERED.fullmatch(line)) and _heading_like(match.group(1)):
        return [("section", match.group(1))]
    if _heading_like(line):
        closing = CLOSING.match(line) and len(line.split()) <= 6
        closing = not numbered or closing or DISCLAIMER.match(line)
        return [("section" if closing else "heading", line)]
    if _quoted(line):
        return [("quote", line)]
    return [("paragraph", line)]


def _heading_like(line: str) -> bool:
    """Return whether a line reads as a heading: short, no closing punctuation."""
    return len(line) <= 100 and len(line.split()) <= 14 and not line.endswith(END_PUNCTUATION)


def _quoted(line: str) -> bool:
    """Return whether the whole line is one quotation."""
    close = QUOTES.get(line[0])
    return bool(close) and len(line) > 2 and line.endswith(close) and line.count(line[0]) <= 2


def _merge_lists(found: list) -> list:
    """Join consecutive list items into one list."""
    merged: list = []
    for kind, value in found:
        if kind == "list" and merged and merged[-1][0] == "list":
            merged[-1] = ("list", merged[-1][1] + value)
        else:
            merged.append((kind, value))
    return merged
