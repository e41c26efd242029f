"""Importing people: the command, the function, nasty files, matching, scope, all-or-nothing.

Messages are asserted on what does not depend on the translation catalogue: row numbers,
Vietnamese column names and the values quoted.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.org.imports.people import import_people
from lamtheo.org.models import ImportJob, Membership, Person, Unit
from tests.factories import GrantFactory, PersonFactory, UnitFactory, UserFactory

HEADERS = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Mã đơn vị",
    "Số thẻ đảng viên",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Đối tượng",
    "Chức vụ",
    "Điện thoại",
    "Email",
]


# -- files ---------------------------------------------------------------------------------
def xlsx(tmp_path, rows, name="people.xlsx", text_columns=()):
    """An .xlsx written by openpyxl; `text_columns` (1-based) are formatted as text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for column in text_columns:
        for cells in sheet.iter_rows(min_col=column, max_col=column):
            cells[0].number_format = "@"
    path = tmp_path / name
    workbook.save(path)
    return path


def with_error_cells(path, errors: dict[str, str]):
    """Rewrite cells (e.g. {"B3": "#REF!"}) as formulas whose cached value is an error."""
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    xml = files["xl/worksheets/sheet1.xml"].decode()
    for ref, code in errors.items():
        xml, count = re.subn(
            rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)',
            f'<c r="{ref}" t="e"><f>A1/0</f><v>{code}</v></c>',
            xml,
        )
        assert count == 1, ref
    files["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def csv_file(tmp_path, text: str, *, name="people.csv", encoding="utf-8-sig", newline="\r\n"):
    path = tmp_path / name
    data = text.replace("\n", newline)
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def person_row(
    name="Trần Thị Ánh",
    birth="05/03/1990",
    gender="Nữ",
    unit="CBA",
    card="01234567",
    joined="19/05/2015",
    official="19/05/2016",
    status="Đảng viên chính thức",
    job="Phóng viên",
    phone="0912345678",
    email="",
):
    return [name, birth, gender, unit, card, joined, official, status, job, phone, email]


def run(*args, **kwargs):
    """call_command returning (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err, no_progress=True, **kwargs)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


# -- happy paths ---------------------------------------------------------------------------
def test_nasty_xlsx_is_cleaned_and_imported(world, tmp_path):
    nfd = unicodedata.normalize("NFD", " nguyễn   thị\u00a0 hồng ")
    rows = [
        # The header differs in case, accents, spacing, NFD and a trailing colon.
        [
            "HỌ VÀ TÊN:",
            "ngay sinh",
            " Giới  tính ",
            unicodedata.normalize("NFD", "Mã Đơn Vị"),
            "so the dang vien",
            "Ngày vào Đảng",
            "NGÀY CHÍNH THỨC",
            "Đối tượng",
            "Chức vụ",
            "Điện thoại",
            "email",
        ],
        [
            nfd,
            32937.0,
            "nữ",
            " CBA\u200b",
            "01234567",
            "19/5/2015",
            dt.date(2016, 5, 19),
            "chính thức",
            " Kế  toán ",
            912345678.0,
            "hong@example.vn",
        ],
        [None] * 11,  # a blank row in the middle
        [
            "Lê Văn Bình",
            dt.datetime(1985, 1, 2),
            "Nam",
            "TDA1",
            None,
            None,
            None,
            "Quần chúng",
            None,
            "+84 98 765 4321",
            None,
        ],
        ["", "", "", "", "", "", "", "", "", "", ""],  # an empty trailing row
    ]
    path = xlsx(tmp_path, rows, text_columns=(5,))
    result = import_people(path)
    assert result.status == "done" and result.errors == [] and result.exit_code == 0
    assert (result.created, result.updated, result.unchanged, result.total_rows) == (2, 0, 0, 2)
    hong = Person.objects.get(party_card_number="01234567")
    assert hong.full_name == "Nguyễn Thị Hồng"
    assert (hong.family_name, hong.middle_name, hong.given_name) == ("Nguyễn", "Thị", "Hồng")
    assert hong.search_key == "nguyen thi hong" and hong.sort_key
    assert hong.birth_date == dt.date(1990, 3, 5)  # Excel serial 32937
    assert hong.joined_on == dt.date(2015, 5, 19) and hong.official_on == dt.date(2016, 5, 19)
    assert hong.phone == "0912345678"  # the numeric cell lost its zero; it is back
    assert (hong.gender, hong.party_status, hong.job_title) == ("female", "official", "Kế toán")
    assert hong.unit_id == world.cell_a.pk and hong.unit_since == timezone.localdate()
    assert hong.imported_by is None
    binh = Person.objects.get(full_name="Lê Văn Bình")
    assert binh.unit_id == world.group_a.pk and binh.phone == "0987654321"
    assert binh.party_status == "mass" and binh.birth_date == dt.date(1985, 1, 2)
    # Created people get no history row: the import is their creation record.
    assert hong.history.count() == 0


def test_command_prints_counts_and_reimport_changes_nothing(world, tmp_path):
    path = xlsx(tmp_path, [HEADERS, person_row(), person_row("Phạm Minh Đức", card="00000042")])
    code, out, err = run("import_people", str(path))
    assert code == 0, err
    assert "2" in out and Person.objects.count() == 4
    first = {p.pk: p.updated_at for p in Person.objects.all()}
    code, out, err = run("import_people", str(path))
    assert code == 0 and Person.objects.count() == 4
    assert {p.pk: p.updated_at for p in Person.objects.all()} == first
    result = import_people(path)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)


def test_reimport_updates_in_place_with_history(world, tmp_path):
    import_people(xlsx(tmp_path, [HEADERS, person_row()]))
    person = Person.objects.get(party_card_number="01234567")
    changed = person_row(name="Trần Thị Ánh Tuyết", phone="0909000111", job="Biên tập viên")
    result = import_people(xlsx(tmp_path, [HEADERS, changed], name="v2.xlsx"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    person.refresh_from_db()
    assert person.full_name == "Trần Thị Ánh Tuyết" and person.given_name == "Tuyết"
    assert person.search_key == "tran thi anh tuyet"
    assert (person.phone, person.job_title) == ("0909000111", "Biên tập viên")
    record = person.history.get()
    assert record.history_type == "~" and "v2.xlsx" in record.history_change_reason
    assert record.full_name == "Trần Thị Ánh Tuyết"


def test_matching_by_code_then_card_then_name_and_birth_date(world, tmp_path):
    by_name = PersonFactory(
        unit=world.cell_a, full_name="Đỗ Thu Hà", birth_date=dt.date(1991, 1, 1)
    )
    by_card = PersonFactory(unit=world.cell_a, full_name="Vũ Đức Anh", party_card_number="777")
    by_code = PersonFactory(unit=world.cell_a, full_name="Ngô Lan", code="NV-9")
    rows = [
        HEADERS + ["Mã cá nhân"],
        person_row("Đỗ Thu Hà", birth="1/1/1991", card="888") + [""],
        person_row("Vũ Đức Anh Tuấn", card="777") + [""],
        person_row("Ngô Thị Lan", card="") + ["NV-9"],
    ]
    result = import_people(xlsx(tmp_path, rows))
    assert result.status == "done", (result.message, result.errors)
    assert (result.created, result.updated) == (0, 3)
    for person in (by_name, by_card, by_code):
        person.refresh_from_db()
    assert by_name.party_card_number == "888"  # found by name + birth date, card added
    assert by_card.full_name == "Vũ Đức Anh Tuấn"  # found by card number, name corrected
    assert by_code.full_name == "Ngô Thị Lan" and by_code.code == "NV-9"


def test_moving_a_person_by_import_records_the_past_membership(world, tmp_path):
    path = xlsx(tmp_path, [HEADERS, person_row(unit="CBA")])
    import_people(path)
    result = import_people(xlsx(tmp_path, [HEADERS, person_row(unit="TDA1")], name="b.xlsx"))
    assert result.updated == 1
    person = Person.objects.get(party_card_number="01234567")
    assert person.unit_id == world.group_a.pk and person.unit_since == timezone.localdate()
    past = Membership.objects.get(person=person)
    assert past.unit_id == world.cell_a.pk and past.ended_on == timezone.localdate()


def test_csv_with_bom_semicolons_crlf_and_quotes(world, tmp_path):
    text = (
        ";".join(HEADERS)
        + "\n"
        + '"Trần Văn  An";1/2/1980;Nam;CBA;00123;;;"Quần chúng ưu tú";"Trưởng phòng; kiêm nhiệm"'
        ";912345678;\n"
        "\n"
    )
    result = import_people(csv_file(tmp_path, text))
    assert result.status == "done", (result.message, result.errors)
    assert result.created == 1
    person = Person.objects.get(full_name="Trần Văn An")
    assert person.party_card_number == "00123"  # CSV cells are text: the zeros stay
    assert person.birth_date == dt.date(1980, 2, 1) and person.phone == "0912345678"
    assert person.job_title == "Trưởng phòng; kiêm nhiệm" and person.party_status == "elite_mass"


def test_csv_without_bom_with_commas(world, tmp_path):
    text = ",".join(HEADERS) + "\n" + ",".join(person_row()) + "\n"
    result = import_people(csv_file(tmp_path, text, encoding="utf-8", newline="\n"))
    assert result.status == "done", (result.message, result.errors)
    assert result.created == 1


def test_tcvn3_csv_bytes_are_converted_with_a_note(world, tmp_path):
    # A CSV saved from an old .VnTime sheet: TCVN3 bytes, not UTF-8.
    rows = [
        "B\xb6o Th\xbeng,1/1/1980,Nam,CBA,111,,,Qu\xc7n ch\xf3ng,,,",
        "V\xf2 V\xa8n Th\xb5nh,1/1/1981,Nam,CBA,112,,,Qu\xc7n ch\xf3ng,,,",
        "V\xf2,1/1/1982,Nam,CBA,113,,,Qu\xc7n ch\xf3ng,,,",
    ]
    # Header in TCVN3 too: a whole file typed in the old font.
    header = (
        "Hä vµ tªn,Ngµy sinh,Giíi tÝnh,M· ®¬n vÞ,Sè thÎ ®¶ng viªn,Ngµy vµo §¶ng,Ngµy chÝnh "
        "thøc,§èi t­îng,Chøc vô,§iÖn tho¹i,Email"
    )
    data = "\r\n".join([header, *rows]).encode("latin-1")
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(data)
    result = import_people(path)
    assert result.status == "done", (result.message, result.errors)
    assert result.created == 3, result
    assert set(
        Person.objects.filter(party_card_number__in=["111", "112", "113"]).values_list(
            "full_name", flat=True
        )
    ) == {"Bảo Thắng", "Vũ Văn Thành", "Vũ"}
    assert any("TCVN3" in note for note in result.notes)


def test_vni_name_in_xlsx_is_converted(world, tmp_path):
    path = xlsx(tmp_path, [HEADERS, person_row(name="Nguyeãn Vaên Quang", card="5")])
    result = import_people(path)
    assert result.status == "done", (result.message, result.errors)
    assert Person.objects.filter(full_name="Nguyễn Văn Quang", party_card_number="5").exists()
    assert any("VNI" in note for note in result.notes)


def test_dry_run_writes_nothing_and_reports(world, tmp_path):
    path = xlsx(tmp_path, [HEADERS, person_row()])
    code, out, err = run("import_people", str(path), dry_run=True)
    assert code == 0 and "1" in out
    assert not Person.objects.filter(party_card_number="01234567").exists()


def test_job_marks_imported_people(world, tmp_path):
    path = xlsx(tmp_path, [HEADERS, person_row()])
    job = ImportJob.objects.create(
        kind="people", file="x.xlsx", original_name="x.xlsx", created_by=world.office
    )
    seen = []
    import_people(path, user=world.office, job=job, progress=lambda *a: seen.append(a))
    assert Person.objects.get(party_card_number="01234567").imported_by == job
    assert seen and seen[-1][0] == "write"


# -- unhappy paths -------------------------------------------------------------------------
def test_every_bad_row_is_reported_and_nothing_written(world, tmp_path):
    closed = UnitFactory(parent=world.committee, code="CLOSED", name="Chi bộ cũ")
    Unit.objects.filter(pk=closed.pk).update(closed_on=dt.date(2024, 1, 1))
    rows = [
        HEADERS,
        person_row("Người Tốt", card="1"),
        person_row("Ngày Sai", card="2", birth="31/02/2023"),
        person_row("Trùng Thẻ", card="1"),
        person_row("Đơn Vị Lạ", card="3", unit="KHONGCO"),
        person_row("Đơn Vị Đóng", card="4", unit="CLOSED"),
        person_row("", card="5"),
        person_row("Điện Thoại", card="6", phone="12ab"),
        person_row("Chỉ Năm", card="7", birth=1980),
        person_row("Sai Giới", card="8", gender="Khác"),
        person_row("Vào Trước Sinh", card="9", birth="1/1/2000", joined="1/1/2010"),
    ]
    code, out, err = run("import_people", str(xlsx(tmp_path, rows)))
    assert code == 1
    assert Person.objects.count() == 2  # only the world's two people
    expected = [
        (3, "Ngày sinh", "31/02/2023"),
        (4, "Số thẻ đảng viên", "2"),  # "also on row 2"
        (5, "Mã đơn vị", "KHONGCO"),
        (6, "Mã đơn vị", "CLOSED"),
        (7, "Họ và tên", ""),
        (8, "Điện thoại", ""),
        (9, "Ngày sinh", "1980"),
        (10, "Giới tính", ""),
        (11, "Ngày vào Đảng", ""),
    ]
    result = import_people(xlsx(tmp_path, rows, name="again.xlsx"))
    assert result.status == "invalid" and result.created == 0
    got = [(e.row, e.column) for e in result.errors]
    for row, column, value in expected:
        assert (row, column) in got, (row, column)
        message = next(e.message for e in result.errors if (e.row, e.column) == (row, column))
        assert value in message
        assert f"{row}" in err and column in err
    assert all(e.row != 2 for e in result.errors)


def test_error_values_of_formulas_are_refused(world, tmp_path):
    path = xlsx(tmp_path, [HEADERS, person_row(card="1"), person_row("Lê An", card="2")])
    with_error_cells(path, {"A2": "#REF!", "B3": "#N/A"})
    result = import_people(path)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Họ và tên"), (3, "Ngày sinh")]
    assert "#REF!" in result.errors[0].message and "#N/A" in result.errors[1].message
    text = ",".join(HEADERS) + "\n" + ",".join(person_row(phone="#N/A")) + "\n"
    result = import_people(csv_file(tmp_path, text))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Điện thoại")]


def test_unconvertible_legacy_text_is_refused_naming_the_encoding(world, tmp_path):
    path = xlsx(
        tmp_path, [HEADERS, person_row(card="1"), person_row("Nguy\u00c5n V\u00a8n", card="2")]
    )
    result = import_people(path)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Họ và tên")]
    assert "TCVN3 (ABC)" in result.errors[0].message


@pytest.mark.parametrize(
    "content,name",
    [
        (b"", "empty.csv"),
        (b"", "empty.xlsx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "picture.csv"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "picture.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls"),
    ],
)
def test_unreadable_files_exit_2(world, tmp_path, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run("import_people", str(path))
    assert code == 2 and err.strip()


def test_renamed_word_document_exits_2(world, tmp_path):
    path = tmp_path / "people.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    code, out, err = run("import_people", str(path))
    assert code == 2 and err.strip()


def test_missing_required_column_is_named_and_exits_2(world, tmp_path):
    headers = [h for h in HEADERS if h not in ("Mã đơn vị", "Ngày sinh")]
    code, out, err = run("import_people", str(xlsx(tmp_path, [headers, ["x"] * len(headers)])))
    assert code == 2
    assert "Mã đơn vị" in err and "Ngày sinh" in err


def test_csv_that_is_not_utf8_nor_vietnamese_exits_2(world, tmp_path):
    text = ",".join(HEADERS) + "\n" + ",".join(person_row(name="Ærøskøbing Ñandú")) + "\n"
    path = tmp_path / "latin.csv"
    path.write_bytes(text.encode("utf-8").decode("utf-8").encode("latin-1", "replace"))
    code, out, err = run("import_people", str(path))
    assert code == 2 and "UTF-8" in err


def test_conflicts_with_the_database(world, tmp_path):
    PersonFactory(unit=world.cell_a, full_name="Có Mã", code="A1", party_card_number="100")
    PersonFactory(unit=world.cell_a, full_name="Có Thẻ", party_card_number="200")
    rows = [HEADERS + ["Mã cá nhân"], person_row("Có Mã", card="200") + ["A1"]]
    result = import_people(xlsx(tmp_path, rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Số thẻ đảng viên")]
    assert "200" in result.errors[0].message


def test_scope_of_the_importing_user(world, tmp_path):
    other_root = UnitFactory(code="KHAC", name="Đảng bộ khác", kind="committee")
    PersonFactory(unit=other_root, full_name="Người Ngoài", party_card_number="999")
    rows = [
        HEADERS,
        person_row("Ở Chi Bộ A", card="1", unit="CBA"),
        person_row("Ở Nơi Khác", card="2", unit="KHAC"),
        person_row("Người Ngoài", card="999", unit="CBA"),
    ]
    result = import_people(xlsx(tmp_path, rows), user=world.office)
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "Mã đơn vị"),
        (4, "Số thẻ đảng viên"),
    ]
    assert "KHAC" in result.errors[0].message
    # A secretary may change people of their own cell only.
    result = import_people(xlsx(tmp_path, rows[:2], name="a.xlsx"), user=world.secretary)
    assert result.status == "done", (result.message, result.errors)
    assert result.created == 1
    result = import_people(
        xlsx(tmp_path, [HEADERS, person_row("B", card="3", unit="CBB")], name="b.xlsx"),
        user=world.secretary,
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã đơn vị")]


def test_matching_stays_inside_the_importers_scope(world, tmp_path):
    """Issue 10 §6: an office user learns nothing about people outside their scope. A name with
    a birth date there is not a match (a new person is created in the importer's unit); a card
    number or code held there (unique) is refused with the person form's words, naming neither
    the holder's unit nor their other code."""
    other_root = UnitFactory(code="KHAC", name="Đảng bộ khác", kind="committee")
    outsider = PersonFactory(
        unit=other_root,
        full_name="Người Ngoài",
        birth_date=dt.date(1980, 1, 2),
        party_card_number="999",
        code="N1",
    )
    rows = [HEADERS, person_row("Người Ngoài", birth="02/01/1980", card="", unit="CBA")]
    result = import_people(xlsx(tmp_path, rows), user=world.office)
    assert result.status == "done", (result.message, result.errors)
    assert result.created == 1
    created = Person.objects.exclude(pk=outsider.pk).get(full_name="Người Ngoài")
    assert created.unit == world.cell_a
    outsider.refresh_from_db()
    assert outsider.unit == other_root

    rows = [
        HEADERS + ["Mã cá nhân"],
        person_row("Ai Đó", card="999", unit="CBA") + ["X9"],
        person_row("Ai Khác", card="", unit="CBA") + ["N1"],
    ]
    result = import_people(xlsx(tmp_path, rows, name="b.xlsx"), user=world.office)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "Số thẻ đảng viên", str(_("Another person already has this party card number."))),
        (3, "Mã cá nhân", str(_("Another person already has this personal code."))),
    ]
    # An administrator's scope holds everyone: the same rows match the stored person.
    result = import_people(xlsx(tmp_path, rows[:2], name="c.xlsx"))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã cá nhân")]
    assert "N1" in result.errors[0].message


def test_command_user_option(world, tmp_path):
    path = xlsx(tmp_path, [HEADERS, person_row(unit="CBB")])
    code, out, err = run("import_people", str(path), user="bithu")  # secretary of cell A
    assert code == 1 and "CBB" in err
    code, out, err = run("import_people", str(path), user="vanphong")
    assert code == 0


def test_same_person_twice_and_keyless_duplicates(world, tmp_path):
    rows = [
        HEADERS,
        person_row("Hai Lần", card=""),
        person_row("Hai Lần", card=""),
    ]
    result = import_people(xlsx(tmp_path, rows))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Họ và tên")]


def test_header_below_a_title_row(world, tmp_path):
    rows = [["DANH SÁCH ĐẢNG VIÊN"], [], HEADERS, person_row()]
    result = import_people(xlsx(tmp_path, rows))
    assert result.status == "done", (result.message, result.errors)
    assert result.created == 1
    bad = [["DANH SÁCH"], [], HEADERS, person_row(birth="32/1/1990")]
    result = import_people(xlsx(tmp_path, bad, name="bad.xlsx"))
    assert [(e.row, e.column) for e in result.errors] == [(4, "Ngày sinh")]


def test_many_rows_use_a_fixed_number_of_queries(world, tmp_path, django_assert_max_num_queries):
    GrantFactory(user=UserFactory(username="x"), unit=world.cell_a, role="office")
    rows = [HEADERS] + [person_row(f"Người Số {i}", card=f"{i:06d}") for i in range(300)]
    path = xlsx(tmp_path, rows)
    # 12, the study app asking whether any year is counted per unit (org.counts'
    # people_changed) and org asking which years' last days are counted (YearEndCount); none
    # is here, so nothing is recounted. Three more move the subtrees' people
    # (org.subtree_sums: the units, the units above them, one upsert). Two more write where
    # the units stand in the programme years' lists of units to chase first
    # (programs.standing: a delete, an upsert).
    with django_assert_max_num_queries(19):
        result = import_people(path)
    assert result.created == 300
    with django_assert_max_num_queries(12):
        result = import_people(path)
    assert result.unchanged == 300


def test_a_repeated_header_row_is_skipped(world, tmp_path):
    rows = [HEADERS, person_row(card="1"), HEADERS, person_row("Lê An", card="2")]
    result = import_people(xlsx(tmp_path, rows))
    assert result.status == "done", (result.message, result.errors)
    assert result.created == 2


def test_a_person_who_left_is_not_changed_by_an_import(world, tmp_path):
    PersonFactory(
        unit=world.cell_a,
        full_name="Đã Chuyển Đi",
        party_card_number="321",
        left_on=dt.date(2024, 1, 1),
    )
    result = import_people(xlsx(tmp_path, [HEADERS, person_row("Đã Chuyển Đi", card="321")]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Họ và tên")]
    assert "01/01/2024" in result.errors[0].message


def test_a_file_typed_in_vni_converts_its_ambiguous_cells_too(world, tmp_path):
    # "Hoà Chí Minh" reads as Vietnamese as typed, but the file is VNI: it is "Hồ Chí Minh".
    vni = {"gender": "Nam", "status": "Ñaûng vieân chính thöùc", "job": "Kyõ sö"}
    rows = [
        HEADERS,
        person_row("Hoaøng Vaên Nam", card="1", **vni),
        person_row("Hoà Chí Minh", card="2", **vni),
    ]
    result = import_people(xlsx(tmp_path, rows))
    assert result.status == "done", (result.message, result.errors)
    names = set(
        Person.objects.filter(party_card_number__in=["1", "2"]).values_list("full_name", flat=True)
    )
    assert names == {"Hoàng Văn Nam", "Hồ Chí Minh"}
    assert Person.objects.get(party_card_number="2").job_title == "Kỹ sư"


def test_a_whole_xlsx_typed_in_tcvn3_headers_included(world, tmp_path):
    headers = [
        "Hä vµ tªn",
        "Ngµy sinh",
        "Giíi tÝnh",
        "M· ®¬n vÞ",
        "Sè thÎ ®¶ng viªn",
        "Ngµy vµo §¶ng",
        "Ngµy chÝnh thøc",
        "§èi t\xadîng",
        "Chøc vô",
        "§iÖn tho¹i",
        "Email",
    ]
    rows = [
        headers,
        person_row(
            "TrÇn ThÞ ¸nh",
            card="1",
            gender="N÷",
            status="Qu\xc7n ch\xf3ng",
            joined="",
            official="",
            job="Phãng viªn",
        ),
    ]
    result = import_people(xlsx(tmp_path, rows))
    assert result.status == "done", (result.message, result.errors)
    person = Person.objects.get(party_card_number="1")
    assert person.full_name == "Trần Thị Ánh"  # TCVN3 has no marked capitals: names get them
    assert (person.gender, person.party_status, person.job_title) == (
        "female",
        "mass",
        "Phóng viên",
    )


def test_import_keeps_unit_counts_true(world, tmp_path):
    """The unit pages read stored counts: an import must leave them equal to the people."""
    from lamtheo.org import counts
    from lamtheo.org.imports import import_people
    from lamtheo.org.models import Person, Unit

    path = tmp_path / "people.csv"
    path.write_text(
        "Họ và tên;Ngày sinh;Giới tính;Mã đơn vị;Số thẻ đảng viên;Ngày vào Đảng;Ngày chính thức;"
        "Đối tượng;Chức vụ;Điện thoại;Email\n"
        "Lê Văn Một;01/01/1980;Nam;CBB;11111111;01/01/2010;01/01/2011;Đảng viên chính thức;;;\n"
        "Lê Thị Hai;02/02/1985;Nữ;TDA1;;;;Quần chúng;;;\n",
        encoding="utf-8",
    )
    assert import_people(path).ok
    path.write_text(
        "Họ và tên;Ngày sinh;Giới tính;Mã đơn vị;Số thẻ đảng viên;Ngày vào Đảng;Ngày chính thức;"
        "Đối tượng;Chức vụ;Điện thoại;Email\n"
        "Lê Văn Một;01/01/1980;Nam;CBA;11111111;01/01/2010;01/01/2011;Đảng viên chính thức;;;\n",
        encoding="utf-8",
    )
    assert import_people(path).updated == 1
    for unit in Unit.objects.all():
        live = counts.live_counts(Person.objects.current().in_subtree(unit))
        assert counts.subtree_counts(unit) == live, unit.code
