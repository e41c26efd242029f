"""When people are anonymised (org.retention): the reasons they gave to be excused and the
secretaries' comments on them, the reasons in the excuses' histories, and their notes on what
they studied on their own go. Their attendance, excuses (with the decision) and self-study
(document, date, minutes) stay: the participation rates count them. The minutes of a session
are built from these rows, so they show no more than what stays."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lamtheo.org.retention import clear_text
from lamtheo.study.models import Excuse, ExcuseEvent, SelfStudy


def scrub(names: dict[int, str], *, apply: bool) -> list[tuple[str, int]]:
    ids = list(names)
    excuses = Excuse.objects.filter(person_id__in=ids)
    return [
        (
            _("reasons for being excused"),
            clear_text(excuses, ["reason", "comment"], apply=apply, required=["reason"]),
        ),
        (
            _("reasons in excuses' histories"),
            clear_text(ExcuseEvent.objects.filter(excuse__in=excuses), ["reason"], apply=apply),
        ),
        (
            _("self-study notes"),
            clear_text(SelfStudy.objects.filter(person_id__in=ids), ["note"], apply=apply),
        ),
    ]
