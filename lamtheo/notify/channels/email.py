"""Email through Django's default mailer (SMTP from the environment)."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lamtheo.notify.channels import Outcome
from lamtheo.notify.models import MessageKind


def send(delivery, message, person) -> Outcome:
    if not person.email:
        return Outcome.failed("no email address")
    site = settings.SITE_URL.rstrip("/")
    if message.kind == MessageKind.REMINDER:
        # Reminders speak to the person and say how to change how they are reminded.
        with translation.override(settings.LANGUAGE_CODE):
            text = render_to_string(
                "notify/email/reminder.txt",
                {
                    "message": message,
                    "person": person,
                    "inbox_url": f"{site}{reverse('inbox-message', args=[message.pk])}",
                    "preferences_url": f"{site}{reverse('notify-preferences')}",
                },
            )
    else:
        text = message.body
        if message.link:
            text += f"\n\n{message.link}"
        text += f"\n\n--\n{site}/notify/inbox/{message.pk}/"
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
