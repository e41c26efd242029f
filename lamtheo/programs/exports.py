"""Printed registration documents and the unit list as a spreadsheet.

- `RegistrationForm(person, year, user)`: a person's registration form for the year (DOCX).
- `UnitListDocument(unit, year, user)` and `UnitListExporter(...)`: a unit's list as DOCX and
  XLSX, built from the same rows (`unit_list`), so the Word and Excel versions never disagree.

Documents are Vietnamese whatever the interface language: they follow the Party document
format (the documents kit, lamtheo.documents) and are finished and signed in Word. The
templates are `docx/*.docx`, built by `docx/build_templates.py`.

Every read goes through the models' `visible_to(user)`; callers have already checked that
the user may see the person or the unit. Each builder runs a fixed number of queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from lamtheo.documents.exporters import INTEGER, Column, ListExporter, Sheet
from lamtheo.documents.layout import Letterhead, Signature
from lamtheo.documents.render import DocxDocument
from lamtheo.documents.text import BLANK, numbered, plain, short_date, slug
from lamtheo.org import history
from lamtheo.org.issuers import issuer_of
from lamtheo.org.models import Person, Unit
from lamtheo.programs.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    ProgramYear,
    YearStatus,
)
from lamtheo.programs.queries.progress import tree_for

TEMPLATES = Path(__file__).resolve().parent / "docx"
FORM_TEMPLATE = TEMPLATES / "dang-ky-ca-nhan.docx"
LIST_TEMPLATE = TEMPLATES / "danh-sach-don-vi.docx"

# The documents' own vocabulary (Vietnamese in every interface language). A commitment's
# outcome is its own scale, not a Party rank (that is the year-end evaluation's).
OUTCOME_TEXT = {"exceeded": "Vượt", "met": "Đạt", "not_met": "Không đạt"}
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


def _year_context(year: ProgramYear) -> dict:
    return {
        "year": year.year,
        "theme": plain(year.theme),
        "term_theme": plain(year.program.term_theme),
    }


# -- a person's registration form ------------------------------------------------------------


def _assessment(commitment: Commitment) -> str:
    text = plain(commitment.self_assessment)
    if text and commitment.proposed_outcome:
        stop = "." if text.endswith(".") else ""
        proposed = OUTCOME_TEXT[commitment.proposed_outcome].lower()
        text = f"{text.removesuffix('.')} (đề xuất: {proposed}){stop}"
    return text


class RegistrationForm(DocxDocument):
    """A person's registration form for the year, dated the day it was handed in (five
    queries); a blank form to fill in by hand when nothing is registered yet."""

    template = FORM_TEMPLATE

    def __init__(self, person: Person, year: ProgramYear, user):
        self.person, self.year = person, year
        self.commitments = list(
            Commitment.objects.visible_to(user)
            .filter(year=year, person=person)
            .exclude(status=CommitmentStatus.WITHDRAWN)
            .order_by("created_at", "id")
        )
        self.issuer, self.offices = issuer_of(person.unit, person)
        submitted = [c.submitted_at for c in self.commitments if c.submitted_at]
        self.day = timezone.localtime(max(submitted)).date() if submitted else timezone.localdate()

    def letterhead(self) -> Letterhead:
        return self.issuer.letterhead(self.day)

    def signatures(self) -> dict[str, Signature]:
        registrant = Signature(
            title="NGƯỜI ĐĂNG KÝ", note="(Ký, ghi rõ họ tên)", name=self.person.full_name
        )
        return {"approver": self.issuer.secretary_signature(), "registrant": registrant}

    def items(self) -> list[dict]:
        return [
            {
                "number": i,
                "area": AREA_TEXT.get(c.content_area, c.content_area),
                "action": plain(c.action),
                "expected_result": plain(c.expected_result),
                "due": short_date(c.due_on) or "Trong năm",
                "shortcoming": plain(c.shortcoming),
                "self_assessment": _assessment(c),
                "outcome": OUTCOME_TEXT.get(c.outcome, ""),
                "comment": plain(c.evaluation_comment) if c.outcome else "",
            }
            for i, c in enumerate(self.commitments, 1)
        ] or [
            {
                "number": 1,
                "area": BLANK,
                "action": BLANK,
                "expected_result": BLANK,
                "due": BLANK,
                "shortcoming": BLANK,
                "self_assessment": "",
                "outcome": "",
                "comment": "",
            }
        ]

    def intro(self) -> str:
        basis = [plain(line) for line in self.year.program.basis.splitlines() if line.strip()]
        intro = "Căn cứ chức trách, nhiệm vụ được giao"
        if basis:
            first = re.sub(r"^(căn cứ|thực hiện)\s+", "", basis[0], flags=re.IGNORECASE)
            intro = f"Thực hiện {first.rstrip(';.,')}; căn cứ chức trách, nhiệm vụ được giao"
        return intro + (
            f", tôi đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
            f"năm {self.year.year} như sau:"
        )

    def fields(self) -> dict:
        person = self.person
        return {
            **_year_context(self.year),
            "approver_body": self.issuer.approver_body,
            "name": person.full_name,
            "birth_date": short_date(person.birth_date) or BLANK,
            "job_title": plain(person.job_title) or BLANK,
            "party_offices": "; ".join(self.offices),
            "unit_line": self.issuer.unit_line(),
            "intro": self.intro(),
            "commitments": self.items(),
        }

    def filename(self) -> str:
        return f"dang-ky-{self.year.year}-{slug(self.person.full_name)}.docx"


def registration_form_docx(person: Person, year: ProgramYear, user) -> bytes:
    return RegistrationForm(person, year, user).render()


# -- a unit's list ---------------------------------------------------------------------------


@dataclass
class ListRow:
    """One line of a unit's list: a person (all their commitments) or one collective one."""

    number: int
    name: str
    job_title: str
    content: str
    self_assessment: str
    outcome: str
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


def _row(number: int, name: str, job_title: str, commitments) -> ListRow:
    statuses = [STATUS_TEXT[c.status] for c in commitments]
    outcomes = [OUTCOME_TEXT.get(c.outcome, "") for c in commitments]
    return ListRow(
        number=number,
        name=name,
        job_title=job_title,
        content=numbered([_content(c) for c in commitments]),
        self_assessment=numbered([_assessment(c) for c in commitments])
        if any(c.self_assessment for c in commitments)
        else "",
        outcome=numbered(outcomes) if len(set(outcomes)) > 1 else outcomes[0] if outcomes else "",
        status=statuses[0] if len(set(statuses)) == 1 else numbered(statuses),
    )


def unit_list(unit: Unit, year: ProgramYear, user) -> UnitList:
    """The rows of a unit's list (2 queries): collective commitments made in the unit's
    subtree, then people in Vietnamese order (given name first).

    People are those whose commitments were made in the subtree this year (a past year reads
    as it was); while the year is not closed, the unit's current people who have not
    registered anywhere are listed too, as "Chưa đăng ký".
    """
    tree = tree_for(year, unit)
    # A past year reads the tree of its last day (org.history): commitments made in cells
    # that have since moved elsewhere are the unit's, though today's grants no longer reach
    # them; the views let only holders of a grant covering the unit ask for its list.
    visible = Commitment.objects.all() if tree.dated else Commitment.objects.visible_to(user)
    commitments = list(
        visible.filter(tree.units_q(unit), year=year)
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
    entries = [(items[0].person.sort_key, items[0].person, items) for items in by_person.values()]
    if year.status != YearStatus.CLOSED:
        people = (
            history.people_on(tree.path, tree.day)
            if tree.dated
            else Person.objects.visible_to(user, "view").in_subtree(unit).current()
        )
        missing = people.exclude(
            pk__in=Commitment.objects.filter(year=year, person__isnull=False)
            .counting()
            .values("person_id")
        )
        entries += [(p.sort_key, p, []) for p in missing]
    entries.sort(key=lambda entry: (entry[0], entry[1].pk))
    rows = []
    for number, (_key, person, items) in enumerate(entries, start=1):
        if items:
            rows.append(_row(number, person.full_name, plain(person.job_title), items))
        else:
            rows.append(
                ListRow(
                    number, person.full_name, plain(person.job_title), "", "", "", NOT_REGISTERED
                )
            )
    return UnitList(unit=unit, year=year, collective_rows=collective_rows, rows=rows)


class UnitListDocument(DocxDocument):
    """A unit's list, signed by the secretary of its cell or committee."""

    template = LIST_TEMPLATE

    def __init__(self, unit: Unit, year: ProgramYear, user):
        self.unit, self.year, self.user = unit, year, user
        self.issuer, _offices = issuer_of(unit)

    def letterhead(self) -> Letterhead:
        return self.issuer.letterhead(timezone.localdate())

    def signatures(self) -> dict[str, Signature]:
        return {"signer": self.issuer.secretary_signature()}

    def recipients(self) -> list[str]:
        parent = self.issuer.parent
        above = [f"{parent.name} (để báo cáo)"] if parent else []
        return [*above, f"Lưu {self.issuer.approver_body.capitalize()}"]

    def fields(self) -> dict:
        data = unit_list(self.unit, self.year, self.user)
        issuer = self.issuer
        return {
            **_year_context(self.year),
            "unit_title": self.unit.name if self.unit.pk == issuer.body.pk else issuer.unit_line(),
            "collective_rows": data.collective_rows,
            "personal_heading": "II. ĐĂNG KÝ CỦA CÁ NHÂN"
            if data.collective_rows
            else "ĐĂNG KÝ CỦA CÁ NHÂN",
            "rows": data.rows,
            "total": data.total,
            "registered": data.registered,
            "not_registered": data.total - data.registered,
        }

    def filename(self) -> str:
        return f"danh-sach-dang-ky-{self.year.year}-{slug(self.unit.name)}.docx"


def unit_list_docx(unit: Unit, year: ProgramYear, user) -> bytes:
    return UnitListDocument(unit, year, user).render()


class UnitListExporter(ListExporter):
    """The unit's list as a workbook: people on the first sheet, collective commitments on
    the second, under the same heading lines."""

    columns = (
        Column("STT", 6, INTEGER),
        Column("Họ và tên", 26),
        Column("Chức vụ", 24),
        Column("Nội dung đăng ký", 60),
        Column("Kết quả tự đánh giá", 45),
        Column("Kết quả thực hiện", 26),
        Column("Trạng thái", 18),
    )

    def __init__(self, unit: Unit, year: ProgramYear, user):
        self.unit, self.year, self.user = unit, year, user
        self.identifier = f"danh-sach-dang-ky-{year.year}-{slug(unit.name)}"

    def preamble(self) -> list[str]:
        year = self.year
        return [
            "DANH SÁCH ĐĂNG KÝ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH "
            f"NĂM {year.year}",
            self.unit.name,
            f"Chuyên đề năm {year.year}: {plain(year.theme)}" if year.theme else "",
            f"Ngày lập: {short_date(timezone.localdate())}",
        ]

    @staticmethod
    def _values(rows: list[ListRow]):
        for row in rows:
            yield (
                row.number,
                row.name,
                row.job_title,
                row.content,
                row.self_assessment,
                row.outcome,
                row.status,
            )

    def sheets(self) -> list[Sheet]:
        data = unit_list(self.unit, self.year, self.user)
        preamble = self.preamble()
        return [
            Sheet("Cá nhân", self.columns, self._values(data.rows), preamble),
            Sheet("Tập thể", self.columns, self._values(data.collective_rows), preamble),
        ]


def unit_list_xlsx(unit: Unit, year: ProgramYear, user) -> bytes:
    return UnitListExporter(unit, year, user).xlsx()
