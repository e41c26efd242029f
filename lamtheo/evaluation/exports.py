"""The review forms as DOCX (the documents kit): a member's self-review in the form of their
group (2A/2B/2C under HD 43, 02A/02B under HD 25: the code is the rule set's) and an
organisation's collective report (Mẫu 01). Documents are Vietnamese whatever the interface."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

from lamtheo.documents.layout import Letterhead, Signature
from lamtheo.documents.render import DocxDocument, PartyDocument
from lamtheo.documents.text import plain, short_date, slug
from lamtheo.evaluation.models import Group, MemberReview, OrgReview
from lamtheo.evaluation.queries import outcomes
from lamtheo.evaluation.rules import ORDER, Scoring
from lamtheo.org.issuers import issuer_of
from lamtheo.org.models import Unit

TEMPLATE = Path(__file__).resolve().parent / "docx" / "kiem-diem.docx"
RANK_TEXT = {
    "htxs": "Hoàn thành xuất sắc nhiệm vụ",
    "htt": "Hoàn thành tốt nhiệm vụ",
    "ht": "Hoàn thành nhiệm vụ",
    "kht": "Không hoàn thành nhiệm vụ",
}
GRADE_TEXT = {"excellent": "Xuất sắc", "good": "Tốt", "average": "Trung bình", "poor": "Kém"}
OUTCOME_TEXT = {"exceeded": "vượt", "met": "đạt", "not_met": "không đạt"}
SUBTITLE = {
    Group.LEADER: "Dùng cho cá nhân giữ chức vụ lãnh đạo, quản lý",
    Group.MEMBER: "Dùng cho cá nhân không giữ chức vụ lãnh đạo, quản lý",
    Group.OUTSIDE: "Dùng cho đảng viên không làm việc trong hệ thống chính trị",
}
MEMBER_PARTS = (
    ("I. Ưu điểm, kết quả đạt được", "strengths"),
    ("II. Hạn chế, khuyết điểm và nguyên nhân", "shortcomings"),
    (
        "III. Kết quả khắc phục những hạn chế, khuyết điểm đã được cấp có thẩm quyền kết luận",
        "fixes",
    ),
    ("IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)", "explanations"),
    (
        "V. Làm rõ trách nhiệm của cá nhân đối với những hạn chế, khuyết điểm của tập thể (nếu có)",
        "responsibility",
    ),
    ("VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm", "direction"),
)
ORG_PARTS = (
    ("I. Ưu điểm, kết quả đạt được", "strengths"),
    ("II. Hạn chế, khuyết điểm và nguyên nhân", "shortcomings"),
    ("III. Kết quả khắc phục những hạn chế, khuyết điểm đã được chỉ ra", "fixes"),
    ("IV. Trách nhiệm của tập thể, cá nhân", "responsibility"),
    ("V. Phương hướng, biện pháp khắc phục", "direction"),
)


def _lines(text: str) -> list[str]:
    return [plain(line) for line in text.splitlines() if line.strip()] or ["…"]


def _num(value) -> str:
    if value is None:
        return "…"
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def _scores(review) -> list[str]:
    rule_set = review.round.rule_set
    if rule_set.scoring == Scoring.GRADES:
        return [
            f"- Nhóm tiêu chí chung: {GRADE_TEXT.get(review.general_grade, '…')}",
            f"- Kết quả thực hiện nhiệm vụ: {GRADE_TEXT.get(review.results_grade, '…')}",
        ]
    return [
        f"- Nhóm I (tiêu chí chung): {_num(review.general_score)}/{rule_set.general_max} điểm",
        f"- Nhóm II (kết quả thực hiện nhiệm vụ): {_num(review.results_score)}/"
        f"{rule_set.results_max} điểm",
        f"- Tổng: {_num(review.total_score)}/100 điểm",
        f"- Nhiệm vụ trong năm: {review.tasks_total}; hoàn thành {review.tasks_done} (đúng "
        f"tiến độ {review.tasks_on_time}); vượt {review.tasks_exceeded}",
    ]


def _ranks(chosen: str) -> list[str]:
    # ■ and □: squares Times New Roman (and its metric twins) has, unlike the ballot boxes.
    return [f"{'■' if rank == chosen else '□'} {RANK_TEXT[rank]}" for rank in ORDER]


class ReviewDocument(DocxDocument):
    template = TEMPLATE

    def __init__(self, review, day: dt.date | None = None):
        self.review = review
        self.unit = review.cell if isinstance(review, MemberReview) else review.unit
        self.person = getattr(review, "person", None)
        self.issuer, self.offices = issuer_of(self.unit, self.person)
        self.day = day or timezone.localdate()

    def letterhead(self) -> Letterhead:
        return self.issuer.letterhead(self.day)

    def signatures(self) -> dict[str, Signature]:
        if self.person is not None:
            return {
                "signer": Signature(
                    title="NGƯỜI TỰ KIỂM ĐIỂM",
                    note="(Ký, ghi rõ họ tên)",
                    name=self.person.full_name,
                )
            }
        return {"signer": self.issuer.secretary_signature()}

    def _decision(self) -> list[str]:
        review = self.review
        lines = []
        if review.comment:
            lines.append(f"Nhận xét của chi bộ: {plain(review.comment)}")
        if review.proposed_rank and self.person is not None:
            lines.append(f"Chi bộ đề xuất xếp loại: {RANK_TEXT[review.proposed_rank]}")
        if review.rank:
            lines.append(f"Cấp có thẩm quyền quyết định xếp loại: {RANK_TEXT[review.rank]}")
        return lines

    def fields(self) -> dict:
        review, rule_set = self.review, self.review.round.rule_set
        if self.person is not None:
            person = self.person
            code = rule_set.form_for(review.group)
            header = [
                f"Họ và tên: {person.full_name}",
                f"Ngày sinh: {short_date(person.birth_date) or '…'}",
                f"Chức vụ, đơn vị công tác: {plain(person.job_title) or '…'}",
                f"Chi bộ: {review.cell.name}",
            ]
            parts = [{"heading": h, "lines": _lines(getattr(review, n))} for h, n in MEMBER_PARTS]
            commitments = outcomes(review.round.year, [person.pk])[person.pk]
            pledge = [
                f"- {plain(c.action)}: {OUTCOME_TEXT.get(c.outcome, 'chưa đánh giá')}"
                + (f" ({plain(c.evaluation_comment)})" if c.evaluation_comment else "")
                for c in commitments
            ] or ["- Không đăng ký việc làm theo Bác trong năm."]
            parts[0]["lines"] = [
                *parts[0]["lines"],
                "3. Thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu "
                "(việc làm theo Bác đã đăng ký):",
                *pledge,
            ]
            kind, subtitle, chosen = (
                "BẢN KIỂM ĐIỂM CÁ NHÂN",
                SUBTITLE[review.group],
                review.self_rank,
            )
        else:
            code = rule_set.form_collective
            header = [f"Tổ chức: {self.unit.name}"]
            parts = [{"heading": h, "lines": _lines(getattr(review, n))} for h, n in ORG_PARTS]
            kind = "BÁO CÁO"
            subtitle = "Kiểm điểm, tự đánh giá, xếp loại chất lượng của tập thể"
            chosen = review.proposed_rank
        return {
            "form_code": code,
            "kind": kind,
            "subtitle": subtitle,
            "year": review.round.year,
            "header_lines": header,
            "parts": parts,
            "score_lines": _scores(review),
            "rank_lines": _ranks(chosen),
            "decision_lines": self._decision(),
            "basis": f"Theo {rule_set.name}",
        }

    def filename(self) -> str:
        who = self.person.full_name if self.person is not None else self.unit.name
        return f"kiem-diem-{self.review.round.year}-{slug(who)}.docx"


def member_review_docx(review: MemberReview) -> tuple[bytes, str]:
    document = ReviewDocument(review)
    return document.render(), document.filename()


def org_review_docx(review: OrgReview) -> tuple[bytes, str]:
    document = ReviewDocument(review)
    return document.render(), document.filename()


def reranking_docx(complaint) -> tuple[bytes, str]:
    """The decision ranking a member again after an accepted complaint (HD 43 names Mẫu 03
    "Quyết định đánh giá, xếp loại lại"; its wording was not found, so this is the Party
    decision layout of the documents kit with the facts of the answer). Issued by the level
    above the chi bộ, which decided the rank; the number is left to the register."""
    review = complaint.review
    decided = complaint.events.filter(action="upheld").values_list("at", flat=True).first()
    day = timezone.localdate(decided) if decided else timezone.localdate()
    body = Unit.objects.filter(path=review.cell.parent_path()).first() or review.cell
    issuer, _offices = issuer_of(body, on=day)
    name = review.person.full_name
    year, title = review.round.year, review.round.title
    document = PartyDocument(
        head=issuer.letterhead(day),
        kind="Quyết định",
        summary=f"Về việc đánh giá, xếp loại lại chất lượng đảng viên năm {year}",
        paragraphs=[
            f"BAN THƯỜNG VỤ {issuer.issuer_name.upper()}",
            f"– Căn cứ {review.round.rule_set.name};",
            f"– Căn cứ kết quả {title[:1].lower()}{title[1:]};",
            f"– Xét {complaint.get_kind_display().lower()} của đồng chí {name} ngày "
            f"{short_date(timezone.localdate(complaint.created_at))} và kết quả thẩm định,",
            "QUYẾT ĐỊNH:",
            f"Điều 1. Hủy kết quả xếp loại chất lượng năm {year} đối với đồng chí {name}, "
            f"{review.cell.name} ({RANK_TEXT.get(complaint.old_rank, '…')}); xếp loại lại: "
            f"{RANK_TEXT[complaint.new_rank]}.",
            f"Lý do: {plain(complaint.answer)}",
            f"Điều 2. {review.cell.name} và đồng chí có tên tại Điều 1 chịu trách nhiệm thi "
            "hành Quyết định này.",
        ],
        signer=Signature(title="BÍ THƯ", name=issuer.secretary_name, on_behalf="T/M BAN THƯỜNG VỤ"),
        to=["Như Điều 2", "Lưu Văn phòng"],
        name=f"quyet-dinh-xep-loai-lai-{year}-{slug(name)}-{complaint.pk}.docx",
    )
    return document.render(), document.filename()
