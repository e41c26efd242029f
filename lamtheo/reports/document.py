"""The review report as a document in the Party layout (documents kit): the letterhead of the
issuing committee as on the report's date (org.issuers), the summary, parts I–III and the
annex, "Nơi nhận" and the signer. An issued report prints its frozen figures and text and its
register number; a draft prints the figures computed last, the period's last day and "DỰ THẢO"."""

from __future__ import annotations

from django.utils import timezone

from lamtheo.documents.layout import Letterhead, Signature
from lamtheo.documents.render import DocxDocument
from lamtheo.documents.text import slug
from lamtheo.org.issuers import issuer_of
from lamtheo.reports import text
from lamtheo.reports.docx.build_templates import HERE, REPORT
from lamtheo.reports.models import Report


def paragraphs(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ReviewReport(DocxDocument):
    template = HERE / REPORT

    def __init__(self, report: Report):
        self.report = report
        issued = report.is_issued
        # A draft is dated the period's last day (a review is written at its end, and the
        # issuing body then had the names of that day); an issued report its issue day.
        self.day = (
            report.document.issued_on if issued else min(report.ends_on, timezone.localdate())
        )
        source = (
            report.frozen
            if issued
            else {
                "figures": report.figures,
                "assessment": report.assessment,
                "shortcomings": report.shortcomings,
                "directions": report.directions,
            }
        )
        self.source = source
        self.figures = source["figures"]
        self.issuer, _offices = issuer_of(report.unit, on=self.day)

    def letterhead(self) -> Letterhead:
        number = self.report.document.number_line if self.report.is_issued else "DỰ THẢO"
        return self.issuer.letterhead(self.day, number)

    def signatures(self) -> dict[str, Signature]:
        report = self.report
        if report.is_issued:
            title = (report.signer_title or "Bí thư").upper()
            return {
                "signer": Signature(
                    title=title, name=report.signer_name, on_behalf=self.issuer.approver_for
                )
            }
        return {"signer": self.issuer.secretary_signature()}

    def recipients(self):
        upper = self.issuer.parent.name if self.issuer.parent else ""
        lines = [f"{upper} (để báo cáo)"] if upper else []
        return [*lines, "Các chi bộ, đảng bộ trực thuộc", "Lưu Văn phòng"]

    def fields(self) -> dict:
        f = self.figures
        sections = text.results(f)
        attached = (
            f"Kèm theo Báo cáo số {self.report.document.symbol}"
            if self.report.is_issued
            else "Kèm theo dự thảo Báo cáo"
        )
        annex = [
            {
                "no": i,
                "unit": row["unit"],
                "people": row["people"],
                "took_part": row["took_part"],
                "rate": row["rate"] or "–",
            }
            for i, row in enumerate(f["annex"], 1)
        ]
        return {
            "summary": self.report.summary,
            "intro": [
                f"Thực hiện chương trình, kế hoạch học tập và làm theo tư tưởng, đạo đức, phong "
                f"cách Hồ Chí Minh, {self.issuer.issuer_name} báo cáo kết quả thực hiện "
                f"{text.period(f)} như sau:"
            ],
            "sections": [{"heading": s.heading, "lines": s.lines} for s in sections],
            "assessment": paragraphs(self.source["assessment"]),
            "shortcomings": paragraphs(self.source["shortcomings"]),
            "directions": paragraphs(self.source["directions"]),
            "annex_title": "KẾT QUẢ THAM GIA HỌC TẬP CỦA ĐẢNG VIÊN THEO ĐƠN VỊ",
            "attached": attached,
            "annex": annex,
            "annex_note": (
                "Số đảng viên: đảng viên chính thức và dự bị sinh hoạt tại đơn vị trong kỳ; tham "
                "gia: dự ít nhất một buổi học tập, sinh hoạt hoặc tự nghiên cứu tài liệu trong kỳ."
            ),
        }

    def filename(self) -> str:
        f = self.figures
        return f"bao-cao-{slug(f['unit'])}-{f['start']}-{f['end']}.docx"
