"""Inline an email's CSS: the one seam around the inliner (premailer; css-inline optional).

Owns the premailer settings (and its CSS parser kept off the network), the protection of
merge tags around it and whitespace minification. premailer is imported only when an email
is actually inlined.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import logging
import re
import sys
import types

from magwidget.errors import MagwidgetError

DOCTYPE = "<!DOCTYPE html>"
_LEADING_SPACE = re.compile(r"\n[ \t]*(?:\n[ \t]*)*")


ENGINES = ("premailer", "css-inline")


@functools.lru_cache(maxsize=64)  # `magwidget serve` re-inlines only the issues that changed
def inline(
    html: str, protect: tuple[str, ...] = (), name: str = "issue.html", engine: str = "premailer"
) -> str:
    """Return ``html`` with its CSS inlined, each string in ``protect`` kept byte-for-byte."""
    tokens = {tag: _token(tag, html) for tag in protect}
    for tag, token in tokens.items():
        html = html.replace(tag, token)
    try:
        if engine == "css-inline":
            from magwidget.cssinline import transform

            return _restore(transform(html), tokens)
        out = _premailer()(
            html,
            allow_network=False,  # never fetch a <link>ed stylesheet: builds stay hermetic
            strip_important=False,  # dark-mode and mobile @media overrides need !important
            cssutils_logging_level=logging.CRITICAL,  # mso-* properties are meant for Outlook
            disable_validation=True,
        ).transform()
    except MagwidgetError:
        raise
    except Exception as exc:  # premailer fails on markup it cannot parse, e.g. an empty template
        raise MagwidgetError(
            f"{name}: cannot inline its CSS: {type(exc).__name__}: {exc}"
        ) from None
    return _restore(out, tokens)


def _restore(out: str, tokens: dict[str, str]) -> str:
    """Put the protected strings back; add the doctype if the inliner dropped it; minify."""
    for tag, token in tokens.items():
        out = out.replace(token, tag)
    return minify(out if out.startswith("<!") else f"{DOCTYPE}\n{out}")


def minify(html: str) -> str:
    """Drop indentation and blank lines; one newline is kept where any whitespace ran."""
    return _LEADING_SPACE.sub("\n", html).strip() + "\n"


def _token(tag: str, html: str) -> str:
    """Return a letters-and-digits stand-in that no HTML or URL step rewrites.

    It is a hash of the very document it stands in, so no content inside that document can
    spell it (it would have to contain its own hash), and the same input gives the same token.
    """
    token = "mwtag" + hashlib.sha256(f"{tag}\0{html}".encode()).hexdigest()[:32]
    if token in html:  # cannot happen short of a SHA-256 preimage; never restore a forgery
        raise MagwidgetError(f"the document already holds the stand-in for {tag!r}")
    return token


def _no_fetch(url: str) -> None:
    """Refuse every stylesheet an @import asks for: a build never opens a socket."""
    return None


class _Deferred(types.ModuleType):
    """A stand-in for a module that imports the real one on its first attribute use.

    premailer imports ``requests`` (~40 ms, a third of its import) only to fetch external
    stylesheets, which ``allow_network=False`` never does; it just keeps the module in an
    attribute. importlib's LazyLoader cannot stand in: the import statement itself reads the
    module's ``__spec__``, which loads it.
    """

    def __getattr__(self, attr: str):
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), attr)


@functools.cache
def _premailer() -> type:
    """Import premailer (only now: it costs ~150 ms) and return a Premailer that parses and
    prints each distinct stylesheet once per process: every issue shares email.css, and that
    work was two thirds of each inline call."""
    stand_in = sys.modules.setdefault("requests", _Deferred("requests"))
    try:
        import premailer
    finally:
        if sys.modules.get("requests") is stand_in and isinstance(stand_in, _Deferred):
            del sys.modules["requests"]  # a later `import requests` gets the real module

    parsed: dict[tuple[str, int], tuple[list, list]] = {}
    printed: dict[tuple, str] = {}

    import cssutils

    class Premailer(premailer.Premailer):
        def _parse_css_string(self, css_body, validate=True):
            # premailer's own parser fetches @import over the network, allow_network or not.
            return cssutils.CSSParser(fetcher=_no_fetch, validate=validate).parseString(css_body)

        def _parse_style_rules(self, css_body, ruleset_index):
            key = (css_body, ruleset_index)
            if key not in parsed:
                parsed[key] = super()._parse_style_rules(css_body, ruleset_index)
            rules, leftover = parsed[key]
            return list(rules), list(leftover)

        def _css_rules_to_string(self, rules):
            # The leftover rules are the cached objects above, so identity is the right key.
            key = tuple(rules)
            if key not in printed:
                printed[key] = super()._css_rules_to_string(rules)
            return printed[key]

    return Premailer
