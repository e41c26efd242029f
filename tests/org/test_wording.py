"""Wording the issue found wrong on the pages (issue 12 §3): nothing left in English, titles
and figures that say what they count, one pair of words for absences."""

from __future__ import annotations

from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils.translation import gettext, override

from lamtheo.org.models import PositionTitle
from lamtheo.study.models import AttendanceStatus


def test_django_and_form_words_are_vietnamese(world, login):
    with override("vi"):
        assert gettext(BLANK_CHOICE_LABEL) == "- Chọn -"
        # A committee member is a Cấp ủy viên at every level (Chi ủy viên, Đảng ủy viên in
        # documents, org.kinds.member_title).
        assert str(PositionTitle.COMMITTEE_MEMBER.label) == "Cấp ủy viên"
        labels = {str(label) for _value, label in AttendanceStatus.choices}
        assert {"Vắng có lý do", "Vắng không lý do"} <= labels
        assert not any("phép" in label for label in labels)
    client = login(world.office)
    page = client.get(f"/units/{world.cell_b.pk}/new/").content.decode()
    assert 'placeholder="ngày/tháng/năm"' in page and "dd/mm/yyyy" not in page
    page = client.get(f"/units/{world.cell_b.pk}/").content.decode()
    assert 'aria-label="Đường dẫn"' in page and 'aria-label="breadcrumbs"' not in page
