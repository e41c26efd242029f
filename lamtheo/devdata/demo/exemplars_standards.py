"""The demo's standards (lamtheo.devdata.demo.exemplars): each open unit's code of professional
ethics and criteria for setting an example, version by version, adopted through the services.
"""

from __future__ import annotations

import datetime as dt

from lamtheo.devdata.data.exemplars import (
    ETHICS_V1,
    ETHICS_V2,
    ETHICS_V3,
    EXAMPLE_V1,
    EXAMPLE_V2,
    NOTE_V2_ETHICS,
    NOTE_V2_EXAMPLE,
    NOTE_V3,
    ROOT,
    SECTOR_ETHICS,
    SECTOR_EXAMPLE,
    STANDARD_CASES,
    V3_ETHICS,
    D,
)
from lamtheo.devdata.data.org import UNITS
from lamtheo.devdata.demo.exemplars_story import Story, nfc, workplace
from lamtheo.exemplars.models import StandardKind
from lamtheo.exemplars.services import standards as standard_services
from lamtheo.org.models import Unit, UnitKind


def unit_sectors() -> dict[str, str]:
    sectors = {}

    def walk(spec, inherited):
        sector = spec.sector if spec.sector != "enterprise" or not inherited else inherited
        sectors[spec.code] = sector
        for child in spec.children:
            walk(child, sector)

    walk(UNITS, None)
    sectors[UNITS.code] = "root"
    return sectors


def _version_text(kind: str, version: int, sector: str) -> str:
    if kind == StandardKind.ETHICS:
        lines = {1: ETHICS_V1, 2: ETHICS_V2, 3: ETHICS_V3}[version]
        s1, s2 = SECTOR_ETHICS[sector]
        return "\n".join(line.format(s1=s1, s2=s2) for line in lines)
    lines = {1: EXAMPLE_V1, 2: EXAMPLE_V2}[version]
    return "\n".join(line.format(s=SECTOR_EXAMPLE[sector]) for line in lines)


def _standard_title(kind: str, unit: Unit) -> str:
    if unit.code == ROOT:
        if kind == StandardKind.ETHICS:
            return f"Chuẩn mực đạo đức của cán bộ, đảng viên {unit.name}"
        return f"Tiêu chí trách nhiệm nêu gương của cấp ủy viên, đảng viên {unit.name}"
    if kind == StandardKind.ETHICS:
        org = workplace(unit)
        if unit.kind == UnitKind.CELL:  # a cell of the Cable TV sub-committee
            org = f"{org}, Truyền hình Cáp Hà Nội"
        return f"Chuẩn mực đạo đức nghề nghiệp của cán bộ, đảng viên, người lao động {org}"
    return f"Tiêu chí trách nhiệm nêu gương của cấp ủy viên, đảng viên {unit.name}"


def _adopted_by(unit: Unit, day: dt.date) -> str:
    if unit.code == ROOT:
        return "Ban Thường vụ Đảng ủy Khối"
    if unit.kind == UnitKind.SUB_COMMITTEE:
        return f"Ban Chấp hành Đảng bộ bộ phận (phiên họp tháng {day.month}/{day.year})"
    return f"Hội nghị chi bộ thường kỳ tháng {day.month}/{day.year}"


def write_standards(story: Story, sectors: dict[str, str]) -> None:
    root = story.units[ROOT]
    units = [
        u
        for u in story.units.values()
        if u.is_active and u.kind != UnitKind.GROUP and u.path.startswith(root.path)
    ]
    units.sort(key=lambda u: u.path)
    for index, unit in enumerate(units):
        sector = sectors.get(unit.code, "enterprise")
        by = story.by(unit)
        cases = STANDARD_CASES.get(unit.code, {})
        v3 = 3 if unit.code in V3_ETHICS else 2
        for offset, kind in enumerate((StandardKind.ETHICS, StandardKind.EXAMPLE)):
            count, review, next_review = cases.get(
                kind, (v3 if kind == StandardKind.ETHICS else 2, None, None)
            )
            days = [
                D(2021, 7 + index % 4, 5 + (index * 3 + offset * 2) % 20),
                D(2023, 4 + index % 3, 3 + (index * 5 + offset * 2) % 22),
                D(2024, 6 + index % 4, 10 + (index * 7) % 15),
            ]
            if unit.code == "DD-DLQTG":  # the hotel's cell wrote its criteria only in 2022
                days[0] = D(2022, 3, 15)
            standard = None
            for number in range(1, count + 1):
                day = days[number - 1]
                note = ""
                if number == 2:
                    note = NOTE_V2_ETHICS if kind == StandardKind.ETHICS else NOTE_V2_EXAMPLE
                elif number == 3:
                    note = NOTE_V3
                    if unit.code == "DD-DTLH":
                        note += (
                            " Áp dụng cho cả người lao động của Công ty Cổ phần Thương mại Cát "
                            "Linh sáp nhập từ ngày 01/4/2024."
                        )
                version = standard_services.version_adopt(
                    by=by,
                    unit=unit,
                    kind=kind,
                    text=nfc(_version_text(kind, number, sector)),
                    adopted_on=day,
                    adopted_by=nfc(_adopted_by(unit, day)),
                    change_note=nfc(note),
                    title=nfc(_standard_title(kind, unit)) if number == 1 else "",
                )
                standard = version.standard
                moment = story.at(("standard", standard.pk), "version", day)
                story.moments[("version", version.pk)].append(("created", moment))
                story.result.versions += 1
            if standard is None:
                continue
            story.result.standards += 1
            if review:
                standard_services.review_set(
                    by=by, standard=standard, review_status=review, next_review_on=next_review
                )
                story.at(
                    ("standard", standard.pk), "review", D(2026, 11, 2) + dt.timedelta(days=index)
                )
