"""The signed-in exemplar pages: writing one with figures and tags, forms that keep what was
typed when refused (stale versions included), the page with its history and buttons, the
review queue a level up, evidence, and a fixed number of queries."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from lamtheo.exemplars.models import Evidence, Exemplar
from lamtheo.exemplars.services.evidence import evidence_add
from lamtheo.exemplars.services.exemplars import exemplar_propose, exemplar_update
from tests.exemplars.test_exemplar_services import STORY, make_published, new_model

FIGURES_EMPTY = {
    "figures-TOTAL_FORMS": "2",
    "figures-INITIAL_FORMS": "0",
    "figures-MIN_NUM_FORMS": "0",
    "figures-MAX_NUM_FORMS": "20",
}


def form_data(**extra):
    return {
        "kind": "model",
        **STORY,
        "tags": "Dân vận khéo, an sinh",
        **FIGURES_EMPTY,
        "figures-0-label": "Việc tốt",
        "figures-0-before": "10",
        "figures-0-after": "52",
        "figures-0-measure": "việc",
        **extra,
    }


def _photo():
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 10, 10)).save(out, "PNG")
    return SimpleUploadedFile("anh.png", out.getvalue(), "image/png")


def test_write_and_propose_an_exemplar(client, world, login):
    login(world.secretary)
    page = client.get(f"/exemplars/new/?unit={world.cell_a.pk}")
    assert page.status_code == 200 and "Nguyễn Văn Quang" in page.content.decode()
    response = client.post(
        f"/exemplars/new/?unit={world.cell_a.pk}", {**form_data(), "intent": "propose"}
    )
    exemplar = Exemplar.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exemplars/{exemplar.pk}/"
    assert exemplar.status == "proposed" and exemplar.unit == world.cell_a
    assert [(f.label, int(f.after)) for f in exemplar.figures.all()] == [("Việc tốt", 52)]
    assert sorted(t.name for t in exemplar.tags.all()) == ["Dân vận khéo", "an sinh"]
    html = client.get(response["Location"]).content.decode()
    assert "Đề xuất" in html or "đề xuất" in html.lower()
    assert "bithu" in html  # history: who


def test_every_figure_input_has_a_name_a_screen_reader_can_read(client, world, login):
    html = login(world.secretary).get("/exemplars/new/").content.decode()
    for name in ("label", "before", "after", "measure"):
        for row in (0, 1):
            tag = next(t for t in html.split("<input")[1:] if f'name="figures-{row}-{name}"' in t)
            assert 'aria-label="' in tag.split(">")[0]
            assert f'for="id_figures-{row}-{name}"' in html


def test_a_refused_form_keeps_what_was_typed(client, world, login):
    login(world.secretary)
    data = form_data(kind="individual", title="Gương sáng Quang")
    response = client.post(f"/exemplars/new/?unit={world.cell_a.pk}", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Gương sáng Quang"' in html and "Mỗi tuần chi bộ chọn" in html
    assert 'value="Việc tốt"' in html and "is-invalid" in html
    assert not Exemplar.objects.exists()
    # A figure without its value after is refused the same way.
    data = form_data(**{"figures-1-label": "Thời gian", "figures-1-after": ""})
    response = client.post(f"/exemplars/new/?unit={world.cell_a.pk}", data)
    assert response.status_code == 200 and 'value="Thời gian"' in response.content.decode()
    assert not Exemplar.objects.exists()


def test_a_stale_edit_shows_the_stored_version_and_keeps_the_text(client, world, login):
    exemplar = new_model(world)
    exemplar_update(by=world.office, exemplar=exemplar, version=1, title="Tên văn phòng sửa")
    login(world.secretary)
    data = form_data(version="1", title="Tên bí thư gõ")
    response = client.post(f"/exemplars/{exemplar.pk}/edit/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "đã có người cập nhật" in html.lower()
    assert "Tên văn phòng sửa" in html and 'value="Tên bí thư gõ"' in html
    assert 'name="version" value="2"' in html
    exemplar.refresh_from_db()
    assert exemplar.title == "Tên văn phòng sửa"
    # Saving again from that page goes through.
    response = client.post(
        f"/exemplars/{exemplar.pk}/edit/", form_data(version="2", title="Tên bí thư gõ")
    )
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.title == "Tên bí thư gõ" and exemplar.version == 3


def test_review_a_level_up_from_the_queue(client, world, login):
    exemplar = new_model(world)
    exemplar = exemplar_propose(by=world.secretary, exemplar=exemplar, version=exemplar.version)
    login(world.secretary)
    html = client.get("/exemplars/review/").content.decode()
    assert exemplar.title not in html  # not at the cell's own level
    assert (
        f'action="/exemplars/{exemplar.pk}/recognise/"'
        not in client.get(f"/exemplars/{exemplar.pk}/").content.decode()
    )
    login(world.office)
    html = client.get("/exemplars/review/").content.decode()
    assert f"/exemplars/{exemplar.pk}/" in html
    html = client.get(f"/exemplars/{exemplar.pk}/").content.decode()
    assert f'action="/exemplars/{exemplar.pk}/recognise/"' in html
    # Returning without a reason is refused on the page, with the reason field marked.
    response = client.post(
        f"/exemplars/{exemplar.pk}/return/", {"return-version": exemplar.version}
    )
    assert response.status_code == 200 and "is-invalid" in response.content.decode()
    response = client.post(
        f"/exemplars/{exemplar.pk}/recognise/",
        {
            "recognise-version": exemplar.version,
            "recognise-level": world.committee.pk,
            "recognise-on": "19/05/2026",
            "recognise-comment": "Tiêu biểu",
        },
    )
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.status == "recognised" and exemplar.recognised_on.isoformat() == "2026-05-19"
    response = client.post(f"/exemplars/{exemplar.pk}/publish/", {"version": exemplar.version})
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert exemplar.status == "published"
    html = client.get(f"/exemplars/{exemplar.pk}/").content.decode()
    assert "Tiêu biểu" in html and "19/05/2026" in html
    assert f'action="/exemplars/{exemplar.pk}/withdraw/"' in html


def test_a_stale_button_is_refused_with_a_message(client, world, login):
    exemplar = new_model(world)
    exemplar_propose(by=world.secretary, exemplar=exemplar, version=1)
    login(world.office)
    response = client.post(
        f"/exemplars/{exemplar.pk}/reject/", {"reject-version": "1", "reject-reason": "Không"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "đã có người cập nhật" in html.lower() and "Không" in html
    exemplar.refresh_from_db()
    assert exemplar.status == "proposed"


def test_evidence_upload_and_refusal(client, world, login):
    exemplar = new_model(world)
    login(world.secretary)
    response = client.post(
        f"/exemplars/{exemplar.pk}/evidence/",
        {"file": _photo(), "caption": "Ra quân", "public": "on"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.public and evidence.caption == "Ra quân"
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")
    response = client.post(f"/exemplars/{exemplar.pk}/evidence/", {"file": bad, "caption": "Gõ"})
    assert response.status_code == 200
    assert "virus.pdf" in response.content.decode() and Evidence.objects.count() == 1
    response = client.post(f"/exemplars/evidence/{evidence.pk}/remove/")
    assert response.status_code == 302 and not Evidence.objects.exists()


def test_another_cell_reads_a_published_one_as_the_public_does(client, world, login):
    exemplar = make_published(world)
    evidence_add(
        by=world.secretary,
        exemplar=exemplar,
        upload=SimpleUploadedFile("bb.pdf", b"%PDF-1.7\n%%EOF", "application/pdf"),
        caption="Biên bản nội bộ",
    )
    login(world.other_secretary)
    html = client.get(f"/exemplars/{exemplar.pk}/").content.decode()
    assert exemplar.title in html
    assert "Biên bản nội bộ" not in html and "vanphong" not in html
    assert f'action="/exemplars/{exemplar.pk}/withdraw/"' not in html


def test_list_filters(client, world, login):
    draft = new_model(world, title="Mô hình nháp")
    published = make_published(world, title="Gương đã đăng", kind="collective")
    login(world.secretary)
    html = client.get(f"/exemplars/?unit={world.cell_a.pk}&status=draft").content.decode()
    assert draft.title in html and published.title not in html
    html = client.get("/exemplars/?kind=collective").content.decode()
    assert published.title in html and draft.title not in html
    html = client.get("/exemplars/?q=MO HINH NHAP").content.decode()
    assert draft.title in html and published.title not in html
    login(world.member)
    html = client.get("/exemplars/").content.decode()
    assert published.title in html and draft.title not in html


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["secretary", "office"])
def test_pages_run_a_fixed_number_of_queries(client, world, login, role):
    first = make_published(world, tags="a, b", figures=[{"label": "x", "after": 1}])
    waiting = exemplar_propose(
        by=world.secretary, exemplar=new_model(world, unit=world.group_a), version=1
    )
    login(getattr(world, role))
    urls = [
        "/exemplars/",
        f"/exemplars/?unit={world.cell_a.pk}&status=published",
        f"/exemplars/{first.pk}/",
        f"/exemplars/{waiting.pk}/",
        "/exemplars/review/",
    ]
    before = {url: _count(client, url) for url in urls}
    for n in range(6):
        exemplar = make_published(world, title=f"Thêm {n}", tags=f"t{n}, u{n}")
        evidence_add(by=world.secretary, exemplar=first, upload=_photo(), public=n % 2 == 0)
        exemplar_propose(
            by=world.secretary, exemplar=new_model(world, unit=world.group_a), version=1
        )
        assert exemplar.status == "published"
    after = {url: _count(client, url) for url in urls}
    assert after == before


def _without_results(**extra):
    """A story the proposal would refuse: no results and no figure."""
    data = form_data(results="", **extra)
    for name in ("label", "before", "after", "measure"):
        data[f"figures-0-{name}"] = ""
    return data


def test_save_and_propose_a_new_exemplar_is_one_step(client, world, login):
    """The proposal's refusal comes from the form, before anything is written: a second
    submit of the corrected form makes one exemplar, not two."""
    login(world.secretary)
    url = f"/exemplars/new/?unit={world.cell_a.pk}"
    response = client.post(url, {**_without_results(), "intent": "propose"})
    assert response.status_code == 200
    assert "trước khi đề xuất" in response.content.decode()
    assert not Exemplar.objects.exists()
    response = client.post(url, {**form_data(), "intent": "propose"})
    assert response.status_code == 302
    assert Exemplar.objects.get().status == "proposed"
    # Saved as a draft, the same story goes through: only the proposal needs results.
    assert client.post(url, _without_results(title="Nháp")).status_code == 302
    assert Exemplar.objects.get(title="Nháp").status == "draft"


def test_save_and_propose_an_edit_is_one_step(client, world, login):
    """Refused, the edit is not saved either, so the corrected form is not taken for stale."""
    exemplar = new_model(world)
    login(world.secretary)
    url = f"/exemplars/{exemplar.pk}/edit/"
    data = _without_results(version="1", title="Tên mới")
    response = client.post(url, {**data, "intent": "propose"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "trước khi đề xuất" in html and "đã có người cập nhật" not in html.lower()
    exemplar.refresh_from_db()
    assert (exemplar.version, exemplar.status, exemplar.title) == (1, "draft", STORY["title"])
    response = client.post(url, {**form_data(version="1", title="Tên mới"), "intent": "propose"})
    assert response.status_code == 302
    exemplar.refresh_from_db()
    assert (exemplar.status, exemplar.title, exemplar.version) == ("proposed", "Tên mới", 3)


def test_the_services_create_and_propose_in_one_transaction(world):
    """Called directly, a refused proposal leaves no draft behind."""
    from django.core.exceptions import ValidationError

    from lamtheo.exemplars.services.exemplars import exemplar_create

    fields = {**STORY, "results": ""}
    with pytest.raises(ValidationError):
        exemplar_create(by=world.secretary, unit=world.cell_a, kind="model", propose=True, **fields)
    assert not Exemplar.objects.exists()
