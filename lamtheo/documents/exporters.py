"""Tabular exports declared once, written as XLSX or CSV (pretix's ListExporter is the model).

An exporter declares its columns (a Vietnamese heading, a width, a kind) and yields its rows;
the base class writes the formats:

    class ResultsExporter(ListExporter):
        identifier = "ket-qua-thi-dua"          # the file name's stem
        title = "Kết quả thi đua"               # the sheet's name
        columns = (
            Column("STT", 6, INTEGER),
            Column("Đơn vị", 30),
            Column("Điểm", 8, NUMBER),
            Column("Ngày đánh giá", 14, DATE),
        )

        def rows(self):
            for number, entry in enumerate(self.entries, 1):
                yield number, entry.unit.name, entry.score, entry.assessed_on

    ResultsExporter(...).response("xlsx")       # or .xlsx(), .csv()

A workbook of several sheets overrides `sheets()`. Whatever the rows hold, nothing a user
typed becomes a formula: text cells are stored as text ("007" keeps its zeros) with the text
number format, and text that a spreadsheet would read as a formula (= + - @, a tab) is
prefixed with "'". XLSX adds lines above the table (`preamble`: the title, the unit, the
date), the column widths, a bold header frozen on screen, and bold rows after the data
(`footer`: totals). CSV (UTF-8 with a BOM, so that Excel reads the Vietnamese) holds the header
and the data rows only, for machines and mail merges.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from lamtheo.documents.http import attachment
from lamtheo.documents.text import neutralise, plain

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"

TEXT, INTEGER, NUMBER, DATE, DATETIME = "text", "integer", "number", "date", "datetime"
KINDS = (TEXT, INTEGER, NUMBER, DATE, DATETIME)
FORMATS = {
    TEXT: "@",
    INTEGER: "0",
    NUMBER: "General",
    DATE: "dd/mm/yyyy",
    DATETIME: "dd/mm/yyyy hh:mm",
}
FONT = "Times New Roman"
_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    """A column: its heading (Vietnamese), width in characters, kind and number format
    (the kind's default when empty, e.g. "0.0" for a rate)."""

    heading: str
    width: float = 14
    kind: str = TEXT
    number_format: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")

    @property
    def format(self) -> str:
        return self.number_format or FORMATS[self.kind]


@dataclass
class Sheet:
    """One table: rows of values in the order of `columns`."""

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    preamble: Sequence[str] = ()
    footer: Sequence[Sequence] = ()
    empty: str = ""  # shown under the header when there is no row


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _text(value) -> str:
    return neutralise(plain(value))


def _typed(column: Column, value):
    """The value as the column's kind, or None for an empty cell. A value that does not fit
    the kind (a str in a number column) is written as text."""
    if value is None or value == "":
        return None
    if column.kind == TEXT or isinstance(value, str):
        return _text(value)
    if column.kind in (INTEGER, NUMBER):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return _text(value)
        return value
    if isinstance(value, dt.datetime):
        value = _local(value)
        return value.date() if column.kind == DATE else value
    if isinstance(value, dt.date):
        return value
    return _text(value)


def csv_value(column: Column, value) -> str:
    """The cell as CSV text: dates as 14/03/2023 (08:05), text neutralised."""
    value = _typed(column, value)
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class _XlsxSheet:
    """A write-only worksheet with the kit's styles."""

    bold = Font(name=FONT, bold=True)
    normal = Font(name=FONT)
    wrap = Alignment(wrap_text=True, vertical="top")
    heading = Alignment(wrap_text=True, vertical="center", horizontal="center")

    def __init__(self, workbook: Workbook, sheet: Sheet):
        name = _SHEET_NAME.sub(" ", plain(sheet.name))[:31].strip() or "Sheet"
        self.ws = workbook.create_sheet(name)
        self.sheet = sheet
        for index, column in enumerate(sheet.columns, 1):
            self.ws.column_dimensions[get_column_letter(index)].width = column.width

    def text(self, value, font=None, alignment=None):
        cell = WriteOnlyCell(self.ws, value=_text(value) or None)
        cell.data_type = "s"  # never a formula or an error code ("#N/A"), whatever the text
        cell.number_format = "@"
        cell.font = font or self.normal
        cell.alignment = alignment or self.wrap
        return cell

    def value(self, column: Column, value, font=None):
        value = _typed(column, value)
        if isinstance(value, str) or (value is None and column.kind == TEXT):
            return self.text(value, font)
        cell = WriteOnlyCell(self.ws, value=value)
        cell.number_format = column.format
        cell.font = font or self.normal
        cell.alignment = self.wrap
        return cell

    def write(self) -> None:
        sheet = self.sheet
        preamble = [line for line in (plain(p) for p in sheet.preamble) if line]
        header_row = len(preamble) + 2 if preamble else 1
        # Set before the first row: a write-only sheet writes its views with it.
        self.ws.freeze_panes = f"A{header_row + 1}"
        for i, line in enumerate(preamble):
            self.ws.append([self.text(line, self.bold if i == 0 else None, Alignment())])
        if preamble:
            self.ws.append([])
        self.ws.append([self.text(c.heading, self.bold, self.heading) for c in sheet.columns])
        written = 0
        for row in sheet.rows:
            self.ws.append(self._row(row))
            written += 1
        if not written and sheet.empty:
            first_text = next((i for i, c in enumerate(sheet.columns) if c.kind == TEXT), 0)
            self.ws.append([None] * first_text + [self.text(sheet.empty)])
        for row in sheet.footer:
            self.ws.append(self._row(row, self.bold))

    def _row(self, row: Sequence, font=None) -> list:
        columns = self.sheet.columns
        if len(row) != len(columns):
            raise ValueError(
                f"{self.sheet.name}: a row of {len(row)} values, {len(columns)} columns"
            )
        return [self.value(column, value, font) for column, value in zip(columns, row, strict=True)]


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    try:
        for sheet in sheets:
            _XlsxSheet(workbook, sheet).write()
    except Exception:
        for ws in workbook.worksheets:  # end the sheets' streams, or they fail when collected
            with contextlib.suppress(Exception):
                ws.close()
        raise
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([_text(c.heading) for c in sheet.columns])
    for row in sheet.rows:
        if len(row) != len(sheet.columns):
            raise ValueError(f"{sheet.name}: a row of {len(row)} values")
        writer.writerow([csv_value(c, v) for c, v in zip(sheet.columns, row, strict=True)])
    return buffer.getvalue().encode("utf-8")


class ListExporter:
    """Rows declared once; `xlsx()`, `csv()` and `response(format)` come from here.

    Set `identifier` (the file name's stem, ASCII), `title` (the sheet's name) and `columns`,
    and implement `rows()`; add `preamble()`, `footer()` and `empty` where they help. For a
    workbook of several sheets, override `sheets()` (CSV writes the first one)."""

    identifier: str = "export"
    title: str = ""
    columns: Sequence[Column] = ()
    empty: str = ""

    def rows(self) -> Iterable[Sequence]:
        raise NotImplementedError

    def preamble(self) -> Sequence[str]:
        return ()

    def footer(self) -> Sequence[Sequence]:
        return ()

    def sheets(self) -> list[Sheet]:
        return [
            Sheet(
                self.title or self.identifier,
                self.columns,
                self.rows(),
                self.preamble(),
                self.footer(),
                self.empty,
            )
        ]

    def filename(self, extension: str) -> str:
        return f"{self.identifier}.{extension}"

    def xlsx(self) -> bytes:
        return write_xlsx(self.sheets())

    def csv(self) -> bytes:
        return write_csv(self.sheets()[0])

    def response(self, format: str = "xlsx"):
        if format == "xlsx":
            return attachment(self.xlsx(), self.filename("xlsx"), XLSX_TYPE)
        if format == "csv":
            return attachment(self.csv(), self.filename("csv"), CSV_TYPE)
        raise ValueError(f"unknown format {format!r}")
