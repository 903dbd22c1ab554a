"""The SMTP adapter against a local aiosmtpd server."""

from __future__ import annotations

import pytest

from creneau.adapters.mail.smtp import SmtpMailer
from creneau.domain.errors import InputError
from creneau.services.ports import MailServer, OutgoingMail
from tests.mail_server import free_port, local_smtp

MAIL = OutgoingMail(
    sender="assistante@example.org",
    recipients=("assistante@example.org", "copie@example.org"),
    subject="Créneau : votre journée du lundi 30 novembre",
    body="Aujourd'hui, lundi 30 novembre 2026\n  09:30–10:00  Menuiserie Cholet Bois\n",
)


def test_one_message_arrives_with_its_subject_body_and_envelope() -> None:
    with local_smtp() as inbox:
        SmtpMailer().send(MailServer(inbox.host, inbox.port, starttls=False), MAIL)
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["Subject"] == MAIL.subject
    assert message["From"] == MAIL.sender
    assert message.get_content().replace("\r\n", "\n") == MAIL.body
    assert inbox.envelopes == [(MAIL.sender, list(MAIL.recipients))]


def test_an_unreachable_server_names_smtp_host() -> None:
    with pytest.raises(InputError) as caught:
        SmtpMailer().send(MailServer("127.0.0.1", free_port(), starttls=False), MAIL)
    assert caught.value.field == "smtp.host"


def test_a_server_without_starttls_is_refused_when_starttls_is_asked() -> None:
    with local_smtp() as inbox, pytest.raises(InputError) as caught:
        SmtpMailer().send(MailServer(inbox.host, inbox.port, starttls=True), MAIL)
    assert caught.value.field == "smtp.starttls"
    assert inbox.messages == []
