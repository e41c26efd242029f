"""The template workbooks users download and fill in: headers, one example row, a guide sheet.

Identifier columns (codes, card numbers, phones) are formatted as text so Excel keeps their
leading zeros; date columns show dd/mm/yyyy; lists offer the allowed values.
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from lamtheo.org.imports import people_columns, units
from lamtheo.org.models import ImportKind

TEXT, DATE = "@", "DD/MM/YYYY"
ROWS_FORMATTED = 1000  # data rows that get the column formats and lists
GENDERS = ("Nam", "Nữ")
STATUSES = ("Đảng viên chính thức", "Đảng viên dự bị", "Quần chúng ưu tú", "Quần chúng")
UNIT_KINDS = ("Đảng bộ", "Đảng bộ cơ sở", "Đảng bộ bộ phận", "Chi bộ cơ sở", "Chi bộ", "Tổ đảng")


def _spec(kind: str):
    """(sheet title, [(column, number format, allowed values, example, guide)])."""
    if kind == ImportKind.UNITS:
        c = {col.key: col for col in units.COLUMNS}
        return "Đơn vị", [
            (
                c["code"],
                TEXT,
                None,
                "CB01",
                _(
                    "A short code, unique across the whole organisation; it identifies the unit "
                    "when the file is imported again."
                ),
            ),
            (c["name"], None, None, "Chi bộ Công ty Cổ phần A", _("The unit's full name.")),
            (c["kind"], None, UNIT_KINDS, "Chi bộ", _("The kind of party organisation.")),
            (
                c["parent_code"],
                TEXT,
                None,
                "DUK",
                _(
                    "The code of the unit directly above, already in the system or on another row "
                    "of this file (rows may be in any order). Empty for a top-level unit, which "
                    "only an administrator may add."
                ),
            ),
        ]
    c = {col.key: col for col in people_columns.COLUMNS}
    return "Đảng viên", [
        (c["full_name"], None, None, "Nguyễn Văn Quang", _("Family, middle and given names.")),
        (c["birth_date"], DATE, None, dt.date(1985, 3, 14), _("dd/mm/yyyy, or an Excel date.")),
        (c["gender"], None, GENDERS, "Nam", None),
        (
            c["unit_code"],
            TEXT,
            None,
            "CB01",
            _("The code of the unit (cell) the person belongs to; it must already exist."),
        ),
        (
            c["party_card_number"],
            TEXT,
            None,
            "01234567",
            _("Kept exactly as written, leading zeros included. Empty for a non-member."),
        ),
        (c["joined_on"], DATE, None, dt.date(2010, 2, 3), _("dd/mm/yyyy; empty for a non-member.")),
        (
            c["official_on"],
            DATE,
            None,
            dt.date(2011, 2, 3),
            _("dd/mm/yyyy; empty for a probationary member or a non-member."),
        ),
        (
            c["party_status"],
            None,
            STATUSES,
            "Đảng viên chính thức",
            _("Empty means a full party member (a stored person keeps their status)."),
        ),
        (c["job_title"], None, None, "Chuyên viên", _("Job or position at work.")),
        (c["phone"], TEXT, None, "0912345678", _("10 or 11 digits, starting with 0.")),
        (c["email"], None, None, "quang@example.vn", None),
        (
            c["code"],
            TEXT,
            None,
            "",
            _(
                "Optional: your own identifier for the person. When present, re-imports match on "
                "it; otherwise on the card number; otherwise on name and date of birth."
            ),
        ),
    ]


def build_template(kind: str) -> bytes:
    """The .xlsx template for `kind` (ImportKind) as bytes."""
    title, columns = _spec(kind)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F3")
    for index, (column, number_format, allowed, example, _guide) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column.label)
        header.font, header.fill = bold, fill
        sheet.column_dimensions[letter].width = max(14, len(column.label) + 4)
        cell = sheet.cell(row=2, column=index, value=example if example != "" else None)
        if number_format:
            for row in range(2, ROWS_FORMATTED + 2):
                sheet.cell(row=row, column=index).number_format = number_format
        if allowed:
            validation = DataValidation(
                type="list", formula1='"' + ",".join(allowed) + '"', allow_blank=True
            )
            validation.error = _("Choose a value from the list.")
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{ROWS_FORMATTED + 1}")
        del cell
    sheet.freeze_panes = "A2"

    guide = workbook.create_sheet("Hướng dẫn")
    heads = (_("Column"), _("Required"), _("What to write"), _("Allowed values"))
    for index, text in enumerate(heads, start=1):
        cell = guide.cell(row=1, column=index, value=text)
        cell.font, cell.fill = bold, fill
    wrap = Alignment(wrap_text=True, vertical="top")
    for row, (column, _format, allowed, example, text) in enumerate(columns, start=2):
        if isinstance(example, dt.date):
            example = example.strftime("%d/%m/%Y")
        values = (
            column.label,
            _("yes") if column.required else _("no (the column may be left out)"),
            text or "",
            "; ".join(allowed)
            if allowed
            else (_("for example: %(value)s") % {"value": example} if example else ""),
        )
        for index, value in enumerate(values, start=1):
            guide.cell(row=row, column=index, value=value).alignment = wrap
    end = len(columns) + 3
    notes = (
        _(
            "The first row holds the column names; they may be in any order. Each following row "
            "is one record; empty rows are skipped."
        ),
        _(
            "The import writes all rows or none: if a row is wrong, nothing is written and every "
            "problem is listed with its row and column."
        ),
        _("Importing the same file again updates the records instead of adding them twice."),
        _("Text typed with the old TCVN3 (ABC) or VNI fonts is converted to Unicode."),
    )
    for offset, text in enumerate(notes):
        guide.cell(row=end + offset, column=1, value=text)
    for letter, width in zip("ABCD", (24, 14, 70, 50), strict=True):
        guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
