"""Generated cases (hypothesis) for the field classes of issue 7: any string in any text or link
field, content or settings, is either refused by validation with the project's own error, or it
builds and stays inert: every .eml parses back to the intended headers (one From mailbox, no
injected header, the subject as assembled) and no template syntax survives but the configured
tags. And `validate` never passes what `build` then refuses."""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from magwidget import build
from magwidget.errors import ContentError
from magwidget.esp import ESPS, TAGS
from magwidget.links import iri_to_uri

# Pieces of every attack class: encoded words, line breaks, surrogates, merge-tag halves,
# address punctuation, bidi, stand-in prefixes; glued to short random text.
FRAGMENTS = [
    "=?utf-8?q?",
    "=?UTF-8?B?",
    "?=",
    "=0D=0A",
    "\r\n",
    "\n",
    "\x85",
    "\x0b",
    "\x0c",
    "\u2028",
    "\u2029",
    "\ud800",
    "{{",
    "}}",
    "{%",
    "{#",
    "#}",
    "*|",
    "|*",
    "%",
    "recipient.email",
    "<%",
    "<",
    ">",
    "@",
    ",",
    '"',
    "Bcc: v@e.org",
    "mwtag",
    "mwlink",
    " ",
    "é",
    "\u202e",
    "שלום",
    "😀",
    "{token}",
]
# Whole attacks, so that a few dozen examples reach each class and not only its fragments.
ATTACKS = [
    "=?utf-8?q?News=0D=0AReply-To:_attacker@evil.example?=",
    "Hi =?utf-8?q?=0D=0A=0D=0AFake_body?=",
    "Hello =?utf-8?q?=25recipient.email=25?=",
    "x =?utf-8?b?DQpCY2M6IHZAZS5vcmc=?= y",
    "Jörg <ceo@bank-example.org>, Journal",
    "*|EMAIL|*/{{subscriber.email}}",
    "%recipient.email%",
    "text {# comment",
    "A\x85B",
]
PIECES = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4))
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))  # letters, RTL, emoji, marks
STRINGS = st.one_of(
    st.sampled_from(ATTACKS),
    st.text(PRINTABLE, min_size=1, max_size=20),
    st.lists(PIECES, min_size=1, max_size=8).map("".join),
    st.tuples(st.sampled_from(ATTACKS), PIECES).map("".join),
)
ARTICLE = {
    "title": "A Title",
    "url": "https://articles.magwidget.dev/a",
    "product": {"name": "A Product", "url": "https://shop.magwidget.dev/p", "cta": "See it"},
    "disclaimer": "For education only.",
    "sections": [
        {"id": "one", "title": "First", "blocks": [{"paragraph": "One paragraph."}]},
        {"id": "two", "title": "Second", "blocks": [{"paragraph": "Another."}]},
    ],
}
SETTINGS = {
    "newsletter": {
        "esp": "generic",
        "from_name": "Magwidget Journal",
        "from_address": "news@journal.magwidget.dev",
        "postal_address": "1 Test Street",
        "unsubscribe_url": "https://journal.magwidget.dev/u",
        "paid_link": True,
    }
}
# field -> how to set it in (article, settings); links keep an https prefix so they get checked
CONTENT_FIELDS = {
    "title": lambda a, s, v: a.update(title=v),
    "short_title": lambda a, s, v: a.update(short_title=v),
    "url": lambda a, s, v: a.update(url="https://articles.magwidget.dev/" + v),
    "product.url": lambda a, s, v: a["product"].update(url="https://shop.magwidget.dev/" + v),
    "product.cta": lambda a, s, v: a["product"].update(cta=v),
    "disclaimer": lambda a, s, v: a.update(disclaimer=v),
    "section.title": lambda a, s, v: a["sections"][0].update(title=v),
    "section.subject": lambda a, s, v: a["sections"][1].update(subject=v),
    "section.preheader": lambda a, s, v: a["sections"][0].update(preheader=v),
    "paragraph": lambda a, s, v: a["sections"][0]["blocks"][0].update(paragraph=v),
}
SETTINGS_FIELDS = {
    "from_name": lambda a, s, v: s["newsletter"].update(from_name=v),
    "from_address": lambda a, s, v: s["newsletter"].update(from_address=v),
    "unsubscribe_url": lambda a, s, v: s["newsletter"].update(
        unsubscribe_url="https://journal.magwidget.dev/" + v
    ),
    "subject": lambda a, s, v: s["newsletter"].update(subject=v + " {section}"),
    "disclosure": lambda a, s, v: s["newsletter"].update(disclosure=v),
    "postal_address": lambda a, s, v: s["newsletter"].update(postal_address=v),
    "widget.base_url": lambda a, s, v: s.update(
        widget={"base_url": "https://cdn.magwidget.dev/" + v}
    ),
    "widget.utm_source": lambda a, s, v: s.update(widget={"utm_source": v}),
}
HEADERS = {"Subject", "From", "To", "Date", "Message-ID", "MIME-Version", "Content-Type"}
HEADERS |= {"List-Unsubscribe", "List-Unsubscribe-Post", "Content-Language"}
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#|#\}|\*\||\|\*|<%|%(?![0-9A-Fa-f]{2})[A-Za-z_][\w.]*%")
EXAMPLES = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def attempt(tmp_path: Path, field: str, value: str, setters: dict, service="generic") -> None:
    """Put ``value`` in ``field``; assert it is refused by our error or builds inert."""
    article = yaml.safe_load(yaml.safe_dump(ARTICLE))
    config = yaml.safe_load(yaml.safe_dump(SETTINGS))
    config["newsletter"]["esp"] = service
    setters[field](article, config, value)
    paths = [tmp_path / "a.yaml"]
    paths[0].write_text(yaml.safe_dump(article, allow_unicode=False))
    settings = tmp_path / "magwidget.yaml"
    settings.write_text(yaml.safe_dump(config, allow_unicode=False))
    try:
        build.load_inputs(paths, settings)  # what `validate` runs
    except ContentError:
        event("refused by validation")
        return  # refused with the project's error: file, line and field
    event("built")
    files, _ = build.render_all(paths, settings)  # validate said OK: build must not fail
    sender = (config["newsletter"]["from_name"], config["newsletter"]["from_address"])
    for rel, data in files.items():
        if rel.endswith(".eml"):
            assert_inert_email(data, sender)
        if rel.endswith((".eml", ".html", ".txt", ".json")) and "/newsletter/" in rel:
            text = decoded(data) if rel.endswith(".eml") else data.decode()
            for tag in TAGS.get(service, (iri_to_uri(config["newsletter"]["unsubscribe_url"]),)):
                text = text.replace(tag or "", "")
            assert not TEMPLATE_SYNTAX.search(text), (rel, TEMPLATE_SYNTAX.search(text))


def decoded(data: bytes) -> str:
    """Return a message's headers and its parts' text as a service reads them (QP decoded)."""
    msg = BytesParser(policy=policy.default).parsebytes(data)
    parts = [part.get_content() for part in msg.walk() if not part.is_multipart()]
    return "\n".join([*(f"{k}: {v}" for k, v in msg.items()), *parts])


def assert_inert_email(data: bytes, sender: tuple[str, str]) -> None:
    """The headers are the intended set, each once, with exactly one From mailbox."""
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert all(head), head
    assert head[0][:1] not in b" \t", head  # folded lines continue a header
    starts = [line.split(b":", 1)[0].decode() for line in head if line[:1] not in b" \t"]
    assert set(starts) <= HEADERS, starts
    assert len(starts) == len(set(starts)), starts
    msg = BytesParser(policy=policy.default).parsebytes(data)
    names = msg.keys()
    assert set(names) <= HEADERS, names
    assert len(names) == len(set(names)), names
    (mailbox,) = msg["From"].addresses
    assert (mailbox.display_name, mailbox.addr_spec) == (sender[0].strip(), sender[1].strip())
    assert msg["Subject"].strip()
    for line in head:  # only the generic profile writes one
        assert not (line.startswith(b"List-Unsubscribe:") and re.search(rb"=\?.*\?=", line))


@EXAMPLES
@given(field=st.sampled_from(sorted(CONTENT_FIELDS)), value=STRINGS, service=st.sampled_from(ESPS))
def test_any_string_in_a_content_field_is_refused_or_inert(tmp_path, field, value, service):
    attempt(tmp_path, field, value, CONTENT_FIELDS, service)


@EXAMPLES
@given(field=st.sampled_from(sorted(SETTINGS_FIELDS)), value=STRINGS)
def test_any_string_in_a_settings_field_is_refused_or_inert(tmp_path, field, value):
    attempt(tmp_path, field, value, SETTINGS_FIELDS)


SECTION_IDS = st.one_of(
    st.sampled_from(["main", "toc", "toc-title", "intro", "intro-title", "a", "a-title-b"]),
    st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}(-title)?", fullmatch=True),
)


@EXAMPLES
@given(ids=st.lists(SECTION_IDS, min_size=1, max_size=5, unique=True), suffix=st.booleans())
def test_section_ids_are_refused_or_every_page_id_is_unique(tmp_path, ids, suffix):
    from html.parser import HTMLParser

    from magwidget.renderers import page
    from magwidget.templates import make_env

    article = yaml.safe_load(yaml.safe_dump(ARTICLE))
    ids = [*ids, f"{ids[-1]}-title"] if suffix else ids  # a heading id of another section
    block = {"paragraph": "Text."}  # copied per section: a shared one would dump as a YAML alias
    article["sections"] = [{"id": i, "title": i, "blocks": [dict(block)]} for i in ids]
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(article))
    (tmp_path / "magwidget.yaml").write_text(yaml.safe_dump(SETTINGS))
    try:
        settings, articles, _ = build.load_inputs([path], tmp_path / "magwidget.yaml")
    except ContentError:
        return
    html = page.render(articles[0], make_env(), settings)["a/index.html"].decode()
    found: list[str] = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: found.extend(v for k, v in attrs if k == "id")
    parser.feed(html)
    assert len(found) == len(set(found)), sorted(found)
    assert {"main", "toc-title"} <= set(found)  # the page's own ids are really there
