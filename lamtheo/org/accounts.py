"""Accounts for the people of a unit: provisioning in bulk, and activation slips.

Lives in org because it needs both people (org) and users (accounts); accounts stays below.

Provisioning makes one user per current person of the subtree who has none, with an unusable
password (no hashing: 100,000 accounts in seconds), and links it to the person. The person
activates it with a one-time code (lamtheo.accounts.activation): by the link in an email when
their record has an email address, otherwise from a printed slip the secretary hands out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import connection, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.activation import expiry, issue_codes, unusable_password
from lamtheo.accounts.scoping import require
from lamtheo.core import text
from lamtheo.org.models import Person, Unit

# Rows per UPDATE … FROM (VALUES …) when linking people to their new accounts.
LINK_BATCH = 2000
FALLBACK_NAME = "dangvien"


@dataclass(frozen=True)
class Provisioned:
    created: int
    had: int
    skipped: int
    emailed: int = 0


@dataclass(frozen=True)
class Slip:
    name: str
    unit: str
    username: str
    code: str
    link: str
    expires: str
    person_id: int | None = None


def username_base(family: str, middle: str, given: str) -> str:
    """The usual Vietnamese office login: given name then the initials of the others,
    unaccented ("Nguyễn Văn Quang" → "quangnv")."""
    initials = "".join(word[:1] for word in f"{family} {middle}".split())
    base = re.sub(r"[^a-z0-9]", "", text.fold(f"{given}{initials}"))
    return base or FALLBACK_NAME


def unique_usernames(bases: list[str], taken: set[str]) -> list[str]:
    """Each base, or base2, base3… when taken (by an account or an earlier base of the list)."""
    names, next_suffix = [], {}
    for base in bases:
        name, n = base, next_suffix.get(base, 2)
        while name in taken:
            name, n = f"{base}{n}", n + 1
        next_suffix[base] = n
        taken.add(name)
        names.append(name)
    return names


def account_counts(unit: Unit) -> dict:
    """Current people of the subtree with and without an account, those with an email among
    the latter, and those who left without one. One query."""
    return Person.objects.in_subtree(unit).aggregate(
        had=Count("pk", filter=Q(left_on__isnull=True, user__isnull=False)),
        to_create=Count("pk", filter=Q(left_on__isnull=True, user__isnull=True)),
        with_email=Count("pk", filter=Q(left_on__isnull=True, user__isnull=True) & ~Q(email="")),
        skipped=Count("pk", filter=Q(left_on__isnull=False, user__isnull=True)),
        pending=Count(
            "pk",
            filter=Q(left_on__isnull=True, user__is_active=True, user__password__startswith="!"),
        ),
    )


def _link(pairs: list[tuple[int, int]]) -> None:
    """person.user_id = user id for each (person id, user id), a few thousand per statement.
    (Not through the ORM: bulk_update writes a CASE per row, ten times slower here; the
    link is not a change of the person's record, so it leaves no history row.)"""
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), LINK_BATCH):
            chunk = pairs[start : start + LINK_BATCH]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            params = [value for pair in chunk for value in pair]
            cursor.execute(
                # VALUES names its columns column1, column2 in PostgreSQL and SQLite alike.
                "UPDATE org_person SET user_id = v.column2 "
                f"FROM (VALUES {values}) AS v WHERE org_person.id = v.column1",
                params,
            )


def provision_accounts(*, by, unit: Unit, email: bool = True) -> Provisioned:
    """Accounts for the current people of `unit`'s subtree who have none. `by` is the user
    acting (None: the provision_accounts command, run by whoever runs the server). Running it
    again creates none."""
    if by is not None:
        require(by, "account.provision", unit)
    User = get_user_model()
    with transaction.atomic():
        # Locked so that two runs over overlapping subtrees cannot both make an account for
        # the same person.
        rows = list(
            Person.objects.in_subtree(unit)
            .filter(left_on__isnull=True, user__isnull=True)
            .select_for_update(of=("self",))
            .order_by("pk")
            .values_list("pk", "family_name", "middle_name", "given_name", "email")
        )
        taken = {name.lower() for name in User._default_manager.values_list("username", flat=True)}
        names = unique_usernames([username_base(*row[1:4]) for row in rows], taken)
        now = timezone.now()
        users = User._default_manager.bulk_create(
            [
                User(username=name, password=unusable_password(), email=row[4], date_joined=now)
                for name, row in zip(names, rows, strict=True)
            ],
            batch_size=5000,
        )
        _link([(row[0], user.pk) for row, user in zip(rows, users, strict=True)])
        counts = account_counts(unit)
        emailed = [(user, row) for row, user in zip(rows, users, strict=True) if email and row[4]]
        codes = issue_codes([user.pk for user, _row in emailed], by=by) if emailed else {}
        if emailed:
            messages = [
                _activation_email(user, " ".join(p for p in row[1:4] if p), codes[user.pk])
                for user, row in emailed
            ]
            transaction.on_commit(lambda: mailers.default.send_messages(messages))
    return Provisioned(
        created=len(users),
        had=counts["had"] - len(users),
        skipped=counts["skipped"],
        emailed=len(emailed),
    )


def activation_link(username: str, code: str) -> str:
    query = urlencode({"u": username, "c": code})
    return f"{settings.SITE_URL.rstrip('/')}{reverse('activate')}?{query}"


def _activation_email(user, name: str, code: str) -> EmailMessage:
    context = {
        "name": name,
        "username": user.username,
        "code": code,
        "link": activation_link(user.username, code),
        "page": f"{settings.SITE_URL.rstrip('/')}{reverse('activate')}",
        "expires": f"{timezone.localtime(expiry()):%d/%m/%Y}",
    }
    subject = render_to_string("accounts/email/activation_subject.txt", context).strip()
    body = render_to_string("accounts/email/activation.txt", context)
    return EmailMessage(subject, body, to=[user.email])


def _slips(people, by) -> list[Slip]:
    codes = issue_codes([p.user_id for p in people], by=by)
    until = f"{timezone.localtime(expiry()):%d/%m/%Y}"
    return [
        Slip(
            name=p.full_name,
            unit=p.unit.name,
            username=p.user.username,
            code=codes[p.user_id],
            link=activation_link(p.user.username, codes[p.user_id]),
            expires=until,
            person_id=p.pk,
        )
        for p in people
    ]


def issue_unit_slips(*, by, unit: Unit) -> list[Slip]:
    """New codes for the people directly in `unit` whose accounts are not activated yet, in
    the unit's order of names; any earlier code of theirs stops working."""
    require(by, "account.provision", unit)
    with transaction.atomic():
        people = list(
            Person.objects.filter(
                unit=unit,
                left_on__isnull=True,
                user__is_active=True,
                user__password__startswith="!",
            )
            .select_related("user", "unit")
            .order_by("sort_key", "pk")
        )
        if not people:
            raise ValidationError(_("Nobody in this unit is waiting to activate an account."))
        return _slips(people, by)


def issue_person_slip(*, by, person: Person) -> Slip:
    """A new activation slip for one person (who lost theirs, or forgot their password): the
    code lets them set a new password; the old one works until then."""
    require(by, "account.provision", person.unit)
    if person.left_on is not None:
        raise ValidationError(_("This person has left: their account is closed."))
    if person.user is None:
        raise ValidationError(
            _("This person has no account yet: give the unit's people accounts first.")
        )
    if not person.user.is_active:
        raise ValidationError(_("This account is deactivated."))
    with transaction.atomic():
        return _slips([person], by)[0]
