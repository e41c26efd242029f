"""The inspection's papers in the Party layout (documents kit's PartyDocument): the yearly
plan (kế hoạch kiểm tra, giám sát), the decision of inspection or notice of supervision, and
the conclusion (thông báo kết luận). Numbers come from the committee's document register
(org.register); a paper printed before its number leaves the number blank.

A đảng ủy's inspection papers are issued by its inspection committee ("ỦY BAN KIỂM TRA" under
the committee's name, signed "T/M ỦY BAN KIỂM TRA / CHỦ NHIỆM"); a chi bộ has none and
issues them itself (its own letterhead, its secretary signs). Vietnamese literals: documents,
not the interface."""

from __future__ import annotations

import datetime as dt

from lamtheo.documents.layout import Letterhead, Signature
from lamtheo.documents.render import PartyDocument
from lamtheo.documents.text import short_date, slug
from lamtheo.org.issuers import issuer_of
from lamtheo.oversight.models import Content, Kind, Severity

CONTENT_TEXT = {
    Content.KL01: "Việc thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về "
    "tiếp tục thực hiện Chỉ thị số 05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, "
    "đạo đức, phong cách Hồ Chí Minh",
    Content.REGISTRATIONS: "Việc đăng ký, thực hiện và đánh giá bản cam kết làm theo của "
    "đảng viên và tổ chức đảng",
    Content.STUDY: "Việc tổ chức học tập, quán triệt và tỷ lệ tham gia sinh hoạt, học tập",
    Content.OTHER: "",
}
SEVERITY_TEXT = {
    Severity.SHORTCOMING: "Hạn chế",
    Severity.DEFICIENCY: "Thiếu sót",
    Severity.VIOLATION: "Vi phạm",
}
UBKT = "Ủy ban Kiểm tra"
# The rule in force on the paper's day (DOMAIN.md §6.2): QĐ 296-QĐ/TW (30/5/2025) replaced
# QĐ 22-QĐ/TW (28/7/2021).
QD_296 = dt.date(2025, 5, 30)


def rule_of(day: dt.date) -> str:
    if day >= QD_296:
        return (
            "Quy định số 296-QĐ/TW ngày 30/5/2025 của Ban Chấp hành Trung ương về công tác "
            "kiểm tra, giám sát và kỷ luật của Đảng"
        )
    return (
        "Quy định số 22-QĐ/TW ngày 28/7/2021 của Ban Chấp hành Trung ương về công tác kiểm tra, "
        "giám sát và kỷ luật của Đảng"
    )


def _frame(unit, day: dt.date, number: str, signer_name: str):
    """(letterhead, signature) of the inspecting committee's papers on `day`."""
    issuer, _offices = issuer_of(unit, on=day)
    if issuer.is_cell:
        signature = issuer.secretary_signature()
        if signer_name:
            signature = Signature(title="BÍ THƯ", name=signer_name, on_behalf=issuer.approver_for)
        return issuer.letterhead(day, number), signature
    head = Letterhead(
        issuer=UBKT,
        upper_body=issuer.issuer_name,
        number=number,
        date=day,
        place=issuer.place or None,
    )
    return head, Signature(title="CHỦ NHIỆM", name=signer_name, on_behalf="T/M ỦY BAN KIỂM TRA")


def _content(inspection) -> str:
    text = CONTENT_TEXT.get(inspection.content, "")
    extra = inspection.content_text.strip()
    return f"{text}. {extra}" if text and extra else (text or extra)


def _subjects(subjects) -> list[str]:
    # Dashes, not numbers: the list sits inside a numbered item of the paper.
    lines = []
    for s in subjects:
        if s.person_id:
            lines.append(f"– Đồng chí {s.person.full_name}, đảng viên {s.person.unit.name};")
        else:
            lines.append(f"– {s.unit.name};")
    if lines:
        lines[-1] = lines[-1][:-1] + "."
    return lines


def plan_document(plan, inspections, day: dt.date) -> PartyDocument:
    document = plan.document
    on = document.issued_on if document else day
    head, signer = _frame(plan.unit, on, document.number_line if document else "Số   -KH/", "")
    body = [
        "I. MỤC ĐÍCH, YÊU CẦU",
        plan.purpose
        or "Thực hiện nhiệm vụ kiểm tra, giám sát theo Điều lệ Đảng; kịp thời phát hiện, "
        "nhắc nhở, khắc phục hạn chế, thiếu sót.",
        "II. NỘI DUNG, ĐỐI TƯỢNG, THỜI GIAN",
    ]
    for i, ins in enumerate(inspections, 1):
        names = ", ".join(s.name for s in ins.subjects.all())
        body.append(
            f"{i}. {ins.title}. Đối tượng: {names}. Thời gian: từ "
            f"{short_date(ins.starts_on)} đến {short_date(ins.ends_on)}."
        )
    if not inspections:
        body.append("(Chưa có cuộc kiểm tra, giám sát nào trong kế hoạch.)")
    body += [
        "III. TỔ CHỨC THỰC HIỆN",
        "Ủy ban Kiểm tra chủ trì, phối hợp với Văn phòng tổ chức thực hiện kế hoạch; các "
        "tổ chức đảng là đối tượng kiểm tra, giám sát chuẩn bị báo cáo và tài liệu liên quan.",
    ]
    return PartyDocument(
        head=head,
        kind="Kế hoạch",
        summary=f"Kiểm tra, giám sát năm {plan.year}",
        paragraphs=body,
        signer=signer,
        to=["Ban Thường vụ (để báo cáo)", "Các chi bộ trực thuộc", "Lưu Văn phòng"],
        name=f"ke-hoach-kiem-tra-{plan.year}-{slug(plan.unit.code)}.docx",
    )


def notice_document(inspection, subjects, day: dt.date) -> PartyDocument:
    document = inspection.notice
    on = document.issued_on if document else day
    is_inspection = inspection.kind == Kind.INSPECTION
    number = document.number_line if document else ("Số   -QĐ/" if is_inspection else "Số   -TB/")
    head, signer = _frame(inspection.unit, on, number, inspection.signer_name)
    what = "kiểm tra" if is_inspection else "giám sát"
    body = [
        f"– Căn cứ Điều lệ Đảng; {rule_of(on)};",
    ]
    if inspection.plan_id and inspection.plan.document_id:
        body.append(
            f"– Căn cứ Kế hoạch số {inspection.plan.document.symbol} về kiểm tra, giám sát năm "
            f"{inspection.plan.year};"
        )
    body += [
        f"1. {what.capitalize()} đối với:",
        *_subjects(subjects),
        f"2. Nội dung {what}: {_content(inspection)}.",
        f"3. Thời kỳ {what}: từ {short_date(inspection.period_from)} đến "
        f"{short_date(inspection.period_to)}.",
        f"4. Thời gian tiến hành: từ {short_date(inspection.starts_on)} đến "
        f"{short_date(inspection.ends_on)}.",
        f"5. Thành phần đoàn {what}:",
        *(inspection.team_lines or ["(Theo phân công của Ủy ban Kiểm tra.)"]),
        f"6. Đối tượng {what} chuẩn bị báo cáo bằng văn bản và cung cấp tài liệu liên quan "
        f"theo yêu cầu của đoàn {what}.",
    ]
    return PartyDocument(
        head=head,
        kind="Quyết định" if is_inspection else "Thông báo",
        summary=f"Về việc {what}: {inspection.title}",
        paragraphs=body,
        signer=signer,
        to=["Ban Thường vụ (để báo cáo)", f"Đối tượng {what}", f"Đoàn {what}", "Lưu hồ sơ"],
        name=f"{'quyet-dinh-kiem-tra' if is_inspection else 'thong-bao-giam-sat'}-"
        f"{inspection.pk}.docx",
    )


def _evidence_line(e: dict) -> str:
    if not e:
        return ""
    parts = [f"đăng ký làm theo: {e.get('registrations', 0)}"]
    parts.append(f"nộp muộn: {e.get('late', 0)}")
    parts.append(f"chưa được duyệt, đánh giá: {e.get('unreviewed', 0)}")
    if e.get("participation") is not None:
        parts.append(
            f"tham gia sinh hoạt, học tập: {e['participation']}% "
            f"({e.get('attended', 0)}/{e.get('invited', 0)})"
        )
    return "Số liệu trên hệ thống: " + "; ".join(parts) + "."


def conclusion_document(inspection, subjects, findings, day: dt.date) -> PartyDocument:
    document = inspection.conclusion
    on = document.issued_on if document else day
    head, signer = _frame(
        inspection.unit,
        on,
        document.number_line if document else "Số   -TB/",
        inspection.signer_name,
    )
    what = "kiểm tra" if inspection.kind == Kind.INSPECTION else "giám sát"
    notice = inspection.notice
    body = []
    if notice is not None:
        body.append(
            f"Thực hiện {'Quyết định' if inspection.kind == Kind.INSPECTION else 'Thông báo'} "
            f"số {notice.symbol} ngày {short_date(notice.issued_on)}, đoàn {what} đã tiến hành "
            f"{what} từ {short_date(inspection.starts_on)} đến {short_date(inspection.ends_on)} "
            "đối với:"
        )
    body += [*_subjects(subjects), f"Nội dung: {_content(inspection)}.", "I. KẾT LUẬN"]
    body += [p.strip() for p in inspection.conclusion_text.splitlines() if p.strip()] or [
        "(Chưa có kết luận.)"
    ]
    body.append("II. HẠN CHẾ, THIẾU SÓT VÀ YÊU CẦU KHẮC PHỤC")
    for i, f in enumerate(findings, 1):
        body.append(f"{i}. {f.subject.name} – {SEVERITY_TEXT[f.severity]}: {f.text}")
        evidence = _evidence_line(f.evidence)
        if evidence:
            body.append(evidence)
        for r in f.recommendations.all():
            body.append(f"Yêu cầu: {r.text} Thời hạn: {short_date(r.deadline)}.")
    if not findings:
        body.append("Không phát hiện hạn chế, thiếu sót cần khắc phục.")
    body.append(
        "Đối tượng được kiểm tra báo cáo kết quả khắc phục bằng văn bản (và trên hệ thống) "
        "về Ủy ban Kiểm tra trước thời hạn nêu trên."
    )
    return PartyDocument(
        head=head,
        kind="Thông báo",
        summary=f"Kết luận {what}: {inspection.title}",
        paragraphs=body,
        signer=signer,
        to=["Ban Thường vụ (để báo cáo)", f"Đối tượng {what}", "Lưu hồ sơ"],
        name=f"thong-bao-ket-luan-{inspection.pk}.docx",
    )
