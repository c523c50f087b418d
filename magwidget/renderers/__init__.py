"""Renderers: each turns one Article and the settings into {relative path: bytes}.

Signature: ``render(article, env, settings) -> dict[str, bytes]``. None touches the disk.
``gallery`` is the exception: it runs once per build, over every article's rendered files.
"""

from magwidget.renderers import newsletter, page, widget

RENDERERS = (page.render, newsletter.render, widget.render)
