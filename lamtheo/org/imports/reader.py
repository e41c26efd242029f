"""Open an XLSX or CSV file: find the header row, map the columns, iterate the data rows.

XLSX is read with python-calamine (fast; numbers come back as floats, dates as dates). CSV is
read as text only, so identifiers keep their leading zeros; UTF-8 with or without BOM, comma,
semicolon or tab, whatever line ends. A CSV that is not UTF-8 is read as Windows-1252 and
every cell goes through the legacy-encoding check (TCVN3/VNI fonts' bytes arrive that way),
then as Windows-1258 (Excel's "CSV" on Vietnamese Windows); if neither gives Vietnamese the
file is refused.

Row numbers are the ones the user sees in the spreadsheet: the first row is 1.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from lamtheo.core import legacy
from lamtheo.core.text import clean_text, fold
from lamtheo.org import normalize

# How many rows may come before the header (a title, a blank line, a date line).
HEADER_SEARCH_ROWS = 10
# Data rows sampled to tell whether the whole file is typed in a legacy encoding.
ENCODING_SAMPLE_ROWS = 200
# The values Excel shows for a formula that failed.
EXCEL_ERRORS = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)
_BLANK_CHARS = " \t\r\n\u00a0\u200b\u200c\u200d\u2060\ufeff"


class ReadError(Exception):
    """The file cannot be imported at all (unreadable, wrong type, missing columns)."""


class CellError(ValueError):
    """One cell's value is unusable; the importer reports it with the row and column."""


@dataclass(frozen=True, slots=True)
class ErrorValue:
    """A cell whose formula failed (#REF!, #N/A …)."""

    code: str


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # the Vietnamese header, as in the template
    required: bool = True
    aliases: tuple[str, ...] = ()


def header_key(value) -> str:
    """A header compared forgivingly: case, accents, spaces, NFD, "(*)", hints, trailing colon."""
    text = fold(str(value) if value is not None else "")
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    text = re.sub(r"[\s:*.]+$", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _is_blank(value) -> bool:
    if value is None:
        return True
    if type(value) is str:
        return not value.strip(_BLANK_CHARS)
    return False


def _register_error_handler() -> None:
    # Windows-1252 leaves five bytes undefined; Windows maps them to U+0081 etc., so do we.
    def handler(error: UnicodeDecodeError):
        return "".join(chr(b) for b in error.object[error.start : error.end]), error.end

    try:
        codecs.lookup_error("lamtheo-latin1")
    except LookupError:
        codecs.register_error("lamtheo-latin1", handler)


_register_error_handler()


class Sheet:
    """The mapped columns of one sheet and an iterator over its data rows."""

    def __init__(
        self, columns, source: Iterator[tuple[int, list]], total: int, *, errors=None, notes=None
    ):
        self.columns = tuple(columns)
        self.notes: list[str] = list(notes or [])
        self.converted: Counter[str] = Counter()
        self._errors = errors or {}
        self._source = source
        self._total = total
        self._buffer: list[tuple[int, list]] = []
        self.header_row = 0
        self.positions: dict[str, int] = {}
        self._find_header()
        self.prefer = self._file_encoding()

    # -- header ---------------------------------------------------------------------------
    def _find_header(self) -> None:
        lookup: dict[str, Column] = {}
        for column in self.columns:
            for name in (column.label, *column.aliases):
                lookup[header_key(name)] = column
        best = None  # (score, row number, row, mapping)
        seen = 0
        for row_number, row in self._source:
            self._buffer.append((row_number, row))
            if all(_is_blank(v) for v in row):
                continue
            seen += 1
            mapping: dict[str, int] = {}
            extra: list[str] = []
            duplicates: list[str] = []
            for index, value in enumerate(row):
                if _is_blank(value):
                    continue
                column = lookup.get(header_key(value))
                if column is None and type(value) is str and not value.isascii():
                    # A header typed in an old font (.VnTime, VNI-Times).
                    column = lookup.get(header_key(legacy.from_tcvn3(value))) or lookup.get(
                        header_key(legacy.from_vni(value))
                    )
                if column is None:
                    extra.append(clean_text(str(value)))
                elif column.key in mapping:
                    duplicates.append(column.label)
                else:
                    mapping[column.key] = index
            score = len(mapping)
            if score and (best is None or score > best[0]):
                best = (score, row_number, mapping, extra, duplicates)
            if score == len(self.columns) or seen >= HEADER_SEARCH_ROWS:
                break
        labels = [c.label for c in self.columns if c.required]
        if best is None:
            raise ReadError(
                _("No header row found. The first row must name the columns: %(columns)s.")
                % {"columns": ", ".join(labels)}
            )
        _score, self.header_row, self.positions, extra, duplicates = best
        missing = [c.label for c in self.columns if c.required and c.key not in self.positions]
        if missing:
            raise ReadError(
                _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
            )
        header_row = next(r for n, r in self._buffer if n == self.header_row)
        self._header_values = [
            header_row[self.positions[c.key]] if c.key in self.positions else None
            for c in self.columns
        ]
        self._buffer = [(n, r) for n, r in self._buffer if n > self.header_row]
        if extra:
            self.notes.append(
                _("Columns not used by the import were ignored: %(columns)s.")
                % {"columns": ", ".join(extra)}
            )
        if duplicates:
            self.notes.append(
                _("Columns appearing twice were read from their first occurrence: %(columns)s.")
                % {"columns": ", ".join(duplicates)}
            )

    def _file_encoding(self) -> str | None:
        """The legacy encoding the file is typed in, from its first data rows (or None)."""
        for row_number, row in self._source:
            self._buffer.append((row_number, row))
            if len(self._buffer) >= ENCODING_SAMPLE_ROWS:
                break
        positions = list(self.positions.values())
        cells = (
            row[p]
            for _n, row in self._buffer
            for p in positions
            if p < len(row) and type(row[p]) is str
        )
        return legacy.file_encoding(cells)

    def has(self, key: str) -> bool:
        return key in self.positions

    @property
    def total(self) -> int:
        """Rows after the header (blank ones included): the scale of a progress bar."""
        return max(self._total - self.header_row, 0)

    # -- rows -----------------------------------------------------------------------------
    def rows(self) -> Iterator[tuple[int, list]]:
        """(row number, [value per column in `columns` order, None if the column is absent]).

        Rows blank in every mapped column are skipped.
        """
        positions = [self.positions.get(c.key, -1) for c in self.columns]
        errors = self._errors
        header = self._header_values

        def gen(source):
            for row_number, row in source:
                n = len(row)
                values = [row[p] if 0 <= p < n else None for p in positions]
                if all(_is_blank(v) for v in values):
                    continue
                if values == header:
                    continue  # the header repeated (a printout's page break, a pasted block)
                if errors and row_number in errors:
                    bad = errors[row_number]
                    values = [
                        ErrorValue(bad[p]) if p in bad else v
                        for p, v in zip(positions, values, strict=True)
                    ]
                yield row_number, values

        yield from gen(self._buffer)
        self._buffer = []
        yield from gen(self._source)

    # -- cell values ----------------------------------------------------------------------
    def text(self, value, *, name: bool = False) -> str:
        """A cell as text (not yet cleaned), legacy encodings converted, errors refused."""
        if value is None:
            return ""
        kind = type(value)
        if kind is str:
            if value.isascii():
                if value[:1] == "#" and value.strip() in EXCEL_ERRORS:
                    raise CellError(_error_message(value.strip()))
                return value
            try:
                converted, encoding = legacy.to_unicode(value, self.prefer)
            except legacy.LegacyEncodingError as error:
                raise CellError(
                    _(
                        "text uses the %(encoding)s encoding and cannot be converted; "
                        "convert the file to Unicode"
                    )
                    % {"encoding": error.encoding}
                ) from None
            if encoding:
                self.converted[encoding] += 1
                if name and encoding == legacy.TCVN3:
                    # TCVN3 has no capitals with tone marks: every word of a name has one.
                    converted = " ".join(w[:1].upper() + w[1:] for w in converted.split(" "))
            return converted
        if kind is float:
            return str(int(value)) if value.is_integer() else repr(value)
        if kind is int:
            return str(value)
        if kind is ErrorValue:
            raise CellError(_error_message(value.code))
        if kind is dt.datetime:
            return value.strftime("%d/%m/%Y %H:%M") if value.time() else value.strftime("%d/%m/%Y")
        if kind is dt.date:
            return value.strftime("%d/%m/%Y")
        return str(value)

    def date(self, value) -> dt.date | None:
        """A date from an Excel date, a serial number or text (d/m/yyyy, dd/mm/yyyy)."""
        if value is None:
            return None
        kind = type(value)
        if kind is dt.date:
            return value
        if kind is dt.datetime:
            return value.date()
        if kind is float or kind is int:
            if 1900 <= value <= 2100 and float(value).is_integer():
                raise CellError(
                    _("only a year (%(value)s); write the whole date as dd/mm/yyyy")
                    % {"value": int(value)}
                )
            try:
                return normalize.date(value)
            except ValueError as error:
                raise CellError(str(error)) from None
        if kind is str or kind is ErrorValue:
            text = clean_text(self.text(value))
            if not text:
                return None
            try:
                return normalize.date(text)
            except ValueError as error:
                message = str(error)
                if text not in message:
                    message = _("“%(value)s”: %(message)s") % {"value": text, "message": message}
                raise CellError(message) from None
        raise CellError(_("not a date"))

    def conversion_notes(self) -> list[str]:
        return [
            _("Converted %(count)s cells from the %(encoding)s encoding to Unicode.")
            % {"count": count, "encoding": encoding}
            for encoding, count in sorted(self.converted.items())
        ]


def _error_message(code: str) -> str:
    return _(
        "the cell holds the spreadsheet error %(value)s; correct the formula or type the value"
    ) % {"value": code}


# ---------------------------------------------------------------------------------------------
def open_sheet(path, columns) -> Sheet:
    """Open `path` (XLSX or CSV, told apart by content) and map `columns`.

    Raises ReadError with a message for the user when the file cannot be imported.
    """
    path = Path(path)
    try:
        with path.open("rb") as f:
            head = f.read(8)
        size = path.stat().st_size
    except OSError:
        raise ReadError(_("The file cannot be opened.")) from None
    if size == 0:
        raise ReadError(_("The file is empty."))
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, columns)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ReadError(
            _("This is an old Excel file (.xls) or another Office file; save it as .xlsx.")
        )
    return _open_csv(path, columns)


def _open_xlsx(path: Path, columns) -> Sheet:
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise ReadError(
                    _("This file is not an Excel workbook (.xlsx); perhaps a renamed Word file.")
                )
            _check_expanded(archive)
            errors = _xlsx_error_cells(archive)
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
    except ReadError:
        raise
    except Exception:  # calamine raises its own error types for every kind of damage
        raise ReadError(_("The Excel file cannot be read; it may be damaged.")) from None
    if sheet.end and sheet.end[0] + 1 > settings.IMPORT_MAX_ROWS:
        raise ReadError(
            _("The sheet has more than %(max)s rows; split it into smaller files.")
            % {"max": f"{settings.IMPORT_MAX_ROWS:,}".replace(",", ".")}
        )
    start_col = sheet.start[1] if sheet.start else 0
    if errors and start_col:
        # calamine's rows begin at the first used column; error positions are absolute.
        errors = {r: {c - start_col: v for c, v in cells.items()} for r, cells in errors.items()}
    # calamine yields rows from the sheet's first row (A1), so the index is the row number.
    source = ((i, row) for i, row in enumerate(sheet.iter_rows(), start=1))
    total = (sheet.end[0] + 1) if sheet.end else 0
    return Sheet(columns, source, total, errors=errors)


def _check_expanded(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts expand past IMPORT_MAX_EXPANDED_BYTES (a 1.2 MB file of
    400 MB of XML took the worker to 1 GB). The sizes the archive declares may lie, so the
    parts are inflated and counted, in chunks, before anything parses them."""
    limit = settings.IMPORT_MAX_EXPANDED_BYTES
    refusal = ReadError(
        _("The workbook expands to more than %(max)s when opened; split it into smaller files.")
        % {"max": filesizeformat(limit)}
    )
    if sum(info.file_size for info in archive.infolist()) > limit:
        raise refusal
    total = 0
    for info in archive.infolist():
        with archive.open(info) as part:
            while chunk := part.read(1 << 20):
                total += len(chunk)
                if total > limit:
                    raise refusal


def _first_sheet_member(archive: zipfile.ZipFile) -> str:
    try:
        workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        sheet = re.search(r"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"", workbook)
        if sheet:
            for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
                tag = rel.group(0)
                if f'Id="{sheet.group(1)}"' in tag:
                    target = re.search(r'Target="([^"]+)"', tag).group(1)
                    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    except (KeyError, AttributeError):
        pass
    return "xl/worksheets/sheet1.xml"


_ERROR_CELL = re.compile(rb'<c\b[^>]*?\bt="e"[^>]*?(/?)>')
_CELL_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_CELL_VALUE = re.compile(rb"<v>([^<]*)</v>")


def _xlsx_error_cells(archive: zipfile.ZipFile) -> dict[int, dict[int, str]]:
    """{row number: {column index: "#REF!"}} for cells whose cached value is an error.

    calamine reads such cells as empty strings, which would let a broken formula pass as a
    blank; a streaming scan of the sheet XML finds them (and usually finds nothing, fast).
    """
    member = _first_sheet_member(archive)
    try:
        with archive.open(member) as f:
            tail = b""
            found = False
            while chunk := f.read(1 << 22):
                if b't="e"' in tail + chunk[:16] or b't="e"' in chunk:
                    found = True
                    break
                tail = chunk[-16:]
        if not found:
            return {}
        data = archive.read(member)
    except KeyError:
        return {}
    cells: dict[int, dict[int, str]] = {}
    for match in _ERROR_CELL.finditer(data):
        ref = _CELL_REF.search(match.group(0))
        if not ref:
            continue
        value = "#N/A"
        if not match.group(1):
            end = data.find(b"</c>", match.end())
            found_value = _CELL_VALUE.search(data, match.end(), end if end >= 0 else None)
            if found_value:
                value = found_value.group(1).decode("utf-8", "replace")
        letters, row = ref.group(1).decode(), int(ref.group(2))
        col = 0
        for letter in letters:
            col = col * 26 + (ord(letter) - 64)
        cells.setdefault(row, {})[col - 1] = value
    return cells


def _open_csv(path: Path, columns) -> Sheet:
    raw = path.read_bytes()
    notes: list[str] = []
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Unicode text" export: UTF-16 with tabs.
        text = raw.decode("utf-16", errors="replace")
        records = _parse_csv(text)
        return _csv_sheet(columns, records, notes)
    if b"\x00" in raw[:65536]:
        raise ReadError(_("This file is neither an Excel workbook (.xlsx) nor a CSV text file."))
    if not raw.strip():
        raise ReadError(_("The file is empty."))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        records, note = _legacy_records(raw)
        notes.append(note)
        return _csv_sheet(columns, records, notes)
    return _csv_sheet(columns, _parse_csv(text), notes)


def _csv_sheet(columns, records: list[list[str]], notes) -> Sheet:
    if records and len(records[0]) == 1 and records[0][0].lower().startswith("sep="):
        # Excel's delimiter hint line; Excel does not show it as a row.
        records = records[1:]
    source = ((i, row) for i, row in enumerate(records, start=1))
    return Sheet(columns, source, len(records), notes=notes)


def _delimiter(text: str) -> str:
    first = text.lstrip("\ufeff")
    if first.lower().startswith("sep=") and len(first) > 4:
        return first[4]
    for line in first.splitlines():
        if line.strip():
            counts = {d: line.count(d) for d in (";", ",", "\t")}
            best = max(counts, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _parse_csv(text: str) -> list[list[str]]:
    delimiter = _delimiter(text)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ReadError(_("The CSV file cannot be read: its quotes do not match.")) from None


def _legacy_records(raw: bytes) -> tuple[list[list[str]], str]:
    """Records of a CSV that is not UTF-8, converted to Unicode, and a note saying how."""
    records = _parse_csv(raw.decode("cp1252", errors="lamtheo-latin1"))
    prefer = legacy.file_encoding(cell for record in records for cell in record)
    converted: Counter[str] = Counter()
    ok = True
    out = []
    for record in records:
        row = []
        for cell in record:
            if not cell.isascii():
                try:
                    cell, encoding = legacy.to_unicode(cell, prefer)
                except legacy.LegacyEncodingError:
                    ok = False
                    break
                if encoding:
                    converted[encoding] += 1
                if not legacy.looks_vietnamese(cell):
                    ok = False
                    break
            row.append(cell)
        if not ok:
            break
        out.append(row)
    if ok:
        if converted:
            note = "; ".join(
                _("Converted %(count)s cells from the %(encoding)s encoding to Unicode.")
                % {"count": count, "encoding": encoding}
                for encoding, count in sorted(converted.items())
            )
        else:
            note = _("The file is not UTF-8; it was read as Windows-1252.")
        return out, note
    # Excel's plain "CSV" on Vietnamese Windows writes Windows-1258 (letters + tone marks).
    try:
        text = unicodedata.normalize("NFC", raw.decode("cp1258"))
    except UnicodeDecodeError:
        text = None
    if text is not None:
        records = _parse_csv(text)
        if all(legacy.looks_vietnamese(cell) for record in records for cell in record):
            return records, _("The file is not UTF-8; it was read as Windows-1258 (Vietnamese).")
    raise ReadError(
        _(
            "The file is not UTF-8 and its text is not Vietnamese in any known encoding. In "
            "Excel, save it again as “CSV UTF-8”, or upload the .xlsx file."
        )
    )
