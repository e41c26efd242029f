"""The two-year review of 14/03/2023 of the bloc committee (period 18/05/2021 – 14/03/2023),
built from the demo data, reproduces the article's facts: participation 100 %, each member
registering 01–02 actions in six areas, 100 % of cells organising study, the 10th-anniversary
campaign, models replicated, 5 collectives and 5 individuals commended by the decision of
14/03/2023 (Nguyễn Trung Chính among them). Read after the 2025 reform: the tree as it was."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command

from lamtheo.devdata import demo_report
from lamtheo.devdata.data.org import ROOT_CODE
from lamtheo.org.models import Unit
from lamtheo.reports import figures, services, text
from lamtheo.reports.models import Report


def test_the_articles_review(loaded, db, tmp_path):
    bloc = Unit.objects.get(code=ROOT_CODE)
    found = figures.build(bloc, dt.date(2021, 5, 18), dt.date(2023, 3, 14))
    assert found["participation"]["members"]["rate"] == "100,0"
    assert found["activity"]["cells"] == found["activity"]["cells_organised"] > 0
    for year in found["registrations"]:
        assert (year["min_commitments"], year["max_commitments"]) == (1, 2)
        assert year["areas"] == 6
    assert any("10 năm" in title for title in found["campaigns"]["titles"])
    assert found["exemplars"]["replicated"]
    words = " ".join(" ".join(s.lines) for s in text.results(found))
    assert "Quyết định số 03-QĐ/ĐUK ngày 14/03/2023: 05 tập thể, 05 cá nhân" in words
    assert "Nguyễn Trung Chính" in words
    assert "đạt 100,0%" in words
    out = tmp_path / "so-ket.docx"
    call_command(
        "review_report", ROOT_CODE, "--from", "2021-05-18", "--to", "2023-03-14", "--out", str(out)
    )
    assert out.stat().st_size > 10_000


def test_the_review_is_issued_and_reads_the_same_after_the_reform(loaded, db):
    report = Report.objects.select_related("document", "unit").get(
        starts_on=demo_report.START, ends_on=demo_report.END
    )
    assert report.is_issued and report.document.symbol == "01-BC/ĐUK"
    assert report.document.issued_on == dt.date(2023, 3, 14)
    # Computed in the 2025 step, before the cells moved to the wards; today's data, read on
    # the tree as it was, gives the same figures.
    services.compute(report)
    assert not services.changed_since_issue(report)
    assert report.figures == report.frozen["figures"]
