"""The public gallery: works signed out, finds without accents, filters and counts, a fixed
number of queries, Open Graph tags for a Zalo preview, and leaks nothing private: a crawl as
the public reaches only published exemplars, public photos and no personal data beyond the
subject's name."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape
from urllib.parse import urljoin, urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from lamtheo.exemplars.models import Adoption
from lamtheo.exemplars.queries import gallery
from lamtheo.exemplars.services.evidence import evidence_add
from lamtheo.exemplars.services.exemplars import (
    exemplar_propose,
    exemplar_recognise,
    exemplar_reject,
    exemplar_return,
    exemplar_withdraw,
)
from lamtheo.org import consent
from tests.exemplars.test_exemplar_services import make_published, new_model
from tests.factories import PersonFactory

PRIVATE_PERSON = {
    "phone": "0912345678",
    "email": "quang.private@example.vn",
    "birth_date": dt.date(1979, 8, 23),
    "party_card_number": "93012345",
}


def photo(name="anh.png"):
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), "image/png")


def pdf(name="ho-so-mat.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.7\nsecret\n%%EOF", "application/pdf")


@pytest.fixture
def site(world, settings):
    """Published: a model of cell A (public photo, private photo, document, adopted by cell B
    and group A1) and an individual (person A, whose phone and card must never show).
    Not published: one exemplar in every other state, each with a public photo."""
    settings.SITE_URL = "https://lamtheo.example.vn"
    for name, value in PRIVATE_PERSON.items():
        setattr(world.person_a, name, value)
    world.person_a.save()
    model = make_published(
        world,
        tags="Dân vận khéo, an sinh xã hội",
        figures=[{"label": "Việc tốt", "before": 10, "after": 52, "measure": "việc"}],
    )
    public_photo = evidence_add(
        by=world.secretary, exemplar=model, upload=photo(), caption="Ra quân", public=True
    )
    private_photo = evidence_add(
        by=world.secretary, exemplar=model, upload=photo("noi-bo.png"), caption="Ảnh nội bộ"
    )
    document = evidence_add(
        by=world.secretary, exemplar=model, upload=pdf(), caption="Biên bản họp kín"
    )
    lead = PersonFactory(unit=world.cell_b, full_name="Lê Thị Chủ Trì", phone="0988777666")
    Adoption.objects.create(
        exemplar=model,
        unit=world.cell_b,
        lead=lead,
        started_on=dt.date(2026, 3, 1),
        status="adopted",
    )
    Adoption.objects.create(
        exemplar=model, unit=world.group_a, started_on=dt.date(2026, 3, 1), status="sustained"
    )
    Adoption.objects.create(
        exemplar=model, unit=world.committee, started_on=dt.date(2026, 3, 1), status="planned"
    )
    individual = make_published(
        world,
        kind="individual",
        person=world.person_a,
        title="Gương đảng viên trẻ hiến máu",
        field="culture",
    )
    hidden = {}
    for state in ("draft", "proposed", "returned", "rejected", "recognised", "withdrawn"):
        exemplar = new_model(world, title=f"Bí mật {state}", field="digital")
        evidence_add(by=world.secretary, exemplar=exemplar, upload=photo(), public=True)
        if state != "draft":
            exemplar = exemplar_propose(
                by=world.secretary, exemplar=exemplar, version=exemplar.version
            )
        if state == "returned":
            exemplar_return(
                by=world.office, exemplar=exemplar, version=exemplar.version, reason="r"
            )
        if state == "rejected":
            exemplar_reject(
                by=world.office, exemplar=exemplar, version=exemplar.version, reason="r"
            )
        if state in ("recognised", "withdrawn"):
            exemplar = exemplar_recognise(
                by=world.office, exemplar=exemplar, version=exemplar.version
            )
        if state == "withdrawn":
            from lamtheo.exemplars.services.exemplars import exemplar_publish

            exemplar = exemplar_publish(
                by=world.office, exemplar=exemplar, version=exemplar.version
            )
            exemplar_withdraw(
                by=world.office, exemplar=exemplar, version=exemplar.version, reason="r"
            )
        hidden[state] = exemplar
    return {
        "model": model,
        "individual": individual,
        "public_photo": public_photo,
        "private_photo": private_photo,
        "document": document,
        "hidden": hidden,
        "lead": lead,
    }


LINK = re.compile(r'(?:href="|src="|content="(?=https?://))([^"]+)"')


def _links(html: str, base: str) -> set[str]:
    found = set()
    for raw in LINK.findall(html):
        url = urljoin(base, unescape(raw))
        parsed = urlparse(url)
        if parsed.netloc not in ("", "testserver", "lamtheo.example.vn"):
            continue
        path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        if path.startswith(("/dien-hinh/", "/exemplars/evidence/")):
            found.add(path)
    return found


def test_a_crawl_as_the_public_reaches_nothing_private(client, world, site):
    # The subject agreed to appear by name (without it, see test_gallery_consent.py).
    consent.record(by=world.member, person=world.person_a, status="given")
    seen, queue, pages = set(), ["/dien-hinh/"], {}
    while queue and len(seen) < 200:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        if response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            pages[path] = html
            queue.extend(_links(html, path) - seen)
        else:
            assert response["Content-Type"] == "image/jpeg" or response["Content-Type"].startswith(
                "image/"
            )
            b"".join(response.streaming_content)
    text = "\n".join(pages.values())
    assert site["model"].title in unescape(text) and "Gương đảng viên trẻ hiến máu" in text
    assert "Nguyễn Văn Quang" in text  # the subject of the individual exemplar
    for secret in (
        *PRIVATE_PERSON.values(),
        "23/08/1979",
        "Lê Thị Chủ Trì",
        "0988777666",
        "Ảnh nội bộ",
        "Biên bản họp kín",
        "ho-so-mat",
        "Bí mật",
        "vanphong",
        "bithu",
    ):
        assert str(secret) not in text, secret
    evidence_urls = {p for p in seen if p.startswith("/exemplars/evidence/")}
    assert f"/exemplars/evidence/{site['public_photo'].pk}/thumbnail/" in evidence_urls
    allowed = {
        f"/exemplars/evidence/{site['public_photo'].pk}/",
        f"/exemplars/evidence/{site['public_photo'].pk}/thumbnail/",
    }
    assert evidence_urls <= allowed


def test_the_public_cannot_fetch_private_evidence_or_unpublished_pages(client, world, site):
    for evidence in (site["private_photo"], site["document"]):
        for suffix in ("", "thumbnail/"):
            response = client.get(f"/exemplars/evidence/{evidence.pk}/{suffix}")
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for exemplar in site["hidden"].values():
        assert client.get(f"/dien-hinh/{exemplar.pk}/").status_code == 404
        for evidence in exemplar.evidence.all():
            response = client.get(f"/exemplars/evidence/{evidence.pk}/thumbnail/")
            assert response.status_code == 302
    # An id that does not exist answers the same as one that is private.
    response = client.get("/exemplars/evidence/999999/")
    assert response.status_code == 302


def test_public_photos_are_served_to_anyone_documents_as_attachments(client, world, site, login):
    response = client.get(f"/exemplars/evidence/{site['public_photo'].pk}/thumbnail/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert "public" in response["Cache-Control"]
    b"".join(response.streaming_content)
    login(world.secretary)
    response = client.get(f"/exemplars/evidence/{site['document'].pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "private" in response["Cache-Control"]
    b"".join(response.streaming_content)
    # Another cell sees the published exemplar but not its documents and private photos.
    login(world.other_secretary)
    assert client.get(f"/exemplars/evidence/{site['document'].pk}/").status_code == 404
    assert client.get(f"/exemplars/evidence/{site['private_photo'].pk}/").status_code == 404


def test_search_ignores_accents_and_case(world, site):
    page, facets = gallery({"q": "MO HINH"})
    assert [e.pk for e in page] == [site["model"].pk] and facets.total == 1
    # By the person's name only when they agreed to appear by name (tests/exemplars/
    # test_gallery_consent.py has the rest).
    assert list(gallery({"q": "nguyen quang"})[0]) == []
    consent.record(by=world.member, person=world.person_a, status="given")
    page, _ = gallery({"q": "nguyen quang"})
    assert [e.pk for e in page] == [site["individual"].pk]
    page, _ = gallery({"q": "dan van kheo"})  # a tag
    assert [e.pk for e in page] == [site["model"].pk]
    page, _ = gallery({"q": "bi mat"})
    assert list(page) == []


def test_filters_and_facets(world, site):
    page, facets = gallery({})
    assert facets.total == 2 and not facets.filtered
    assert {c.value: c.count for c in facets.kinds} == {
        "individual": 1,
        "collective": 0,
        "model": 1,
    }
    assert {c.value: c.count for c in facets.fields} == {"social": 1, "culture": 1}
    assert [(u.name, n) for u, n in facets.units] == [(world.committee.name, 2)]
    page, facets = gallery({"kind": "individual"})
    assert [e.pk for e in page] == [site["individual"].pk]
    # The kind facet still counts the other kinds; the field facet follows the kind.
    assert {c.value: c.count for c in facets.kinds}["model"] == 1
    assert {c.value: c.count for c in facets.fields} == {"culture": 1}
    page, facets = gallery({"field": "social"})
    assert [e.pk for e in page] == [site["model"].pk]
    page, facets = gallery({"unit": str(world.committee.pk)})
    assert facets.total == 2 and [(u.name, n) for u, n in facets.units] == [("Chi bộ A", 2)]
    page, facets = gallery({"unit": str(world.cell_a.pk)})
    assert facets.total == 2 and [u.name for u in facets.trail] == [world.committee.name]
    page, facets = gallery({"kind": "nonsense", "field": "<script>"})
    assert facets.total == 2


def test_a_unit_without_anything_public_is_not_revealed(client, world, site):
    assert client.get(f"/dien-hinh/?unit={world.cell_b.pk}").status_code == 404
    assert client.get("/dien-hinh/?unit=abc").status_code == 404
    assert client.get(f"/dien-hinh/?unit={world.cell_a.pk}").status_code == 200


def test_the_card_shows_photo_and_replication(world, site):
    page, _ = gallery({"field": "social"})
    card = page[0]
    assert card.photo_id == site["public_photo"].pk
    assert card.adopted_count == 2  # adopted and sustained; planned does not count


def _count(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_a_fixed_number_of_queries(client, world, site):
    def first_page():
        page, _ = gallery({"q": "o", "kind": "model", "field": "social", "unit": ""})
        list(page)

    def by_unit():
        page, _ = gallery({"unit": str(world.committee.pk)})
        list(page)

    few, few_unit = _count(first_page), _count(by_unit)
    few_page = _count(lambda: client.get("/dien-hinh/"))
    for n in range(15):
        exemplar = make_published(world, title=f"Mô hình số {n}")
        evidence_add(by=world.secretary, exemplar=exemplar, upload=photo(), public=True)
        Adoption.objects.create(
            exemplar=exemplar, unit=world.cell_b, started_on=dt.date(2026, 1, 1), status="adopted"
        )
    assert _count(first_page) == few <= 5
    assert _count(by_unit) == few_unit <= 7
    assert _count(lambda: client.get("/dien-hinh/")) == few_page
    detail = _count(lambda: client.get(f"/dien-hinh/{site['model'].pk}/", follow=True))
    for _ in range(5):
        evidence_add(by=world.secretary, exemplar=site["model"], upload=photo(), public=True)
    assert _count(lambda: client.get(f"/dien-hinh/{site['model'].pk}/", follow=True)) == detail


def test_the_story_page_has_open_graph_tags_and_a_share_link(client, world, site):
    model = site["model"]
    response = client.get(f"/dien-hinh/{model.pk}/")
    assert response.status_code == 301
    canonical = response["Location"]
    assert canonical == f"/dien-hinh/{model.pk}/mo-hinh-moi-tuan-mot-viec-tot/"
    response = client.get(canonical)
    html = response.content.decode()
    assert '<meta property="og:title" content="Mô hình “Mỗi tuần một việc tốt”">' in html
    assert f'<meta property="og:url" content="https://lamtheo.example.vn{canonical}">' in html
    thumb = f"https://lamtheo.example.vn/exemplars/evidence/{site['public_photo'].pk}/thumbnail/"
    assert f'<meta property="og:image" content="{thumb}">' in html
    assert 'property="og:description" content="52 việc tốt trong năm."' in html
    assert 'id="share-link"' in html and f'value="https://lamtheo.example.vn{canonical}"' in html
    # Replication: two units took it up, named; the planned one and the lead are not shown.
    assert "Chi bộ B" in html and "Tổ đảng A1" in html
    assert ">2<" in html
    assert "Việc tốt" in html and "52" in html  # figures
    assert "Dân vận khéo" in html
    # The public layout, not the signed-in navigation.
    assert "navbar-nav flex-row" not in html and "/accounts/login/" in html


def test_a_signed_in_proposer_is_offered_to_adapt_it(client, world, site, login):
    login(world.other_secretary)
    response = client.get(f"/dien-hinh/{site['model'].pk}/", follow=True)
    assert f"/exemplars/new/?adapted_from={site['model'].pk}" in response.content.decode()


def test_adopting_is_offered_to_other_units_not_to_the_exemplars_own(client, world, site, login):
    adopt = f"/exemplars/{site['model'].pk}/adopt/"
    login(world.other_secretary)
    assert adopt in client.get(f"/dien-hinh/{site['model'].pk}/", follow=True).content.decode()
    login(world.secretary)  # cell A's own secretary: the model is theirs
    page = client.get(f"/dien-hinh/{site['model'].pk}/", follow=True).content.decode()
    assert adopt not in page
    assert f"/exemplars/new/?adapted_from={site['model'].pk}" in page
