"""The demo's commendations (lamtheo.devdata.demo_awards): the article's decision of 14/03/2023
with 5 collectives and 5 individuals (Nguyễn Trung Chính among them), numbered in the register
of the 2020–2025 term after the yearly decisions signed before it; its papers and certificates;
"5 năm liền" candidates from the yearly rounds. Loaded once for the package
(tests/demo/conftest.py)."""

from __future__ import annotations

import datetime as dt

from lamtheo.awards.models import Award, Round
from lamtheo.devdata.demo_awards import SO_KET, load_awards
from lamtheo.org.models import RegisteredDocument


def test_the_articles_decision(loaded, db):
    round_ = Round.objects.get(title=SO_KET)
    document = round_.decision.document
    assert (document.symbol, document.issued_on) == ("03-QĐ/ĐUK", dt.date(2023, 3, 14))
    assert document.term.label == "2020–2025"
    awards = Award.objects.filter(decision=round_.decision).select_related("nomination")
    people = [a.nomination.person for a in awards if a.nomination.person_id]
    collectives = [a.nomination.unit.name for a in awards if not a.nomination.person_id]
    assert len(people) == 5 and len(collectives) == 5
    assert "Nguyễn Trung Chính" in [p.full_name for p in people]
    assert "Chi bộ Tạp chí Nghề nghiệp và Cuộc sống" in collectives
    assert round_.decision.submission.symbol.endswith("-TTr/ĐUK")


def test_register_runs_in_signing_order_and_loading_twice_changes_nothing(loaded, db):
    symbols = list(
        RegisteredDocument.objects.filter(kind="QĐ")
        .order_by("issued_on")
        .values_list("symbol", flat=True)
    )
    assert symbols == [f"0{i}-QĐ/ĐUK" for i in range(1, 6)]
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="admin")
    assert load_awards(admin) == 0
    # Besides the review report of 14/03/2023 (BC, tests/demo/test_report.py).
    assert RegisteredDocument.objects.exclude(kind="BC").count() == 10


def test_five_years_running_candidates(loaded, db, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="vanphong"))
    page = client.get("/awards/overview/?year=2024")
    candidates = page.context["candidates"]
    assert candidates, "the yearly rounds 2021–2024 give candidates for 2025"
    for candidate in candidates:
        assert set(candidate["years"]) <= {2021, 2022, 2023, 2024}
        assert candidate["complete"] == (len(candidate["years"]) == 4)
