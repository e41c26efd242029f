"""Adoptions through their services: who records them, the status rules, results, verification
a level up, events and the optimistic version check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from lamtheo.core.workflow import CONFLICT
from lamtheo.exemplars.models import Adoption, AdoptionEvent, Exemplar
from lamtheo.exemplars.services import adoptions as services
from tests.factories import GrantFactory, PersonFactory, UnitFactory, UserFactory

TODAY = dt.date(2026, 6, 1)


def make_exemplar(unit, title="Mô hình “Dân vận khéo”", status="published", **fields):
    return Exemplar.objects.create(
        kind="model",
        title=title,
        unit=unit,
        subject_unit=unit,
        field="party_building",
        actions="Mỗi đảng viên nhận giúp đỡ một hộ dân.",
        status=status,
        published_at=timezone.now() - dt.timedelta(days=200) if status == "published" else None,
        **fields,
    )


@pytest.fixture(autouse=True)
def english():
    """The refusals are matched on their English msgids, whatever the catalogue says."""
    with translation.override("en"):
        yield


@pytest.fixture
def source(world):
    """A published exemplar of cell B, for cell A to adopt."""
    return make_exemplar(world.cell_b)


def adopt(world, source, **fields):
    fields.setdefault("started_on", dt.date(2026, 1, 10))
    return services.adoption_create(
        by=world.secretary, exemplar=source, unit=world.cell_a, today=TODAY, **fields
    )


def test_the_adopting_unit_records_it_with_an_event(world, source):
    adoption = adopt(
        world,
        source,
        lead=world.person_a,
        adaptation="  Áp dụng cho tổ dân phố 5. ",
        indicator="Hộ được giúp",
        baseline=Decimal("3"),
    )
    assert adoption.status == "planned"
    assert adoption.lead == world.person_a
    assert adoption.adaptation == "Áp dụng cho tổ dân phố 5."
    assert adoption.created_by == world.secretary
    assert list(adoption.events.values_list("action", flat=True)) == ["created"]


@pytest.mark.parametrize("role", ["member", "inspector", "other_secretary"])
def test_only_who_may_propose_for_the_unit_records_it(world, source, role):
    with pytest.raises(PermissionDenied):
        services.adoption_create(
            by=getattr(world, role),
            exemplar=source,
            unit=world.cell_a,
            started_on=TODAY,
            today=TODAY,
        )
    assert not Adoption.objects.exists()


def test_the_office_may_record_it_for_a_cell(world, source):
    adoption = services.adoption_create(
        by=world.office, exemplar=source, unit=world.cell_a, started_on=TODAY, today=TODAY
    )
    assert adoption.unit == world.cell_a


def test_only_a_published_exemplar_by_another_unit_once(world, source):
    draft = make_exemplar(world.cell_b, title="Nháp", status="proposed")
    with pytest.raises(ValidationError, match="published"):
        adopt(world, draft)
    own = make_exemplar(world.cell_a, title="Của chi bộ A")
    with pytest.raises(ValidationError, match="own"):
        adopt(world, own)
    adopt(world, source)
    with pytest.raises(ValidationError, match="already"):
        adopt(world, source)
    assert Adoption.objects.count() == 1


def test_the_lead_must_be_a_current_member_of_the_unit(world, source):
    with pytest.raises(ValidationError) as caught:
        adopt(world, source, lead=world.person_b)
    assert "lead" in caught.value.error_dict
    # Someone in a group under the cell may lead it.
    in_group = PersonFactory(unit=world.group_a)
    assert adopt(world, source, lead=in_group).lead == in_group


def test_status_flow_sets_the_adoption_day_and_needs_a_reason_to_drop(world, source):
    adoption = adopt(world, source)
    adoption = services.adoption_move(
        by=world.secretary, adoption=adoption, status="piloting", version=1, today=TODAY
    )
    with pytest.raises(ValidationError, match="cannot become"):
        services.adoption_move(
            by=world.secretary,
            adoption=adoption,
            status="sustained",
            version=adoption.version,
            today=TODAY,
        )
    with pytest.raises(ValidationError, match="future"):
        services.adoption_move(
            by=world.secretary,
            adoption=adoption,
            status="adopted",
            version=adoption.version,
            on=TODAY + dt.timedelta(days=1),
            today=TODAY,
        )
    adoption = services.adoption_move(
        by=world.secretary,
        adoption=adoption,
        status="adopted",
        version=adoption.version,
        on=dt.date(2026, 4, 2),
        today=TODAY,
    )
    assert adoption.adopted_on == dt.date(2026, 4, 2)
    adoption = services.adoption_move(
        by=world.secretary, adoption=adoption, status="sustained", version=adoption.version
    )
    with pytest.raises(ValidationError) as caught:
        services.adoption_move(
            by=world.secretary, adoption=adoption, status="dropped", version=adoption.version
        )
    assert "reason" in caught.value.error_dict
    adoption = services.adoption_move(
        by=world.secretary,
        adoption=adoption,
        status="dropped",
        version=adoption.version,
        reason="Chi bộ sáp nhập, không còn địa bàn.",
    )
    assert adoption.dropped_reason == "Chi bộ sáp nhập, không còn địa bàn."
    # Resumed later: the first adoption day stays, the reason goes.
    adoption = services.adoption_move(
        by=world.secretary, adoption=adoption, status="piloting", version=adoption.version
    )
    assert adoption.dropped_reason == ""
    assert adoption.adopted_on == dt.date(2026, 4, 2)
    actions = list(AdoptionEvent.objects.filter(adoption=adoption).values_list("action", flat=True))
    assert actions == ["created", "piloting", "adopted", "sustained", "dropped", "resumed"]


def test_a_stale_version_is_refused_and_nothing_changes(world, source):
    adoption = adopt(world, source)
    services.adoption_update(
        by=world.secretary, adoption=adoption, version=1, adaptation="Bản sửa 1", today=TODAY
    )
    with pytest.raises(ValidationError) as caught:
        services.adoption_update(
            by=world.office, adoption=adoption, version=1, adaptation="Bản sửa 2", today=TODAY
        )
    assert caught.value.code == CONFLICT
    adoption.refresh_from_db()
    assert adoption.adaptation == "Bản sửa 1"
    assert adoption.version == 2


def test_results_and_verification_a_level_up(world, source):
    adoption = adopt(world, source)
    adoption = services.adoption_results(
        by=world.secretary,
        adoption=adoption,
        version=1,
        indicator="Thời gian xử lý hồ sơ",
        baseline=Decimal("5"),
        result=Decimal("2"),
        measure="ngày",
    )
    assert (adoption.baseline, adoption.result) == (Decimal("5"), Decimal("2"))
    # Only adopted or sustained ones are verified.
    with pytest.raises(ValidationError, match="adopted or sustained"):
        services.adoption_verify(by=world.office, adoption=adoption, version=adoption.version)
    adoption = services.adoption_move(
        by=world.secretary, adoption=adoption, status="adopted", version=adoption.version
    )
    # Not by the unit itself, nor by a cell beside it, nor by the inspector.
    for role in ("secretary", "other_secretary", "inspector", "member"):
        with pytest.raises(PermissionDenied):
            services.adoption_verify(
                by=getattr(world, role), adoption=adoption, version=adoption.version
            )
    with pytest.raises(ValidationError) as caught:
        services.adoption_verify(
            by=world.office, adoption=adoption, version=adoption.version, accept=False
        )
    assert "note" in caught.value.error_dict
    adoption = services.adoption_verify(
        by=world.office, adoption=adoption, version=adoption.version, note="Đã kiểm tra sổ sách."
    )
    assert adoption.verified_by == world.office and adoption.verified_at is not None
    # New figures need a new verification.
    adoption = services.adoption_results(
        by=world.secretary, adoption=adoption, version=adoption.version, result=Decimal("1.5")
    )
    assert adoption.verified_at is None and adoption.verified_by is None
    assert adoption.events.last().action == "results"


def test_a_secretary_of_the_committee_verifies_a_cells_adoption(world, source):
    committee_secretary = UserFactory(username="bithu_dk")
    GrantFactory(user=committee_secretary, unit=world.committee, role="secretary")
    adoption = adopt(world, source)
    adoption = services.adoption_move(
        by=world.secretary, adoption=adoption, status="adopted", version=1
    )
    assert services.may_verify(committee_secretary, adoption)
    # Cell A's secretary verifies group A1's adoption (the level above the group).
    group_adoption = services.adoption_create(
        by=world.secretary, exemplar=source, unit=world.group_a, started_on=TODAY, today=TODAY
    )
    assert services.may_verify(world.secretary, group_adoption)
    assert not services.may_verify(world.secretary, adoption)


def test_results_need_an_indicator_and_dropped_ones_do_not_change(world, source):
    adoption = adopt(world, source)
    with pytest.raises(ValidationError) as caught:
        services.adoption_results(
            by=world.secretary, adoption=adoption, version=1, result=Decimal("4")
        )
    assert "indicator" in caught.value.error_dict
    adoption = services.adoption_move(
        by=world.secretary, adoption=adoption, status="dropped", version=1, reason="Không phù hợp."
    )
    with pytest.raises(ValidationError, match="dropped"):
        services.adoption_results(
            by=world.secretary, adoption=adoption, version=adoption.version, results="x"
        )


def test_a_closed_unit_does_not_adopt(world, source):
    closed = UnitFactory(parent=world.committee, code="CBC", name="Chi bộ C")
    closed.closed_on = dt.date(2025, 7, 1)
    closed.save()
    with pytest.raises(ValidationError, match="closed"):
        services.adoption_create(
            by=world.office, exemplar=source, unit=closed, started_on=TODAY, today=TODAY
        )
