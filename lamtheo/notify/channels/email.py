"""Email through Django's default mailer (SMTP from the environment)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from lamtheo.notify.channels import Outcome


def send(delivery, message, person) -> Outcome:
    if not person.email:
        return Outcome.failed("no email address")
    text = message.body
    if message.link:
        text += f"\n\n{message.link}"
    text += f"\n\n--\n{settings.SITE_URL.rstrip('/')}/notify/inbox/{message.pk}/"
    email = EmailMessage(
        subject=message.title,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
        # The same id on every attempt, so a receiving system can tell a repeat.
        headers={"Message-ID": f"<notify-{delivery.pk}@{settings.NOTIFY_MAIL_DOMAIN}>"},
    )
    for attachment in message.attachments.all():
        with attachment.file.open("rb") as handle:
            email.attach(attachment.name, handle.read(), attachment.content_type)
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        return Outcome.failed(f"refused: {exc.recipients}", address=person.email)
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        return Outcome.retry(f"{type(exc).__name__}: {exc}", address=person.email)
    return Outcome.sent(address=person.email)
