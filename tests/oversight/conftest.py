"""An inspection of cell A by the committee over the `world` fixture: the committee's
2020–2025 term recorded (its documents take numbers), a 2023 plan, an inspection of cell A and
of person B, and helpers to move it along."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.org import register
from lamtheo.oversight import services

D = dt.date


@pytest.fixture
def term(world):
    return register.record_term(
        by=world.office, unit=world.committee, starts_on=D(2020, 10, 1), symbol="ĐUK"
    )


@pytest.fixture
def plan(world, term):
    return services.create_plan(
        by=world.office, unit=world.committee, year=2023, title="Kế hoạch kiểm tra năm 2023"
    )


def open_inspection(world, plan=None, **extra):
    values = {
        "by": world.inspector,
        "unit": world.committee,
        "plan": plan,
        "title": "Kiểm tra việc thực hiện Kết luận 01 tại Chi bộ A",
        "kind": "inspection",
        "content": "kl01",
        "starts_on": D(2023, 5, 2),
        "ends_on": D(2023, 5, 31),
        "period_from": D(2023, 1, 1),
        "period_to": D(2023, 4, 30),
        "units": [world.cell_a],
        "team": "Lê Văn Tâm – Trưởng đoàn\nPhạm Thị Hà – Thành viên",
    }
    values.update(extra)
    return services.open_inspection(**values)


@pytest.fixture
def inspection(world, plan):
    return open_inspection(world, plan, people=[world.person_b])


def under_way(world, inspection):
    return services.issue_notice(
        by=world.office, inspection=inspection, on=D(2023, 4, 25), signer_name="Lê Văn Tâm"
    )


def add_finding(world, inspection, subject=None, deadline=None):
    subject = subject or inspection.subjects.get(unit=world.cell_a)
    return services.record_finding(
        by=world.inspector,
        inspection=inspection,
        subject=subject,
        severity="deficiency",
        text="Chi bộ chưa duyệt bản đăng ký của đảng viên đúng hạn.",
        recommendation="Duyệt và đánh giá đầy đủ các bản đăng ký.",
        deadline=deadline or D(2023, 7, 31),
    )


def conclude(world, inspection):
    return services.conclude(
        by=world.office,
        inspection=inspection,
        on=D(2023, 6, 5),
        text=(
            "Chi bộ A cơ bản thực hiện tốt Kết luận 01-KL/TW.\n"
            "Còn hạn chế trong việc duyệt đăng ký."
        ),
        signer_name="Lê Văn Tâm",
    )


@pytest.fixture
def concluded(world, inspection):
    """Under way, one finding on cell A, concluded: the finding waits for remediation."""
    under_way(world, inspection)
    finding = add_finding(world, inspection)
    conclude(world, inspection)
    inspection.refresh_from_db()
    finding.refresh_from_db()
    return inspection, finding
