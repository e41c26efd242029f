"""Legacy Vietnamese encodings (TCVN3/ABC, VNI-Windows): detection, conversion, refusal."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lamtheo.core import legacy
from lamtheo.core.legacy import TCVN3, VNI, LegacyEncodingError, to_unicode

VOWELS_WITH_MARKS = "àảãáạăằẳẵắặâầẩẫấậèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵđ"


@pytest.mark.parametrize(
    "garbled,expected,encoding",
    [
        ("B¶o Th¾ng", "Bảo Thắng", TCVN3),
        ("Hµ Néi", "Hà Nội", TCVN3),
        ("Khèi doanh nghiÖp", "Khối doanh nghiệp", TCVN3),
        ("Tr\xadêng", "Trường", TCVN3),  # ư is TCVN3's 0xAD, the soft hyphen
        ("Nguyeãn Vaên Quang", "Nguyễn Văn Quang", VNI),
        ("NGUYEÃN VAÊN QUANG", "NGUYỄN VĂN QUANG", VNI),
        ("Tröôøng Ñaûng", "Trường Đảng", VNI),
        ("Leâ Thò Thu Hieàn", "Lê Thị Thu Hiền", VNI),
    ],
)
def test_legacy_text_is_converted(garbled, expected, encoding):
    assert to_unicode(garbled) == (expected, encoding)


@pytest.mark.parametrize(
    "value",
    [
        "Nguyễn Văn Quang",
        unicodedata.normalize("NFD", "Nguyễn Văn Quang"),
        "Tô Hoài",  # only Latin-1 letters, and good Vietnamese
        "Hà",
        "CB01",
        "Công ty ABC®",  # a symbol in good text is not an encoding
        "Nhiệt độ 50°C",
        "",
    ],
)
def test_unicode_and_ascii_are_left_alone(value):
    assert to_unicode(value) == (value, None)


@pytest.mark.parametrize(
    "value,encoding",
    [
        ("Nguy\u00c5n V\u00a8n", TCVN3),  # Å is no TCVN3 (.VnTime) letter
        ("Hoa\u00f8ng T\u00f6\u00f8\u00f8", VNI),  # a tone mark too many
    ],
)
def test_unconvertible_legacy_text_is_refused_naming_the_encoding(value, encoding):
    with pytest.raises(LegacyEncodingError) as caught:
        to_unicode(value)
    assert caught.value.encoding == encoding


def test_tables_cover_every_vietnamese_letter():
    tcvn3 = set(legacy.TCVN3_TABLE.values())
    vni = set(legacy.VNI_PAIRS.values()) | set(legacy.VNI_SINGLES.values())
    for letter in VOWELS_WITH_MARKS:
        assert letter in tcvn3, letter
        assert letter in vni and letter.upper() in vni, letter


@pytest.mark.parametrize("word", ["nguyễn", "quốc", "trường", "khuya", "giữa", "thuở", "việt"])
def test_syllables(word):
    assert legacy.is_syllable(word)


@pytest.mark.parametrize("word", ["nguyeãn", "vaên", "hoăc", "quàc", "bảà", "ắ"])
def test_not_syllables(word):
    assert not legacy.is_syllable(word)


# Round trips: Unicode names typed in each legacy font come back unchanged.
SYLLABLES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Thành",
    "Minh",
    "Ngọc",
    "Quốc",
    "Thu",
    "Thủy",
    "Hằng",
    "Tuấn",
    "Dũng",
    "Hương",
    "Nguyệt",
    "Khuê",
    "Yến",
    "Trường",
    "Ánh",
    "Quỳnh",
    "Thắng",
]
_TO_TCVN3 = {v: chr(k) for k, v in legacy.TCVN3_TABLE.items()}
_TO_VNI = {v: k for k, v in legacy.VNI_PAIRS.items() if k[1].islower() == k[0].islower()} | {
    v: k for k, v in legacy.VNI_SINGLES.items() if v not in "ìíÌÍ"
}


def _tcvn3(text):
    return "".join(_TO_TCVN3.get(ch, ch) for ch in text.lower())


def _vni(text):
    return "".join(_TO_VNI.get(ch, ch) for ch in text)


@given(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4).map(" ".join))
def test_round_trip_through_each_legacy_encoding(name):
    # Knowing the file's encoding, every cell comes back.
    assert to_unicode(_vni(name), prefer=VNI)[0] == name
    assert to_unicode(_tcvn3(name), prefer=TCVN3)[0] == name.lower()  # no marked capitals
    # Alone, a cell comes back unless it also reads as good Vietnamese as typed ("Vò" is
    # TCVN3 for "Vũ", "Hoà" VNI for "Hồ"): such a cell is kept as typed.
    for garbled, expected in ((_vni(name), name), (_tcvn3(name), name.lower())):
        converted, encoding = to_unicode(garbled)
        assert converted in (expected, garbled)
        assert (encoding is None) == (converted == garbled)


def test_file_encoding_decides_ambiguous_cells():
    assert legacy.file_encoding(["Vò Thµnh", "Vò", "CB01"]) == TCVN3
    assert legacy.file_encoding(["Hoaøng Vaên Nam", "Hoà Chí Minh"]) == VNI
    # A Unicode file with one pasted legacy cell has no file encoding.
    assert legacy.file_encoding(["Nguyễn Văn Quang", "B¶o Th¾ng", "Tô Hoài"]) is None
    assert legacy.file_encoding(["B¶o Th¾ng", "Nguyeãn Vaên Quang"]) is None
