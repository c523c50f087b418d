"""The widget's size against its 3 KB gzip budget over the plain-text floor (bench/widget.py)."""

from __future__ import annotations

import gzip

import pytest

from magwidget.validate import load_articles
from tests.conftest import SEED_YAML

WIDGET = "transdermal-magnesium/widget/widget.js"
BUDGET = 3 * 1024
# Where it stands now (3,295 B): no change may make it bigger while it is over the budget.
CEILING = 3295


def gz(data: bytes) -> int:
    """Return the gzip -9 size of ``data``, as bench/widget.py measures it."""
    return len(gzip.compress(data, 9, mtime=0))


@pytest.fixture(scope="module")
def overhead(built_dist) -> int:
    """Return gzip -9 of widget.js minus gzip -9 of the seed's plain text (the floor)."""
    article = load_articles([SEED_YAML])[0][0]
    return gz((built_dist / WIDGET).read_bytes()) - gz(article.plain_text().encode())


def test_widget_does_not_grow_past_its_current_size(overhead):
    assert overhead <= CEILING, f"{overhead:,} B over the floor, was {CEILING:,} B"


@pytest.mark.xfail(strict=True, reason="3,295 B over the floor: still 223 B above the budget")
def test_widget_fits_its_3_kb_gzip_budget(overhead):
    assert overhead <= BUDGET, f"{overhead:,} B over the floor, budget {BUDGET:,} B"
