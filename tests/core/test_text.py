"""Vietnamese text rules: normalisation, name parts, ordering and accent-free search."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamtheo.core import text

VIETNAMESE_LETTERS = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
letters = st.sampled_from(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper())
words = st.text(letters, min_size=1, max_size=8)
names = st.lists(words, min_size=1, max_size=5).map(" ".join)
messy = st.text(
    st.sampled_from(list(VIETNAMESE_LETTERS) + [" ", "\t", "\n", "\u00a0", "\u200b"]), max_size=30
)


def test_alphabet_order():
    values = ["Đinh", "Dương", "Ánh", "An", "Bình", "Ấn", "Ân"]
    assert text.vietnamese_sorted(values) == ["An", "Ánh", "Ân", "Ấn", "Bình", "Dương", "Đinh"]


@pytest.mark.parametrize(
    "lower,higher",
    [
        ("a", "ă"),
        ("ă", "â"),
        ("d", "đ"),
        ("o", "ô"),
        ("ô", "ơ"),
        ("u", "ư"),
        ("e", "ê"),
        ("y", "ỳ"),
    ],
)
def test_letter_pairs(lower, higher):
    assert text.collation_key(lower) < text.collation_key(higher)


def test_people_sort_by_given_then_middle_then_family():
    people = [
        ("Nguyễn", "Văn", "Quang"),
        ("Trần", "Thị", "Ánh"),
        ("Lê", "", "An"),
        ("Phạm", "Văn", "An"),
        ("Vũ", "Mạnh", "Chiến"),
        ("Anh", "Văn", "An"),
    ]
    ordered = sorted(people, key=lambda p: text.person_sort_key(*p))
    assert ordered == [
        ("Lê", "", "An"),
        ("Anh", "Văn", "An"),
        ("Phạm", "Văn", "An"),
        ("Trần", "Thị", "Ánh"),
        ("Vũ", "Mạnh", "Chiến"),
        ("Nguyễn", "Văn", "Quang"),
    ]


def test_split_name():
    assert text.split_name("Nguyễn Văn Quang") == ("Nguyễn", "Văn", "Quang")
    assert text.split_name("  Lê   Toàn ") == ("Lê", "", "Toàn")
    assert text.split_name("Tôn Nữ Thị Ninh") == ("Tôn", "Nữ Thị", "Ninh")
    assert text.split_name("Hùng") == ("", "", "Hùng")
    assert text.split_name("") == ("", "", "")


def test_fold_matches_case_and_accents():
    assert text.fold("NGUYỄN VĂN QUANG") == "nguyen van quang"
    assert text.fold("Đinh Đức Dũng") == "dinh duc dung"
    assert text.fold(unicodedata.normalize("NFD", "Nguyễn Việt")) == "nguyen viet"


def test_clean_name_title_cases_single_case_input():
    assert text.clean_name("NGUYỄN VĂN QUANG") == "Nguyễn Văn Quang"
    assert text.clean_name("đặng thị hoa") == "Đặng Thị Hoa"
    assert text.clean_name("Nguyễn Thị DeLa") == "Nguyễn Thị DeLa"


@given(messy)
def test_clean_text_is_nfc_single_spaced_and_idempotent(value):
    cleaned = text.clean_text(value)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert "  " not in cleaned and cleaned == cleaned.strip()
    assert "\u200b" not in cleaned
    assert text.clean_text(cleaned) == cleaned


def test_clean_text_drops_control_characters_but_keeps_words_apart():
    """NUL and its kind come from pasted binary; PostgreSQL refuses NUL in a text column."""
    assert text.clean_text("Chi\x00 bộ\x07 A\x7f") == "Chi bộ A"
    assert text.clean_text("Tổ\tđảng\nA1") == "Tổ đảng A1"
    assert text.fold("\x00") == ""


@given(names)
def test_nfd_input_gives_the_same_keys(name):
    nfd = unicodedata.normalize("NFD", name)
    assert text.clean_text(nfd) == text.clean_text(name)
    assert text.fold(nfd) == text.fold(name)
    assert text.collation_key(nfd) == text.collation_key(name)


@given(names)
def test_fold_is_ascii_lowercase(name):
    folded = text.fold(name)
    assert folded.isascii()
    assert folded == folded.lower()
    assert len(folded) == len(text.clean_text(name))


@given(st.lists(st.tuples(words, words, words), min_size=2, max_size=20))
def test_person_order_is_given_name_first(people):
    ordered = sorted(people, key=lambda p: text.person_sort_key(*p))
    givens = [text.collation_key(given) for _family, _middle, given in ordered]
    assert givens == sorted(givens)


@given(st.lists(names, min_size=2, max_size=20))
def test_sort_key_agrees_with_icu_sorting(values):
    assert [text.collation_key(v) for v in text.vietnamese_sorted(values)] == sorted(
        text.collation_key(v) for v in values
    )
