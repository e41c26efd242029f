"""The demo's commendations (issue 15 §6): the bloc committee's register for the 2020–2025
term, its yearly rounds, and the sơ kết decision of 14/03/2023 commending 5 collectives and 5
individuals for 2021–2023 (the article: "Đảng ủy biểu dương 5 tập thể, 5 cá nhân có thành tích
xuất sắc trong thực hiện Kết luận 01-KL/TW giai đoạn 2021-2023"; Nguyễn Trung Chính, secretary
of the cell of Tạp chí Nghề nghiệp và Cuộc sống, received a giấy khen).

The article names four units (the cells of Tạp chí Doanh nghiệp Thương hiệu và Nông thôn,
Tạp chí Nghề nghiệp và Cuộc sống, Tạp chí Hướng nghiệp và Hòa nhập, the sub-committee of
Truyền hình Cáp Hà Nội) but not which five collectives and which five people were commended:
the fifth collective, the other four people, the council and every date but 14/03/2023 are the
demo's assumptions. Everything is written through the services, as the office would.
Running it twice changes nothing (rounds are matched by title).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.core.exceptions import ValidationError

from lamtheo.awards import services
from lamtheo.awards.models import AwardForm, Round, RoundKind
from lamtheo.devdata.data.org import HNHN, NNCS, OFFICE, ROOT_CODE, ROOT_TERM_START, THC
from lamtheo.evaluation.models import MemberReview, OrgReview, Step
from lamtheo.org import register
from lamtheo.org.models import Person, Term, Unit

D = dt.date
SO_KET = "Sơ kết 02 năm thực hiện Kết luận 01-KL/TW (2021–2023)"
COLLECTIVES = ("DD-TCDNTH", NNCS, THC, HNHN, "DD-XDKL")
COUNCIL = (
    ("Vũ Mạnh Chiến", "Chủ tịch Hội đồng"),
    ("Nguyễn Văn Quang", "Phó Chủ tịch Hội đồng"),
)
# (year, submission date, decision date) of the yearly rounds, as assumed for the demo.
YEARLY = (
    (2021, D(2022, 1, 14), D(2022, 1, 20)),
    (2022, D(2023, 1, 12), D(2023, 1, 18)),
    (2023, D(2024, 1, 11), D(2024, 1, 17)),
    (2024, D(2025, 1, 10), D(2025, 1, 16)),
)


def _council(committee) -> list[tuple[str, str]]:
    """The two named in the article, and the office holders of the committee's office cell."""
    others = list(
        Person.objects.filter(unit__code=OFFICE, left_on__isnull=True)
        .exclude(full_name__in=[n for n, _o in COUNCIL])
        .order_by("code")
        .values_list("full_name", flat=True)[:3]
    )
    return [*COUNCIL, *((name, "Ủy viên") for name in others)]


def _run_round(
    admin, committee, *, title, kind, year, first_year, quotas, picks, submitted, signed, signer
):
    """Open, nominate, vote (everyone for), close, submit, sign. Returns the round."""
    round_ = services.open_round(
        by=admin,
        unit=committee,
        title=title,
        kind=kind,
        year=year,
        first_year=first_year,
        quotas=quotas,
    )
    services.set_council(by=admin, round_=round_, members=_council(committee))
    for form, target, achievement in picks:
        try:
            if isinstance(target, Person):
                services.nominate(
                    by=admin, round_=round_, form=form, person=target, achievement=achievement
                )
            else:
                services.nominate(
                    by=admin, round_=round_, form=form, unit=target, achievement=achievement
                )
        except ValidationError:
            continue  # a hard rule (discipline that year): left out, as the office would
    members = list(round_.council.values_list("pk", flat=True))
    votes = {(n, m): True for n in round_.nominations.values_list("pk", flat=True) for m in members}
    services.record_votes(by=admin, round_=round_, votes=votes)
    services.close_review(by=admin, round_=round_)
    decision = round_.decision
    services.submit(by=admin, decision=decision, on=submitted)
    services.sign(
        by=admin,
        decision=decision,
        on=signed,
        signer_name=signer,
        signer_title="Bí thư",
        place="Đống Đa",
    )
    return round_


def _excellent(committee) -> dict[str, dict[int, list[int]]]:
    """{"p"/"u": {year: ids ranked HTXS that year, most HTXS years first}} from the demo's
    year-end evaluation (decided or announced ranks) under the committee."""
    decided = {
        "status__in": (Step.DECIDED, Step.ANNOUNCED),
        "rank": "htxs",
        "round__period": "year",
    }
    out = {}
    for key, rows in (
        (
            "p",
            MemberReview.objects.filter(
                person__unit__path__startswith=committee.path,
                person__left_on__isnull=True,
                **decided,
            ).values_list("person_id", "round__year"),
        ),
        (
            "u",
            OrgReview.objects.filter(unit__path__startswith=committee.path, **decided)
            .exclude(unit=committee)
            .values_list("unit_id", "round__year"),
        ),
    ):
        rows = list(rows)
        often = Counter(pk for pk, _y in rows)
        by_year = defaultdict(list)
        for pk, year in rows:
            by_year[year].append(pk)
        out[key] = {y: sorted(set(ids), key=lambda i: (-often[i], i)) for y, ids in by_year.items()}
    return out


def load_awards(admin) -> int:
    """Write the demo's rounds; returns how many were made."""
    committee = Unit.objects.get(code=ROOT_CODE)
    if not Term.objects.filter(unit=committee).exists():
        register.record_term(
            by=admin, unit=committee, starts_on=ROOT_TERM_START, name="2020–2025", symbol="ĐUK"
        )
    done = set(Round.objects.filter(unit=committee).values_list("title", flat=True))
    units = {u.code: u for u in Unit.objects.filter(code__in=COLLECTIVES)}
    chinh = Person.objects.get(full_name="Nguyễn Trung Chính", unit__code=NNCS)
    people = [chinh] + [
        Person.objects.filter(unit__path__startswith=units[code].path, left_on__isnull=True)
        .exclude(pk=chinh.pk)
        .order_by("code")
        .first()
        for code in COLLECTIVES[:1] + COLLECTIVES[2:]
    ]
    people = [p for p in people if p is not None][:5]
    made = 0
    signer = "Vũ Mạnh Chiến"

    excellent = _excellent(committee)

    def yearly(year, submitted, signed):
        title = f"Khen thưởng tổ chức đảng, đảng viên tiêu biểu năm {year}"
        if title in done:
            return 0
        # Those the year-end evaluation ranked HTXS that year, the most often ranked first (so
        # that "5 năm liền" candidates appear); the eligibility rules refuse anyone else.
        picks = [
            (
                AwardForm.STRONG_YEAR,
                Unit.objects.get(pk=pk),
                f"Trong sạch, vững mạnh tiêu biểu năm {year}",
            )
            for pk in excellent["u"].get(year, [])[:2]
        ] + [
            (
                AwardForm.EXCELLENT_YEAR,
                Person.objects.get(pk=pk),
                f"Hoàn thành xuất sắc nhiệm vụ năm {year}",
            )
            for pk in excellent["p"].get(year, [])[:3]
        ]
        if not picks:
            return 0
        _run_round(
            admin,
            committee,
            title=title,
            kind=RoundKind.YEARLY,
            year=year,
            first_year=year,
            quotas={AwardForm.STRONG_YEAR: 2, AwardForm.EXCELLENT_YEAR: 3},
            picks=picks,
            submitted=submitted,
            signed=signed,
            signer=signer,
        )
        return 1

    # In the order they were signed: the register numbers them as they come.
    for year, submitted, signed in YEARLY[:2]:
        made += yearly(year, submitted, signed)
    if SO_KET not in done:
        achievement = (
            "Đã có thành tích xuất sắc trong thực hiện Kết luận 01-KL/TW giai đoạn 2021–2023"
        )
        picks = [(AwardForm.MERIT, units[code], achievement) for code in COLLECTIVES]
        picks += [(AwardForm.MERIT, person, achievement) for person in people]
        _run_round(
            admin,
            committee,
            title=SO_KET,
            kind=RoundKind.MIDTERM,
            year=2023,
            first_year=2021,
            quotas={AwardForm.MERIT: 10},
            picks=picks,
            submitted=D(2023, 3, 8),
            signed=D(2023, 3, 14),
            signer=signer,
        )
        made += 1
    for year, submitted, signed in YEARLY[2:]:
        made += yearly(year, submitted, signed)
    return made
