"""The dashboard as a workbook: one sheet per chart, the same figures as the page's tables."""

from __future__ import annotations

from django.utils import translation

from lamtheo.dashboard.figures import Dashboard
from lamtheo.documents.exporters import INTEGER, Column, ListExporter, Sheet
from lamtheo.documents.text import slug


class DashboardExporter(ListExporter):
    def __init__(self, board: Dashboard):
        self.board = board
        self.identifier = f"tong-quan-{slug(board.unit.name)}-{board.year}"

    def preamble(self):
        return [self.board.unit.name, f"Năm {self.board.year}"]

    def sheets(self) -> list[Sheet]:
        # Documents are Vietnamese whatever the reader's interface language.
        with translation.override("vi"):
            sheets = []
            for number, chart in enumerate(self.board.charts, 1):
                columns = [Column(str(chart.label), 40)] + [
                    Column(str(s.name), 16, INTEGER) for s in chart.series
                ]
                rows = [[label, *values] for label, _link, values in chart.rows]
                # Excel allows 31 characters in a sheet's name.
                sheets.append(
                    Sheet(f"{number}. {chart.title}"[:31], columns, rows, self.preamble())
                )
            late = [
                Column("Đơn vị", 40),
                Column("Số người", 12, INTEGER),
                Column("Đã đăng ký", 12, INTEGER),
                Column("Chờ duyệt", 12, INTEGER),
                Column("Trả lại", 12, INTEGER),
                Column("Tỷ lệ đăng ký (%)", 16, INTEGER),
            ]
            rows = [
                [r.name, r.people, r.registered, r.waiting, r.returned, r.rate]
                for r in self.board.late
            ]
            sheets.append(
                Sheet("Đơn vị cần đôn đốc", late, rows, self.preamble(), empty="Không có.")
            )
            return sheets
