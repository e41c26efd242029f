"""The demo's review report (issue 17): the bloc committee's two-year review of Kết luận
01-KL/TW presented at the conference of 14/03/2023 (the article), for 18/05/2021 –
14/03/2023, created, computed and issued through the services as the office would, while the
bloc is open (the 2025 step, after the commendations of 14/03/2023). Its figures come from the
demo's data; the paragraphs are the drafts written from them. Its DOCX is rendered from the
frozen copy on demand; the PDF (LibreOffice) is left to the background task of a live site.
Running it twice changes nothing (the report is matched by its unit and period).
"""

from __future__ import annotations

import datetime as dt

from lamtheo.devdata.data.org import ROOT_CODE
from lamtheo.org.models import Unit
from lamtheo.reports import services
from lamtheo.reports.models import Report, ReportKind

START, END = dt.date(2021, 5, 18), dt.date(2023, 3, 14)
SUMMARY = (
    "Sơ kết 02 năm thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục "
    "thực hiện Chỉ thị số 05-CT/TW về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong "
    "cách Hồ Chí Minh”"
)
SIGNER = ("Vũ Mạnh Chiến", "Bí thư")  # the bloc's secretary on 14/03/2023 (the article)


def load_report(admin) -> Report | None:
    bloc = Unit.objects.get(code=ROOT_CODE)
    if Report.objects.filter(unit=bloc, starts_on=START, ends_on=END).exists():
        return None
    report = services.create(
        by=admin, unit=bloc, kind=ReportKind.INTERIM, start=START, end=END, summary=SUMMARY
    )
    services.compute(report)
    return services.issue(
        by=admin,
        report=report,
        version=report.version,
        on=END,
        signer_name=SIGNER[0],
        signer_title=SIGNER[1],
    )
