"""A committee's round over the `world` fixture: the 2020–2025 term recorded, a round for
2022 offering giấy khen (3) and "trong sạch vững mạnh tiêu biểu" (1), a council of three."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.awards import services
from lamtheo.org import register

D = dt.date


@pytest.fixture
def term(world):
    return register.record_term(
        by=world.office,
        unit=world.committee,
        starts_on=D(2020, 10, 1),
        name="2020–2025",
        symbol="ĐUK",
    )


@pytest.fixture
def round_(world, term):
    made = services.open_round(
        by=world.office,
        unit=world.committee,
        title="Khen thưởng năm 2022",
        kind="yearly",
        year=2022,
        quotas={"merit": 3, "strong_year": 1},
    )
    services.set_council(
        by=world.office,
        round_=made,
        members=[
            ("Nguyễn Văn Hội", "Chủ tịch"),
            ("Lê Thị Đồng", "Ủy viên"),
            ("Phạm Văn Ba", "Ủy viên"),
        ],
    )
    return made


def vote_all(world, round_, pattern: dict[int, int]):
    """pattern: {nomination id: how many of the three members approve}."""
    members = list(round_.council.order_by("pk"))
    votes = {}
    for nomination_id, yes in pattern.items():
        for i, m in enumerate(members):
            votes[(nomination_id, m.pk)] = i < yes
    services.record_votes(by=world.office, round_=round_, votes=votes)


@pytest.fixture
def decided(world, round_):
    """A signed decision: person_a (giấy khen) and cell_b (TSVM tiêu biểu) awarded."""
    a = services.nominate(
        by=world.secretary,
        round_=round_,
        form="merit",
        person=world.person_a,
        achievement="Hoàn thành xuất sắc nhiệm vụ 2022",
    )
    b = services.nominate(
        by=world.office,
        round_=round_,
        form="strong_year",
        unit=world.cell_b,
        achievement="Chi bộ tiêu biểu",
    )
    vote_all(world, round_, {a.pk: 2, b.pk: 3})
    services.close_review(by=world.office, round_=round_)
    decision = round_.decision
    services.submit(by=world.office, decision=decision, on=D(2023, 3, 10))
    services.sign(
        by=world.office,
        decision=decision,
        on=D(2023, 3, 14),
        signer_name="Nguyễn Văn Bí",
        signer_title="Bí thư",
        place="Đống Đa",
    )
    decision.refresh_from_db()
    return decision
