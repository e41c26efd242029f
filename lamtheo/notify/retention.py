"""When people are anonymised (org.retention), the addresses their messages went to and their
Zalo id go too; what was sent, and when, stays for the counts."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lamtheo.notify.models import Delivery, Preference
from lamtheo.org.retention import clear_text


def scrub(names: dict[int, str], *, apply: bool) -> list[tuple[str, int]]:
    ids = list(names)
    return [
        (
            _("addresses messages went to"),
            clear_text(Delivery.objects.filter(person_id__in=ids), ["address"], apply=apply),
        ),
        (
            _("Zalo ids"),
            clear_text(Preference.objects.filter(person_id__in=ids), ["zalo_user_id"], apply=apply),
        ),
    ]
