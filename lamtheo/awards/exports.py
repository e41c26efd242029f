"""The round's papers in the Party layout (documents kit's PartyDocument): the council's
minutes (biên bản bình xét), the office's submission (tờ trình) and the decision (quyết định
khen thưởng) with its list annex. Vietnamese literals: documents, not the interface."""

from __future__ import annotations

from lamtheo.awards.models import AwardForm, NominationStatus
from lamtheo.documents.layout import Signature
from lamtheo.documents.render import PartyDocument
from lamtheo.documents.text import short_date, slug
from lamtheo.org.issuers import issuer_of

FORM_TEXT = {
    AwardForm.MERIT: "Giấy khen",
    AwardForm.STRONG_YEAR: "Tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu",
    AwardForm.STRONG_5Y: "Trong sạch, vững mạnh tiêu biểu 5 năm liền",
    AwardForm.EXCELLENT_YEAR: "Đảng viên hoàn thành xuất sắc nhiệm vụ tiêu biểu",
    AwardForm.EXCELLENT_5Y: "Hoàn thành xuất sắc nhiệm vụ tiêu biểu 5 năm liền",
    AwardForm.ADVANCED_WORKER: "Lao động tiên tiến",
    AwardForm.ADVANCED_COLLECTIVE: "Tập thể lao động tiên tiến",
}


def _head(round_, day, number=""):
    # The committee's name, the body above it and the place as they were on the day (org.issuers).
    issuer, _offices = issuer_of(round_.unit, on=day)
    return issuer.letterhead(day, number)


def _list(nominations):
    lines = []
    collectives = [n for n in nominations if not n.person_id]
    people = [n for n in nominations if n.person_id]
    if collectives:
        lines.append(f"I. TẬP THỂ ({len(collectives)})")
        lines += [f"{i}. {n.unit.name} – {FORM_TEXT[n.form]}" for i, n in enumerate(collectives, 1)]
    if people:
        lines.append(f"II. CÁ NHÂN ({len(people)})" if collectives else f"CÁ NHÂN ({len(people)})")
        lines += [
            f"{i}. Đồng chí {n.person.full_name}, {n.unit.name} – {FORM_TEXT[n.form]}"
            for i, n in enumerate(people, 1)
        ]
    return lines


def minutes(round_, nominations, members, day) -> PartyDocument:
    body = [
        f"Hội đồng Thi đua – Khen thưởng {round_.unit.name} họp bình xét khen thưởng: "
        f"{round_.title}.",
        f"Thành phần: {len(members)} thành viên hội đồng.",
        *[f"– Đồng chí {m.name}{', ' + m.office if m.office else ''}" for m in members],
        f"Ngưỡng đề nghị: trên {round_.threshold_percent}% tổng số thành viên hội đồng "
        "đồng ý (thiết lập của vòng xét, không phải quy định pháp luật).",
        "Kết quả bỏ phiếu:",
    ]
    for i, n in enumerate(nominations, 1):
        verdict = "Đề nghị khen thưởng" if n.status == NominationStatus.APPROVED else "Không đạt"
        body.append(
            f"{i}. {n.recipient_name} ({FORM_TEXT[n.form]}): đồng ý {n.votes_for}/"
            f"{len(members)}, không đồng ý {n.votes_against} – {verdict}."
        )
    chair = members[0] if members else None
    return PartyDocument(
        head=_head(round_, day),
        kind="Biên bản",
        summary="Họp Hội đồng Thi đua – Khen thưởng bình xét khen thưởng",
        paragraphs=body,
        signer=Signature(title="CHỦ TỊCH HỘI ĐỒNG", name=chair.name if chair else ""),
        to=["Ban Thường vụ", "Lưu Văn phòng"],
        name=f"bien-ban-binh-xet-{slug(str(round_.year))}-{round_.pk}.docx",
    )


def submission(decision, nominations) -> PartyDocument:
    round_ = decision.round
    document = decision.submission
    approved = [n for n in nominations if n.status == NominationStatus.APPROVED]
    return PartyDocument(
        head=_head(round_, document.issued_on, document.number_line),
        kind="Tờ trình",
        summary=document.summary,
        paragraphs=[
            "Kính gửi: Ban Thường vụ " + round_.unit.name,
            f"Căn cứ kết quả bình xét của Hội đồng Thi đua – Khen thưởng, Văn phòng kính trình "
            f"Ban Thường vụ xem xét, quyết định khen thưởng {len(approved)} tập thể, cá nhân "
            f"có thành tích: {round_.title}.",
            "(Danh sách kèm theo)",
            *_list(approved),
        ],
        signer=Signature(title="CHÁNH VĂN PHÒNG"),
        to=["Như trên", "Lưu Văn phòng"],
        name=f"to-trinh-{slug(document.symbol)}.docx",
    )


def decision_document(decision, nominations) -> PartyDocument:
    round_ = decision.round
    document = decision.document
    approved = [n for n in nominations if n.status == NominationStatus.APPROVED]
    people = sum(1 for n in approved if n.person_id)
    return PartyDocument(
        head=_head(round_, document.issued_on, document.number_line),
        kind="Quyết định",
        summary=document.summary,
        paragraphs=[
            f"BAN THƯỜNG VỤ {round_.unit.name.upper()}",
            "– Căn cứ Điều lệ Đảng và Hướng dẫn thi hành Điều lệ Đảng về khen thưởng tổ chức "
            "đảng và đảng viên;",
            f"– Xét Tờ trình số {decision.submission.symbol} ngày "
            f"{short_date(decision.submission.issued_on)} và biên bản bình xét của Hội đồng "
            "Thi đua – Khen thưởng,",
            "QUYẾT ĐỊNH:",
            f"Điều 1. Tặng giấy khen cho {len(approved) - people} tập thể và {people} cá nhân "
            f"có thành tích: {round_.title} (danh sách kèm theo).",
            "Điều 2. Văn phòng và các đơn vị có tên tại Điều 1 chịu trách nhiệm thi hành "
            "Quyết định này.",
            "",
            "DANH SÁCH KHEN THƯỞNG",
            f"(Kèm theo Quyết định số {document.symbol} ngày {short_date(document.issued_on)})",
            *_list(approved),
        ],
        signer=Signature(
            title=decision.signer_title or "BÍ THƯ",
            name=decision.signer_name,
            on_behalf="T/M BAN THƯỜNG VỤ",
        ),
        to=["Như Điều 2", "Lưu Văn phòng"],
        name=f"quyet-dinh-{slug(document.symbol)}.docx",
    )
