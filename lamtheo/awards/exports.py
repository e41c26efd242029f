"""The round's papers in the Party layout: the council's minutes (biên bản bình xét) and the
office's submission (tờ trình) as the documents kit's PartyDocument, the decision (quyết định
khen thưởng) on its own template with its list annex as a table (docx/build_templates.py).
Vietnamese literals: documents, not the interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lamtheo.awards.models import AwardForm, NominationStatus
from lamtheo.documents.layout import Letterhead, Signature
from lamtheo.documents.render import DocxDocument, PartyDocument
from lamtheo.documents.text import plain, short_date, slug
from lamtheo.org.issuers import issuer_of

DECISION_TEMPLATE = Path(__file__).resolve().parent / "docx" / "quyet-dinh-khen-thuong.docx"

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


def _rows(nominations, people: bool) -> list[dict]:
    return [
        {
            "number": i,
            "name": f"Đồng chí {n.person.full_name}" if people else n.unit.name,
            "unit": n.unit.name if people else "",
            "form": FORM_TEXT[n.form],
        }
        for i, n in enumerate(nominations, 1)
    ]


@dataclass
class DecisionDocument(DocxDocument):
    """The decision (quyết định khen thưởng) with its list annex as a table on a page of its
    own (template `docx/quyet-dinh-khen-thuong.docx`)."""

    head: Letterhead
    summary: str
    authority: str
    bases: list[str]
    articles: list[str]
    annex_line: str
    collectives: list[dict]
    people: list[dict]
    signer: Signature
    name: str
    to: tuple[str, ...] = ("Như Điều 2", "Lưu Văn phòng")
    template: Path = field(default=DECISION_TEMPLATE, repr=False)

    def letterhead(self) -> Letterhead:
        return self.head

    def signatures(self) -> dict[str, Signature]:
        return {"signer": self.signer}

    def recipients(self):
        return self.to

    def fields(self) -> dict:
        both = bool(self.collectives and self.people)
        return {
            "summary": plain(self.summary),
            "authority": self.authority,
            "bases": [plain(p) for p in self.bases],
            "articles": [plain(p) for p in self.articles],
            "annex_title": "DANH SÁCH KHEN THƯỞNG",
            "annex_line": self.annex_line,
            "collectives": self.collectives,
            "collectives_heading": f"I. TẬP THỂ ({len(self.collectives)})",
            "people": self.people,
            "people_heading": (f"{'II. ' if both else ''}CÁ NHÂN ({len(self.people)})"),
        }

    def filename(self) -> str:
        return self.name


def decision_document(decision, nominations) -> DecisionDocument:
    round_ = decision.round
    document = decision.document
    approved = [n for n in nominations if n.status == NominationStatus.APPROVED]
    collectives = [n for n in approved if not n.person_id]
    people = [n for n in approved if n.person_id]
    head = _head(round_, document.issued_on, document.number_line)
    return DecisionDocument(
        head=head,
        summary=document.summary,
        # The committee (Đảng ủy …) decides, under its name on the day, as on the letterhead.
        authority=f"BAN THƯỜNG VỤ {head.issuer.upper()}",
        bases=[
            "Căn cứ Điều lệ Đảng và Hướng dẫn thi hành Điều lệ Đảng về khen thưởng tổ chức "
            "đảng và đảng viên;",
            f"Xét Tờ trình số {decision.submission.symbol} ngày "
            f"{short_date(decision.submission.issued_on)} và biên bản bình xét của Hội đồng "
            "Thi đua – Khen thưởng,",
        ],
        articles=[
            f"Điều 1. Khen thưởng {len(collectives)} tập thể và {len(people)} cá nhân có "
            f"thành tích: {round_.title}, với hình thức khen thưởng theo danh sách kèm theo.",
            "Điều 2. Văn phòng và các đơn vị có tên tại Điều 1 chịu trách nhiệm thi hành "
            "Quyết định này.",
        ],
        annex_line=(
            f"(Kèm theo Quyết định số {document.symbol} ngày {short_date(document.issued_on)})"
        ),
        collectives=_rows(collectives, people=False),
        people=_rows(people, people=True),
        signer=Signature(
            title=decision.signer_title or "BÍ THƯ",
            name=decision.signer_name,
            on_behalf="T/M BAN THƯỜNG VỤ",
        ),
        name=f"quyet-dinh-{slug(document.symbol)}.docx",
    )
