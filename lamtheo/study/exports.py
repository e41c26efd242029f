"""A session's minutes (biên bản, DOCX) and its attendance as a spreadsheet (XLSX).

Both are built from the same rows (`attendance.attendance_list`, `attendance.session_counts`),
so the Word and Excel versions never disagree. Documents are Vietnamese whatever the interface
language, in the Party document layout of the documents kit (lamtheo.documents), signed by
the clerk and the chair; the host's issuing body and its secretary come from
lamtheo.org.issuers. The template is `docx/bien-ban.docx`, built by `docx/build_templates.py`.
Callers have checked that the user may read the session.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lamtheo.documents.exporters import DATETIME, INTEGER, NUMBER, Column, ListExporter, Sheet
from lamtheo.documents.layout import Letterhead, Signature
from lamtheo.documents.render import DocxDocument
from lamtheo.documents.text import BLANK, plain, short_date, slug
from lamtheo.org.issuers import issuer_of
from lamtheo.org.privacy import Reader
from lamtheo.study import attendance, checkin
from lamtheo.study.models import AttendanceStatus, Invitation, SessionFormat, StudySession

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


def _counts_line(total: attendance.PointCounts) -> str:
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


def _point_line(row: attendance.PointCounts) -> str:
    return f"{row.took_part}/{row.invited} người tham dự"


def _filename(session: StudySession, what: str, extension: str) -> str:
    day = timezone.localtime(session.starts_at).strftime("%Y%m%d")
    return f"{what}-{day}-{slug(session.title, 50)}.{extension}"


class Minutes(DocxDocument):
    """What the minutes and the spreadsheet show of a session (five queries)."""

    template = MINUTES_TEMPLATE
    SIGN = "(Ký, ghi rõ họ tên)"

    def __init__(self, session: StudySession):
        self.session = session
        self.day = timezone.localtime(session.starts_at).date()
        self.counts = attendance.session_counts(session)
        self.lines = attendance.attendance_list(session)
        self.issuer, _offices = issuer_of(session.unit, on=self.day)

    def letterhead(self) -> Letterhead:
        return self.issuer.letterhead(self.day)

    def signatures(self) -> dict[str, Signature]:
        return {
            "sign_clerk": Signature(title="THƯ KÝ", note=self.SIGN),
            "sign_chair": Signature(title="CHỦ TRÌ", note=self.SIGN, name=self.chair_name),
        }

    def filename(self) -> str:
        return _filename(self.session, "bien-ban", "docx")

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

    def fields(self) -> dict:
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
        }


def minutes_docx(session: StudySession) -> bytes:
    return Minutes(session).render()


class AttendanceExporter(ListExporter):
    """The attendance list on the first sheet, the counts per connection point on the second."""

    columns = (
        Column("STT", 6, INTEGER),
        Column("Họ và tên", 28),
        Column("Đơn vị", 40),
        Column("Điểm cầu", 34),
        Column("Trạng thái", 18),
        Column("Giờ điểm danh", 18, DATETIME),
    )
    point_columns = (
        Column("Điểm cầu", 44),
        Column("Được mời", 12, INTEGER),
        Column("Có mặt", 12, INTEGER),
        Column("Đến muộn", 12, INTEGER),
        Column("Vắng có lý do", 14, INTEGER),
        Column("Vắng không lý do", 16, INTEGER),
        Column("Chưa điểm danh", 16, INTEGER),
        Column("Tỷ lệ tham dự (%)", 16, NUMBER, "0.0"),
    )

    def __init__(self, session: StudySession, minutes: Minutes | None = None):
        self.session = session
        self.minutes = minutes or Minutes(session)

    def filename(self, extension: str) -> str:
        return _filename(self.session, "diem-danh", extension)

    def preamble(self) -> list[str]:
        session, minutes = self.session, self.minutes
        return [
            "DANH SÁCH ĐIỂM DANH",
            plain(session.title),
            f"Đơn vị tổ chức: {session.unit.name}",
            f"Thời gian: {_clock(session.starts_at)}, ngày {short_date(minutes.day)}",
            f"Địa điểm: {plain(session.place)}" if session.place else "",
            f"Hình thức: {FORMAT_TEXT.get(session.format, session.format)}",
            _counts_line(minutes.counts.total),
        ]

    def rows(self):
        for line in self.minutes.lines:
            yield (
                line.number,
                line.name,
                line.unit,
                line.point,
                STATUS_TEXT[line.status],
                line.checked_in_at,
            )

    @staticmethod
    def _point_row(row: attendance.PointCounts, name: str) -> tuple:
        rate = float(row.rate) if row.rate is not None else None
        counts = (row.present, row.late, row.excused, row.absent, row.not_recorded)
        return (name, row.invited, *counts, rate)

    def sheets(self) -> list[Sheet]:
        counts = self.minutes.counts
        points = [
            self._point_row(row, row.point.name if row.point is not None else NO_POINT)
            for row in counts.points
        ]
        total = self._point_row(counts.total, "Tổng cộng")
        return [
            Sheet("Điểm danh", self.columns, self.rows(), self.preamble()),
            Sheet("Điểm cầu", self.point_columns, points, footer=[total]),
        ]


def attendance_xlsx(session: StudySession) -> bytes:
    return AttendanceExporter(session).xlsx()


class LinksExporter(ListExporter):
    """The one-time check-in links of an online or hybrid session, for a mail merge (CSV):
    every invitee with their unit at the time of the invitation, connection point, e-mail,
    phone and link. An in-person session has no links: the header only.

    E-mail and phone follow the reader's minimisation (org.privacy): a column the reader sees
    for nobody is left out, a cell they may not see is empty."""

    title = "Liên kết điểm danh"
    CONTACT_COLUMNS = {"email": Column("Email", 28), "phone": Column("Điện thoại", 16)}

    def __init__(self, session: StudySession, user=None):
        self.session = session
        self.reader = Reader(user) if user is not None else None
        self.identifier = f"lien-ket-diem-danh-{session.pk}-{slug(session.title, 40)}"
        contacts = list(self.CONTACT_COLUMNS)
        if self.reader is not None:
            units = (
                Invitation.objects.filter(session=session)
                .values_list("person__unit__path", "person__unit__kind")
                .distinct()
                .order_by()
            )
            contacts = self.reader.export_columns(units, contacts)
        self.contacts = contacts
        self.columns = (
            Column("Họ và tên", 28),
            Column("Đơn vị", 36),
            Column("Điểm cầu", 30),
            *(self.CONTACT_COLUMNS[name] for name in contacts),
            Column("Đường dẫn dùng một lần", 60),
        )

    def rows(self):
        if self.session.format == SessionFormat.IN_PERSON:
            return
        invitations = (
            Invitation.objects.filter(session=self.session)
            .select_related("person__unit", "unit", "point")
            .order_by("person__sort_key", "pk")
        )
        site = settings.SITE_URL.rstrip("/")
        reader = self.reader
        for invitation in invitations.iterator(chunk_size=2000):
            person = invitation.person
            link = site + reverse("link-checkin", args=[checkin.online_token(invitation)])
            point = invitation.point.name if invitation.point else ""
            contacts = [
                reader.export_value(person, name) if reader else getattr(person, name)
                for name in self.contacts
            ]
            yield (person.full_name, invitation.unit.name, point, *contacts, link)
