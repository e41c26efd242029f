"""The review report's figures (lamtheo.reports.figures): one source of truth with the pages,
the tree as it was, bad input refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from lamtheo.org import services as org_services
from lamtheo.programs.queries.progress import progress_rollup
from lamtheo.reports import figures, services, text
from lamtheo.study import rates
from tests.factories import UnitFactory
from tests.reports.conftest import END, START

D = dt.date
MEMBERS = rates.Population.MEMBERS


def test_figures_equal_the_pages(world, story, decided):
    year, _quiet = story
    found = figures.build(world.committee, START, END)
    members = rates.participation(world.committee, START, END, MEMBERS)
    assert found["participation"]["members"]["took_part"] == members.took_part == 2
    assert found["participation"]["members"]["people"] == members.people == 3
    assert found["participation"]["members"]["rate"] == "66,7"
    everyone = rates.participation(world.committee, START, END, rates.Population.EVERYONE)
    assert found["participation"]["everyone"]["took_part"] == everyone.took_part
    assert found["participation"]["everyone"]["people"] == everyone.people
    activity = rates.activity(world.committee, START, END)
    assert found["activity"]["sessions"] == activity.sessions == 3
    assert found["activity"]["attendances"] == activity.attendances == 3
    assert dict(found["activity"]["by_kind"])["Hội nghị cán bộ chủ chốt"] == 1
    assert found["activity"]["cells"] == 2 and found["activity"]["cells_organised"] == 2
    rollup = progress_rollup(year, world.committee, world.office)
    (y,) = found["registrations"]
    assert y["registered"] == rollup.total.registered == 2
    assert y["people"] == rollup.total.people
    assert y["commitments"] == 3
    assert [n for _label, n in y["by_outcome"]] == [1, 1, 1]
    assert y["areas"] == 3
    assert found["exemplars"]["replicated"] == [
        {"title": "Mô hình “Mỗi tuần một việc tốt”", "units": 1}
    ]
    assert [row[1] for row in found["campaigns"]["activities"]] == [0, 0, 1, 0, 1, 0]
    # The decision of 14/03/2023 is outside 2022; the period of the review includes it.
    assert found["awards"] == {"collectives": [], "individuals": []}
    review = figures.build(world.committee, START, D(2023, 3, 14))
    assert [c["name"] for c in review["awards"]["collectives"]] == ["Chi bộ B"]
    assert [c["name"] for c in review["awards"]["individuals"]] == ["Nguyễn Văn Quang"]
    by_child = {
        r.unit.name: r.totals.took_part
        for r in rates.participation_by_child(world.committee, START, END, MEMBERS)
    }
    assert {row["unit"]: row["took_part"] for row in found["annex"]} == by_child


def test_the_same_figures_after_a_reorganisation(world, story, decided):
    before = figures.build(world.committee, START, D(2023, 3, 14))
    other = UnitFactory(code="DUK2", name="Đảng bộ phường", kind="grassroots_committee")
    org_services.unit_move(
        by=world.admin, unit=world.cell_b, new_parent=other, effective_on=D(2024, 7, 1)
    )
    after = figures.build(world.committee, START, D(2023, 3, 14))
    assert after == before
    assert {row["unit"] for row in after["annex"]} == {"Chi bộ A", "Chi bộ B"}


def test_text_carries_the_figures(world, story, decided):
    found = figures.build(world.committee, START, D(2023, 3, 14))
    sections = text.results(found)
    assert "02/03 đồng chí, đạt 66,7%" in " ".join(sections[0].lines)
    awards = " ".join(sections[4].lines)
    assert "Quyết định số 01-QĐ/ĐUK ngày 14/03/2023: 01 tập thể, 01 cá nhân" in awards
    draft = text.draft(found)
    assert "còn 01 đảng viên chưa tham gia học tập" in draft["shortcomings"]


@pytest.mark.parametrize(
    "start,end,message",
    [
        (D(2022, 12, 31), D(2022, 1, 1), "kết thúc (01/01/2022) trước khi bắt đầu"),
        (D(2022, 1, 1), D(2099, 1, 1), "sau hôm nay"),
        (D(2009, 1, 1), D(2022, 1, 1), "được thành lập ngày 01/01/2010"),
    ],
)
def test_bad_periods_are_refused(world, start, end, message):
    world.committee.opened_on = D(2010, 1, 1)
    world.committee.save(update_fields=["opened_on"])
    with pytest.raises(ValidationError) as refused:
        services.check_period(world.committee, start, end)
    assert message in " ".join(refused.value.messages)


def test_command_writes_a_docx(world, story, tmp_path, capsys):
    out = tmp_path / "bc.docx"
    call_command(
        "review_report", "DUK", "--from", "2022-01-01", "--to", "2022-12-31", "--out", str(out)
    )
    assert out.read_bytes()[:2] == b"PK"
    assert "Đã ghi" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args,message",
    [
        (["NOPE", "--from", "2022-01-01", "--to", "2022-12-31"], "Không có đơn vị nào mã “NOPE”"),
        (["DUK", "--from", "2022-12-31", "--to", "2022-01-01"], "trước khi bắt đầu"),
        (["DUK", "--from", "2022-13-01", "--to", "2022-12-31"], "Ngày không hợp lệ"),
    ],
)
def test_command_refuses_bad_input(world, tmp_path, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("review_report", *args, "--out", str(tmp_path / "x.docx"))
    assert message in str(refused.value)
    assert not (tmp_path / "x.docx").exists()


def test_figures_run_a_fixed_number_of_queries(world, story, decided):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import PersonFactory
    from tests.study.test_rates import at, held

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            figures.build(world.committee, START, D(2023, 3, 14))
        return len(ctx.captured_queries)

    before = count()
    more = [PersonFactory(unit=world.cell_b) for _ in range(5)]
    held(world.cell_b, at(2022, 4, 4), dict.fromkeys(more, "present"))
    assert count() == before <= 30
