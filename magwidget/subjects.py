"""Each issue's subject: the section's own, or the subject pattern filled in, and the check that
the assembled subject is as clean as each field it is made of. Imports neither Jinja nor a renderer,
so ``validate`` can run the check.
"""

from __future__ import annotations

from magwidget import fields, i18n
from magwidget.errors import Problem
from magwidget.model import Article, Section
from magwidget.settings import NewsletterConfig, Settings


def subject_problems(config: Settings, articles: list[Article]) -> list[Problem]:
    """Return a problem for each assembled subject that a field check alone would refuse."""
    problems = []
    for article in articles:
        messages = i18n.Messages(article.language, config.strings)
        for i, section in enumerate(article.sections):
            text = subject(article, messages, config.newsletter, i + 1, section)
            if message := fields.text_problem(text) or fields.merge_tag_problem(text):
                where = f"the subject {text!r} (newsletter.subject with this section)"
                problem = Problem(article.source, f"{where}: {message}", path=f"sections[{i}]")
                problems.append(problem)
    return problems


def subject(
    article: Article,
    messages: i18n.Messages,
    settings: NewsletterConfig,
    number: int,
    section: Section,
) -> str:
    """Return one issue's subject: the section's own, or the pattern filled in."""
    if section.subject:
        return section.subject
    values = {"title": article.title, "short_title": article.short_title, "number": number}
    values["total"] = len(article.sections)
    pattern = settings.subject or messages.gettext("subject")
    return pattern.format(**values, section=section.title)
