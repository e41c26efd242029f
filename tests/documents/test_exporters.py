"""ListExporter: rows declared once, written as XLSX and CSV; nothing a user typed becomes a
formula or an error value, text stays text, the sheet is laid out (widths, frozen header)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from lamtheo.documents.exporters import (
    CSV_TYPE,
    DATE,
    DATETIME,
    INTEGER,
    NUMBER,
    XLSX_TYPE,
    Column,
    ListExporter,
    Sheet,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
HOSTILE = ['=HYPERLINK("http://x","y")', "+84 912 345 678", "-1", "@SUM(A1)", " =1+1", "#N/A"]


class PeopleExporter(ListExporter):
    identifier = "danh-sach"
    title = "Danh sách: tháng 3/2023"  # ":" and "/" are not allowed in a sheet name
    columns = (
        Column("STT", 6, INTEGER),
        Column("Họ và tên", 28),
        Column("Mã", 10),
        Column("Điểm", 8, NUMBER, "0.0"),
        Column("Ngày sinh", 12, DATE),
        Column("Giờ điểm danh", 18, DATETIME),
    )
    empty = "Chưa có ai."

    def __init__(self, rows):
        self._rows = rows

    def preamble(self):
        return ["DANH SÁCH ĐẢNG VIÊN", "", "Chi bộ A"]

    def rows(self):
        yield from self._rows

    def footer(self):
        return [(None, "Tổng cộng", None, Decimal("17.5"), None, None)] if self._rows else []


ROWS = [
    (1, "Nguyễn Văn Quang", "007", Decimal("9.5"), dt.date(1960, 1, 1), None),
    (2, "Trần Thị Ánh", "0100", 8.0, None, dt.datetime(2023, 3, 14, 1, 5, tzinfo=dt.UTC)),
    *[(3 + i, text, text, None, None, None) for i, text in enumerate(HOSTILE)],
]


def workbook(exporter):
    return load_workbook(io.BytesIO(exporter.xlsx()))


def test_xlsx_layout():
    sheet = workbook(PeopleExporter(ROWS)).active
    assert sheet.title == "Danh sách  tháng 3 2023"
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    # The title in bold, the blank preamble line dropped, a blank row, then the header.
    assert rows[0][0] == "DANH SÁCH ĐẢNG VIÊN" and sheet["A1"].font.b
    assert rows[1][0] == "Chi bộ A" and not sheet["A2"].font.b
    assert rows[2] == [None] * len(rows[2])
    assert rows[3] == ["STT", "Họ và tên", "Mã", "Điểm", "Ngày sinh", "Giờ điểm danh"]
    assert all(cell.font.b for cell in sheet[4])
    assert sheet.freeze_panes == "A5"
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEF"] == [6, 28, 10, 8, 12, 18]
    assert sheet["A5"].font.name == "Times New Roman"
    # Footer rows in bold after the data.
    assert rows[-1][1:4] == ["Tổng cộng", None, 17.5] and sheet.cell(len(rows), 2).font.b


def test_xlsx_values_keep_their_kind():
    sheet = workbook(PeopleExporter(ROWS)).active
    quang, anh = sheet[5], sheet[6]
    assert [c.value for c in quang[:5]] == [
        1,
        "Nguyễn Văn Quang",
        "007",
        9.5,
        dt.datetime(1960, 1, 1),
    ]
    assert quang[0].data_type == "n" and quang[0].number_format == "0"
    assert quang[2].data_type == "s" and quang[2].number_format == "@"  # "007" keeps its zeros
    assert anh[2].value == "0100"
    assert quang[3].number_format == "0.0"
    assert quang[4].number_format == "dd/mm/yyyy"
    # An aware time is written in local time (Asia/Ho_Chi_Minh, UTC+7), as Excel has no zone.
    assert anh[5].value == dt.datetime(2023, 3, 14, 8, 5)
    assert anh[5].number_format == "dd/mm/yyyy hh:mm"
    assert quang[5].value is None and anh[4].value is None


def test_xlsx_never_holds_a_formula_or_an_error_value():
    sheet = workbook(PeopleExporter(ROWS)).active
    hostile = list(sheet.iter_rows(min_row=7, max_row=6 + len(HOSTILE)))
    names = [row[1].value for row in hostile]
    assert names == [
        '\'=HYPERLINK("http://x","y")',
        "'+84 912 345 678",
        "'-1",
        "'@SUM(A1)",
        "'=1+1",  # trimmed, then neutralised
        "#N/A",
    ]
    for row in hostile:
        assert [row[1].data_type, row[2].data_type] == ["s", "s"]
    assert all(c.data_type not in ("f", "e") for row in sheet.iter_rows() for c in row)


def test_a_str_in_a_number_column_is_written_as_text():
    sheet = workbook(PeopleExporter([(1, "A", "", "=1+1", "hôm qua", "-")])).active
    row = sheet[5]
    assert [c.value for c in row[3:]] == ["'=1+1", "hôm qua", "'-"]
    assert {c.data_type for c in row[3:]} == {"s"}


def test_no_rows_shows_the_empty_note_in_the_first_text_column():
    rows = [[c.value for c in row] for row in workbook(PeopleExporter([])).active.iter_rows()]
    assert rows[-1][:2] == [None, "Chưa có ai."]


def test_csv_holds_the_header_and_the_rows():
    content = PeopleExporter(ROWS).csv()
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the file as UTF-8
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["STT", "Họ và tên", "Mã", "Điểm", "Ngày sinh", "Giờ điểm danh"]
    assert rows[1] == ["1", "Nguyễn Văn Quang", "007", "9.5", "01/01/1960", ""]
    assert rows[2] == ["2", "Trần Thị Ánh", "0100", "8.0", "", "14/03/2023 08:05"]
    assert [row[1] for row in rows[3:]] == [
        '\'=HYPERLINK("http://x","y")',
        "'+84 912 345 678",
        "'-1",
        "'@SUM(A1)",
        "'=1+1",  # trimmed, then neutralised
        "#N/A",
    ]
    assert len(rows) == 1 + len(ROWS)  # no preamble, no footer


def test_responses():
    exporter = PeopleExporter(ROWS)
    xlsx = exporter.response("xlsx")
    assert xlsx["Content-Type"] == XLSX_TYPE
    assert xlsx["Content-Disposition"] == 'attachment; filename="danh-sach.xlsx"'
    assert xlsx["Cache-Control"] == "private, no-store"
    as_csv = exporter.response("csv")
    assert as_csv["Content-Type"] == CSV_TYPE
    assert as_csv["Content-Disposition"] == 'attachment; filename="danh-sach.csv"'
    with pytest.raises(ValueError, match="unknown format"):
        exporter.response("pdf")


def test_several_sheets():
    class Two(PeopleExporter):
        def sheets(self):
            return [
                Sheet("Một", self.columns, self.rows()),
                Sheet("Hai", (Column("Tên", 20),), [("B",)], footer=[("Tổng",)]),
            ]

    book = workbook(Two(ROWS[:1]))
    assert book.sheetnames == ["Một", "Hai"]
    assert book["Một"].freeze_panes == "A2"  # no preamble: the header is the first row
    assert [[c.value for c in row] for row in book["Hai"].iter_rows()] == [
        ["Tên"],
        ["B"],
        ["Tổng"],
    ]
    assert Two(ROWS[:1]).csv().decode().splitlines()[1] == "1,Nguyễn Văn Quang,007,9.5,01/01/1960,"


def test_declaration_mistakes_are_refused():
    with pytest.raises(ValueError, match="unknown column kind"):
        Column("Số", kind="money")
    with pytest.raises(ValueError, match="a row of 2 values"):
        PeopleExporter([(1, "A")]).xlsx()
    with pytest.raises(ValueError, match="a row of 2 values"):
        PeopleExporter([(1, "A")]).csv()
