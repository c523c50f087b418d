"""The command-line flags of a build and their defaults, before any file is read.

Owns their names and values when not given: load_settings merges them into the settings file's
values, and the no-op check hashes them without reading YAML. Imports nothing of magwidget.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# Each flag with its value when not given.
FLAGS: Mapping[str, object] = MappingProxyType(
    {
        "templates": None,  # the folder of template overrides
        "esp": None,  # the email service; None: newsletter.esp
        "start": None,  # send date of issue 1 in series.json
        "every": 7,  # days between issues
        "base_url": None,  # where dist/ is published; None: widget.base_url
        "inliner": None,  # the CSS inliner; None: newsletter.inliner
        "cache": True,  # reuse inlined issues and skip a build whose inputs did not change
        "jobs": None,  # worker processes; None: both cores above parallel.PARALLEL_FROM articles
    }
)


def complete(**given: object) -> dict[str, object]:
    """Return every flag: the given ones (None: not given) over their defaults."""
    if unknown := sorted(given.keys() - FLAGS.keys()):
        raise TypeError(f"unknown flag {unknown[0]!r} (known: {', '.join(FLAGS)})")
    return {**FLAGS, **{key: value for key, value in given.items() if value is not None}}
