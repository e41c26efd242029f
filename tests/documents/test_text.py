"""The kit's text rules: the date line, formula guards, file names, plain text."""

from __future__ import annotations

import datetime as dt

from lamtheo.documents.text import date_line, neutralise, numbered, plain, short_date, slug


def test_date_line_pads_days_and_the_first_two_months():
    assert date_line(dt.date(2023, 3, 14), "Đống Đa") == "Đống Đa, ngày 14 tháng 3 năm 2023"
    assert date_line(dt.date(2023, 2, 5), "Đống Đa") == "Đống Đa, ngày 05 tháng 02 năm 2023"
    assert date_line(dt.date(2024, 1, 9), "Hà Nội") == "Hà Nội, ngày 09 tháng 01 năm 2024"
    assert date_line(dt.date(2025, 12, 1), "Hà Nội") == "Hà Nội, ngày 01 tháng 12 năm 2025"


def test_date_line_place_comes_from_settings(settings):
    settings.DOCUMENT_PLACE = "Đống Đa"
    assert date_line(dt.date(2023, 3, 14)).startswith("Đống Đa, ngày 14")


def test_short_date():
    assert short_date(dt.date(2023, 3, 4)) == "04/03/2023"
    assert short_date(None) == ""


def test_neutralise_formulas():
    for text in ["=1+1", "+1", "-1", "@SUM(1)", "\t=1", "\r=1", "  =1"]:
        assert neutralise(text) == "'" + text
    assert neutralise("Viết 24 bài") == "Viết 24 bài"
    assert neutralise("") == ""


def test_plain_drops_control_characters_and_keeps_line_breaks():
    assert plain(" a\r\nb\rc\td\x07\x0c ") == "a\nb\nc d"
    assert plain(None) == ""
    assert plain(12) == "12"


def test_slug_is_ascii():
    assert slug("Nguyễn Văn Quang") == "nguyen-van-quang"
    assert slug("Chi bộ Tạp chí Đời sống & Pháp luật") == "chi-bo-tap-chi-doi-song-phap-luat"
    assert slug("Đảng bộ Khối doanh nghiệp", limit=10) == "dang-bo-kh"
    assert slug("…") == "x"


def test_numbered():
    assert numbered([]) == ""
    assert numbered(["một"]) == "một"
    assert numbered(["một", "", "ba"]) == "1. một\n2.\n3. ba"
