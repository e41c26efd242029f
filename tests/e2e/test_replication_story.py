"""Issue 5 end to end, on a phone: a cell proposes a model, the committee recognises and
publishes it, the public reads it signed out (and nothing private), two other cells adopt it
and report results against a baseline, the committee verifies one and sees it spread.

One browser page throughout: each person signs out before the next signs in (the test
server's in-memory SQLite serves one browser at a time). Labels are looked up through gettext:
they read in Vietnamese once the exemplars' messages are in the compiled catalogue, and in the
msgid before that.
"""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from PIL import Image
from playwright.sync_api import expect

from lamtheo.exemplars.models import (
    Adoption,
    AdoptionEvent,
    Evidence,
    Exemplar,
    ExemplarEvent,
)
from tests.factories import GrantFactory, PersonFactory, UnitFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Mô hình “Một cửa số trong sinh hoạt chi bộ”"
PUBLIC_CAPTION = "Đảng viên hướng dẫn khách hàng nộp hồ sơ trực tuyến"
PRIVATE_CAPTION = "Biên bản họp chi bộ kèm số điện thoại 0912 345 678"
REVIEW_NOTE = "Ghi chú nội bộ của Văn phòng: đã thẩm định tại cơ sở"


def t(msgid: str) -> str:
    """A label as the page shows it (msgids with &amp; are escaped HTML)."""
    return unescape(gettext(msgid))


def field(page, msgid: str):
    """The form control labelled `msgid` (a required field's label may end with "*")."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(t(msgid))}\s*\*?\s*$"))


def png(colour) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(out, "PNG")
    return out.getvalue()


def menu(page, msgid: str) -> None:
    """Open the phone's collapsed main menu and tap an entry."""
    page.get_by_role("button", name=t("Menu")).tap()
    # Tap only once Bootstrap's collapse has finished opening: during its animation a tap on a
    # loaded machine can land on the entry above the one meant.
    expect(page.locator("#main-menu")).to_have_class(re.compile(r"^(?!.*collapsing).*\bshow\b"))
    page.locator("#main-menu").get_by_role("link", name=t(msgid), exact=True).tap()


def sign_out(page, live_server) -> None:
    page.get_by_role("link", name=t("Account")).tap()
    page.get_by_role("button", name=t("Sign out")).tap()
    page.wait_for_url(f"{live_server.url}/accounts/login/**")


def open_unit(page, name: str) -> None:
    """Units in the menu, then the unit's page."""
    menu(page, "Units")
    page.get_by_role("link", name=name, exact=True).first.tap()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def unit_menu(page, msgid: str) -> None:
    """An entry of the "Exemplars" dropdown on a unit's page."""
    page.locator(".page-header").get_by_role("button", name=t("Exemplars"), exact=True).tap()
    page.get_by_role("link", name=t(msgid), exact=True).tap()


def subheaded(cards, msgid: str):
    """The card whose subheader reads exactly `msgid`."""
    exact = re.compile(rf"^\s*{re.escape(t(msgid))}\s*$")
    return cards.filter(has=cards.page.locator(".subheader", has_text=exact))


def follow_through(page, *, lead: str, baseline: str, result: str, words: str) -> None:
    """On a just-recorded adoption: piloting, then adopted (today), then the results."""
    expect(page.locator(".page-body")).to_contain_text(t("Planned"))
    for status in ("piloting", "adopted"):
        page.get_by_role("link", name=t("Move on")).tap()
        field(page, "New status").select_option(status)
        page.get_by_role("button", name=t("Save")).tap()
        expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_role("link", name=t("Record results")).tap()
    expect(field(page, "Baseline")).to_have_value(re.compile(rf"^{baseline}(\.0+)?$"))
    field(page, "Result").fill(result)
    field(page, "Results in words").fill(words)
    page.get_by_role("button", name=t("Save")).tap()
    body = page.locator(".page-body")
    expect(body).to_contain_text(f"{baseline} → {result}")
    expect(body).to_contain_text(t("Adopted"))
    expect(body).to_contain_text(lead)
    expect(body).to_contain_text(timezone.localdate().strftime("%d/%m/%Y"))


def test_a_model_is_proposed_recognised_published_adopted_twice_and_seen_spreading(
    world, sign_in, live_server, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    cell_c = UnitFactory(parent=world.committee, code="CBC", name="Chi bộ C")
    world.committee.refresh_from_db()
    secretary_c = UserFactory(username="bithu_c")
    GrantFactory(user=secretary_c, unit=cell_c, role="secretary")
    lead_c = PersonFactory(unit=cell_c, full_name="Phạm Minh Hà")
    today = timezone.localdate()

    # -- cell A's secretary writes the model, adds two photos, proposes it ------------------
    page = sign_in("bithu")
    menu(page, "Exemplars &amp; replication")
    page.get_by_role("link", name=t("Propose an exemplar")).tap()
    field(page, "Kind").select_option("model")
    field(page, "Title").fill(TITLE)
    field(page, "Field").select_option("administration")
    field(page, "The problem it solved").fill("Khách hàng phải đi lại nhiều lần để nộp hồ sơ.")
    field(page, "What was done").fill(
        "Chi bộ phân công mỗi đảng viên phụ trách một nhóm hồ sơ, trả lời trong ngày."
    )
    field(page, "Results").fill("Thời gian xử lý hồ sơ giảm từ 5 ngày xuống 2 ngày.")
    field(page, "Tags").fill("cải cách hành chính, một cửa")
    page.locator("[name=figures-0-label]").fill("Thời gian xử lý hồ sơ")
    page.locator("[name=figures-0-before]").fill("5")
    page.locator("[name=figures-0-after]").fill("2")
    page.locator("[name=figures-0-measure]").fill("ngày")
    page.get_by_role("button", name=t("Save as draft")).tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".page-body")).to_contain_text(t("Draft"))

    for name, colour, caption, public in (
        ("hoat-dong.png", (30, 120, 200), PUBLIC_CAPTION, True),
        ("bien-ban.png", (200, 30, 30), PRIVATE_CAPTION, False),
    ):
        field(page, "Photo or document").set_input_files(
            {"name": name, "mimeType": "image/png", "buffer": png(colour)}
        )
        field(page, "Caption").fill(caption)
        field(page, "Show this photo in the public gallery").set_checked(public)
        page.get_by_role("button", name=t("Add evidence")).tap()
        expect(page.get_by_text(caption)).to_be_visible()
    page.get_by_role("button", name=t("Propose to the level above")).tap()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".page-body")).to_contain_text(t("Proposed"))
    sign_out(page, live_server)

    # -- the office reviews it from the queue, recognises it at its level, publishes --------
    page = sign_in("vanphong")
    menu(page, "Exemplars &amp; replication")
    page.get_by_role("link", name=t("Proposals to review")).tap()
    page.get_by_role("link", name=TITLE).tap()
    level = field(page, "Recognised at the level of")
    expect(level).to_have_value(str(world.committee.pk))
    expect(level.locator("option")).to_have_text([world.committee.name])
    field(page, "Comment").fill(REVIEW_NOTE)
    page.get_by_role("button", name=t("Recognise"), exact=True).tap()
    expect(page.locator(".alert-success")).to_be_visible()
    page.get_by_role("button", name=t("Publish in the public gallery")).tap()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(".page-body")).to_contain_text(t("Published"))
    sign_out(page, live_server)

    # -- signed out: the gallery lists it; its story has a preview and nothing private ------
    exemplar = Exemplar.objects.get(title=TITLE)
    public_photo = Evidence.objects.get(exemplar=exemplar, public=True)
    private_photo = Evidence.objects.get(exemplar=exemplar, public=False)
    page.goto(f"{live_server.url}/dien-hinh/")
    expect(page.get_by_role("link", name=t("Sign in"))).to_be_visible()
    page.get_by_role("heading", name=TITLE).get_by_role("link").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert page.locator('meta[property="og:title"]').get_attribute("content") == TITLE
    og_image = page.locator('meta[property="og:image"]').get_attribute("content")
    assert og_image.endswith(f"/exemplars/evidence/{public_photo.pk}/thumbnail/")
    assert "5 ngày xuống 2 ngày" in page.locator('meta[property="og:description"]').get_attribute(
        "content"
    )
    story = page.locator(".page-body")
    expect(story).to_contain_text("Thời gian xử lý hồ sơ")
    expect(story).to_contain_text("một cửa")
    # Recognised at its level, by its committee: "Đảng ủy Khối …" for "Đảng bộ Khối …".
    expect(story).to_contain_text(world.committee.name.replace("Đảng bộ", "Đảng ủy", 1))
    expect(page.get_by_text(PUBLIC_CAPTION)).to_be_visible()
    expect(story).to_contain_text(t("No unit has taken it up yet."))
    html = page.content()
    for private in (PRIVATE_CAPTION, REVIEW_NOTE, "0912", "bithu", "vanphong"):
        assert private not in html, private
    assert f"/evidence/{private_photo.pk}/" not in html
    refused = page.request.get(
        f"{live_server.url}/exemplars/evidence/{private_photo.pk}/", max_redirects=0
    )
    assert refused.status == 302 and "/accounts/login/" in refused.headers["location"]
    assert page.request.get(f"{live_server.url}/exemplars/{exemplar.pk}/").url.startswith(
        f"{live_server.url}/accounts/login/"
    )

    # -- cell B's secretary finds it in the gallery and adopts it ---------------------------
    page = sign_in("bithu_b")
    menu(page, "Exemplars &amp; replication")
    page.get_by_role("link", name=t("Public gallery")).tap()
    page.get_by_role("heading", name=TITLE).get_by_role("link").tap()
    adopt = page.get_by_role("link", name=t("Adopt in my unit"))
    assert adopt.bounding_box()["height"] >= 44  # a comfortable tap target on a phone
    adopt.tap()
    expect(page.locator(".page-body")).to_contain_text(world.cell_b.name)
    field(page, "Led by").select_option(label=world.person_b.full_name)
    field(page, "How it was adapted").fill("Áp dụng cho tổ giao dịch khách hàng doanh nghiệp.")
    field(page, "Indicator").fill("Thời gian xử lý hồ sơ")
    field(page, "Baseline").fill("6")
    field(page, "Unit of measure").fill("ngày")
    page.get_by_role("button", name=t("Record the adoption")).tap()
    follow_through(
        page,
        lead=world.person_b.full_name,
        baseline="6",
        result="3",
        words="Hồ sơ được trả trong 3 ngày.",
    )
    sign_out(page, live_server)

    # -- cell C's secretary sees what its sibling uses, and adopts it too -------------------
    page = sign_in("bithu_c")
    open_unit(page, cell_c.name)
    unit_menu(page, "Replication")
    suggestions = page.locator(".list-group-item", has_text=TITLE)
    expect(suggestions).to_have_count(1)
    suggestions.get_by_role("link", name=pgettext("replication", "Adopt"), exact=True).tap()
    expect(page.locator(".page-body")).to_contain_text(cell_c.name)
    field(page, "Led by").select_option(label=lead_c.full_name)
    field(page, "Indicator").fill("Thời gian xử lý hồ sơ")
    field(page, "Baseline").fill("8")
    field(page, "Unit of measure").fill("ngày")
    page.get_by_role("button", name=t("Record the adoption")).tap()
    follow_through(
        page, lead=lead_c.full_name, baseline="8", result="4", words="Giảm một nửa thời gian."
    )
    sign_out(page, live_server)

    # -- the office verifies cell B's adoption and sees the model spread --------------------
    page = sign_in("vanphong")
    menu(page, "Exemplars &amp; replication")
    page.get_by_role("link", name=TITLE).tap()
    page.get_by_role("link", name=t("Replication figures")).tap()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(world.cell_b.name)
    expect(rows.nth(1)).to_contain_text(cell_c.name)
    rows.nth(0).get_by_role("link", name=world.cell_b.name).tap()
    page.get_by_role("link", name=t("Verify"), exact=True).tap()
    field(page, "Decision").select_option("verify")
    field(page, "Note").fill("Đã kiểm tra sổ theo dõi hồ sơ.")
    page.get_by_role("button", name=t("Save")).tap()
    expect(page.locator(".alert-success")).to_have_text(
        re.compile(re.escape(t("The adoption was verified.")))
    )
    page.get_by_role("link", name=TITLE).tap()  # back to the exemplar's replication

    cards = page.locator(".card-sm")
    expect(subheaded(cards, "Units adopting").locator(".h1")).to_have_text("2")
    results = subheaded(cards, "Results")
    expect(results.locator(".h1")).to_have_text("2")
    expect(results).to_contain_text(gettext("with figures · %(n)s verified") % {"n": 1})
    rows = page.locator("table tbody tr")
    expect(rows.nth(0)).to_contain_text(t("verified"))
    expect(rows.nth(0)).to_contain_text("6 → 3")
    expect(rows.nth(1)).to_contain_text("8 → 4")
    expect(rows.nth(1)).not_to_contain_text(t("verified"))

    page.get_by_role("link", name=t("On the units tree")).tap()
    tree = page.locator(".card-body")
    for unit in (world.cell_b, cell_c):
        expect(tree.locator("div", has=page.get_by_role("link", name=unit.name))).to_contain_text(
            t("Adopted")
        )
    expect(
        tree.locator("div", has=page.get_by_role("link", name=world.cell_a.name))
    ).to_contain_text(t("the exemplar's unit"))

    open_unit(page, world.committee.name)
    unit_menu(page, "Replication across the units below")
    totals = page.locator(".card-sm")
    expect(subheaded(totals, "Live adoptions").locator(".h1")).to_have_text("2")
    expect(subheaded(totals, "Units adopting").locator(".h1")).to_have_text("2")
    fastest = page.locator("table").first.locator("tbody tr", has_text=TITLE)
    expect(fastest).to_have_count(1)
    branches = page.locator("table").nth(1)
    for unit in (world.cell_b, cell_c):
        expect(branches.locator("tr", has_text=unit.name)).to_be_visible()
    nothing = page.locator(".list-group", has=page.get_by_role("link", name=world.cell_a.name))
    expect(nothing).not_to_contain_text(world.cell_b.name)
    expect(nothing).not_to_contain_text(cell_c.name)

    # -- and the database says the same -----------------------------------------------------
    exemplar.refresh_from_db()
    assert exemplar.status == "published" and exemplar.published_at is not None
    assert (exemplar.unit, exemplar.subject_unit, exemplar.kind) == (world.cell_a,) * 2 + ("model",)
    assert exemplar.proposed_by == world.secretary
    assert (exemplar.recognised_by_unit, exemplar.recognised_by) == (world.committee, world.office)
    assert exemplar.recognised_on == today
    assert sorted(tag.name for tag in exemplar.tags.all()) == ["cải cách hành chính", "một cửa"]
    assert list(exemplar.figures.values_list("label", "before", "after", "measure")) == [
        ("Thời gian xử lý hồ sơ", 5, 2, "ngày")
    ]
    assert list(ExemplarEvent.objects.filter(exemplar=exemplar).values_list("action", "actor")) == [
        ("created", world.secretary.pk),
        ("proposed", world.secretary.pk),
        ("recognised", world.office.pk),
        ("published", world.office.pk),
    ]
    assert ExemplarEvent.objects.get(exemplar=exemplar, action="recognised").reason == REVIEW_NOTE

    adoptions = {a.unit_id: a for a in Adoption.objects.filter(exemplar=exemplar)}
    assert set(adoptions) == {world.cell_b.pk, cell_c.pk}
    for unit, lead, user, baseline, result in (
        (world.cell_b, world.person_b, world.other_secretary, 6, 3),
        (cell_c, lead_c, secretary_c, 8, 4),
    ):
        adoption = adoptions[unit.pk]
        assert adoption.status == "adopted" and adoption.adopted_on == today
        assert adoption.started_on == today and adoption.lead == lead
        assert adoption.created_by == user
        assert (adoption.indicator, adoption.baseline, adoption.result, adoption.measure) == (
            "Thời gian xử lý hồ sơ",
            baseline,
            result,
            "ngày",
        )
        events = list(
            AdoptionEvent.objects.filter(adoption=adoption).values_list("action", "actor")
        )
        expected = [(action, user.pk) for action in ("created", "piloting", "adopted", "results")]
        if unit == world.cell_b:
            expected.append(("verified", world.office.pk))
        assert events == expected
    assert adoptions[world.cell_b.pk].verified_by == world.office
    assert adoptions[world.cell_b.pk].verified_at is not None
    assert adoptions[cell_c.pk].verified_at is None
