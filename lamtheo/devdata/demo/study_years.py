"""The bloc's sessions of 2021, 2022, 2024 and the first half of 2025, planned.

Lighter than 2023 (the article's year, `study_plan.plan_2023`), with the same people and
rules: each year the committee's conference on the year's theme (in person at the committee's
hall, for everyone then in the bloc: members and workers) and every cell's meeting each quarter
for its members on the day. 2021 starts with Kết luận 01-KL/TW (18/5/2021), so its conference
is in July and its cells meet in the third and fourth quarters; 2025 stops with the bloc
(30/6/2025): two quarters, and the last conference of the committee's office holders in June,
on the reorganisation (KL 163-KL/TW). Attendance is written in bulk (the rows
`record_attendance` would write); the sessions go through the services.
"""

from __future__ import annotations

import datetime as dt

from lamtheo.devdata.data.study import CELL_AGENDA, HALL, D
from lamtheo.devdata.demo.study_plan import Planned, World, at, place, workday
from lamtheo.study.models import SessionKind

CONFERENCES = {  # year -> (day, title, topic)
    2021: (
        D(2021, 7, 8),
        "Hội nghị quán triệt Kết luận 01-KL/TW ngày 18/5/2021 của Bộ Chính trị và chuyên đề "
        "toàn khóa",
        "Kết luận 01-KL/TW về tiếp tục thực hiện Chỉ thị 05-CT/TW; chuyên đề toàn khóa về ý chí "
        "tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc",
    ),
    2022: (
        D(2022, 5, 17),
        "Hội nghị học tập, quán triệt chuyên đề năm 2022",
        "Trách nhiệm nêu gương, tinh thần phục vụ nhân dân trong doanh nghiệp",
    ),
    2024: (
        D(2024, 5, 14),
        "Hội nghị học tập, quán triệt chuyên đề năm 2024",
        "Đổi mới lề lối làm việc, nâng cao năng suất lao động và chất lượng phục vụ",
    ),
    2025: (
        D(2025, 3, 18),
        "Hội nghị học tập, quán triệt chuyên đề năm 2025 và các nghị quyết về sắp xếp tổ chức "
        "bộ máy",
        "Tinh gọn tổ chức, hoạt động hiệu lực, hiệu quả; Kết luận 127-KL/TW (28/2/2025)",
    ),
}
LAST_MEETING = (
    D(2025, 6, 24),
    "Hội nghị cán bộ chủ chốt Đảng bộ Khối: tổng kết hoạt động, bàn giao tổ chức đảng và đảng viên",
    "Kết luận 163-KL/TW; chuẩn bị bàn giao các chi bộ về đảng bộ phường từ 01/7/2025 (hội "
    "nghị giả định)",
)
QUARTER_MONTHS = {2021: (8, 11), 2025: (1, 4)}
QUARTER_TOPICS = {
    1: "Kiểm điểm việc thực hiện bản đăng ký làm theo quý I; nhiệm vụ quý II",
    4: "Sơ kết 6 tháng thực hiện bản đăng ký làm theo; nhiệm vụ 6 tháng cuối năm",
    8: "Liên hệ chuyên đề năm với nhiệm vụ của đơn vị; kiểm điểm quý III",
    11: "Chuẩn bị tự đánh giá bản đăng ký làm theo và kiểm điểm cuối năm",
}


def plan_year(world: World, year: int) -> list[Planned]:
    """The year's sessions, in date order, with the audience as it was on each day."""
    root = world.root
    plans: list[Planned] = []

    def everyone_on(day: dt.date) -> dict[int, int]:
        return {p.pk: unit.pk for p in world.people if (unit := world.unit_on(p, day)) is not None}

    day, title, topic = CONFERENCES[year]
    plans.append(
        Planned(
            root,
            title,
            SessionKind.THEMATIC_STUDY,
            at(day, 8),
            180,
            HALL,
            everyone_on(day),
            audience_units=[root],
            topic=topic,
            workers_weaker=True,
            bulk=True,
        )
    )
    if year == 2025:
        day, title, topic = LAST_MEETING
        people = world.holders_on(day)
        plans.append(
            Planned(
                root,
                title,
                SessionKind.KEY_CADRE_CONFERENCE,
                at(day, 8),
                180,
                HALL,
                {p.pk: world.unit_on(p, day).pk for p in people},
                audience_people=people,
                topic=topic,
                bulk=True,
            )
        )
    months = QUARTER_MONTHS.get(year, (1, 4, 8, 11))
    for index, cell in enumerate(world.cells):
        if not cell.is_active and cell.closed_on and cell.closed_on <= D(year, 1, 1):
            continue
        for month in months:
            day = workday(D(year, month, 4 + (index * 5 + month + year) % 14))
            if cell.closed_on and cell.closed_on <= day:
                continue
            invitees = {
                p.pk: unit.pk
                for p in world.ever_in[cell.pk]
                if (unit := world.unit_on(p, day))
                and world.cell_of.get(unit.pk) == cell
                and world.member_on(p, day)
            }
            if not invitees:
                continue
            plans.append(
                Planned(
                    cell,
                    f"Sinh hoạt chi bộ thường kỳ tháng {month}/{year}",
                    SessionKind.CELL_MEETING,
                    at(day, 14, 30 if index % 3 == 0 else 0),
                    120,
                    place(cell),
                    invitees,
                    audience_units=[cell],
                    members_only=True,
                    topic=QUARTER_TOPICS[month],
                    agenda=CELL_AGENDA,
                    bulk=True,
                )
            )
    plans.sort(key=lambda p: (p.start, p.host.path))
    return plans
