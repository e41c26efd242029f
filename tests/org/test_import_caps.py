"""An import cannot take the worker's memory (issue 10 §3): an XLSX that expands past the
cap, or has more rows than the cap, is refused before calamine parses it, with a message."""

from __future__ import annotations

import pytest
import xlsxwriter

from lamtheo.org.imports.reader import ReadError, open_sheet
from lamtheo.org.imports.units import COLUMNS


def workbook(path, rows: int, text: str = "Chi bộ"):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"])
    for n in range(1, rows + 1):
        # Each row's text differs, so each is written out in full in the shared strings.
        sheet.write_row(n, 0, [f"U{n}", f"{text} {n}", "cell", ""])
    book.close()
    return path


def test_a_workbook_that_expands_past_the_cap_is_refused(tmp_path, settings):
    # 2,000 rows of 3,000 identical characters: 20 kB on disk, 6 MB of XML once opened.
    path = workbook(tmp_path / "bom.xlsx", 2_000, "A" * 3_000)
    assert path.stat().st_size < 200_000
    settings.IMPORT_MAX_EXPANDED_BYTES = 5_000_000
    with pytest.raises(ReadError, match="Khi mở ra, tệp Excel lớn hơn"):
        open_sheet(path, COLUMNS)
    settings.IMPORT_MAX_EXPANDED_BYTES = 50_000_000
    assert open_sheet(path, COLUMNS).total == 2_000


def test_a_sheet_with_more_rows_than_the_cap_is_refused(tmp_path, settings):
    path = workbook(tmp_path / "many.xlsx", 30)
    settings.IMPORT_MAX_ROWS = 20
    with pytest.raises(ReadError, match="hơn 20 dòng"):
        open_sheet(path, COLUMNS)
