"""Inspection end to end through its services and pages: opening (and what is refused), the
numbered notice and conclusion, findings with their evidence snapshot, the subject's
remediation, verification and closing, the history; the commendation blocker; reminders of a
recommendation's deadline; fixed queries per page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lamtheo.notify import reminders as notify_reminders
from lamtheo.notify.models import Message, Receipt
from lamtheo.org.models import RegisteredDocument
from lamtheo.oversight import services
from lamtheo.oversight.models import Finding, Inspection, InspectionEvent
from tests.factories import PersonFactory, PositionFactory, UnitFactory
from tests.oversight.conftest import D, add_finding, conclude, open_inspection, under_way

pytestmark = pytest.mark.django_db


def test_the_whole_path_numbers_and_history(world, concluded):
    inspection, finding = concluded
    assert inspection.status == "concluded"
    assert inspection.notice.symbol == "01-QĐ/ĐUK"
    assert inspection.conclusion.symbol == "01-TB/ĐUK"
    services.report_remediation(by=world.secretary, finding=finding, text="Đã duyệt đủ.")
    services.verify(by=world.inspector, finding=finding, accept=False, comment="Còn thiếu 2 bản.")
    finding.refresh_from_db()
    assert finding.status == "open" and finding.closed_at is None
    services.report_remediation(by=world.secretary, finding=finding, text="Đã duyệt đủ cả 2.")
    services.verify(by=world.inspector, finding=finding, accept=True)
    services.close(by=world.inspector, inspection=inspection)
    inspection.refresh_from_db()
    assert inspection.status == "closed"
    actions = list(
        InspectionEvent.objects.filter(inspection=inspection).values_list("action", flat=True)
    )
    assert actions == [
        "opened",
        "notice",
        "finding",
        "concluded",
        "reported",
        "returned",
        "reported",
        "verified",
        "closed",
    ]


def test_supervision_takes_a_notice_number(world, plan):
    supervision = open_inspection(world, plan, kind="supervision")
    under_way(world, supervision)
    supervision.refresh_from_db()
    assert supervision.notice.symbol == "01-TB/ĐUK"


def test_opening_refusals_change_nothing(world, plan):
    with pytest.raises(ValidationError):
        open_inspection(world, plan, units=[], people=[])
    with pytest.raises(ValidationError):
        open_inspection(world, plan, ends_on=D(2023, 4, 1))
    with pytest.raises(ValidationError):
        open_inspection(world, plan, period_to=D(2022, 1, 1))
    with pytest.raises(PermissionDenied):
        open_inspection(world, plan, by=world.secretary)
    outside = PersonFactory(unit=world.cell_b)
    other_root = UnitFactory(code="X", name="Đảng bộ khác")
    with pytest.raises(ValidationError):
        open_inspection(world, plan, units=[other_root])
    with pytest.raises(ValidationError):
        open_inspection(world, plan, title="   ")
    assert not Inspection.objects.exists()
    # cell B's person is under the committee: accepted.
    assert open_inspection(world, plan, people=[outside]).subjects.count() == 2


def test_steps_out_of_order_are_refused(world, inspection):
    with pytest.raises(ValidationError):  # findings only while under way
        add_finding(world, inspection)
    with pytest.raises(ValidationError):  # conclusion only once under way
        conclude(world, inspection)
    under_way(world, inspection)
    with pytest.raises(ValidationError):  # a second notice
        under_way(world, inspection)
    finding = add_finding(world, inspection)
    with pytest.raises(ValidationError):  # remediation before the conclusion
        services.report_remediation(by=world.secretary, finding=finding, text="x")
    with pytest.raises(ValidationError):  # cancel with findings recorded
        services.cancel(by=world.office, inspection=inspection, reason="x")
    conclude(world, inspection)
    with pytest.raises(ValidationError):  # an open finding keeps it from closing
        services.close(by=world.office, inspection=inspection)
    with pytest.raises(ValidationError):  # verification before a report
        services.verify(by=world.office, finding=finding, accept=True)
    with pytest.raises(PermissionDenied):  # cell B's secretary does not answer for cell A
        services.report_remediation(by=world.other_secretary, finding=finding, text="x")
    with pytest.raises(ValidationError):  # an empty report
        services.report_remediation(by=world.secretary, finding=finding, text="  ")
    assert RegisteredDocument.objects.count() == 2


def test_a_stale_page_is_refused(world, concluded):
    inspection, finding = concluded
    with pytest.raises(ValidationError):
        services.report_remediation(
            by=world.secretary, finding=finding, text="x", version=finding.version + 5
        )


def test_the_finding_keeps_the_evidence_as_it_was(world, inspection):
    from lamtheo.study.models import Attendance, StudySession

    start = timezone.make_aware(dt.datetime(2023, 3, 1, 8))
    session = StudySession.objects.create(
        unit=world.cell_a,
        title="Sinh hoạt chi bộ tháng 3",
        kind="cell_meeting",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        status="published",
    )
    Attendance.objects.create(
        session=session, person=world.person_a, unit=world.cell_a, status="present"
    )
    absent = PersonFactory(unit=world.group_a)
    Attendance.objects.create(session=session, person=absent, unit=world.group_a, status="absent")
    under_way(world, inspection)
    finding = add_finding(world, inspection)
    evidence = Finding.objects.get(pk=finding.pk).evidence
    assert (evidence["invited"], evidence["attended"], evidence["participation"]) == (2, 1, 50)
    assert evidence["period"] == ["2023-01-01", "2023-04-30"]
    Attendance.objects.filter(person=absent).update(status="present")
    assert Finding.objects.get(pk=finding.pk).evidence["participation"] == 50


def test_an_open_finding_bars_commendation(world, concluded):
    from lamtheo.awards import services as awards
    from lamtheo.awards.eligibility import annotate

    inspection, finding = concluded
    round_ = awards.open_round(
        by=world.office,
        unit=world.committee,
        title="Khen thưởng năm 2023",
        kind="yearly",
        year=2023,
        quotas={"merit": 2},
    )
    with pytest.raises(ValidationError) as refused:
        awards.nominate(
            by=world.office, round_=round_, form="merit", unit=world.cell_a, achievement="x"
        )
    assert any("Kiểm tra việc thực hiện Kết luận 01" in m for m in refused.value.messages)
    # cell B and person A are not the finding's subject: not barred.
    awards.nominate(
        by=world.office, round_=round_, form="merit", unit=world.cell_b, achievement="x"
    )
    # A finding on a person bars that person (person B is a subject of the same inspection).
    services.report_remediation(by=world.secretary, finding=finding, text="Đã khắc phục.")
    services.verify(by=world.inspector, finding=finding, accept=True)
    nomination = awards.nominate(
        by=world.office, round_=round_, form="merit", unit=world.cell_a, achievement="x"
    )
    annotate(round_, [nomination])
    assert nomination.evidence.open_findings == []
    # Another year's round is not barred by a 2023 finding.
    other = open_inspection(world, None, title="Kiểm tra lần 2")
    under_way(world, other)
    add_finding(world, other, subject=other.subjects.get())
    round_2021 = awards.open_round(
        by=world.office,
        unit=world.committee,
        title="Khen thưởng năm 2021",
        kind="yearly",
        year=2021,
        quotas={"merit": 2},
    )
    awards.nominate(
        by=world.office, round_=round_2021, form="merit", unit=world.cell_a, achievement="x"
    )


def test_the_round_page_shows_the_blocking_finding(client, login, world, concluded, term):
    from lamtheo.awards import services as awards
    from lamtheo.awards.models import Nomination

    round_ = awards.open_round(
        by=world.office,
        unit=world.committee,
        title="Khen thưởng năm 2023",
        kind="yearly",
        year=2023,
        quotas={"merit": 2},
    )
    # Nominated before the finding was recorded: the page still shows the finding's reason.
    Nomination.objects.create(round=round_, form="merit", unit=world.cell_b, achievement="x")
    inspection_b = open_inspection(world, None, title="Giám sát Chi bộ B", units=[world.cell_b])
    under_way(world, inspection_b)
    add_finding(world, inspection_b, subject=inspection_b.subjects.get())
    page = login(world.office).get(f"/awards/rounds/{round_.pk}/")
    assert "Giám sát Chi bộ B" in page.text and "⛔" in page.text


def test_a_recommendation_reminds_the_secretary_once(world, concluded):
    inspection, finding = concluded
    secretary_person = PersonFactory(unit=world.cell_a, full_name="Hoàng Văn Bí")
    PositionFactory(person=secretary_person, unit=world.cell_a, title="secretary")
    early = timezone.make_aware(dt.datetime(2023, 7, 1, 9))
    assert notify_reminders.run(early)["written"] == 0  # 30 days before the deadline
    near = timezone.make_aware(dt.datetime(2023, 7, 29, 9))
    assert notify_reminders.run(near)["written"] == 1
    assert notify_reminders.run(near)["written"] == 0  # never twice
    message = Message.objects.get(dedup_key__startswith="recommendation:")
    assert list(Receipt.objects.filter(message=message).values_list("person_id", flat=True)) == [
        secretary_person.pk
    ]
    assert f"/inspections/{inspection.pk}/" in message.link
    # A reported remediation is not reminded.
    services.report_remediation(by=world.secretary, finding=finding, text="Đã khắc phục.")
    finding.recommendations.update(deadline=D(2023, 7, 30))
    Message.objects.filter(pk=message.pk).update(dedup_key="old")
    assert notify_reminders.run(near)["written"] == 0


def test_pages_through_forms(client, login, world, plan):
    world.person_b.code = "DV-0002"
    world.person_b.save(update_fields=["code"])
    inspector = login(world.inspector)
    response = inspector.post(
        "/inspections/new/",
        {
            "title": "Giám sát việc học tập",
            "kind": "supervision",
            "content": "study",
            "units": [str(world.cell_a.pk)],
            "people_codes": world.person_b.code,
            "period_from": "01/01/2023",
            "period_to": "30/04/2023",
            "starts_on": "02/05/2023",
            "ends_on": "31/05/2023",
        },
    )
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and inspection.subjects.count() == 2
    bad = inspector.post(
        "/inspections/new/",
        {
            "title": "X",
            "kind": "supervision",
            "content": "study",
            "people_codes": "KHONG-CO",
            "period_from": "01/01/2023",
            "period_to": "30/04/2023",
            "starts_on": "02/05/2023",
            "ends_on": "31/05/2023",
        },
    )
    assert bad.status_code == 200 and "KHONG-CO" in bad.text
    assert Inspection.objects.count() == 1
    office = login(world.office)
    office.post(
        f"/inspections/{inspection.pk}/notice/", {"issued_on": "25/04/2023", "version": "1"}
    )
    subject = inspection.subjects.get(unit=world.cell_a)
    empty = office.post(
        f"/inspections/{inspection.pk}/findings/",
        {"subject": subject.pk, "severity": "shortcoming", "text": "", "recommendation": "y"},
    )
    assert empty.status_code == 302 and not Finding.objects.exists()
    office.post(
        f"/inspections/{inspection.pk}/findings/",
        {
            "subject": subject.pk,
            "severity": "shortcoming",
            "text": "Tỷ lệ tham gia học tập thấp.",
            "recommendation": "Tổ chức học bù.",
            "deadline": "31/07/2023",
        },
    )
    assert Finding.objects.count() == 1
    page = login(world.secretary).get(f"/inspections/{inspection.pk}/")
    assert "Tỷ lệ tham gia học tập thấp." in page.text


@pytest.mark.parametrize("findings", [1, 5])
def test_pages_run_a_fixed_number_of_queries(
    client, login, world, plan, findings, django_assert_num_queries
):
    inspection = open_inspection(world, plan, people=[world.person_b])
    under_way(world, inspection)
    subject = inspection.subjects.get(unit=world.cell_a)
    for _i in range(findings):
        add_finding(world, inspection, subject=subject)
    for i in range(findings):
        open_inspection(world, plan, title=f"Kiểm tra {i}", units=[world.cell_a, world.cell_b])
    office = login(world.office)
    office.get("/inspections/")  # the session and the scope warm up as on any page
    # Each page: the session, the user, their grants and person (4), then its own reads.
    with django_assert_num_queries(9):
        assert office.get(f"/inspections/{inspection.pk}/").status_code == 200
    with django_assert_num_queries(8):
        assert office.get("/inspections/").status_code == 200
    with django_assert_num_queries(7):
        assert office.get(f"/inspections/plans/{plan.pk}/").status_code == 200
    secretary = login(world.secretary)
    secretary.get("/inspections/")
    with django_assert_num_queries(9):
        assert secretary.get(f"/inspections/{inspection.pk}/").status_code == 200


def test_the_list_pages_by_fifty(client, login, world, plan):
    Inspection.objects.bulk_create(
        Inspection(
            unit=world.committee,
            title=f"Kiểm tra số {i:02d}",
            content="study",
            period_from=D(2023, 1, 1),
            period_to=D(2023, 3, 31),
            starts_on=D(2023, 4, 1) + dt.timedelta(days=i),
            ends_on=D(2023, 12, 31),
        )
        for i in range(55)
    )
    office = login(world.office)
    first = office.get("/inspections/?status=planned")
    assert "Kiểm tra số 54" in first.text and "Kiểm tra số 04" not in first.text
    assert "status=planned&amp;page=2" in first.text
    second = office.get("/inspections/?status=planned&page=2")
    assert "Kiểm tra số 04" in second.text and "Kiểm tra số 05" not in second.text
