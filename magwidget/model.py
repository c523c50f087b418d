"""The validated article: frozen dataclasses, the only type the renderers see.

Imports nothing from magwidget; knows nothing of YAML, templates or files.
"""

from __future__ import annotations

from dataclasses import dataclass

BLOCK_KINDS = ("paragraph", "list", "heading", "quote")


@dataclass(frozen=True)
class Block:
    """One piece of section text: a paragraph, heading or quote (``text``) or a list (``items``)."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()

    def lines(self) -> tuple[str, ...]:
        """Return the block's text as the reader sees it, one entry per paragraph or list item."""
        return self.items if self.kind == "list" else (self.text,)


@dataclass(frozen=True)
class Section:
    """A titled part of the article; one newsletter issue each."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    subject: str | None = None
    preheader: str | None = None

    def first_paragraph(self) -> str:
        """Return the first paragraph's text, or the first text of any kind."""
        for block in self.blocks:
            if block.kind == "paragraph":
                return block.text
        return self.blocks[0].lines()[0]


@dataclass(frozen=True)
class Product:
    """The product the article links to: its name, https URL and call-to-action text."""

    name: str
    url: str
    cta: str


@dataclass(frozen=True)
class Article:
    """One article, from one YAML file."""

    slug: str
    title: str
    short_title: str
    subtitle: str
    language: str
    url: str
    summary: str
    product: Product
    disclaimer: str
    sections: tuple[Section, ...]
    source: str

    def plain_text(self) -> str:
        """Return every word a reader must see, one line each: the floor of any rendering."""
        lines = [self.title, self.subtitle, self.product.cta]
        for section in self.sections:
            lines.append(section.title)
            lines.extend(line for block in section.blocks for line in block.lines())
        lines.append(self.disclaimer)
        return "\n".join(line for line in lines if line) + "\n"
