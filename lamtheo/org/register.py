"""The document register's services: the term a document falls in, issuing a number, and
cancelling a document (which keeps its number).

`issue()` is the only way a number is given. It locks the (term, type) counter row for the
rest of the caller's transaction, so concurrent issuers queue on that one row and get
consecutive numbers; if the caller's transaction fails later (the decision could not be
signed), the counter and the register line roll back together, so no number is skipped.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.scoping import Action, require
from lamtheo.org.models import Position, Unit
from lamtheo.org.register_models import (
    DocumentKind,
    DocumentStatus,
    RegisterCounter,
    RegisteredDocument,
    Term,
)


def default_symbol(unit: Unit) -> str:
    """The issuer abbreviation when none was recorded: the unit's code, in capitals. The
    office corrects it on the term ("ĐUK"); this is a default, not a rule (DOMAIN.md §4.1:
    issuer codes are abbreviations, their list is not sourced)."""
    return unit.code.upper()[:20]


def term_of(body: Unit, day: dt.date) -> Term:
    """The body's term on `day`. A recorded term wins (a new term of office records one:
    `open_term`); otherwise, for a unit whose term was never recorded, the term is inferred
    from the office holders current that day, and recorded so that it stays fixed
    afterwards."""
    recorded = (
        Term.objects.filter(unit=body, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("-starts_on")
        .first()
    )
    if recorded is not None:
        return recorded
    start = (
        Position.objects.filter(unit=body).current(day).aggregate(start=Min("started_on"))["start"]
    )
    if start is None:
        raise ValidationError(
            _(
                "%(unit)s has no term recorded on %(day)s and no office holders to infer one "
                "from: record the committee's term first."
            )
            % {"unit": body.name, "day": f"{day:%d/%m/%Y}"}
        )
    term, _made = Term.objects.get_or_create(
        unit=body, starts_on=start, defaults={"symbol": default_symbol(body)}
    )
    return term


@transaction.atomic
def record_term(
    *, by, unit: Unit, starts_on: dt.date, ends_on=None, name: str = "", symbol: str = ""
) -> Term:
    require(by, Action.DOCUMENT_REGISTER, unit)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError(_("A term cannot end before it starts."))
    # A new term closes the open one before it, the day before it starts.
    Term.objects.filter(unit=unit, ends_on__isnull=True, starts_on__lt=starts_on).update(
        ends_on=starts_on - dt.timedelta(days=1)
    )
    overlapping = Term.objects.filter(unit=unit).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    )
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exclude(starts_on=starts_on).exists():
        raise ValidationError(_("This term overlaps a term already recorded."))
    term, _made = Term.objects.update_or_create(
        unit=unit,
        starts_on=starts_on,
        defaults={
            "ends_on": ends_on,
            "name": name,
            "symbol": (symbol or default_symbol(unit)).strip(),
        },
    )
    return term


def open_term(unit: Unit, starts_on: dt.date) -> Term:
    """The register's side of a new term of office (`org.reorganise.new_term`, in its
    transaction): the open term closes the day before and the new one opens, so the unit's
    numbers run from 01 again from that day. The abbreviation carries over from the term
    before (the office corrects it on the register page); a term already recorded for that
    day is kept as it is."""
    before = Term.objects.filter(unit=unit, starts_on__lt=starts_on).order_by("-starts_on").first()
    Term.objects.filter(unit=unit, ends_on__isnull=True, starts_on__lt=starts_on).update(
        ends_on=starts_on - dt.timedelta(days=1)
    )
    term, _made = Term.objects.get_or_create(
        unit=unit,
        starts_on=starts_on,
        defaults={"symbol": before.symbol if before else default_symbol(unit)},
    )
    return term


def close_term_undone(unit: Unit, starts_on: dt.date) -> None:
    """A new term undone before it starts: its register term goes (refused if a number was
    already given in it) and the term before runs on."""
    term = Term.objects.filter(unit=unit, starts_on=starts_on).first()
    if term is None:
        return
    if RegisteredDocument.objects.filter(term=term).exists():
        raise ValidationError(
            _("Documents are already numbered in this term: it cannot be undone.")
        )
    RegisterCounter.objects.filter(term=term).delete()
    term.delete()
    Term.objects.filter(unit=unit, ends_on=starts_on - dt.timedelta(days=1)).update(ends_on=None)


def _locked_counter(term: Term, kind: str) -> RegisterCounter:
    """The (term, type) counter, locked. The first issuer of a type creates it; one that
    loses that race finds the winner's row and waits on its lock."""
    counter = RegisterCounter.objects.select_for_update().filter(term=term, kind=kind).first()
    if counter is not None:
        return counter
    try:
        with transaction.atomic():
            RegisterCounter.objects.create(term=term, kind=kind)
    except IntegrityError:
        pass
    return RegisterCounter.objects.select_for_update().get(term=term, kind=kind)


@transaction.atomic
def issue(
    *,
    by,
    body: Unit,
    kind: str,
    issued_on: dt.date,
    summary: str,
    signer_name: str = "",
    signer_title: str = "",
) -> RegisteredDocument:
    """Give the next number of `kind` in the body's term on `issued_on`, and record it."""
    require(by, Action.DOCUMENT_REGISTER, body)
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown document type."))
    summary = " ".join((summary or "").split())
    if not summary:
        raise ValidationError(_("Write what the document is about (trích yếu)."))
    term = term_of(body, issued_on)
    counter = _locked_counter(term, kind)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    number = counter.last_number
    return RegisteredDocument.objects.create(
        term=term,
        body=body,
        kind=kind,
        number=number,
        # Numbers 1–9 are written with a zero ("Số 09-KH/ĐU", DOMAIN.md §4.1).
        symbol=f"{number:02d}-{kind}/{term.symbol}",
        issued_on=issued_on,
        summary=summary[:500],
        signer_name=signer_name,
        signer_title=signer_title,
        issued_by=by,
    )


@transaction.atomic
def cancel(*, by, document: RegisteredDocument, reason: str, on=None) -> RegisteredDocument:
    """Mark a document cancelled; its number stays taken (never reused)."""
    document = RegisteredDocument.objects.select_for_update().get(pk=document.pk)
    require(by, Action.DOCUMENT_REGISTER, document.body)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Give the reason for cancelling."))
    if document.status == DocumentStatus.CANCELLED:
        raise ValidationError(_("This document is already cancelled."))
    document.status = DocumentStatus.CANCELLED
    document.cancelled_on = on or timezone.localdate()
    document.cancel_reason = reason[:500]
    document.save(update_fields=["status", "cancelled_on", "cancel_reason"])
    return document


def entries(body: Unit, term: Term | None, kind: str = ""):
    """The register of one body, one term, optionally one type: one query."""
    rows = RegisteredDocument.objects.filter(body=body).select_related("term")
    if term is not None:
        rows = rows.filter(term=term)
    if kind:
        rows = rows.filter(kind=kind)
    return rows.order_by("term__starts_on", "kind", "number")
