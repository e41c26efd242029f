"""The exemplar workflow: a unit proposes, the level above reviews (never the unit's own
level), recognises at a level it covers, publishes, and may withdraw; every step checked,
recorded and versioned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lamtheo.core.workflow import CONFLICT
from lamtheo.exemplars.models import Exemplar, Tag
from lamtheo.exemplars.queries import gallery, waiting_for
from lamtheo.exemplars.services import exemplars as services
from lamtheo.exemplars.services.exemplars import (
    exemplar_create,
    exemplar_propose,
    exemplar_publish,
    exemplar_recognise,
    exemplar_reject,
    exemplar_return,
    exemplar_update,
    exemplar_withdraw,
)
from tests.factories import GrantFactory, UserFactory

STORY = {
    "title": "Mô hình “Mỗi tuần một việc tốt”",
    "field": "social",
    "problem": "Đảng viên trẻ ít tham gia hoạt động xã hội.",
    "actions": "Mỗi tuần chi bộ chọn một việc tốt, phân công đảng viên trẻ thực hiện.",
    "results": "52 việc tốt trong năm.",
}


def new_model(world, by=None, unit=None, **fields):
    return exemplar_create(
        by=by or world.secretary,
        unit=unit or world.cell_a,
        kind=fields.pop("kind", "model"),
        **{**STORY, **fields},
    )


def make_published(world, by=None, unit=None, **fields) -> Exemplar:
    """An exemplar of cell A (or `unit`), proposed, recognised by the office and published."""
    exemplar = new_model(world, by=by, unit=unit, **fields)
    exemplar = exemplar_propose(
        by=by or world.secretary, exemplar=exemplar, version=exemplar.version
    )
    exemplar = exemplar_recognise(by=world.office, exemplar=exemplar, version=exemplar.version)
    return exemplar_publish(by=world.office, exemplar=exemplar, version=exemplar.version)


def test_create_cleans_tags_figures_and_search_key(world):
    exemplar = exemplar_create(
        by=world.secretary,
        unit=world.cell_a,
        kind="model",
        tags=" Chuyển đổi  số, cải cách hành chính; CHUYỂN ĐỔI SỐ,, #Dân vận khéo ",
        figures=[
            {"label": "Thời gian xử lý hồ sơ", "before": 5, "after": 2, "measure": "ngày"},
            {"label": "", "before": None, "after": None, "measure": ""},
        ],
        **{**STORY, "title": "  Mô hình  \u201cMỗi tuần một việc tốt\u201d "},
    )
    assert exemplar.status == "draft" and exemplar.version == 1
    assert exemplar.title == "Mô hình “Mỗi tuần một việc tốt”"
    assert exemplar.subject_unit == world.cell_a
    assert sorted(t.name for t in exemplar.tags.all()) == [
        "Chuyển đổi số",
        "Dân vận khéo",
        "cải cách hành chính",
    ]
    assert Tag.objects.count() == 3
    figure = exemplar.figures.get()
    assert (figure.before, figure.after, figure.measure) == (Decimal(5), Decimal(2), "ngày")
    assert "mo hinh" in exemplar.search_key and "chi bo a" in exemplar.search_key
    assert "chuyen doi so" in exemplar.search_key
    assert list(exemplar.events.values_list("action", flat=True)) == ["created"]
    # Typing the tag again another way reuses the row.
    other = new_model(world, tags="chuyển đổi số")
    assert other.tags.get() == Tag.objects.get(key="chuyen doi so")


def test_an_individual_is_a_current_person_of_the_unit(world):
    with pytest.raises(ValidationError) as refused:
        new_model(world, kind="individual")
    assert "person" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        new_model(world, kind="individual", person=world.person_b)
    assert "person" in refused.value.message_dict
    exemplar = new_model(world, kind="individual", person=world.person_a, subject_unit=world.cell_a)
    assert (exemplar.person, exemplar.subject_unit) == (world.person_a, None)
    assert "nguyen van quang" in exemplar.search_key


def test_a_collective_is_the_unit_or_under_it(world):
    with pytest.raises(ValidationError) as refused:
        new_model(world, kind="collective", subject_unit=world.cell_b)
    assert "subject_unit" in refused.value.message_dict
    assert new_model(world, kind="collective", subject_unit=world.group_a).subject_unit_id


def test_figures_need_a_label_and_a_value_after(world):
    with pytest.raises(ValidationError) as refused:
        new_model(world, figures=[{"label": "Số việc tốt", "before": 1, "after": None}])
    assert "figures" in refused.value.message_dict
    assert not Exemplar.objects.exists()


def test_only_those_who_propose_for_the_unit_create(world):
    for outsider in (world.member, world.other_secretary, world.inspector):
        with pytest.raises(PermissionDenied):
            new_model(world, by=outsider)
    assert new_model(world, by=world.office).unit == world.cell_a


def test_a_closed_unit_proposes_nothing(world):
    """A committee dissolved in a reorganisation keeps its past exemplars, gets no new ones."""
    world.cell_b.closed_on = dt.date(2025, 6, 30)
    world.cell_b.save(update_fields=["closed_on"])
    before = Exemplar.objects.count()
    with pytest.raises(ValidationError, match="closed|đã"):
        new_model(world, by=world.office, unit=world.cell_b)
    assert Exemplar.objects.count() == before


def test_stale_edit_is_refused_and_nothing_is_lost(world):
    exemplar = new_model(world)
    exemplar_update(by=world.office, exemplar=exemplar, version=1, title="Tên mới")
    with pytest.raises(ValidationError) as refused:
        exemplar_update(by=world.secretary, exemplar=exemplar, version=1, title="Tên của tôi")
    assert refused.value.code == CONFLICT
    assert "đã có người cập nhật" in refused.value.messages[0].lower()
    exemplar.refresh_from_db()
    assert (exemplar.title, exemplar.version) == ("Tên mới", 2)


def test_update_replaces_tags_and_figures_and_refreshes_the_search_key(world):
    exemplar = new_model(world, tags="a, b", figures=[{"label": "x", "after": 1}])
    exemplar = exemplar_update(
        by=world.secretary,
        exemplar=exemplar,
        version=exemplar.version,
        tags="Nông thôn mới",
        figures=[{"label": "Hộ thoát nghèo", "before": 3, "after": 0, "measure": "hộ"}],
        title="Gương sáng",
    )
    assert [t.name for t in exemplar.tags.all()] == ["Nông thôn mới"]
    assert [f.label for f in exemplar.figures.all()] == ["Hộ thoát nghèo"]
    assert exemplar.search_key.startswith("guong sang") and "nong thon moi" in exemplar.search_key
    assert [e.action for e in exemplar.events.all()] == ["created", "edited"]


def test_the_full_workflow_records_who_and_when(world):
    exemplar = new_model(world)
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    assert exemplar.status == "proposed" and exemplar.proposed_by == world.secretary
    exemplar = exemplar_recognise(
        by=world.office,
        exemplar=exemplar,
        version=exemplar.version,
        on=dt.date(2026, 5, 19),
        comment="Tiêu biểu",
    )
    assert exemplar.status == "recognised"
    assert exemplar.recognised_by_unit == world.committee  # the parent by default
    assert (exemplar.recognised_on, exemplar.recognised_by) == (dt.date(2026, 5, 19), world.office)
    exemplar = exemplar_publish(by=world.office, exemplar=exemplar, version=exemplar.version)
    assert exemplar.status == "published" and exemplar.published_at
    exemplar = exemplar_withdraw(
        by=world.office, exemplar=exemplar, version=exemplar.version, reason="Sai số liệu"
    )
    assert (exemplar.status, exemplar.reason) == ("withdrawn", "Sai số liệu")
    events = list(exemplar.events.values_list("action", "actor__username", "reason"))
    assert events == [
        ("created", "bithu", ""),
        ("proposed", "bithu", ""),
        ("recognised", "vanphong", "Tiêu biểu"),
        ("published", "vanphong", ""),
        ("withdrawn", "vanphong", "Sai số liệu"),
    ]
    assert exemplar.version == 5


def test_a_withdrawn_exemplar_leaves_the_gallery(world):
    exemplar = make_published(world)
    page, _facets = gallery({})
    assert [e.pk for e in page] == [exemplar.pk]
    exemplar_withdraw(by=world.office, exemplar=exemplar, version=exemplar.version, reason="Lý do")
    page, facets = gallery({})
    assert list(page) == [] and facets.total == 0


def test_proposing_needs_what_was_done_and_results(world):
    exemplar = new_model(world, results="")
    with pytest.raises(ValidationError) as refused:
        exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    assert "results" in refused.value.message_dict
    exemplar = exemplar_update(
        by=world.secretary,
        exemplar=exemplar,
        version=exemplar.version,
        figures=[{"label": "Việc tốt", "after": 52}],
    )
    assert exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)


def test_reviewed_a_level_up_never_at_the_units_own_level(world):
    exemplar = new_model(world)
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    # The cell's own secretary reviews for cell A, not for the committee above it.
    for not_above in (world.secretary, world.other_secretary, world.member, world.inspector):
        with pytest.raises(PermissionDenied):
            exemplar_recognise(by=not_above, exemplar=exemplar, version=exemplar.version)
    assert not services.may_review(world.secretary, exemplar)
    assert services.may_review(world.office, exemplar)
    # A group under cell A is reviewed by cell A's secretary, at cell A's level.
    group = new_model(world, unit=world.group_a)
    group = exemplar_propose(by=world.secretary, exemplar=group, version=group.version)
    assert [u.pk for u in services.recognition_levels(world.secretary, group)] == [world.cell_a.pk]
    assert [u.pk for u in services.recognition_levels(world.office, group)] == [
        world.cell_a.pk,
        world.committee.pk,
    ]
    assert list(waiting_for(world.secretary)) == [group]
    assert set(waiting_for(world.office)) == {exemplar, group}
    with pytest.raises(ValidationError) as refused:
        exemplar_recognise(
            by=world.secretary, exemplar=group, version=group.version, level=world.committee
        )
    assert "level" in refused.value.message_dict
    group = exemplar_recognise(by=world.secretary, exemplar=group, version=group.version)
    assert group.recognised_by_unit == world.cell_a
    # Published and withdrawn at the level that recognised it.
    group = exemplar_publish(by=world.secretary, exemplar=group, version=group.version)
    assert group.status == "published"


def test_a_committee_level_recognition_is_not_withdrawn_from_below(world):
    group = new_model(world, unit=world.group_a)
    group = exemplar_propose(by=world.secretary, exemplar=group, version=group.version)
    group = exemplar_recognise(
        by=world.office, exemplar=group, version=group.version, level=world.committee
    )
    with pytest.raises(PermissionDenied):
        exemplar_publish(by=world.secretary, exemplar=group, version=group.version)
    group = exemplar_publish(by=world.office, exemplar=group, version=group.version)
    with pytest.raises(PermissionDenied):
        exemplar_withdraw(by=world.secretary, exemplar=group, version=group.version, reason="x")


def test_a_top_unit_is_reviewed_by_an_administrator(world):
    top = new_model(world, by=world.office, unit=world.committee)
    top = exemplar_propose(by=world.office, exemplar=top, version=top.version)
    with pytest.raises(PermissionDenied):
        exemplar_recognise(by=world.office, exemplar=top, version=top.version)
    assert top not in waiting_for(world.office)
    assert top in waiting_for(world.admin)


def test_return_and_reject_need_a_reason(world):
    exemplar = new_model(world)
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    for change in (exemplar_return, exemplar_reject):
        with pytest.raises(ValidationError) as refused:
            change(by=world.office, exemplar=exemplar, version=exemplar.version, reason="  ")
        assert "reason" in refused.value.message_dict
    exemplar = exemplar_return(
        by=world.office, exemplar=exemplar, version=exemplar.version, reason="Bổ sung số liệu"
    )
    assert (exemplar.status, exemplar.reason) == ("returned", "Bổ sung số liệu")
    # Returned: edited and proposed again.
    exemplar = exemplar_update(
        by=world.secretary, exemplar=exemplar, version=exemplar.version, results="60 việc tốt"
    )
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    exemplar = exemplar_reject(
        by=world.office, exemplar=exemplar, version=exemplar.version, reason="Chưa tiêu biểu"
    )
    assert exemplar.status == "rejected"
    with pytest.raises(ValidationError):
        exemplar_update(by=world.secretary, exemplar=exemplar, version=exemplar.version, title="x")
    with pytest.raises(ValidationError):
        exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)


def test_transitions_from_the_wrong_state_say_so(world):
    exemplar = new_model(world)
    with pytest.raises(ValidationError):
        exemplar_recognise(by=world.office, exemplar=exemplar, version=exemplar.version)
    with pytest.raises(ValidationError):
        exemplar_publish(by=world.office, exemplar=exemplar, version=exemplar.version)
    with pytest.raises(ValidationError):
        exemplar_withdraw(by=world.office, exemplar=exemplar, version=exemplar.version, reason="x")
    proposed = exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    with pytest.raises(ValidationError):
        exemplar_update(by=world.secretary, exemplar=proposed, version=proposed.version, title="x")


def test_recognition_date_not_in_the_future(world):
    exemplar = new_model(world)
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        exemplar_recognise(
            by=world.office, exemplar=exemplar, version=exemplar.version, on=tomorrow
        )
    assert "on" in refused.value.message_dict


def test_stale_transition_is_refused(world):
    exemplar = new_model(world)
    exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    with pytest.raises(ValidationError) as refused:
        exemplar_return(by=world.office, exemplar=exemplar, version=1, reason="x")
    assert refused.value.code == CONFLICT


def test_adapted_from_a_published_one_and_from_a_campaign_above(world):
    from lamtheo.exemplars.models import Campaign

    source = make_published(world)
    campaign = Campaign.objects.create(
        unit=world.committee,
        title="Thi đua 10 năm",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 12, 31),
    )
    adaptation = new_model(
        world, by=world.other_secretary, unit=world.cell_b, adapted_from=source, campaign=campaign
    )
    assert adaptation.adapted_from == source and adaptation.campaign == campaign
    draft = new_model(world)
    with pytest.raises(ValidationError) as refused:
        new_model(world, by=world.other_secretary, unit=world.cell_b, adapted_from=draft)
    assert "adapted_from" in refused.value.message_dict
    elsewhere = Campaign.objects.create(
        unit=world.cell_a,
        title="Của chi bộ A",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 2, 1),
    )
    with pytest.raises(ValidationError) as refused:
        new_model(world, by=world.other_secretary, unit=world.cell_b, campaign=elsewhere)
    assert "campaign" in refused.value.message_dict


def test_a_second_office_on_a_cell_reviews_its_groups_but_not_the_cell(world):
    clerk = UserFactory(username="vp_a")
    GrantFactory(user=clerk, unit=world.cell_a, role="office")
    exemplar = new_model(world)
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    assert not services.may_review(clerk, exemplar)
    assert list(waiting_for(clerk)) == []
