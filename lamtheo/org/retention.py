"""Retention: people who left the organisation more than `PERSONAL_DATA_RETENTION_YEARS` ago
are anonymised (Nghị định 13/2023/NĐ-CP, art. 16; Luật 91/2025/QH15: data kept no longer than
the purpose needs). The number of years is a setting, not a rule from a source: the project
found no text fixing how long a Party organisation keeps the records of people who left, so
the default (10 years) is a guess to be set by each deployment.

What goes: name, personal code, birth date, card number, job title, phone, email, the same
fields in the record's change history, the gallery consent, and the account's identity (it is
deactivated, renamed "anon-<id>", its roles, codes, calendar feed and second factors removed).
What stays, so that the figures of past years do not change: the row itself and its id (the
access log's rows keep pointing at it: an opaque reference), unit, dates of joining, of being
made official, of arriving and leaving, status, gender, past units, offices held,
registrations, attendance and everything counted. Features above org scrub what they keep of
the person (delivery addresses, search keys) on the `person_anonymised` signal.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.dispatch import Signal
from django.utils import timezone

from lamtheo.accounts.models import ActivationCode, FeedToken, Grant
from lamtheo.org.models import GalleryConsent, Person

# Sent after people were anonymised, inside the transaction: person_ids, user_ids.
person_anonymised = Signal()

PLACEHOLDER = "Người đã ra khỏi tổ chức #"


def years() -> int:
    return int(getattr(settings, "PERSONAL_DATA_RETENTION_YEARS", 10))


def cutoff(today: dt.date | None = None, n: int | None = None) -> dt.date:
    """People who left before this day are due."""
    today = today or timezone.localdate()
    n = years() if n is None else n
    try:
        return today.replace(year=today.year - n)
    except ValueError:  # 29 February
        return today.replace(year=today.year - n, day=28)


def due(today: dt.date | None = None, n: int | None = None):
    return Person.objects.filter(left_on__lt=cutoff(today, n), anonymised_on__isnull=True).order_by(
        "pk"
    )


def _scrubbed() -> dict:
    name = Concat(Value(PLACEHOLDER), Cast("id", CharField()))
    return {
        "full_name": name,
        "family_name": "",
        "middle_name": "",
        "given_name": name,
        "code": "",
        "birth_date": None,
        "party_card_number": "",
        "job_title": "",
        "phone": "",
        "email": "",
    }


def anonymise(person_ids: list[int], today: dt.date | None = None) -> int:
    """Anonymise these people (all of them, without asking whether they are due: `due` says
    who is). Returns how many. A few statements whatever the number."""
    today = today or timezone.localdate()
    if not person_ids:
        return 0
    with transaction.atomic():
        people = Person.objects.filter(pk__in=person_ids)
        user_ids = [u for u in people.values_list("user_id", flat=True) if u is not None]
        fields = _scrubbed()
        # The sort key keeps such rows together at the end of any list.
        count = people.update(**fields, search_key="", sort_key="~", anonymised_on=today)
        Person.history.filter(id__in=person_ids).update(**fields)
        GalleryConsent.objects.filter(person_id__in=person_ids).delete()
        if user_ids:
            get_user_model()._default_manager.filter(pk__in=user_ids).update(
                is_active=False,
                username=Concat(Value("anon-"), Cast("id", CharField())),
                email="",
                first_name="",
                last_name="",
                password="!",
            )
            Grant.objects.filter(user_id__in=user_ids).delete()
            ActivationCode.objects.filter(user_id__in=user_ids).delete()
            FeedToken.objects.filter(user_id__in=user_ids).delete()
            _remove_second_factors(user_ids)
        person_anonymised.send(sender=Person, person_ids=list(person_ids), user_ids=user_ids)
    return count


def _remove_second_factors(user_ids: list[int]) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user_id__in=user_ids).delete()
    StaticDevice.objects.filter(user_id__in=user_ids).delete()
