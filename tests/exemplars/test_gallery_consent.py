"""The public gallery honours consent (org.consent): an exemplar about a person shows their
name and its photos only when they agreed; otherwise it is shown anonymised (the story stays,
"Không nêu tên" instead of the name, no photos, not found by the name)."""

from __future__ import annotations

from lamtheo.exemplars.queries import gallery
from lamtheo.exemplars.services.evidence import evidence_add
from lamtheo.org import consent
from tests.exemplars import test_gallery

photo = test_gallery.photo
site = test_gallery.site  # the fixture: published exemplars, one about person A

NAME = "Nguyễn Văn Quang"


def _pages(client, exemplar):
    listing = client.get("/dien-hinh/").content.decode()
    story = client.get(f"/dien-hinh/{exemplar.pk}/", follow=True).content.decode()
    return listing, story


def test_without_consent_the_exemplar_is_anonymised(client, world, site):
    individual = site["individual"]
    picture = evidence_add(
        by=world.secretary, exemplar=individual, upload=photo(), caption="Hiến máu", public=True
    )
    for answer in (None, "refused"):
        if answer:
            consent.record(by=world.member, person=world.person_a, status=answer)
        listing, story = _pages(client, individual)
        assert individual.title in listing and individual.title in story
        assert NAME not in listing and NAME not in story
        assert "Không nêu tên" in listing and "Không nêu tên" in story
        assert f"/exemplars/evidence/{picture.pk}/" not in listing + story
        assert client.get(f"/exemplars/evidence/{picture.pk}/thumbnail/").status_code == 302
        assert list(gallery({"q": "quang"})[0]) == []
        assert [e.pk for e in gallery({"q": "hien mau"})[0]] == [individual.pk]

    consent.record(by=world.member, person=world.person_a, status="given")
    listing, story = _pages(client, individual)
    assert NAME in listing and NAME in story
    assert f"/exemplars/evidence/{picture.pk}/thumbnail/" in story
    assert client.get(f"/exemplars/evidence/{picture.pk}/thumbnail/").status_code == 200
    assert [e.pk for e in gallery({"q": "quang"})[0]] == [individual.pk]

    # Withdrawn: anonymised again at once.
    consent.record(by=world.member, person=world.person_a, status="refused")
    listing, story = _pages(client, individual)
    assert NAME not in listing + story
    assert client.get(f"/exemplars/evidence/{picture.pk}/thumbnail/").status_code == 302


def test_a_name_in_the_title_is_withheld_too(client, world, site):
    from lamtheo.exemplars.models import Exemplar

    individual = site["individual"]
    Exemplar.objects.filter(pk=individual.pk).update(title=f"Gương đồng chí {NAME}")
    listing, story = _pages(client, individual)
    assert NAME not in listing + story and "nguyen-van-quang" not in listing + story
    assert "Gương đồng chí Không nêu tên" in story
    consent.record(by=world.member, person=world.person_a, status="given")
    listing, story = _pages(client, individual)
    assert f"Gương đồng chí {NAME}" in story and "nguyen-van-quang" in listing


def test_collective_exemplars_need_no_consent(client, world, site):
    listing, _story = _pages(client, site["model"])
    assert f"/exemplars/evidence/{site['public_photo'].pk}/thumbnail/" in listing
