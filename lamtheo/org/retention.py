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
registrations, attendance and everything counted.

Features above org scrub what they keep of the person — free text written by or about them
(registration contents and comments, excuse reasons, self-study notes, self-reviews, reports of
achievements), their name in the stories about them, photos of them, delivery addresses, search
keys — each through a function listed in the setting PERSONAL_DATA_RETENTION (org cannot import
them): `scrub(names, *, apply)`, where `names` maps the people's ids to their names before
anonymising; it returns what it found, [(label, rows)], and changes something only with `apply`.
Free text is emptied (or set to REMOVED where the field may not be empty), never deleted with
its row: what is counted stays.

The uploaded import spreadsheets (org.ImportJob), which hold every column of the people they
imported, lose their file `IMPORT_FILE_RETENTION_DAYS` after the upload (the job's counts and
messages stay). That, too, is a setting, not a rule from a source.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.module_loading import import_string

from lamtheo.accounts.models import ActivationCode, FeedToken, Grant
from lamtheo.org.models import GalleryConsent, ImportJob, Person

PLACEHOLDER = "Người đã ra khỏi tổ chức #"
# What a required free-text field holds once its text is gone; where a name was in a story,
# the name's place holds NAME_REMOVED.
REMOVED = "[Đã xoá theo thời hạn lưu trữ dữ liệu cá nhân]"
NAME_REMOVED = "[người đã ra khỏi tổ chức]"


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


def import_file_days() -> int:
    return int(getattr(settings, "IMPORT_FILE_RETENTION_DAYS", 365))


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


def sources() -> list:
    """Each feature's scrub function, in the order of PERSONAL_DATA_RETENTION."""
    return [import_string(path) for path in getattr(settings, "PERSONAL_DATA_RETENTION", [])]


def names_of(person_ids) -> dict[int, str]:
    return dict(Person.objects.filter(pk__in=person_ids).values_list("pk", "full_name"))


def features(names: dict[int, str], *, apply: bool = False) -> list[tuple[str, int]]:
    """What the features keep of these people (`names`: id → name before anonymising) that
    anonymising scrubs: [(label, rows)], the labels of nothing found left out. Changes nothing
    unless `apply` (then inside the caller's transaction)."""
    if not names:
        return []
    found = []
    for scrub in sources():
        found.extend((label, n) for label, n in scrub(names, apply=apply) if n)
    return found


def clear_text(queryset, fields, *, apply: bool, required=()) -> int:
    """Empty `fields` of the rows of `queryset` (REMOVED in the `required` ones, which may not
    be empty). Returns how many rows held some text; with `apply`, one UPDATE."""
    held = Q()
    for name in fields:
        held |= ~Q(**{name: ""}) & ~Q(**{name: REMOVED})
    rows = queryset.filter(held)
    count = rows.count()
    if apply and count:
        rows.update(**{name: REMOVED if name in required else "" for name in fields})
    return count


def without_names(text: str, names) -> str:
    """`text` with each of `names` (full names) replaced by NAME_REMOVED."""
    for name in names:
        if name and not name.startswith(PLACEHOLDER):
            text = text.replace(name, NAME_REMOVED)
    return text


def old_import_files(now: dt.datetime | None = None, days: int | None = None):
    """The import jobs whose uploaded spreadsheet is due to go."""
    now = now or timezone.now()
    days = import_file_days() if days is None else days
    return ImportJob.objects.filter(created_at__lt=now - dt.timedelta(days=days)).exclude(file="")


def remove_import_files(jobs) -> int:
    """Delete the files of these import jobs (once the transaction commits); the jobs stay,
    with their counts and messages."""
    jobs = list(jobs.only("pk", "file"))
    if not jobs:
        return 0
    files = [job.file for job in jobs]
    with transaction.atomic():
        ImportJob.objects.filter(pk__in=[job.pk for job in jobs]).update(file="")
        transaction.on_commit(lambda: [f.storage.delete(f.name) for f in files])
    return len(jobs)


def anonymise(person_ids: list[int], today: dt.date | None = None) -> int:
    """Anonymise these people (all of them, without asking whether they are due: `due` says
    who is), and have each feature scrub what it keeps of them. Returns how many. A few
    statements per feature whatever the number."""
    today = today or timezone.localdate()
    if not person_ids:
        return 0
    with transaction.atomic():
        # Taken before they go: the features look for the names in what they keep.
        names = names_of(person_ids)
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
        features(names, apply=True)
    return count


def _remove_second_factors(user_ids: list[int]) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user_id__in=user_ids).delete()
    StaticDevice.objects.filter(user_id__in=user_ids).delete()
