"""Printed registration documents and the unit list as a spreadsheet.

- `registration_form_docx(person, year, user)`: a person's registration form for the year.
- `unit_list_docx(unit, year, user)` and `unit_list_xlsx(...)`: a unit's list, built from the
  same rows (`unit_list`), so the Word and Excel versions never disagree.

Documents are Vietnamese whatever the interface language: they follow the Party document
format (Hướng dẫn 36-HD/VPTW) and are finished and signed in Word. The templates are
`docx/*.docx`, built by `docx/build_templates.py`.

Every read goes through the models' `visible_to(user)`; callers have already checked that
the user may see the person or the unit. Each builder runs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from docxtpl import DocxTemplate
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from lamtheo.core.text import fold
from lamtheo.org.models import Person, Position, PositionTitle, Unit, UnitKind, subtree_q
from lamtheo.programs.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    ProgramYear,
    YearEvaluation,
    YearStatus,
)

TEMPLATES = Path(__file__).resolve().parent / "docx"
FORM_TEMPLATE = TEMPLATES / "dang-ky-ca-nhan.docx"
LIST_TEMPLATE = TEMPLATES / "danh-sach-don-vi.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The documents' own vocabulary (Vietnamese in every interface language).
RANK_TEXT = {
    "htxs": "Hoàn thành xuất sắc nhiệm vụ",
    "htt": "Hoàn thành tốt nhiệm vụ",
    "ht": "Hoàn thành nhiệm vụ",
    "kht": "Không hoàn thành nhiệm vụ",
}
RANK_SHORT = {"htxs": "HTXS", "htt": "HTT", "ht": "HT", "kht": "KHT"}
AREA_TEXT = {
    "political_task": "Thực hiện tốt nhiệm vụ chính trị",
    "leadership": "Đổi mới phương pháp lãnh đạo, chỉ đạo, quản lý",
    "advisory": "Nâng cao chất lượng công tác tham mưu, hiệu quả công việc",
    "ethics": "Giữ gìn phẩm chất đạo đức, lối sống",
    "work_style": "Đổi mới lề lối làm việc, thái độ phục vụ",
    "productivity": "Nâng cao năng suất lao động",
    "other": "Nội dung khác",
}
STATUS_TEXT = {
    CommitmentStatus.DRAFT: "Bản nháp",
    CommitmentStatus.SUBMITTED: "Chờ duyệt",
    CommitmentStatus.RETURNED: "Trả lại để sửa",
    CommitmentStatus.APPROVED: "Đã duyệt",
    CommitmentStatus.SELF_ASSESSED: "Đã tự đánh giá",
    CommitmentStatus.EVALUATED: "Đã đánh giá",
    CommitmentStatus.WITHDRAWN: "Đã rút",
}
NOT_REGISTERED = "Chưa đăng ký"
COLLECTIVE = "Tập thể"
POSITION_TEXT = {
    PositionTitle.SECRETARY: "Bí thư",
    PositionTitle.DEPUTY_SECRETARY: "Phó Bí thư",
    PositionTitle.STANDING_MEMBER: "Ủy viên Ban Thường vụ",
    PositionTitle.INSPECTION_CHAIR: "Chủ nhiệm Ủy ban Kiểm tra",
    PositionTitle.INSPECTION_DEPUTY: "Phó Chủ nhiệm Ủy ban Kiểm tra",
    PositionTitle.INSPECTION_MEMBER: "Ủy viên Ủy ban Kiểm tra",
    PositionTitle.GROUP_LEADER: "Tổ trưởng",
    PositionTitle.GROUP_DEPUTY: "Tổ phó",
}
CELLS = (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)
BLANK = "…………………………………………………………"


# -- text helpers ----------------------------------------------------------------------------


def date_line(day: dt.date, place: str | None = None) -> str:
    """ "Hà Nội, ngày 05 tháng 02 năm 2023": days 1–9 and months 1–2 take a leading zero."""
    place = settings.DOCUMENT_PLACE if place is None else place
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


# C0 control characters are not allowed in XML (Word, Excel) or change the layout in docxtpl
# (\a, \f, \t); line breaks are kept.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def plain(value) -> str:
    """Text safe to put in a document: no control characters, \\n line breaks only."""
    if value is None:
        return ""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", value).strip()


# A cell starting with one of these is a formula (or becomes one when edited) in Excel,
# LibreOffice and Google Sheets: OWASP "CSV injection".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Text that a spreadsheet will never read as a formula: prefixed with "'" if needed."""
    if value and (value[0] in FORMULA_STARTS or value.lstrip()[:1] in FORMULA_STARTS):
        return "'" + value
    return value


def slug(value: str, limit: int = 60) -> str:
    """ASCII for a file name: "Nguyễn Văn Quang" -> "nguyen-van-quang"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")[:limit].strip("-") or "x"


def _numbered(lines: list[str]) -> str:
    """One item as it is; several numbered "1. …", "2. …", each on its own line."""
    if len(lines) <= 1:
        return lines[0] if lines else ""
    return "\n".join(f"{i}. {line}" if line else f"{i}." for i, line in enumerate(lines, 1))


# -- the unit around a person: issuing body, signer ------------------------------------------


@dataclass
class Issuer:
    """Who issues and signs: the nearest cell (or committee) of a unit, and the one above."""

    unit: Unit  # the unit the document is about
    body: Unit  # the issuing cell or committee (the unit itself unless it is a party group)
    parent: Unit | None
    secretary_name: str = ""
    has_committee: bool = False  # a chi ủy: a deputy secretary or committee members

    @property
    def is_cell(self) -> bool:
        return self.body.kind in CELLS

    @property
    def approver_body(self) -> str:
        return "CHI BỘ" if self.is_cell else "ĐẢNG ỦY"

    @property
    def approver_for(self) -> str:
        if self.is_cell:
            return "T/M CHI ỦY" if self.has_committee else "T/M CHI BỘ"
        return "T/M ĐẢNG ỦY"

    def header(self) -> dict:
        return {
            "parent_name": self.parent.name.upper() if self.parent else "",
            "unit_name": self.body.name.upper(),
            "approver_body": self.approver_body,
            "approver_body_lower": self.approver_body.capitalize(),
            "approver_for": self.approver_for,
            "secretary_name": self.secretary_name,
        }

    def unit_line(self) -> str:
        """ "Tổ đảng A1, Chi bộ A" for a party group, else the unit's name."""
        if self.unit.pk != self.body.pk:
            return f"{self.unit.name}, {self.body.name}"
        return self.unit.name


def _issuer(unit: Unit, person: Person | None = None, on: dt.date | None = None):
    """(Issuer, the person's current offices) with two queries."""
    chain = list(Unit.objects.filter(path__in=unit.ancestor_paths()).order_by("path"))
    body_index = max(
        (i for i, u in enumerate(chain) if u.kind != UnitKind.GROUP), default=len(chain) - 1
    )
    body = chain[body_index]
    parent = chain[body_index - 1] if body_index else None
    issuer = Issuer(unit=unit, body=body, parent=parent)
    on = on or timezone.localdate()
    q = Q(unit=body)
    if person is not None:
        q |= Q(person=person)
    offices = []
    for position in (
        Position.objects.filter(q).current(on).select_related("person", "unit").order_by("id")
    ):
        if position.unit_id == body.pk:
            if position.title == PositionTitle.SECRETARY:
                issuer.secretary_name = position.person.full_name
            elif position.title in (
                PositionTitle.DEPUTY_SECRETARY,
                PositionTitle.COMMITTEE_MEMBER,
                PositionTitle.STANDING_MEMBER,
            ):
                issuer.has_committee = True
        if person is not None and position.person_id == person.pk:
            offices.append(_office(position))
    return issuer, offices


def _office(position: Position) -> str:
    if position.title == PositionTitle.COMMITTEE_MEMBER:
        title = "Chi ủy viên" if position.unit.kind in CELLS else "Ủy viên Ban Chấp hành"
    else:
        title = POSITION_TEXT.get(position.title, position.get_title_display())
    return f"{title} {position.unit.name}"


def _render(template: Path, context: dict) -> bytes:
    document = DocxTemplate(str(template))
    document.render(context, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _year_context(year: ProgramYear) -> dict:
    return {
        "year": year.year,
        "theme": plain(year.theme),
        "term_theme": plain(year.program.term_theme),
    }


# -- a person's registration form ------------------------------------------------------------


def _assessment(commitment: Commitment) -> str:
    text = plain(commitment.self_assessment)
    if text and commitment.proposed_rank:
        stop = "." if text.endswith(".") else ""
        text = f"{text.removesuffix('.')} (đề xuất: {RANK_SHORT[commitment.proposed_rank]}){stop}"
    return text


def form_context(person: Person, year: ProgramYear, user) -> dict:
    """What the form shows (5 queries)."""
    commitments = list(
        Commitment.objects.visible_to(user)
        .filter(year=year, person=person)
        .exclude(status=CommitmentStatus.WITHDRAWN)
        .order_by("created_at", "id")
    )
    evaluation = YearEvaluation.objects.visible_to(user).filter(year=year, person=person).first()
    issuer, offices = _issuer(person.unit, person)
    items = [
        {
            "number": i,
            "area": AREA_TEXT.get(c.content_area, c.content_area),
            "action": plain(c.action),
            "expected_result": plain(c.expected_result),
            "due": short_date(c.due_on) or "Trong năm",
            "shortcoming": plain(c.shortcoming),
            "self_assessment": _assessment(c),
            "rank": RANK_TEXT.get(c.rank, ""),
        }
        for i, c in enumerate(commitments, 1)
    ] or [
        # A blank form to fill in by hand.
        {
            "number": 1,
            "area": BLANK,
            "action": BLANK,
            "expected_result": BLANK,
            "due": BLANK,
            "shortcoming": BLANK,
            "self_assessment": "",
            "rank": "",
        }
    ]
    submitted = [c.submitted_at for c in commitments if c.submitted_at]
    day = timezone.localtime(max(submitted)).date() if submitted else timezone.localdate()
    basis = [plain(line) for line in year.program.basis.splitlines() if line.strip()]
    intro = "Căn cứ chức trách, nhiệm vụ được giao"
    if basis:
        first = re.sub(r"^(căn cứ|thực hiện)\s+", "", basis[0], flags=re.IGNORECASE)
        intro = f"Thực hiện {first.rstrip(';.,')}; căn cứ chức trách, nhiệm vụ được giao"
    intro += (
        f", tôi đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
        f"năm {year.year} như sau:"
    )
    return {
        **issuer.header(),
        **_year_context(year),
        "date_line": date_line(day),
        "name": person.full_name,
        "birth_date": short_date(person.birth_date) or BLANK,
        "job_title": plain(person.job_title) or BLANK,
        "party_offices": "; ".join(offices),
        "unit_line": issuer.unit_line(),
        "intro": intro,
        "commitments": items,
        "year_rank": RANK_TEXT.get(evaluation.rank, "") if evaluation else "",
    }


def registration_form_docx(person: Person, year: ProgramYear, user) -> bytes:
    return _render(FORM_TEMPLATE, form_context(person, year, user))


# -- a unit's list ---------------------------------------------------------------------------


@dataclass
class ListRow:
    """One line of a unit's list: a person (all their commitments) or one collective one."""

    number: int
    name: str
    job_title: str
    content: str
    self_assessment: str
    rank: str
    status: str
    sort_key: str = field(default="", repr=False)


@dataclass
class UnitList:
    unit: Unit
    year: ProgramYear
    collective_rows: list[ListRow]
    rows: list[ListRow]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def registered(self) -> int:
        return sum(1 for row in self.rows if row.status != NOT_REGISTERED)


def _content(commitment: Commitment) -> str:
    text = plain(commitment.action)
    result = plain(commitment.expected_result)
    if result:
        text = f"{text}\nKết quả: {result}"
    if commitment.due_on:
        text = f"{text}\nThời hạn: {short_date(commitment.due_on)}"
    return text


def _row(number: int, name: str, job_title: str, commitments, year_rank: str = "") -> ListRow:
    statuses = [STATUS_TEXT[c.status] for c in commitments]
    ranks = [RANK_TEXT.get(c.rank, "") for c in commitments]
    return ListRow(
        number=number,
        name=name,
        job_title=job_title,
        content=_numbered([_content(c) for c in commitments]),
        self_assessment=_numbered([_assessment(c) for c in commitments])
        if any(c.self_assessment for c in commitments)
        else "",
        rank=RANK_TEXT.get(year_rank, "")
        or (_numbered(ranks) if len(set(ranks)) > 1 else ranks[0] if ranks else ""),
        status=statuses[0] if len(set(statuses)) == 1 else _numbered(statuses),
    )


def unit_list(unit: Unit, year: ProgramYear, user) -> UnitList:
    """The rows of a unit's list (3 queries): collective commitments made in the unit's
    subtree, then people in Vietnamese order (given name first).

    People are those whose commitments were made in the subtree this year (a past year reads
    as it was); while the year is not closed, the unit's current people who have not
    registered anywhere are listed too, as "Chưa đăng ký".
    """
    commitments = list(
        Commitment.objects.visible_to(user)
        .filter(subtree_q([unit.path], prefix="unit__path"), year=year)
        .counting()
        .select_related("person", "unit")
        .order_by("person__sort_key", "person_id", "created_at", "id")
    )
    collective = [c for c in commitments if c.kind == CommitmentKind.COLLECTIVE]
    collective.sort(key=lambda c: (c.unit.path, c.created_at, c.pk))
    collective_rows = [
        _row(i, c.unit.name, COLLECTIVE, [c]) for i, c in enumerate(collective, start=1)
    ]

    by_person: dict[int, list[Commitment]] = {}
    for c in commitments:
        if c.person_id is not None:
            by_person.setdefault(c.person_id, []).append(c)
    ranks = dict(
        YearEvaluation.objects.visible_to(user)
        .filter(
            year=year,
            person_id__in=Commitment.objects.filter(
                subtree_q([unit.path], prefix="unit__path"), year=year, person__isnull=False
            ).values("person_id"),
        )
        .values_list("person_id", "rank")
    )
    entries = [(items[0].person.sort_key, items[0].person, items) for items in by_person.values()]
    if year.status != YearStatus.CLOSED:
        missing = (
            Person.objects.visible_to(user, "view")
            .in_subtree(unit)
            .current()
            .exclude(
                pk__in=Commitment.objects.filter(year=year, person__isnull=False)
                .counting()
                .values("person_id")
            )
        )
        entries += [(p.sort_key, p, []) for p in missing]
    entries.sort(key=lambda entry: (entry[0], entry[1].pk))
    rows = []
    for number, (_key, person, items) in enumerate(entries, start=1):
        if items:
            rows.append(
                _row(
                    number,
                    person.full_name,
                    plain(person.job_title),
                    items,
                    ranks.get(person.pk, ""),
                )
            )
        else:
            rows.append(
                ListRow(
                    number, person.full_name, plain(person.job_title), "", "", "", NOT_REGISTERED
                )
            )
    return UnitList(unit=unit, year=year, collective_rows=collective_rows, rows=rows)


def unit_list_docx(unit: Unit, year: ProgramYear, user) -> bytes:
    data = unit_list(unit, year, user)
    issuer, _offices = _issuer(unit)
    title = unit.name if unit.pk == issuer.body.pk else issuer.unit_line()
    context = {
        **issuer.header(),
        **_year_context(year),
        "date_line": date_line(timezone.localdate()),
        "unit_title": title,
        "parent_title": issuer.parent.name if issuer.parent else "",
        "collective_rows": data.collective_rows,
        "personal_heading": "II. ĐĂNG KÝ CỦA CÁ NHÂN"
        if data.collective_rows
        else "ĐĂNG KÝ CỦA CÁ NHÂN",
        "rows": data.rows,
        "total": data.total,
        "registered": data.registered,
        "not_registered": data.total - data.registered,
    }
    return _render(LIST_TEMPLATE, context)


XLSX_HEADINGS = (
    "STT",
    "Họ và tên",
    "Chức vụ",
    "Nội dung đăng ký",
    "Kết quả tự đánh giá",
    "Xếp loại",
    "Trạng thái",
)
XLSX_WIDTHS = (6, 26, 24, 60, 45, 26, 18)


def _sheet(workbook, title: str, heading: list[str], rows: list[ListRow]) -> None:
    sheet = workbook.create_sheet(title)
    for letter, width in zip("ABCDEFG", XLSX_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = f"A{len(heading) + 3}"
    bold = Font(name="Times New Roman", bold=True)
    normal = Font(name="Times New Roman")
    wrap = Alignment(wrap_text=True, vertical="top")

    def cell(value, font=normal, alignment=wrap):
        if isinstance(value, str):
            value = neutralise(plain(value))
        c = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # never a formula, whatever the text
        c.font, c.alignment = font, alignment
        return c

    for line in heading:
        sheet.append([cell(line, bold, Alignment())])
    sheet.append([])
    sheet.append(
        [cell(text, bold, Alignment(wrap_text=True, horizontal="center")) for text in XLSX_HEADINGS]
    )
    for row in rows:
        sheet.append(
            [
                cell(row.number),
                cell(row.name),
                cell(row.job_title),
                cell(row.content),
                cell(row.self_assessment),
                cell(row.rank),
                cell(row.status),
            ]
        )


def unit_list_xlsx(unit: Unit, year: ProgramYear, user) -> bytes:
    """The unit's list as a workbook: people on the first sheet, collective commitments on
    the second. Every text cell is a string, never a formula."""
    data = unit_list(unit, year, user)
    workbook = Workbook(write_only=True)
    heading = [
        "DANH SÁCH ĐĂNG KÝ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH "
        f"NĂM {year.year}",
        unit.name,
        f"Chuyên đề năm {year.year}: {plain(year.theme)}" if year.theme else "",
        f"Ngày lập: {short_date(timezone.localdate())}",
    ]
    _sheet(workbook, "Cá nhân", heading, data.rows)
    _sheet(workbook, "Tập thể", heading, data.collective_rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
