"""The SMTP side of ``magwidget send``: settings (flags, then environment, then config),
the connection (STARTTLS, SSL or plain) and one delivery with its 4xx retries.

Owns nothing of messages or the journal. The password comes only from the environment or an
interactive prompt, never from a flag or a file.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import time
from dataclasses import dataclass

import click

from magwidget.errors import MagwidgetError
from magwidget.settings import SmtpConfig

PASSWORD_ENV = "MAGWIDGET_SMTP_PASSWORD"


@dataclass(frozen=True)
class Server:
    """Where and how to submit: resolved once, before the first message."""

    host: str
    port: int
    security: str
    user: str | None
    password: str | None
    retries: int
    backoff: float

    @property
    def name(self) -> str:
        """Return host:port for messages."""
        return f"{self.host}:{self.port}"


def resolve(flags: dict, config: SmtpConfig) -> Server:
    """Return the server from flags, then MAGWIDGET_SMTP_* variables, then the smtp: settings."""

    def pick(key: str, default=None):
        return flags.get(key) or os.environ.get(f"MAGWIDGET_SMTP_{key.upper()}") or default

    host = pick("host", config.host)
    if not host:
        raise MagwidgetError("no SMTP server: give --smtp-host, MAGWIDGET_SMTP_HOST or smtp.host")
    security = pick("security", config.security)
    port = pick("port", config.port) or (465 if security == "ssl" else 587)
    if not str(port).isdigit() or not 0 < int(port) < 65536:
        raise MagwidgetError(f"SMTP port {port!r} is not a port number (MAGWIDGET_SMTP_PORT?)")
    security = security or ("ssl" if int(port) == 465 else "starttls")
    user = pick("user", config.user)
    if user and security == "none" and host not in ("127.0.0.1", "::1", "localhost"):
        raise MagwidgetError(f"refusing to send the password for {user!r} to {host} without TLS")
    password = os.environ.get(PASSWORD_ENV) if user else None
    if user and password is None:
        password = click.prompt(f"SMTP password for {user}", hide_input=True, err=True)
    return Server(host, int(port), security, user, password, config.retries, config.backoff_seconds)


def connect(server: Server) -> smtplib.SMTP:
    """Open, secure and log in to the server; raise one clear error when that fails."""
    context = ssl.create_default_context()  # honours SSL_CERT_FILE for a private CA
    try:
        if server.security == "ssl":
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=30, context=context)
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=30)
            if server.security == "starttls":
                client.starttls(context=context)
        if server.user:
            client.login(server.user, server.password or "")
    except smtplib.SMTPAuthenticationError as exc:
        reply = exc.smtp_error.decode(errors="replace")
        raise MagwidgetError(
            f"{server.name} refused the login of {server.user!r} ({exc.smtp_code} {reply}):"
            f" check {PASSWORD_ENV}; nothing was sent"
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise MagwidgetError(f"cannot connect to {server.name}: {exc}; nothing was sent") from None
    return client


def deliver(client, server: Server, sender: str, to: str, raw: bytes) -> tuple[str, str]:
    """Submit one message; retry 4xx replies with backoff; return (status, server reply).

    A dropped connection raises SMTPServerDisconnected: the caller stops and records nothing.
    """
    for attempt in range(server.retries + 1):
        code, reply = _submit(client, sender, to, raw)
        if code < 400:
            return "sent", f"{code} {reply}"
        if code >= 500 or attempt == server.retries:
            break
        time.sleep(server.backoff * 2**attempt)
    tries = f" (after {server.retries} retries)" if 400 <= code < 500 else ""
    return "failed", f"{code} {reply}{tries}"


def _submit(client, sender: str, to: str, raw: bytes) -> tuple[int, str]:
    """Return the server's (code, text) for one transaction."""
    try:
        client.sendmail(sender, [to], raw)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = exc.recipients[to]
        return code, text.decode(errors="replace")
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
        return exc.smtp_code, exc.smtp_error.decode(errors="replace")
    return 250, "accepted"
