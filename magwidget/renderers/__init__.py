"""Renderers: each turns one Article and the settings into {relative path: bytes}.

Each module in RENDERERS has ``render(article, env, settings) -> dict[str, bytes]``; none touches
the disk. The newsletter's lives in magwidget/newsletter/render.py. ``gallery`` is the
exception: it runs once per build, over every article's rendered files.
"""

from magwidget.newsletter import render as newsletter
from magwidget.renderers import page, widget

# Modules, not their functions: newsletter/render.py imports renderers.shared, so this package
# may be initialised while that module is still half-imported.
RENDERERS = (page, newsletter, widget)
