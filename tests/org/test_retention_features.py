"""Retention, what the features keep (PERSONAL_DATA_RETENTION): the free text written by or
about a person who left long ago goes with their name — registrations, excuses, self-study
notes, self-reviews, reports of achievements, their name in the stories about them and their
photos — and the uploaded import files go after IMPORT_FILE_RETENTION_DAYS. Every figure stays,
and a dry run changes nothing."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from lamtheo.awards.models import Nomination
from lamtheo.evaluation.models import MemberReview, MemberReviewEvent
from lamtheo.exemplars.models import Evidence, Exemplar, ExemplarEvent
from lamtheo.exemplars.services.evidence import evidence_add
from lamtheo.exemplars.services.exemplars import search_key_for
from lamtheo.notify.models import Preference
from lamtheo.org import retention
from lamtheo.org.models import ImportJob
from lamtheo.programs.models import Commitment, CommitmentEvent, ProgressNote
from lamtheo.programs.models import Evidence as ProgramEvidence
from lamtheo.study.models import Excuse, ExcuseEvent, SelfStudy
from tests.awards.conftest import round_, term  # noqa: F401
from tests.evaluation.conftest import colleague, evaluation_round, non_member  # noqa: F401
from tests.exemplars.test_gallery import photo
from tests.org.test_retention import figures, leaver  # noqa: F401
from tests.programs.conftest import commit, program, year  # noqa: F401
from tests.study.test_rates import at, held

NAME = "Trần Thị Ánh"
SECRET = "Con bị ốm nặng"


def run(*args) -> str:
    out = io.StringIO()
    call_command("anonymise_leavers", "--years", "1", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def written(world, commit, evaluation_round, round_):  # noqa: F811
    """person_b's traces in every feature, written before they leave (the `leaver` fixture)."""
    person = world.person_b
    made = commit(person=person, by=world.other_secretary, action=f"{NAME} nhận kèm hai quần chúng")
    Commitment.objects.filter(pk=made.pk).update(
        review_comment="Chị Ánh còn chậm", self_assessment="Đã làm xong", outcome="done"
    )
    note = ProgressNote.objects.create(commitment=made, text="Đã kèm được một bạn")
    attached = ProgramEvidence(note=note, original_name="anh.png", content_type="image/png", size=9)
    attached.file.save("anh.png", ContentFile(b"not a png"), save=True)
    CommitmentEvent.objects.create(commitment=made, action="edited", reason="Sửa theo góp ý")

    session = held(world.cell_b, at(2025, 5, 7), {person: "excused"})
    excuse = Excuse.objects.create(
        session=session, person=person, reason=SECRET, status="approved", comment="Đồng ý"
    )
    ExcuseEvent.objects.create(excuse=excuse, action="asked", reason=SECRET)
    SelfStudy.objects.create(
        person=person,
        unit=world.cell_b,
        studied_on=dt.date(2025, 4, 1),
        material="Nghị quyết",
        minutes=45,
        note="Liên hệ bản thân: còn nóng nảy",
    )

    review, _ = MemberReview.objects.update_or_create(
        round=evaluation_round,
        person=person,
        defaults={
            "cell": world.cell_b,
            "party_status": "official",
            "strengths": "Nhiệt tình",
            "shortcomings": "Gia đình khó khăn",
            "comment": "Chi bộ ghi nhận",
            "rank": "htt",
            "general_score": 25,
        },
    )
    MemberReviewEvent.objects.create(review=review, action="sent", reason="Tự nhận xét")
    Nomination.objects.create(
        round=round_,
        form="merit",
        person=person,
        unit=world.cell_b,
        achievement=f"Đồng chí {NAME} có nhiều thành tích",
    )

    Preference.objects.create(person=person, zalo_user_id="zalo-8842")

    exemplar = Exemplar.objects.create(
        kind="individual",
        title=f"{NAME} – mười năm hiến máu",
        unit=world.cell_b,
        person=person,
        field="social",
        actions=f"{NAME} hiến máu hai lần mỗi năm.",
        results="20 lần hiến máu.",
        status="published",
    )
    exemplar.search_key = search_key_for(exemplar, [])
    exemplar.save()
    ExemplarEvent.objects.create(exemplar=exemplar, action="published", reason=f"Gương {NAME}")
    picture = evidence_add(by=world.office, exemplar=exemplar, upload=photo(), public=True)
    return {
        "attached": attached,
        "commitment": made,
        "excuse": excuse,
        "review": review,
        "exemplar": exemplar,
        "picture": picture,
    }


def kept(world) -> dict:
    """What is counted: statuses, outcomes, ranks, scores, dates, and how many rows."""
    person = world.person_b
    return {
        "figures": figures(world),
        "commitments": list(
            Commitment.objects.filter(person=person).values_list(
                "status", "outcome", "content_area", "unit_id", "year_id"
            )
        ),
        "notes": ProgressNote.objects.filter(commitment__person=person).count(),
        "excuses": list(Excuse.objects.filter(person=person).values_list("status", "session_id")),
        "self_study": list(
            SelfStudy.objects.filter(person=person).values_list("studied_on", "minutes", "material")
        ),
        "reviews": list(
            MemberReview.objects.filter(person=person).values_list(
                "rank", "general_score", "status", "cell_id"
            )
        ),
        "nominations": list(
            Nomination.objects.filter(person=person).values_list("status", "form", "votes_for")
        ),
        "exemplars": list(
            Exemplar.objects.filter(person=person).values_list("status", "kind", "unit_id", "field")
        ),
    }


def texts(world) -> str:
    """Every free text the features keep about person_b, in one string."""
    person = world.person_b
    rows = [
        *Commitment.objects.filter(person=person).values_list(
            "action", "expected_result", "shortcoming", "review_comment", "self_assessment"
        ),
        *ProgressNote.objects.filter(commitment__person=person).values_list("text"),
        *CommitmentEvent.objects.filter(commitment__person=person).values_list("reason"),
        *Excuse.objects.filter(person=person).values_list("reason", "comment"),
        *ExcuseEvent.objects.filter(excuse__person=person).values_list("reason"),
        *SelfStudy.objects.filter(person=person).values_list("note"),
        *MemberReview.objects.filter(person=person).values_list(
            "strengths", "shortcomings", "comment"
        ),
        *MemberReviewEvent.objects.filter(review__person=person).values_list("reason"),
        *Nomination.objects.filter(person=person).values_list("achievement"),
        *Exemplar.objects.filter(person=person).values_list(
            "title", "actions", "results", "search_key"
        ),
        *Exemplar.history.filter(person=person).values_list("title", "actions"),
        *ExemplarEvent.objects.filter(exemplar__person=person).values_list("reason"),
        *Preference.objects.filter(person=person).values_list("zalo_user_id"),
    ]
    return " | ".join(str(v) for row in rows for v in row)


def test_anonymising_scrubs_what_the_features_keep_and_no_figure_moves(
    world,
    written,
    leaver,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    before, text = kept(world), texts(world)
    for needle in (NAME, SECRET, "nóng nảy", "Gia đình khó khăn", "Chị Ánh", "tran thi anh"):
        assert needle in text, needle
    assert "zalo-8842" in text
    picture = written["picture"]
    assert default_storage.exists(picture.file.name)

    dry = run()
    assert "đã được ẩn danh" not in dry
    for label in ("lý do xin vắng", "ảnh", "tự kiểm điểm", "báo cáo thành tích", "Zalo"):
        assert label in dry, label
    assert texts(world) == text and kept(world) == before  # a dry run writes nothing

    with django_capture_on_commit_callbacks(execute=True):
        run("--apply")
    after = texts(world)
    for needle in (NAME, SECRET, "nóng nảy", "Gia đình khó khăn", "Chị Ánh", "tran thi anh"):
        assert needle not in after, needle
    assert "zalo-8842" not in after
    assert kept(world) == before

    exemplar = Exemplar.objects.get(pk=written["exemplar"].pk)
    assert exemplar.title == f"{retention.NAME_REMOVED} – mười năm hiến máu"
    assert exemplar.results == "20 lần hiến máu."  # the practice stays
    assert not Evidence.objects.filter(pk=picture.pk).exists()
    assert not default_storage.exists(picture.file.name)
    attached = written["attached"]
    assert not ProgramEvidence.objects.filter(pk=attached.pk).exists()
    assert not default_storage.exists(attached.file.name)
    excuse = Excuse.objects.get(pk=written["excuse"].pk)
    assert (excuse.reason, excuse.comment, excuse.status) == (retention.REMOVED, "", "approved")
    assert SelfStudy.objects.get(person=world.person_b, minutes=45).material == "Nghị quyết"

    # Once is enough: nothing left to scrub, nothing found again.
    assert "lý do xin vắng" not in run()


def test_people_who_stay_keep_their_text(world, written, leaver, commit):  # noqa: F811
    mine = commit(person=world.person_a, action=f"Giúp đỡ {NAME} học tập")
    run("--apply")
    # Only what is tied to the person who left goes; another's text naming them is theirs.
    assert Commitment.objects.get(pk=mine.pk).action == f"Giúp đỡ {NAME} học tập"


def test_the_setting_lists_the_features(settings, world, written, leaver):  # noqa: F811
    settings.PERSONAL_DATA_RETENTION = []
    dry = run()
    assert "lý do xin vắng" not in dry
    run("--apply")
    assert Excuse.objects.get(pk=written["excuse"].pk).reason == SECRET


def _job(world, days_old: int) -> ImportJob:
    job = ImportJob(kind="people", original_name="dang-vien.xlsx", created_by=world.office)
    job.file.save("dang-vien.xlsx", ContentFile(b"PK fake xlsx"), save=True)
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_old)
    )
    return job


def test_old_import_files_are_deleted_and_their_jobs_stay(
    world, django_capture_on_commit_callbacks
):
    old, recent = _job(world, 400), _job(world, 30)
    assert "1 tệp nhập" in run()
    assert default_storage.exists(old.file.name)  # a dry run deletes nothing

    with (
        override_settings(IMPORT_FILE_RETENTION_DAYS=365),
        django_capture_on_commit_callbacks(execute=True),
    ):
        out = run("--apply")
    assert "1 tệp nhập" in out
    assert not default_storage.exists(old.file.name)
    assert default_storage.exists(recent.file.name)
    kept_job = ImportJob.objects.get(pk=old.pk)
    assert not kept_job.file and kept_job.original_name == "dang-vien.xlsx"
    assert ImportJob.objects.get(pk=recent.pk).file.name == recent.file.name
    assert run("--apply").count("0 tệp nhập") == 1
