"""The document register (issue 15 §1): numbers per (body, type, term of the committee),
consecutive, never reused or skipped; cancelled documents keep theirs; the page and the XLSX."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from openpyxl import load_workbook

from lamtheo.org import register
from lamtheo.org.register_models import RegisteredDocument, Term
from tests.factories import PersonFactory, PositionFactory

D = dt.date


@pytest.fixture
def terms(world):
    old = register.record_term(
        by=world.office,
        unit=world.committee,
        starts_on=D(2015, 10, 1),
        ends_on=D(2020, 9, 30),
        name="2015–2020",
        symbol="ĐUK",
    )
    new = register.record_term(
        by=world.office,
        unit=world.committee,
        starts_on=D(2020, 10, 1),
        name="2020–2025",
        symbol="ĐUK",
    )
    return old, new


def issue(world, day, kind="QĐ", by=None):
    return register.issue(
        by=by or world.office,
        body=world.committee,
        kind=kind,
        issued_on=day,
        summary="Về việc khen thưởng",
        signer_name="Nguyễn Văn A",
        signer_title="Bí thư",
    )


def test_numbers_run_per_type_within_a_term_not_per_year(world, terms):
    first = issue(world, D(2020, 12, 30))
    second = issue(world, D(2021, 1, 5))  # a new calendar year: the count goes on
    report = issue(world, D(2021, 1, 6), kind="BC")
    assert (first.number, second.number, report.number) == (1, 2, 1)
    assert second.symbol == "02-QĐ/ĐUK" and second.number_line == "Số 02-QĐ/ĐUK"
    old = issue(world, D(2019, 5, 1))  # recorded late, in the previous term
    assert old.term == terms[0] and old.number == 1
    assert issue(world, D(2021, 2, 1)).number == 3


def test_a_cancelled_document_keeps_its_number(world, terms):
    first = issue(world, D(2021, 3, 1))
    register.cancel(by=world.office, document=first, reason="Sai đối tượng")
    assert issue(world, D(2021, 3, 2)).number == 2
    first.refresh_from_db()
    assert first.is_cancelled and first.cancel_reason == "Sai đối tượng"
    with pytest.raises(ValidationError):
        register.cancel(by=world.office, document=first, reason="again")
    with pytest.raises(ValidationError):
        register.cancel(by=world.office, document=issue(world, D(2021, 3, 3)), reason="  ")


def test_a_failed_transaction_gives_its_number_back(world, terms):
    issue(world, D(2021, 3, 1))
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(world, D(2021, 3, 2))
        raise RuntimeError("the decision could not be signed")
    assert issue(world, D(2021, 3, 3)).number == 2  # no gap


def test_refusals(world, terms):
    with pytest.raises(PermissionDenied):
        issue(world, D(2021, 3, 1), by=world.secretary)
    with pytest.raises(ValidationError):
        register.issue(
            by=world.office, body=world.committee, kind="QĐ", issued_on=D(2021, 1, 1), summary="   "
        )
    with pytest.raises(ValidationError):
        issue(world, D(2021, 1, 1), kind="XX")
    with pytest.raises(ValidationError):  # inside 2015–2020
        register.record_term(by=world.office, unit=world.committee, starts_on=D(2018, 1, 1))
    assert RegisteredDocument.objects.count() == 0


def test_the_term_is_inferred_from_office_holders_when_none_is_recorded(world):
    with pytest.raises(ValidationError):
        issue(world, D(2021, 1, 1))
    PositionFactory(
        person=PersonFactory(unit=world.committee),
        unit=world.committee,
        title="secretary",
        started_on=D(2020, 10, 15),
    )
    document = issue(world, D(2021, 1, 1))
    assert document.term.starts_on == D(2020, 10, 15) and document.symbol == "01-QĐ/DUK"
    assert Term.objects.count() == 1


def test_register_page_export_and_cancel(
    client, world, terms, login, django_assert_max_num_queries
):
    for day in (D(2021, 1, 1), D(2021, 2, 1), D(2021, 3, 1)):
        issue(world, day)
    client = login(world.office)
    with django_assert_max_num_queries(12):
        page = client.get(f"/units/{world.committee.pk}/register/")
    assert "03-QĐ/ĐUK" in page.text
    document = RegisteredDocument.objects.get(number=2)
    client.post(f"/register/{document.pk}/cancel/", {"reason": "Ban hành nhầm"})
    document.refresh_from_db()
    assert document.is_cancelled
    response = client.get(f"/units/{world.committee.pk}/register/export.xlsx?kind=QĐ")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "02-QĐ/ĐUK" in values and "Đã hủy" in values and "Ban hành nhầm" in values
    # The new term recorded through the page starts its own count.
    client.post(
        f"/units/{world.committee.pk}/register/",
        {"starts_on": "01/10/2025", "name": "2025–2030", "symbol": "ĐUK"},
    )
    assert issue(world, D(2025, 11, 1)).number == 1


ISSUERS = 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a race between connections")
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_issuers_get_consecutive_numbers(world, terms):
    barrier = threading.Barrier(ISSUERS)
    outcomes: list[str] = []

    def run():
        try:
            barrier.wait(timeout=30)
            outcomes.append(issue(world, D(2022, 6, 1)).symbol)
        except Exception as exc:  # noqa: BLE001  (reported below)
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(ISSUERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    numbers = sorted(RegisteredDocument.objects.values_list("number", flat=True))
    assert numbers == list(range(1, ISSUERS + 1)), outcomes
    assert len(set(outcomes)) == ISSUERS
