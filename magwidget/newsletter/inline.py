"""Inline an email's CSS: the one seam around the inliner (premailer; css-inline optional).

Owns the premailer settings (and its CSS parser kept off the network), the protection of
merge tags around it and whitespace minification. premailer is imported only when an email
is actually inlined, or ahead of time in a forked helper process (see ``ahead``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import logging
import os
import pickle
import re
import signal
import sys
import threading
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
    if engine == "premailer" and _HELPER and (reply := _HELPER.ask((html, protect, name))):
        ok, text = reply
        if not ok:
            raise MagwidgetError(text)
        return text
    tokens = {tag: _token(tag, html) for tag in protect}
    for tag, token in tokens.items():
        html = html.replace(tag, token)
    try:
        if engine == "css-inline":
            from magwidget.newsletter.cssinline import transform

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


@contextlib.contextmanager
def ahead(engine: str, wanted: bool = True):
    """Import premailer in a forked helper now, on another core, while the caller renders;
    until the block ends, inline with premailer there. The same code makes the same bytes.

    Only for a one-process build about to inline (the caller knows: serial, a cold cache).
    Never from a threaded process: a fork copies other threads' locks but not the threads.
    """
    global _HELPER
    if not (wanted and engine == "premailer" and _forkable()) or "premailer" in sys.modules:
        yield
        return
    _HELPER = _Helper()
    try:
        yield
    finally:
        helper, _HELPER = _HELPER, None
        helper.stop()


def _forkable() -> bool:
    """Tell whether a helper may be forked here and has a core of its own to run on."""
    from magwidget.parallel import cores

    return hasattr(os, "fork") and threading.active_count() == 1 and cores() > 1


class _Helper:
    """A forked process that imports premailer at once, then inlines what it is sent."""

    def __init__(self) -> None:
        requests, self.requests = os.pipe()
        self.replies, replies = os.pipe()
        self.owner = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the helper: never returns into the caller's code
            try:
                os.close(self.requests)
                os.close(self.replies)
                _serve(requests, replies)
            finally:
                os._exit(0)  # no atexit handlers, no second flush of the caller's buffers
        os.close(requests)
        os.close(replies)
        self.to = os.fdopen(self.requests, "wb")
        self.back = os.fdopen(self.replies, "rb")

    def ask(self, args: tuple) -> tuple[bool, str] | None:
        """Return (True, inlined html) or (False, error); None from a fork, or if it died."""
        if os.getpid() != self.owner:  # a worker forked from the caller inlines itself
            return None
        try:
            pickle.dump(args, self.to)
            self.to.flush()
            return pickle.load(self.back)
        except (OSError, EOFError, pickle.UnpicklingError):
            return None  # the helper is gone: inline here instead

    def stop(self) -> None:
        """End the helper, wherever it is, and reap it."""
        for pipe in (self.to, self.back):
            with contextlib.suppress(OSError):
                pipe.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


_HELPER: _Helper | None = None


def _serve(requests: int, replies: int) -> None:
    """Import premailer, then answer each (html, protect, name) request until the pipe closes."""
    with os.fdopen(requests, "rb") as asked, os.fdopen(replies, "wb") as answers:
        _premailer()
        while True:
            try:
                html, protect, name = pickle.load(asked)
            except EOFError:
                return
            try:
                reply = (True, inline(html, protect, name))
            except MagwidgetError as exc:
                reply = (False, exc.message)
            pickle.dump(reply, answers)
            answers.flush()
