"""The interface text in the article's language: catalogs, fallback, overrides and direction.

Owns magwidget/locale/ (gettext ``.po`` sources and the compiled ``.mo`` beside them) and the
list of message ids. Imports only the standard library: ``validate`` needs the ids and the
catalog check, not Jinja. A catalog is read only when an article in its language is built.
"""

from __future__ import annotations

import gettext
import re
from functools import lru_cache
from pathlib import Path

DOMAIN = "magwidget"
LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE = "en"
# Every message magwidget writes; docs/i18n.md lists them with their English text.
MESSAGE_IDS = (
    "skip_to_article",
    "contents",
    "disclaimer",
    "read_article",
    "label",
    "part_of",
    "next_issue",
    "receiving_from",
    "unsubscribe",
    "view_in_browser",
    "email_role",
    "expand_all",
    "collapse_all",
    "show_all",
    "subject",
    "paid_link_disclosure",
    "first_name_fallback",
    "demo_title",
    "demo_intro",
    "demo_default",
    "demo_one_section",
    "gallery_title",
    "gallery_intro",
    "gallery_articles",
    "web_page",
    "widget",
    "theme_light",
    "theme_dark",
    "embed_snippet",
    "copy_snippet",
    "copied",
    "copy_refused",
    "newsletter_issues",
    "issue_size",
    "decimal_point",
    "sends_on",
    "frame_desktop",
    "frame_phone",
    "frame_title",
)
# Written in Arabic, Hebrew, Persian, Urdu and the other scripts that run right to left.
RTL = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ps", "sd", "ug", "ur", "yi"})
PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%|%")


def locales(language: str) -> list[str]:
    """Return the catalog names to try, most specific first: ``pt-PT`` -> ``[pt_PT, pt]``."""
    base, _, rest = language.replace("_", "-").partition("-")
    region = rest.split("-")[0]
    names = [base.lower()]
    if region:
        names.insert(0, f"{base.lower()}_{region.upper() if len(region) == 2 else region.title()}")
    return names


def has_catalog(language: str) -> bool:
    """Return whether a shipped catalog covers ``language`` (itself or its base language)."""
    return any(_mo(name).is_file() for name in locales(language))


def missing_catalog(language: str) -> str | None:
    """Return the warning for a language magwidget has no interface text for, else None."""
    if has_catalog(language):
        return None
    return (
        f"no interface text for language {language!r}: magwidget's own words stay English; "
        "translate them with `strings:` in magwidget.yaml, or add a catalog (docs/i18n.md)"
    )


def direction(language: str) -> str:
    """Return ``rtl`` for a right-to-left language, else ``ltr``."""
    return "rtl" if locales(language)[-1] in RTL else "ltr"


def placeholders(text: str) -> list[str]:
    """Return the ``%(name)s`` placeholders of a message, plus ``%`` for each bare percent sign."""
    return [m.group(1) or "%" for m in PLACEHOLDER.finditer(text) if m.group() != "%%"]


def _mo(name: str) -> Path:
    return LOCALE_DIR / name / "LC_MESSAGES" / f"{DOMAIN}.mo"


@lru_cache
def catalog(language: str) -> gettext.NullTranslations:
    """Return the language's catalog falling back to its base language, then to English."""
    chain = [name for name in [*locales(language), SOURCE] if _mo(name).is_file()]
    translations = gettext.NullTranslations()
    for name in reversed(chain):
        with _mo(name).open("rb") as file:
            more = gettext.GNUTranslations(file)
        more.add_fallback(translations)
        translations = more
    return translations


class Messages:
    """One language's messages with the project's ``strings:`` overrides on top."""

    def __init__(self, language: str, overrides: dict[str, str] | None = None):
        self.language = language
        self.dir = direction(language)
        self._catalog = catalog(language)
        self._overrides = overrides or {}

    def gettext(self, message_id: str) -> str:
        """Return the text of one message."""
        return self._overrides.get(message_id) or self._catalog.gettext(message_id)

    def text(self, message_id: str, **values: str) -> str:
        """Return a message with its ``%(name)s`` placeholders filled, as templates do."""
        return self.gettext(message_id) % values

    def ngettext(self, message_id: str, plural_id: str, n: int) -> str:
        """Return the text of a message whose grammar depends on the number ``n``."""
        return self._overrides.get(message_id) or self._catalog.ngettext(message_id, plural_id, n)
