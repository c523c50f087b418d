"""The optional css-inline engine (``pip install 'magwidget[fast]'``): premailer's job, in Rust.

Owns the css-inline settings and what keeps its output to premailer's conventions: a ``<style
data-premailer="ignore">`` block stays verbatim (css-inline would drop it), and the leftover
``@media`` rules take the first ``<style>``'s place, after ``<meta charset>``. css-inline is
imported only when an email is inlined with it.
"""

from __future__ import annotations

import functools
import hashlib
import re

from magwidget.errors import MagwidgetError

IGNORED = re.compile(r'<style data-premailer="ignore">(.*?)</style>', re.S)
LEFTOVER = re.compile(r"<head>\s*<style>(.*?)\s*</style>", re.S)  # css-inline puts it first


def transform(html: str) -> str:
    """Return ``html`` with its CSS inlined, ignored blocks kept and leftover rules in place."""
    leftover_mark = _mark("leftover", html)
    kept = IGNORED.findall(html)
    marks = [_mark(f"kept{i}", html) for i in range(len(kept))]
    blocks = iter(marks)
    html = IGNORED.sub(lambda _: next(blocks), html)
    html = html.replace("<style", leftover_mark + "<style", 1)
    out = _inliner().inline(html)
    found = LEFTOVER.search(out)
    if found:
        out = out[: found.start(1) - len("<style>")] + out[found.end() :]
    out = out.replace(leftover_mark, f"<style>{found.group(1)}</style>" if found else "", 1)
    for mark, block in zip(marks, kept, strict=True):
        out = out.replace(mark, f"<style>{block}</style>", 1)
    return out


def _mark(name: str, html: str) -> str:
    """Return a comment that cannot already be in ``html`` (it depends on html's own hash)."""
    return f"<!--mw-{name}-{hashlib.sha256(html.encode()).hexdigest()[:16]}-->"


@functools.cache
def _inliner():
    """Import css-inline and return an inliner set like premailer's: never fetch, keep @media."""
    try:
        import css_inline
    except ImportError:
        raise MagwidgetError(
            "the css-inline inliner is not installed: pip install 'magwidget[fast]'"
        ) from None
    return css_inline.CSSInliner(
        keep_at_rules=True,
        load_remote_stylesheets=False,  # never fetch a <link>ed stylesheet: builds stay hermetic
        apply_width_attributes=True,  # Outlook reads width="" on tables, not CSS
    )
