"""The last line of defence (headers.py) and the links that reach headers: every .eml is parsed
back and must carry exactly the headers that were set, one From mailbox, and plain-ASCII
List-Unsubscribe. These call mime.message directly, past validation, as a bug upstream would."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest

from magwidget import headers, mime
from magwidget.errors import MagwidgetError
from magwidget.links import iri_to_uri, utm

SENDER = ("Magwidget Journal", "news@journal.magwidget.dev")
UNSUBSCRIBE = "https://journal.magwidget.dev/unsubscribe"


def build(subject="Hello", sender=SENDER, unsubscribe=UNSUBSCRIBE) -> bytes:
    """Return one message built by the real mime.message."""
    return mime.message(subject, sender, "text\n", "<p>html</p>\n", unsubscribe)


def parse(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)


def test_a_plain_message_parses_back_to_exactly_its_headers():
    msg = parse(build(subject="Grüße: a “quoted” subject, with commas"))
    assert msg.keys() == [
        "Subject",
        "From",
        "Message-ID",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "MIME-Version",
        "Content-Type",
    ]
    assert msg["Subject"] == "Grüße: a “quoted” subject, with commas"


@pytest.mark.parametrize(
    ("subject", "words"),
    [
        ("=?utf-8?q?News=0D=0AReply-To:_attacker@evil.example?=", "Reply-To"),
        ("Hi =?utf-8?q?=0D=0A=0D=0AFake_body?=", "headers"),
        ("Hello =?utf-8?q?=25recipient.email=25?=", "%recipient.email%"),
    ],
)
def test_an_encoded_word_in_the_subject_stays_text_and_adds_no_header(subject, words):
    """The folder encodes the subject whole, so an encoded word in it is shown, never decoded
    into header lines: the message keeps exactly its own headers and body."""
    data = build(subject=subject)
    msg = parse(data)
    assert msg.keys() == parse(build()).keys()
    assert msg["Subject"] == subject
    others = "\n".join(f"{k}: {v}" for k, v in msg.items() if k != "Subject")
    assert words not in others
    assert msg.get_body(("plain",)).get_content().strip() == "text"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"Subject: News\r\nReply-To: attacker@evil.example\r\n", "Reply-To"),
        (b"Subject: News\r\n\r\nFake body\r\n", "differ from the intended"),
        (b"Subject: News\r\nX-Note:\r\n", "X-Note"),
    ],
)
def test_a_header_block_that_differs_from_the_intended_one_is_a_build_error(raw, words):
    """The last line of defence itself: headers.checked refuses any block but the intended."""
    fields = [("Subject", "News"), ("From", "N <news@journal.magwidget.dev>")]
    data = raw + b"From: N <news@journal.magwidget.dev>\r\n\r\nbody\r\n"
    with pytest.raises(MagwidgetError, match="headers were altered") as caught:
        headers.checked(data, fields, [], "News", ("N", "news@journal.magwidget.dev"))
    assert words in str(caught.value)


def test_an_encoded_word_in_the_unsubscribe_link_is_a_build_error():
    link = "https://journal.magwidget.dev/u/=?utf-8?q?=0D=0ABcc:_v@e.org?="
    with pytest.raises(MagwidgetError, match="headers were altered"):
        build(unsubscribe=link)


@pytest.mark.parametrize(
    "name",
    ["Jörg <ceo@bank-example.org>, Journal", "Natürlich Magnesium, Inc.", 'A "quoted" name'],
)
def test_any_display_name_gives_exactly_one_from_mailbox(name):
    msg = parse(build(sender=(name, SENDER[1])))
    (mailbox,) = msg["From"].addresses
    assert (mailbox.display_name, mailbox.addr_spec) == (name, SENDER[1])


def test_list_unsubscribe_of_an_iri_is_percent_encoded_never_an_encoded_word():
    link = iri_to_uri("https://bücher.magwidget.dev/abmelden/ä?wer=jörg&" + "x" * 800)
    assert link.startswith("https://xn--bcher-kva.magwidget.dev/abmelden/%C3%A4?wer=j%C3%B6rg&")
    data = build(unsubscribe=link)
    header = next(line for line in data.split(b"\r\n") if line.startswith(b"List-Unsubscribe:"))
    assert header == f"List-Unsubscribe: <{link}>".encode()
    assert parse(data)["List-Unsubscribe"] == f"<{link}>"


def test_iri_to_uri_keeps_ascii_links_and_the_send_placeholders_as_written():
    link = "https://journal.magwidget.dev/u?t={token}&e={email}"
    assert iri_to_uri(link) == link


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.magwidget.dev/p?ref=abc;tag=x", "https://a.magwidget.dev/p?ref=abc;tag=x&"),
        ("https://a.magwidget.dev/p?flag", "https://a.magwidget.dev/p?flag&"),
        ("https://a.magwidget.dev/p?a=%2F+b", "https://a.magwidget.dev/p?a=%2F+b&"),
        ("https://a.magwidget.dev/p", "https://a.magwidget.dev/p?"),
    ],
)
def test_utm_appends_and_leaves_the_existing_query_as_written(url, expected):
    tagged = utm(url, "s", "m", "c")
    assert tagged == expected + "utm_source=s&utm_medium=m&utm_campaign=c"


def test_utm_keeps_the_fragment_last_and_replaces_only_its_own_keys():
    tagged = utm("https://a.magwidget.dev/p?utm_source=old&x=1#part", "s", "m", "c")
    assert tagged == "https://a.magwidget.dev/p?x=1&utm_source=s&utm_medium=m&utm_campaign=c#part"
