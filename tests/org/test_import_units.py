"""Importing units: tree order, loops, re-imports, renames, scope, closed units, bad files."""

from __future__ import annotations

import datetime as dt

from lamtheo.org.imports.units import import_units
from lamtheo.org.models import Unit, UnitChange
from tests.factories import UnitFactory
from tests.org.test_import_people import csv_file, run, xlsx

HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"]


def tree_is_sound():
    return all(not problems for problems in Unit.objects.find_problems())


def test_children_before_parents_build_the_tree(db, tmp_path):
    rows = [
        HEADERS,
        ["T1", "Tổ đảng 1", "Tổ đảng", "CB1"],  # its parent comes two rows later
        ["CB2", "Chi bộ 2", "Chi bộ cơ sở", "DB"],
        ["CB1", "Chi bộ 1", "chi bo co so", "DB"],
        ["DB", "Đảng bộ Khối", "Đảng bộ", ""],
    ]
    code, out, err = run("import_units", str(xlsx(tmp_path, rows)))
    assert code == 0, err
    assert "4" in out
    root = Unit.objects.get(code="DB")
    assert root.is_root() and root.kind == "committee"
    assert {u.code for u in Unit.objects.get_children(root)} == {"CB1", "CB2"}
    t1 = Unit.objects.get(code="T1")
    assert Unit.objects.get_parent(t1).code == "CB1" and t1.kind == "group" and t1.depth == 3
    assert tree_is_sound()
    assert UnitChange.objects.filter(kind="created").count() == 4
    assert t1.sort_key and t1.search_key == "to dang 1 t1"


def test_new_units_under_stored_ones_keep_the_tree_sound(world, tmp_path):
    UnitFactory(parent=world.cell_a, code="OLD2", name="Tổ cũ")
    rows = [
        HEADERS,
        ["NEW1", "Tổ mới 1", "Tổ đảng", "CBA"],
        ["NEW2", "Đảng bộ bộ phận mới", "Đảng bộ bộ phận", "DUK"],
        ["NEW3", "Chi bộ mới", "Chi bộ", "NEW2"],
    ]
    result = import_units(xlsx(tmp_path, rows))
    assert result.status == "done", (result.message, result.errors)
    assert result.created == 3
    world.cell_a.refresh_from_db()
    assert world.cell_a.numchild == 3
    assert tree_is_sound()
    assert Unit.objects.get_parent(Unit.objects.get(code="NEW3")).code == "NEW2"


def test_reimport_is_unchanged_and_renames_are_recorded(world, tmp_path):
    rows = [
        HEADERS,
        ["DUK", "Đảng bộ Khối doanh nghiệp", "Đảng bộ cơ sở", ""],
        ["CBA", "Chi bộ A", "Chi bộ", "DUK"],
    ]
    result = import_units(xlsx(tmp_path, rows))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    rows[2] = ["CBA", "Chi bộ Công ty A", "Chi bộ", "DUK"]
    result = import_units(xlsx(tmp_path, rows, name="v2.xlsx"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    world.cell_a.refresh_from_db()
    assert (world.cell_a.name, world.cell_a.kind) == ("Chi bộ Công ty A", "cell")
    change = UnitChange.objects.get(unit=world.cell_a, kind="renamed")
    assert (change.old_value, change.new_value) == ("Chi bộ A", "Chi bộ Công ty A")
    assert world.cell_a.history.first().history_type == "~"


def test_loops_duplicates_and_unknown_parents_are_reported(db, tmp_path):
    rows = [
        HEADERS,
        ["A", "Đơn vị A", "Chi bộ", "B"],
        ["B", "Đơn vị B", "Chi bộ", "C"],
        ["C", "Đơn vị C", "Chi bộ", "A"],
        ["D", "Đơn vị D", "Chi bộ", "D"],
        ["E", "Đơn vị E", "Chi bộ", "KHONGCO"],
        ["E", "Đơn vị E lần hai", "Chi bộ", ""],
        ["F", "", "Loại lạ", ""],
    ]
    code, out, err = run("import_units", str(xlsx(tmp_path, rows)))
    assert code == 1 and Unit.objects.count() == 0
    result = import_units(xlsx(tmp_path, rows, name="again.xlsx"))
    got = {(e.row, e.column) for e in result.errors}
    for row in (2, 3, 4):
        assert (row, "Mã đơn vị cấp trên") in got
    loop = next(e.message for e in result.errors if e.row == 2)
    assert "A" in loop and "B" in loop and "C" in loop
    assert (5, "Mã đơn vị cấp trên") in got  # its own parent
    assert (6, "Mã đơn vị cấp trên") in got and "KHONGCO" in err
    assert (7, "Mã đơn vị") in got  # E twice
    assert {(8, "Tên đơn vị"), (8, "Loại")} <= got


def test_an_import_does_not_move_units(world, tmp_path):
    rows = [HEADERS, ["TDA1", "Tổ đảng A1", "Tổ đảng", "CBB"]]
    result = import_units(xlsx(tmp_path, rows))
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã đơn vị cấp trên")]
    assert "CBA" in result.errors[0].message
    assert Unit.objects.get_parent(Unit.objects.get(code="TDA1")).code == "CBA"


def test_scope_and_closed_units(world, tmp_path):
    other = UnitFactory(code="KHAC", name="Đảng bộ khác", kind="committee")
    closed = UnitFactory(parent=world.committee, code="DONG", name="Chi bộ đã đóng")
    Unit.objects.filter(pk=closed.pk).update(closed_on=dt.date(2024, 6, 30))
    rows = [
        HEADERS,
        ["OK1", "Tổ mới", "Tổ đảng", "CBA"],
        ["X1", "Dưới đơn vị khác", "Chi bộ", "KHAC"],
        ["ROOT2", "Gốc mới", "Đảng bộ", ""],
        ["X2", "Dưới đơn vị đóng", "Tổ đảng", "DONG"],
        ["KHAC", "Đổi tên đơn vị khác", "Đảng bộ", ""],
    ]
    result = import_units(xlsx(tmp_path, rows), user=world.office)
    got = [(e.row, e.column) for e in result.errors]
    assert got == [
        (3, "Mã đơn vị cấp trên"),
        (4, "Mã đơn vị cấp trên"),
        (5, "Mã đơn vị cấp trên"),
        (6, "Mã đơn vị"),
    ]
    assert "KHAC" in result.errors[0].message and "30/06/2024" in result.errors[2].message
    assert not Unit.objects.filter(code="OK1").exists()
    # The office may do the in-scope part; a secretary may not add units at all.
    result = import_units(xlsx(tmp_path, rows[:2], name="ok.xlsx"), user=world.office)
    assert result.status == "done" and result.created == 1
    result = import_units(
        xlsx(tmp_path, [HEADERS, ["OK2", "Tổ", "Tổ đảng", "CBA"]], name="s.xlsx"),
        user=world.secretary,
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã đơn vị cấp trên")]
    assert other.name == "Đảng bộ khác"


def test_csv_semicolons_and_dry_run(db, tmp_path):
    text = (
        "mã đơn vị;TÊN ĐƠN VỊ;loại;Mã đơn vị cấp trên:\nR;Đảng bộ;Đảng bộ;\n"
        "C;Chi bộ;Chi bộ cơ sở;R\n"
    )
    path = csv_file(tmp_path, text)
    code, out, err = run("import_units", str(path), dry_run=True)
    assert code == 0 and "2" in out and Unit.objects.count() == 0
    code, out, err = run("import_units", str(path))
    assert code == 0 and Unit.objects.count() == 2


def test_tcvn3_unit_names_are_converted(db, tmp_path):
    rows = [HEADERS, ["BT", "§¶ng bé huyÖn B¶o Th¾ng", "Đảng bộ", ""]]
    result = import_units(xlsx(tmp_path, rows))
    assert result.status == "done", (result.message, result.errors)
    assert Unit.objects.get(code="BT").name == "Đảng bộ huyện Bảo Thắng"
    assert any("TCVN3" in note for note in result.notes)


def test_missing_columns_and_unreadable_files_exit_2(db, tmp_path):
    code, out, err = run("import_units", str(xlsx(tmp_path, [["Mã đơn vị", "Tên"], ["A", "B"]])))
    assert code == 2
    assert "Tên đơn vị" in err and "Loại" in err and "Mã đơn vị cấp trên" in err
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, out, err = run("import_units", str(empty))
    assert code == 2
