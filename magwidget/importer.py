"""Turn a plain-text or Markdown article into content YAML a person can edit.

Owns the assembly of parsed elements into the content schema, the placeholders, the YAML
emission (checked by loading it back) and the refusal to overwrite. Parsing lives in
importer_text.py and importer_md.py; this module never renders or validates.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from magwidget import importer_md, importer_text, project
from magwidget.errors import MagwidgetError
from magwidget.load import display_name

MARKDOWN = (".md", ".markdown", ".mdown")
LONG = 60  # text longer than this is written as a folded block scalar
INTRO = "Introduction"
PLACEHOLDER_URL = "https://example.com/"
SMALL_WORDS = {"a", "an", "and", "the", "of", "to", "in", "on", "for", "is", "be", "may", "can"}
HEADER = """\
# Imported by `magwidget import` from {source}; the fields are explained in magwidget's
# README ("The content schema"). Fill the placeholders (example.com links, "Replace with"
# text), then run `magwidget validate`.
"""


@dataclass
class Imported:
    """An imported article: its content mapping, what was guessed and what is left to fill."""

    data: dict
    guesses: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)


def import_file(source: Path, out: Path | None, force: bool) -> tuple[Path, Imported]:
    """Import ``source`` into ``out`` (default: the project's content/SLUG.yaml); return both."""
    text = _read(source)
    slug = slugify(out.stem) if out else None
    imported = parse(text, markdown=source.suffix.lower() in MARKDOWN, slug=slug)
    name = f"content/{imported.data['slug']}.yaml"
    out = out or project.default(name, Path(name))
    if out.exists() and not force:
        raise MagwidgetError(f"{display_name(out)} exists: pass --force to overwrite it")
    document = dump(imported.data, source.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(document, encoding="utf-8")
    return out, imported


def parse(text: str, markdown: bool = False, slug: str | None = None) -> Imported:
    """Return the content mapping for an article's text, with guesses and placeholders."""
    found = (importer_md if markdown else importer_text).elements(text)
    imported = Imported({})
    head = _head(found, imported, slug)
    sections, disclaimer = _body(found, imported)
    imported.data = {**head, "disclaimer": disclaimer, "sections": sections}
    return imported


def report(out: Path, imported: Imported) -> str:
    """Return what the import wrote, what it guessed and the placeholders left to fill."""
    lines = [f"Wrote {display_name(out)}", "Guessed:"]
    lines += [f"  {guess}" for guess in imported.guesses]
    if imported.placeholders:
        lines.append("Fill in these placeholders, then run `magwidget validate`:")
        lines += [f"  {placeholder}" for placeholder in imported.placeholders]
    return "\n".join(lines)


def dump(data: dict, source: str) -> str:
    """Return ``data`` as YAML (long text folded, quoted where needed) that loads back equal."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88, indent=2)
    if yaml.safe_load(body) != data:
        raise MagwidgetError("the imported YAML does not load back as written (please report)")
    return HEADER.format(source=source) + body


class _Dumper(yaml.SafeDumper):
    """Emit long text as folded block scalars and indent lists under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    folded = len(value) > LONG and " " in value and "\n" not in value and value == value.strip()
    style = ">" if folded else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def _read(source: Path) -> str:
    try:
        return source.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise MagwidgetError(f"{display_name(source)}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise MagwidgetError(f"{display_name(source)}: not UTF-8: save it as UTF-8") from None


def _head(found: list, imported: Imported, slug: str | None) -> dict:
    """Return slug, title, subtitle, url and product from the title and CTA elements."""
    values = {kind: value for kind, value in found if kind in ("title", "cta", "cta_url")}
    line = values.get("title") or _placeholder(imported, "title", "Replace with the article title")
    title, _, subtitle = line.partition(": ")
    if not (title.strip() and subtitle.strip()):
        title, subtitle = line, ""
    slug = slug or ("title" in values and slugify(title)) or "article"
    imported.guesses.append(f"title: {title!r}" + (f", subtitle: {subtitle!r}" if subtitle else ""))
    head = {"slug": slug, "language": "en", "title": title}
    head.update({"subtitle": subtitle} if subtitle else {})
    head["url"] = _placeholder(imported, "url", f"{PLACEHOLDER_URL}articles/{slug}")
    cta = values.get("cta") or _placeholder(imported, "product.cta", "Replace with the link text")
    if "cta" in values:
        imported.guesses.append(f"call to action: {cta!r}")
    product_url = values.get("cta_url") or _placeholder(
        imported, "product.url", f"{PLACEHOLDER_URL}shop/{slug}"
    )
    name = _placeholder(imported, "product.name", "Replace with the product name")
    head["product"] = {"name": name, "url": product_url, "cta": cta}
    return head


def _body(found: list, imported: Imported) -> tuple[list[dict], str]:
    """Return the sections and the disclaimer (the text under a heading that names it)."""
    sections: list[dict] = []
    disclaimer: list[str] = []
    for kind, value in found:
        if kind == "section" and re.search(r"\bdisclaimer\b", value, re.I):
            imported.guesses.append(f"disclaimer: the text under {value!r}")
            sections.append({"disclaimer": True})
        elif kind == "section":
            sections.append({"id": "", "title": value, "blocks": []})
        elif kind in ("paragraph", "list", "heading", "quote"):
            if not sections:
                sections.append({"id": "", "title": INTRO, "blocks": []})
                imported.guesses.append(f"the text before the first heading: section {INTRO!r}")
            if "disclaimer" in sections[-1]:
                disclaimer.append("\n".join(value) if kind == "list" else value)
            else:
                sections[-1]["blocks"].append({kind: value})
    sections = [s for s in sections if "disclaimer" not in s]
    return _finish(sections, imported), "\n\n".join(disclaimer) or _placeholder(
        imported, "disclaimer", "Replace with what the reader must know before acting on this."
    )


def _finish(sections: list[dict], imported: Imported) -> list[dict]:
    """Give each section a unique id and a block; report the sections found."""
    if not sections:
        sections.append({"id": "", "title": INTRO, "blocks": []})
    used: set[str] = set()
    for number, section in enumerate(sections, 1):
        base = slugify(section["title"], words=5) or f"section-{number}"
        ident = base if base not in used else f"{base}-{number}"
        used.add(ident)
        section["id"] = ident
        if not section["blocks"]:
            where = f"sections[{number - 1}].blocks"
            text = _placeholder(imported, where, "Replace with the section text")
            section["blocks"].append({"paragraph": text})
    imported.guesses.append(f"{len(sections)} section(s): " + ", ".join(s["id"] for s in sections))
    return sections


def _placeholder(imported: Imported, path: str, value: str) -> str:
    imported.placeholders.append(f"{path}: {value}")
    return value


def slugify(text: str, words: int = 8) -> str:
    """Return a lowercase ASCII slug of the first ``words`` words of ``text``, small words
    dropped when enough remain."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    content = [part for part in parts if part not in SMALL_WORDS]
    return "-".join((content if len(content) >= 2 else parts)[:words])
