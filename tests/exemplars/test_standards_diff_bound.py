"""The standards diff stays bounded at the text limit (issue 10 §3): a changed passage too
large to compare word by word is shown removed and re-added whole (38,000 characters on one
changed line took 39 s word by word; figures in BENCHMARKS.md)."""

from __future__ import annotations

import random

from lamtheo.exemplars.services.standards import TEXT_MAX
from lamtheo.exemplars.standards_overview import version_diff

WORDS = ["cán", "bộ", "đảng", "viên", "học", "tập", "làm", "theo", "tư", "tưởng", "đạo", "đức"]


def one_line(chars: int, seed: int) -> str:
    rng = random.Random(seed)
    words, size = [], 0
    while size < chars:
        words.append(rng.choice(WORDS))
        size += len(words[-1]) + 1
    return " ".join(words)[:chars]


def scattered_edits(text: str) -> str:
    rng = random.Random(7)
    chars = list(text)
    for i in rng.sample(range(len(chars)), len(chars) // 50):
        chars[i] = "x"
    return "".join(chars)


def test_a_whole_text_rewritten_on_one_line_is_shown_replaced_whole():
    old = one_line(TEXT_MAX, seed=1)
    diff = version_diff(old, scattered_edits(old))
    assert diff.html.count("<del") == 1 and diff.html.count("<ins") == 1
    assert diff.deleted > 10_000 and diff.inserted > 10_000


def test_a_small_change_in_a_long_text_is_still_shown_word_by_word():
    paragraphs = [one_line(600, seed=n) for n in range(150)]
    new = list(paragraphs)
    new[40] = new[40].replace(new[40].split()[3], "KHÁC", 1)
    diff = version_diff("\n".join(paragraphs), "\n".join(new))
    assert diff.html.count("<ins") == 1 and "KHÁC" in diff.html
    assert diff.inserted == 1
