"""The demo's story after its people exist, year by year: the one place where a feature's demo
data is hooked in.

    2021 … 2025   the bloc committee (Đảng bộ Khối doanh nghiệp quận Đống Đa) and its cells
    REFORM        2025: cell congresses (15/5), the bloc and the district end (30/6), every
                  cell handed over to a ward committee (01/7), dự bị members confirmed, the
                  2025 year-end review by the ward committees (December)
    2026          under the committees that took the cells

How to add a feature's demo data: write `lamtheo/devdata/demo/demo_<feature>.py` with
`load_year(admin, year)` (called once for every year in YEARS, in order; before the reform for
2021–2025, after it for 2026; it must add nothing when its year is there already) and add ONE
line to YEAR_STEPS; or, for data that spans the years, `load(admin)` and one line to
FINAL_STEPS (called once, after 2026). Before the reform, the bloc is `Unit` code
`data.org.ROOT_CODE`; from 2026, the committees of `data.reform.SUCCESSOR` (the demo users'
cells are under `data.reform.DN_WARD`). Date what you write with the day it happened in the
story (`common.update_rows`), never after `common.DATA_TODAY`.
"""

from __future__ import annotations

from lamtheo.devdata import demo_awards, demo_evaluation, demo_report
from lamtheo.devdata.demo import programs, reform, study
from lamtheo.devdata.demo.exemplars import load_exemplars, load_exemplars_after_reform

YEARS = (2021, 2022, 2023, 2024, 2025, 2026)
REFORM_BEFORE = 2026  # the reform runs after the steps of 2025, before those of 2026


def _exemplars(admin, year: int):
    # What began in the bloc's years (2021 to June 2025) is written while the bloc is open, in
    # one pass (adoptions run over several years); what the cells began after the reform is
    # written in 2026, under the committees that took them.
    if year == REFORM_BEFORE - 1:
        return load_exemplars(admin)
    if year == REFORM_BEFORE:
        return load_exemplars_after_reform(admin)
    return None


def _awards(admin, year: int):
    # The bloc's register and rounds of the 2020–2025 term, written while the bloc is open,
    # after that year's exemplars and evaluation (their evidence).
    return demo_awards.load_awards(admin) if year == REFORM_BEFORE - 1 else None


def _report(admin, year: int):
    # The review of 14/03/2023, issued while the bloc is open, after its commendations.
    return demo_report.load_report(admin) if year == REFORM_BEFORE - 1 else None


# (name, function(admin, year)), in the order they run within a year.
YEAR_STEPS = [
    ("programs", programs.load_year),
    ("study", study.load_year),
    ("exemplars", _exemplars),
    ("evaluation", demo_evaluation.load_year),
    ("awards", _awards),
    ("report", _report),
]
# (name, function(admin)), once after the reform (dates in the reform's data).
REFORM_STEPS = [
    ("reform", reform.load_reform),
    ("probationers", reform.confirm_probationers),
    # 2025's year-end review is held by the committees that hold the cells on 31/12/2025: the
    # bloc ended on 30/6/2025 (demo_evaluation).
    ("evaluation", demo_evaluation.load_after_reform),
]
# (name, function(admin)), once at the end.
FINAL_STEPS: list = []


def run(admin) -> dict[str, list]:
    """Every step of the story, in order; returns what each step returned, by name."""
    results: dict[str, list] = {}
    for year in YEARS:
        if year == REFORM_BEFORE:
            for name, step in REFORM_STEPS:
                results.setdefault(name, []).append(step(admin))
        for name, step in YEAR_STEPS:
            results.setdefault(name, []).append(step(admin, year))
    for name, step in FINAL_STEPS:
        results.setdefault(name, []).append(step(admin))
    return results
