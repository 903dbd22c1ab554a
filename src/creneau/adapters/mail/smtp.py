"""Send e-mail over SMTP with the standard library (implements the ``Mailer`` port).

The message is built with :class:`email.message.EmailMessage` (RFC 5322, UTF-8 text)
and sent with :mod:`smtplib`: STARTTLS (RFC 3207) when asked, TLS from the start on
port 465 (RFC 8314), then AUTH when a login is set.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from creneau.domain.errors import InputError
from creneau.services.ports import MailServer, OutgoingMail

TIMEOUT_SECONDS = 30.0
"""How long to wait for the server at each step."""

IMPLICIT_TLS_PORT = 465
"""The submission port with TLS from the start (RFC 8314)."""


def build_message(mail: OutgoingMail) -> EmailMessage:
    """The RFC 5322 message for ``mail`` (plain UTF-8 text, with Date and Message-ID)."""
    message = EmailMessage()
    message["From"] = mail.sender
    message["To"] = ", ".join(mail.recipients)
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=True)
    domain = mail.sender.rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(mail.body)
    return message


class SmtpMailer:
    """Sends each message in its own SMTP session."""

    def send(self, server: MailServer, mail: OutgoingMail) -> None:
        """Send one message through ``server``.

        Args:
            server: host, port, login and whether to use STARTTLS.
            mail: sender, recipients, subject and text.

        Raises:
            InputError: the server cannot be reached (field ``smtp.host``), refuses the
                login (``smtp.user``), STARTTLS (``smtp.starttls``) or a recipient
                (``smtp.to``).
        """
        message = build_message(mail)
        context = ssl.create_default_context()
        where = f"{server.host}:{server.port}"
        try:
            if server.port == IMPLICIT_TLS_PORT:
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    server.host, server.port, timeout=TIMEOUT_SECONDS, context=context
                )
            else:
                client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_SECONDS)
        except (OSError, smtplib.SMTPException) as exc:
            raise InputError(
                f"cannot reach the mail server {where}: {exc}", field="smtp.host"
            ) from exc
        with client:
            try:
                if server.starttls and server.port != IMPLICIT_TLS_PORT:
                    client.starttls(context=context)
            except (OSError, smtplib.SMTPException) as exc:
                raise InputError(
                    f"the mail server {where} refused STARTTLS: {exc} "
                    "(set smtp.starttls to false only for a server on your own machine)",
                    field="smtp.starttls",
                ) from exc
            try:
                if server.user:
                    client.login(server.user, server.password)
            except (OSError, smtplib.SMTPException) as exc:
                raise InputError(
                    f"the mail server {where} refused the login: {exc}", field="smtp.user"
                ) from exc
            try:
                client.send_message(message, from_addr=mail.sender, to_addrs=list(mail.recipients))
            except smtplib.SMTPRecipientsRefused as exc:
                refused = ", ".join(sorted(exc.recipients))
                raise InputError(
                    f"the mail server refused the recipients {refused}", field="smtp.to"
                ) from exc
            except (OSError, smtplib.SMTPException) as exc:
                raise InputError(
                    f"the mail server {where} did not take the message: {exc}", field="smtp.from"
                ) from exc
