"""The document register as a spreadsheet (documents kit's ListExporter)."""

from __future__ import annotations

from lamtheo.documents.exporters import DATE, INTEGER, Column, ListExporter
from lamtheo.documents.text import slug


class RegisterExporter(ListExporter):
    title = "Sổ đăng ký văn bản"
    columns = (
        Column("STT", 6, INTEGER),
        Column("Nhiệm kỳ", 12),
        Column("Loại", 8),
        Column("Số", 8, INTEGER),
        Column("Số và ký hiệu", 18),
        Column("Ngày", 12, DATE),
        Column("Trích yếu", 50),
        Column("Người ký", 24),
        Column("Trạng thái", 14),
        Column("Lý do hủy", 30),
    )
    empty = "Chưa có văn bản nào."

    def __init__(self, body, term, documents):
        self.body = body
        self.term = term
        self.documents = documents
        self.identifier = f"so-van-ban-{slug(body.code)}"

    def preamble(self):
        lines = ["SỔ ĐĂNG KÝ VĂN BẢN", self.body.name]
        if self.term is not None:
            lines.append(f"Nhiệm kỳ {self.term.label}")
        return lines

    def rows(self):
        for index, d in enumerate(self.documents, 1):
            yield (
                index,
                d.term.label,
                d.kind,
                d.number,
                d.symbol,
                d.issued_on,
                d.summary,
                d.signer_name,
                "Đã hủy" if d.is_cancelled else "Đã ban hành",
                d.cancel_reason,
            )
