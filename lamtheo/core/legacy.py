"""Vietnamese typed in legacy font encodings (TCVN3/ABC, VNI-Windows), back to Unicode.

Before Unicode, Vietnamese was typed with special fonts (.VnTime for TCVN3, VNI-Times for VNI)
that drew Vietnamese letters in the places of Western ones. Copied out of such a document, or
read from a CSV written on such a machine, the text arrives as Western characters: "B¶o Th¾ng"
is TCVN3 for "Bảo Thắng" and "Nguyeãn Vaên Quang" is VNI for "Nguyễn Văn Quang".

`to_unicode(text)` decides per cell. Text that already is Unicode Vietnamese (or plain ASCII)
is returned unchanged at once. Text holding characters that never occur in Unicode Vietnamese
but do in TCVN3/VNI output, or words that are no Vietnamese syllable, is converted with each
table; a conversion is accepted only if every word of the result is a Vietnamese syllable. If
no table gives Vietnamese, `LegacyEncodingError` names the most likely encoding, so the caller
can refuse the cell instead of storing it garbled.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TCVN3 = "TCVN3 (ABC)"
VNI = "VNI-Windows"


class LegacyEncodingError(ValueError):
    """The text is in a legacy encoding and could not be converted cleanly."""

    def __init__(self, encoding: str):
        super().__init__(encoding)
        self.encoding = encoding


# Combining marks: the five tones and the three letter modifiers.
GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)


def _compose(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(marks))


# The twelve vowels of the Vietnamese alphabet as (base letter, modifier marks).
_VOWELS = {
    "a": ("a",),
    "ă": ("a", BREVE),
    "â": ("a", CIRCUMFLEX),
    "e": ("e",),
    "ê": ("e", CIRCUMFLEX),
    "i": ("i",),
    "o": ("o",),
    "ô": ("o", CIRCUMFLEX),
    "ơ": ("o", HORN),
    "u": ("u",),
    "ư": ("u", HORN),
    "y": ("y",),
}


def _letters() -> frozenset[str]:
    letters = set("abcdefghijklmnopqrstuvwxyzđ")
    for parts in _VOWELS.values():
        letters.add(_compose(*parts))
        for tone in TONES:
            letters.add(_compose(*parts, tone))
    return frozenset(letters | {ch.upper() for ch in letters})


VIETNAMESE_LETTERS = _letters()

# ---------------------------------------------------------------------------------------------
# TCVN3 (TCVN 5712:1993, VN3 — the .VnTime fonts). One byte per letter; capitals with a tone
# mark do not exist in VN3 (they were drawn with the capital font .VnTimeH at the lowercase
# positions), so converted capitals come out in lower case.
# Each vowel's five toned forms, in the order grave, hook, tilde, acute, dot below.
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_PLAIN = dict(zip(range(0xA1, 0xAF), "ĂÂÊÔƠƯĐăâêôơưđ", strict=True))


def _tcvn3_table() -> dict[int, str]:
    # Byte b arrives as the character U+00b (Latin-1 and Windows-1252 agree from 0xA0 up).
    table = dict(_TCVN3_PLAIN)
    for vowel, codes in _TCVN3_TONED.items():
        for tone, code in zip(TONES, codes, strict=True):
            table[code] = _compose(*_VOWELS[vowel], tone)
    return table


TCVN3_TABLE: dict[int, str] = _tcvn3_table()


def from_tcvn3(text: str) -> str:
    """Read `text` as TCVN3 bytes shown in a Western code page, and return Unicode."""
    return text.translate(TCVN3_TABLE)


# ---------------------------------------------------------------------------------------------
# VNI-Windows. A vowel is its ASCII base letter followed by one modifier character, which
# carries the tone, the circumflex or breve, or both. ơ and ư are single characters of their
# own (Western ô and ö), also followed by a tone character; i with a tone, ỵ and đ are single
# characters. Lowercase text uses the lowercase modifiers, capitals the uppercase ones (Ù
# rather than ù); both are accepted after either case, and the case of the base letter wins.
_VNI_TONE = {"ø": GRAVE, "û": HOOK, "õ": TILDE, "ù": ACUTE, "ï": DOT}
_VNI_CIRCUMFLEX = {"â": (), "à": (GRAVE,), "å": (HOOK,), "ã": (TILDE,), "á": (ACUTE,), "ä": (DOT,)}
_VNI_BREVE = {"ê": (), "è": (GRAVE,), "ú": (HOOK,), "ü": (TILDE,), "é": (ACUTE,), "ë": (DOT,)}
# Single characters: ơ, ư, đ, i with each tone and ỵ.
_VNI_SINGLE = {
    "ô": "ơ",
    "ö": "ư",
    "ñ": "đ",
    "ì": "ì",
    "æ": "ỉ",
    "ó": "ĩ",
    "í": "í",
    "ò": "ị",
    "î": "ỵ",
}


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    pairs: dict[str, str] = {}

    def add(base: str, modifier: str, result: str) -> None:
        for mod in {modifier, modifier.upper()}:
            pairs[base + mod] = result
            pairs[base.upper() + mod] = result.upper()

    for base in "aeouy":
        for mod, tone in _VNI_TONE.items():
            add(base, mod, _compose(base, tone))
    for base in "aeo":
        for mod, tones in _VNI_CIRCUMFLEX.items():
            add(base, mod, _compose(base, CIRCUMFLEX, *tones))
    for mod, tones in _VNI_BREVE.items():
        add("a", mod, _compose("a", BREVE, *tones))
    for single, letter in (("ô", "ơ"), ("ö", "ư")):
        for mod, tone in _VNI_TONE.items():
            add(single, mod, _compose(letter, tone))
    add("y", "ï", "ỵ")  # some VNI keyboards put the dot below y with the ordinary modifier
    singles = dict(_VNI_SINGLE)
    singles.update({k.upper(): v.upper() for k, v in _VNI_SINGLE.items()})
    return pairs, singles


VNI_PAIRS, VNI_SINGLES = _vni_tables()


def from_vni(text: str) -> str:
    """Read `text` as VNI-Windows bytes shown in a Western code page, and return Unicode."""
    out = []
    i, n = 0, len(text)
    while i < n:
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in VNI_PAIRS:
            out.append(VNI_PAIRS[pair])
            i += 2
            continue
        ch = text[i]
        out.append(VNI_SINGLES.get(ch, ch))
        i += 1
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Is it Vietnamese? A word with diacritics must be one syllable: an initial consonant, a rhyme
# from the closed list below, at most one tone, and only the acute or dot tone after a final
# p, t, c or ch. Words in plain ASCII (codes, foreign words, abbreviations) are not judged.
def _words(text: str) -> list[str]:
    return text.split()


_INITIALS = sorted(
    _words("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"),
    key=len,
    reverse=True,
) + [""]
_RHYMES = frozenset(
    _words("""
    a ac ach ai am an ang anh ao ap at au ay
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êc êch êm ên êng ênh êp êt êu
    i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
    o oc oi om on ong op ot oa oac oach oai oam oan oang oanh oao oap oat oay
    oăc oăm oăn oăng oăt oe oen oeo oet ooc oong
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u uc ui um un ung up ut ua uân uâng uât uây uê uêch uênh uơ
    uôc uôi uôm uôn uông uôt uy uya uych uyên uyêt uynh uyp uyt uyu
    ư ưc ưi ưm ưn ưng ưt ưu ưa ươc ươi ươm ươn ương ươp ươt ươu
    y yêm yên yêng yêt yêu
    """)
)
_STOPS = ("p", "t", "c", "ch")
_TONE_SET = frozenset(TONES)
# Runs of letters (\w without digits, underscore and the numeric ¹²³¼½¾).
_WORD = re.compile(r"[^\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be]+")


_VOWEL_LETTERS = frozenset("aăâeêioôơuưy")
_MODIFIED = frozenset("ăâêôơư")
# Open rhymes whose tone mark may sit on either vowel (old style hòa, new style hoà).
_EITHER = frozenset({"oa", "oe", "uy"})


def _tone_positions(rhyme: str) -> frozenset[int]:
    """Where a tone mark goes in `rhyme` (indexes), by the Vietnamese spelling rules."""
    vowels = [i for i, ch in enumerate(rhyme) if ch in _VOWEL_LETTERS]
    if not vowels:
        return frozenset()
    modified = [i for i in vowels if rhyme[i] in _MODIFIED]
    if modified:
        return frozenset({modified[-1]})
    if rhyme[-1] not in _VOWEL_LETTERS or len(vowels) == 1:
        return frozenset({vowels[-1]})
    if len(vowels) == 2:
        return frozenset(vowels) if rhyme in _EITHER else frozenset({vowels[0]})
    return frozenset({vowels[1]})


@lru_cache(maxsize=20000)
def is_syllable(word: str) -> bool:
    """Whether a lowercase word (with diacritics) is a possible Vietnamese syllable.

    Checks the initial, the rhyme, that there is at most one tone, that it sits on the right
    vowel, and that a rhyme ending in p, t, c or ch has the acute or dot tone.
    """
    bases: list[str] = []
    tone, tone_at = None, -1
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONE_SET:
            if tone is not None or not bases:
                return False
            tone, tone_at = ch, len(bases) - 1
        elif unicodedata.combining(ch):
            if not bases:
                return False
            bases[-1] += ch
        else:
            bases.append(ch)
    letters = [unicodedata.normalize("NFC", b) for b in bases]
    bare = "".join(letters)
    for initial in _INITIALS:
        if not bare.startswith(initial):
            continue
        rhyme = bare[len(initial) :]
        # "qu" and "gi" take a letter of the rhyme into the initial (quốc, giữa, giếng).
        if initial == "qu":
            known = "u" + rhyme in _RHYMES
        elif initial == "gi":
            known = rhyme in _RHYMES or "i" + rhyme in _RHYMES
        else:
            known = rhyme in _RHYMES
        if not known:
            continue
        if rhyme.endswith(_STOPS) and tone not in (ACUTE, DOT):
            continue
        if tone is not None and tone_at - len(initial) not in _tone_positions(rhyme):
            continue
        return True
    return False


def _words_valid(text: str) -> bool:
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if any(ch not in VIETNAMESE_LETTERS for ch in word):
            return False
        if not is_syllable(word.lower()):
            return False
    return True


# Characters that prove the text is Unicode: letters outside Latin-1, combining marks (NFD).
_UNICODE_ONLY = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1"
    "\u01af\u01b0\u0300-\u0323\u1ea0-\u1ef9]"
)
# Latin-1 characters that never occur in Unicode Vietnamese text (no-break space excepted).
_SUSPECT = re.compile(
    "["
    + "".join(
        re.escape(chr(code)) for code in range(0xA1, 0x100) if chr(code) not in VIETNAMESE_LETTERS
    )
    + "]"
)


def looks_vietnamese(text: str) -> bool:
    """Every word is a Vietnamese syllable (or plain ASCII) and no legacy character is left."""
    return not _SUSPECT.search(text) and _words_valid(text)


def _valid_words(text: str) -> int:
    return sum(
        1
        for word in _WORD.findall(text)
        if not word.isascii()
        and all(ch in VIETNAMESE_LETTERS for ch in word)
        and is_syllable(word.lower())
    )


def guess_encoding(text: str) -> str:
    """The legacy encoding `text` most likely is in (TCVN3 when nothing tells them apart).

    The table that turns more words into Vietnamese syllables wins; then the one that
    explains more of the characters.
    """
    tcvn_chars = sum(1 for ch in text if ord(ch) in TCVN3_TABLE)
    vni_chars = sum(1 for ch in text if ch in VNI_SINGLES) + sum(
        1 for a, b in zip(text, text[1:], strict=False) if a + b in VNI_PAIRS
    )
    tcvn = (_valid_words(from_tcvn3(text)), tcvn_chars)
    vni = (_valid_words(from_vni(text)), vni_chars)
    return VNI if vni > tcvn else TCVN3


_CONVERTERS = {TCVN3: from_tcvn3, VNI: from_vni}


def file_encoding(cells) -> str | None:
    """The legacy encoding a whole file is in, judged from (a sample of) its text cells.

    It is the one encoding that cells convert from, provided no cell is already Unicode
    Vietnamese: a Unicode file with one pasted TCVN3 cell has no file encoding.
    """
    seen: set[str] = set()
    for cell in cells:
        if cell.isascii():
            continue
        if _UNICODE_ONLY.search(cell):
            return None
        try:
            encoding = to_unicode(cell)[1]
        except LegacyEncodingError:
            continue
        if encoding:
            seen.add(encoding)
    return seen.pop() if len(seen) == 1 else None


def is_unicode(text: str) -> bool:
    """The text holds a letter or mark only Unicode has (ă, đ, ơ, ư, ạ …, or NFD marks)."""
    return bool(_UNICODE_ONLY.search(text))


def to_unicode(text: str, prefer: str | None = None) -> tuple[str, str | None]:
    """(text in Unicode, the legacy encoding it was converted from or None).

    `prefer` is the encoding the rest of the file is known to be in: a cell that reads as
    Vietnamese both as typed and converted ("Vò" is TCVN3 for "Vũ", "Hoà" VNI for "Hồ") is
    then converted. Raises LegacyEncodingError when the text is in a legacy encoding but no
    table turns it into Vietnamese.
    """
    if text.isascii() or _UNICODE_ONLY.search(text):
        return text, None
    if prefer is not None:
        converted = _CONVERTERS[prefer](text)
        if converted != text and looks_vietnamese(converted):
            return converted, prefer
    suspects = _SUSPECT.findall(text)
    if not suspects and _words_valid(text):
        return text, None
    candidates = []
    for encoding, convert in ((TCVN3, from_tcvn3), (VNI, from_vni)):
        converted = convert(text)
        if converted != text and looks_vietnamese(converted):
            candidates.append((encoding, converted))
    if len(candidates) == 1:
        encoding, converted = candidates[0]
        return converted, encoding
    if candidates:
        by_encoding = dict(candidates)
        best = guess_encoding(text)
        if best not in by_encoding:
            best = candidates[0][0]
        return by_encoding[best], best
    if not suspects:
        # Only Vietnamese letters, one word no syllable: a typo or a foreign word, not ours.
        return text, None
    if all(not ch.isalpha() for ch in suspects) and _words_valid(text):
        # Symbols such as ® or ° in otherwise good text.
        return text, None
    raise LegacyEncodingError(guess_encoding(text))
