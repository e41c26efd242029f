"""A session's minutes (biên bản, DOCX) and its attendance as a spreadsheet (XLSX).

Both are built from the same rows (`rates.attendance_list`, `rates.session_counts`), so the
Word and Excel versions never disagree. Documents are Vietnamese whatever the interface
language, in the Party document format, with the helpers of the registration documents
(lamtheo.programs.exports: the issuing body and its secretary, the date line, text and
formula-injection guards, rendering). The template is `docx/bien-ban.docx`, built by
`docx/build_templates.py`. Callers have checked that the user may read the session.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from lamtheo.programs.exports import (
    BLANK,
    DOCX_TYPE,
    XLSX_TYPE,
    _issuer,
    _render,
    date_line,
    neutralise,
    plain,
    short_date,
    slug,
)
from lamtheo.study import rates
from lamtheo.study.models import AttendanceStatus, SessionFormat, StudySession

__all__ = ["DOCX_TYPE", "XLSX_TYPE", "attendance_xlsx", "minutes_docx", "slug"]

TEMPLATES = Path(__file__).resolve().parent / "docx"
MINUTES_TEMPLATE = TEMPLATES / "bien-ban.docx"

STATUS_TEXT = {
    AttendanceStatus.PRESENT: "Có mặt",
    AttendanceStatus.LATE: "Đến muộn",
    AttendanceStatus.EXCUSED: "Vắng có lý do",
    AttendanceStatus.ABSENT: "Vắng không lý do",
    "": "Chưa điểm danh",
}
FORMAT_TEXT = {
    SessionFormat.IN_PERSON: "Trực tiếp",
    SessionFormat.ONLINE: "Trực tuyến",
    SessionFormat.HYBRID: "Trực tiếp kết hợp trực tuyến",
}
NO_POINT = "Không theo điểm cầu"


def _clock(moment) -> str:
    """ "8 giờ 00 phút" in local time."""
    local = timezone.localtime(moment)
    return f"{local.hour} giờ {local.minute:02d} phút"


def _check_in(moment, day) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    text = local.strftime("%H:%M")
    return text if local.date() == day else f"{text} {short_date(local.date())}"


def _counts_line(total: rates.PointCounts) -> str:
    text = (
        f"Số người được mời, triệu tập: {total.invited}; có mặt: {total.took_part} (đúng giờ "
        f"{total.present}, đến muộn {total.late}); vắng có lý do: {total.excused}; vắng không "
        f"lý do: {total.absent}"
    )
    if total.not_recorded:
        text += f"; chưa điểm danh: {total.not_recorded}"
    if total.rate is not None:
        text += f". Tỷ lệ tham dự: {str(total.rate).replace('.', ',')}%"
    return text + "."


def _point_line(row: rates.PointCounts) -> str:
    return f"{row.took_part}/{row.invited} người tham dự"


class Minutes:
    """What the minutes and the spreadsheet show of a session (five queries)."""

    def __init__(self, session: StudySession):
        self.session = session
        self.day = timezone.localtime(session.starts_at).date()
        self.counts = rates.session_counts(session)
        self.lines = rates.attendance_list(session)
        self.issuer, _offices = _issuer(session.unit, on=self.day)

    @property
    def chair_name(self) -> str:
        return self.issuer.secretary_name

    def chair(self) -> str:
        if not self.issuer.secretary_name:
            return BLANK
        office = "Bí thư Chi bộ" if self.issuer.is_cell else "Bí thư Đảng ủy"
        return f"đồng chí {self.issuer.secretary_name}, {office}"

    def rows(self) -> list[dict]:
        return [
            {
                "number": line.number,
                "name": plain(line.name),
                "unit": plain(line.unit),
                "point": plain(line.point),
                "status": STATUS_TEXT[line.status],
                "time": _check_in(line.checked_in_at, self.day),
            }
            for line in self.lines
        ]

    def points(self) -> list[dict]:
        points = [row for row in self.counts.points if row.point is not None]
        return [
            {
                "name": plain(row.point.name),
                "line": _point_line(row) + ("." if i == len(points) else ";"),
            }
            for i, row in enumerate(points, start=1)
        ]

    def context(self) -> dict:
        session = self.session
        ends = timezone.localtime(session.ends_at)
        year = session.program_year
        same_day = ends.date() == self.day
        meeting = "Buổi sinh hoạt" if session.kind == "cell_meeting" else "Hội nghị"
        closing = (
            f"{meeting} kết thúc lúc {_clock(session.ends_at)}"
            + (" cùng ngày" if same_day else f", ngày {short_date(ends.date())}")
            + ". Biên bản đã được đọc lại và thông qua."
        )
        return {
            **self.issuer.header(),
            "date_line": date_line(self.day),
            "heading": plain(session.title).upper(),
            "starts": f"{_clock(session.starts_at)}, ngày {short_date(self.day)}",
            "place": plain(session.place) or BLANK,
            "format": FORMAT_TEXT.get(session.format, session.format),
            "online_link": plain(session.online_link),
            "points": self.points(),
            "chair": self.chair(),
            "secretary": BLANK,
            "counts": _counts_line(self.counts.total),
            "topic": plain(session.topic),
            "year": year.year if year else "",
            "theme": plain(year.theme) if year else "",
            "agenda": [plain(line) for line in session.agenda.splitlines() if line.strip()],
            "rows": self.rows(),
            "closing": closing,
            "chair_name": self.chair_name,
            "secretary_name": "",
        }


def minutes_docx(session: StudySession) -> bytes:
    return _render(MINUTES_TEMPLATE, Minutes(session).context())


XLSX_HEADINGS = ("STT", "Họ và tên", "Đơn vị", "Điểm cầu", "Trạng thái", "Giờ điểm danh")
XLSX_WIDTHS = (6, 28, 40, 34, 18, 18)
POINT_HEADINGS = (
    "Điểm cầu",
    "Được mời",
    "Có mặt",
    "Đến muộn",
    "Vắng có lý do",
    "Vắng không lý do",
    "Chưa điểm danh",
    "Tỷ lệ tham dự (%)",
)


class _Sheet:
    """A write-only sheet whose text cells are strings, never formulas."""

    bold = Font(name="Times New Roman", bold=True)
    normal = Font(name="Times New Roman")

    def __init__(self, workbook, title: str, widths):
        self.sheet = workbook.create_sheet(title)
        for index, width in enumerate(widths):
            self.sheet.column_dimensions[chr(ord("A") + index)].width = width

    def cell(self, value, bold: bool = False, number_format: str | None = None):
        if isinstance(value, str):
            value = neutralise(plain(value))
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text
        cell.font = self.bold if bold else self.normal
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if number_format:
            cell.number_format = number_format
        return cell

    def append(self, values, bold: bool = False) -> None:
        self.sheet.append([self.cell(value, bold) for value in values])


def attendance_xlsx(session: StudySession) -> bytes:
    """The attendance list on the first sheet, the counts per connection point on the second."""
    minutes = Minutes(session)
    workbook = Workbook(write_only=True)
    people = _Sheet(workbook, "Điểm danh", XLSX_WIDTHS)
    total = minutes.counts.total
    for line in [
        "DANH SÁCH ĐIỂM DANH",
        plain(session.title),
        f"Đơn vị tổ chức: {session.unit.name}",
        f"Thời gian: {_clock(session.starts_at)}, ngày {short_date(minutes.day)}",
        f"Địa điểm: {plain(session.place)}" if session.place else "",
        f"Hình thức: {FORMAT_TEXT.get(session.format, session.format)}",
        _counts_line(total),
    ]:
        people.append([line], bold=line == "DANH SÁCH ĐIỂM DANH")
    people.sheet.append([])
    people.append(XLSX_HEADINGS, bold=True)
    for line in minutes.lines:
        checked = (
            timezone.localtime(line.checked_in_at).replace(tzinfo=None)
            if line.checked_in_at
            else None
        )
        people.sheet.append(
            [
                people.cell(line.number),
                people.cell(line.name),
                people.cell(line.unit),
                people.cell(line.point),
                people.cell(STATUS_TEXT[line.status]),
                people.cell(checked, number_format="dd/mm/yyyy hh:mm") if checked else "",
            ]
        )
    points = _Sheet(workbook, "Điểm cầu", (44, 12, 12, 12, 14, 16, 16, 16))
    points.append(POINT_HEADINGS, bold=True)
    for row in [*minutes.counts.points, total]:
        if row is total:
            name = "Tổng cộng"
        else:
            name = row.point.name if row.point is not None else NO_POINT
        points.append(
            [
                name,
                row.invited,
                row.present,
                row.late,
                row.excused,
                row.absent,
                row.not_recorded,
                float(row.rate) if row.rate is not None else "",
            ],
            bold=row is total,
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
