"""When people are anonymised (org.retention): the reports of achievements written for their
nominations go. The nominations, votes, decisions and commendations stay (the register and the
rounds' figures count them); a certificate's verification page names the person as the record
now does."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lamtheo.awards.models import Nomination
from lamtheo.org.retention import clear_text


def scrub(names: dict[int, str], *, apply: bool) -> list[tuple[str, int]]:
    nominations = Nomination.objects.filter(person_id__in=list(names))
    return [
        (
            _("reports of achievements"),
            clear_text(nominations, ["achievement"], apply=apply, required=["achievement"]),
        ),
    ]
