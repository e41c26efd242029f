"""The words of a review report, from its figures (plain data, lamtheo.reports.figures).

`results(figures)` is part I, one section per kind of work, every number taken from the
figures; `draft(figures)` the first version of the three paragraphs people edit on the page
(the overall assessment, shortcomings and causes, directions and tasks), with the figures in
them. Documents are Vietnamese whatever the interface language: the words are literals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def n2(value: int) -> str:
    """Counts below ten written with a zero, as Party reports do ("05 tập thể")."""
    return f"{value:02d}" if 0 < value < 10 else f"{value:,}".replace(",", ".")


def day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def period(figures: dict) -> str:
    return f"từ ngày {day(figures['start'])} đến ngày {day(figures['end'])}"


def _pct(rate) -> str:
    return f"{rate}%" if rate is not None else "chưa có số liệu"


def _listing(pairs, unit: str) -> str:
    shown = [f"{label.lower()}: {n2(n)} {unit}" for label, n, *_ in pairs if n]
    return "; ".join(shown) if shown else "không có"


@dataclass
class Section:
    heading: str
    lines: list[str]


def results(f: dict) -> list[Section]:
    """Part I, from the figures."""
    members, everyone = f["participation"]["members"], f["participation"]["everyone"]
    a = f["activity"]
    study = [
        f"Trong kỳ, các cấp ủy, tổ chức đảng trong {f['unit']} đã tổ chức {n2(a['sessions'])} "
        f"hội nghị, buổi học tập, sinh hoạt chuyên đề được tính vào việc học tập "
        f"({_listing(a['by_kind'], 'buổi')}), với {n2(a['points'])} điểm cầu và "
        f"{n2(a['attendances'])} lượt người tham dự; hình thức: "
        f"{_listing(a['by_format'], 'buổi')}.",
        f"Có {n2(a['cells_organised'])}/{n2(a['cells'])} chi bộ "
        f"({_pct(a['cells_rate'])}) tổ chức ít nhất một buổi học tập, sinh hoạt trong kỳ.",
        f"Số đảng viên tham gia học tập (dự hội nghị, sinh hoạt hoặc tự nghiên cứu tài liệu): "
        f"{n2(members['took_part'])}/{n2(members['people'])} đồng chí, đạt "
        f"{_pct(members['rate'])}; tính cả quần chúng và người lao động: "
        f"{n2(everyone['took_part'])}/{n2(everyone['people'])} người, đạt "
        f"{_pct(everyone['rate'])}. Có {n2(a['self_study'])} lượt tự nghiên cứu tài liệu "
        f"được ghi nhận.",
    ]
    doing = []
    for y in f["registrations"]:
        doing.append(
            f"Năm {y['year']} ({y['program']}): {n2(y['registered'])}/{n2(y['people'])} người "
            f"({_pct(y['registered_rate'])}) xây dựng bản đăng ký làm theo, mỗi người từ "
            f"{n2(y['min_commitments'])} đến {n2(y['max_commitments'])} việc; tổng số "
            f"{n2(y['commitments'])} việc đăng ký thuộc {n2(y['areas'])} nội dung "
            f"({_listing(y['by_area'], 'việc')}). Kết quả đánh giá: "
            f"{_listing(y['by_outcome'], 'việc')}."
        )
    if not doing:
        doing.append("Trong kỳ chưa có chương trình làm theo nào được triển khai.")
    e = f["exemplars"]
    if e["standards_versions"]:
        doing.append(
            f"Rà soát, bổ sung chuẩn mực đạo đức: {n2(e['standards_versions'])} lần ban hành, "
            f"sửa đổi chuẩn mực tại {n2(e['standards_units'])} đơn vị."
        )
    else:
        doing.append("Trong kỳ chưa có đơn vị nào ban hành, sửa đổi chuẩn mực đạo đức.")
    exemplars = [
        "Các cấp ủy đã phát hiện, công nhận các điển hình: "
        f"{_listing(e['recognised'], 'điển hình')}."
    ]
    if e["replicated"]:
        listed = "; ".join(f"{r['title']} ({n2(r['units'])} đơn vị)" for r in e["replicated"])
        exemplars.append(f"Các mô hình được nhân rộng trong kỳ: {listed}.")
    else:
        exemplars.append("Trong kỳ chưa có mô hình nào được nhân rộng.")
    c = f["campaigns"]
    campaigns = []
    if c["titles"]:
        campaigns.append("Các phong trào thi đua: " + "; ".join(c["titles"]) + ".")
    total = sum(row[1] for row in c["activities"])
    people = sum(row[2] for row in c["activities"])
    campaigns.append(
        f"Các đơn vị đã tổ chức {n2(total)} hoạt động với {n2(people)} lượt người tham gia "
        f"({_listing(c['activities'], 'hoạt động')})."
    )
    awards = _awards(f["awards"])
    return [
        Section("1. Công tác học tập, quán triệt", study),
        Section("2. Việc làm theo", doing),
        Section("3. Điển hình tiên tiến và nhân rộng mô hình", exemplars),
        Section("4. Các phong trào thi đua", campaigns),
        Section("5. Khen thưởng, biểu dương", awards),
    ]


def _awards(w: dict) -> list[str]:
    """The commended, decision by decision (a review conference's own decision apart from the
    yearly ones), collectives first, by name."""
    lines = [
        f"Trong kỳ, cấp ủy đã khen thưởng, biểu dương {n2(len(w['collectives']))} lượt tập thể "
        f"và {n2(len(w['individuals']))} lượt cá nhân có thành tích xuất sắc."
    ]
    decisions: dict[tuple[str, str], dict[str, list]] = {}
    for key in ("collectives", "individuals"):
        for r in w[key]:
            found = decisions.setdefault((r["decision"], r["decided_on"]), {})
            found.setdefault(key, []).append(r)
    ordered = sorted(decisions.items(), key=lambda item: day_key(item[0][1]))
    for (number, on), found in ordered:
        collectives, people = found.get("collectives", []), found.get("individuals", [])
        named = [f"{r['name']} ({r['form']})" for r in collectives]
        named += [f"đồng chí {r['name']}, {r['unit']} ({r['form']})" for r in people]
        counts = [f"{n2(len(collectives))} tập thể"] if collectives else []
        counts += [f"{n2(len(people))} cá nhân"] if people else []
        lines.append(
            f"Quyết định số {number} ngày {on}: {', '.join(counts)}: " + "; ".join(named) + "."
        )
    return lines


def day_key(value: str) -> str:
    d, m, y = value.split("/")
    return f"{y}{m}{d}"


def draft(f: dict) -> dict[str, str]:
    """The first version of the three paragraphs people edit."""
    members = f["participation"]["members"]
    a = f["activity"]
    last = f["registrations"][-1] if f["registrations"] else None
    w = f["awards"]
    assessment = (
        f"{period(f).capitalize()}, các cấp ủy, tổ chức đảng trong {f['unit']} đã lãnh đạo, "
        f"chỉ đạo việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh thành "
        f"nhiệm vụ thường xuyên: {n2(a['sessions'])} buổi học tập, sinh hoạt; "
        f"{_pct(members['rate'])} đảng viên tham gia học tập"
    )
    if last:
        assessment += (
            f"; năm {last['year']} có {_pct(last['registered_rate'])} cán bộ, đảng viên, "
            f"người lao động xây dựng bản đăng ký làm theo"
        )
    assessment += (
        f"; {n2(len(w['collectives']))} lượt tập thể và {n2(len(w['individuals']))} lượt cá "
        f"nhân được khen thưởng, biểu dương."
    )
    gaps = []
    if members["never"]:
        gaps.append(f"còn {n2(members['never'])} đảng viên chưa tham gia học tập trong kỳ")
    if a["cells"] and a["cells_organised"] < a["cells"]:
        gaps.append(
            f"{n2(a['cells'] - a['cells_organised'])} chi bộ chưa tổ chức buổi học tập, "
            f"sinh hoạt nào"
        )
    if last and last["people"] > last["registered"]:
        gaps.append(
            f"năm {last['year']} còn {n2(last['people'] - last['registered'])} người "
            f"chưa đăng ký làm theo"
        )
    shortcomings = (
        ("Bên cạnh kết quả đạt được, " + "; ".join(gaps) + ". ")
        if gaps
        else "Bên cạnh kết quả đạt được, "
    ) + (
        "Nguyên nhân: một số cấp ủy chưa thường xuyên kiểm tra, đôn đốc; việc đăng ký "
        "làm theo ở một số nơi còn chung chung, khó đánh giá."
    )
    directions = (
        "Các cấp ủy tiếp tục lãnh đạo, chỉ đạo toàn diện việc học tập và làm theo tư tưởng, "
        "đạo đức, phong cách Hồ Chí Minh; đưa nội dung này thành sinh hoạt thường xuyên của "
        "chi bộ; tổ chức cho cán bộ, đảng viên, người lao động xây dựng bản đăng ký làm theo "
        "và thường xuyên kiểm tra, đánh giá; tiếp tục phát hiện, biểu dương và nhân rộng các "
        "điển hình tiên tiến, mô hình hay."
    )
    return {"assessment": assessment, "shortcomings": shortcomings, "directions": directions}
