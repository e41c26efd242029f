"""What the standards pages read: what changed between two versions (`version_diff`, HTML
with <ins>/<del> over escaped text) and a committee's overview of its units' two standards
(one page of units in a fixed number of queries)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Subquery
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from lamtheo.exemplars.models import ReviewStatus, Standard, StandardKind, StandardVersion
from lamtheo.org.models import Unit, UnitKind

# -- what changed between two versions -------------------------------------------------------

# Words (letters and digits, Vietnamese included), runs of spaces, and single other characters.
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass
class Diff:
    html: SafeString
    inserted: int  # words added
    deleted: int  # words removed

    @property
    def unchanged(self) -> bool:
        return not (self.inserted or self.deleted)


def _words(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _count(tokens: list[str]) -> int:
    return sum(1 for t in tokens if not t.isspace())


def _mark(tag: str, css: str, tokens: list[str]) -> str:
    return f'<{tag} class="{css}">{escape("".join(tokens))}</{tag}>'


# SequenceMatcher is quadratic in the worst case: 38,000 characters on one changed line took
# 39 s. A changed passage of more than WORD_BUDGET word pairs is shown removed and re-added
# whole instead of word by word, and the line matcher ignores very common lines (blank ones)
# past LINE_BUDGET line pairs; a diff of two texts at the length limit then stays well under
# a second (BENCHMARKS.md).
WORD_BUDGET = 400_000  # e.g. 630 × 630 tokens, a few long paragraphs
LINE_BUDGET = 4_000_000


def version_diff(old: str, new: str) -> Diff:
    """What changed from `old` to `new`: lines that match stay as they are, changed passages
        are compared word by word. Text is escaped; removed words in <del>, added ones in <ins>,
    line breaks as <br>."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    parts: list[str] = []
    inserted = deleted = 0
    common = len(old_lines) * len(new_lines) > LINE_BUDGET
    lines = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=common)
    for op, a1, a2, b1, b2 in lines.get_opcodes():
        if op == "equal":
            parts.append(escape("\n".join(old_lines[a1:a2])))
            parts.append("\n")
            continue
        before = _words("\n".join(old_lines[a1:a2]))
        after = _words("\n".join(new_lines[b1:b2]))
        if len(before) * len(after) > WORD_BUDGET:
            opcodes = [("replace", 0, len(before), 0, len(after))]
        else:
            words = difflib.SequenceMatcher(None, before, after, autojunk=False)
            opcodes = words.get_opcodes()
        for wop, i1, i2, j1, j2 in opcodes:
            if wop == "equal":
                parts.append(escape("".join(before[i1:i2])))
                continue
            if i2 > i1:
                parts.append(_mark("del", "bg-red-lt", before[i1:i2]))
                deleted += _count(before[i1:i2])
            if j2 > j1:
                parts.append(_mark("ins", "bg-green-lt", after[j1:j2]))
                inserted += _count(after[j1:j2])
        parts.append("\n")
    html = "".join(parts).rstrip("\n").replace("\n", "<br>\n")
    return Diff(html=mark_safe(html), inserted=inserted, deleted=deleted)


# -- a committee's overview ------------------------------------------------------------------


MISSING = "missing"
KINDS = (StandardKind.ETHICS, StandardKind.EXAMPLE)


@dataclass
class UnitStandards:
    unit: Unit
    # {kind: Standard with .latest_on and .latest_number, or None when not adopted yet}
    by_kind: dict[str, Standard | None] = field(default_factory=dict)

    @property
    def cells(self) -> list[tuple[str, Standard | None]]:
        return [(kind, self.by_kind.get(kind)) for kind in KINDS]

    @property
    def missing(self) -> bool:
        return any(self.by_kind.get(kind) is None for kind in KINDS)


def with_latest(standards):
    """Standards annotated with their latest version's number and adoption date."""
    latest = StandardVersion.objects.filter(standard=OuterRef("pk")).order_by("-number")
    return standards.annotate(
        latest_number=Max("versions__number"),
        latest_on=Subquery(latest.values("adopted_on")[:1]),
    )


def overview_units(root: Unit, user, status: str = ""):
    """The open units of `root`'s subtree the user sees (party groups keep no standards of
    their own), the root first, then level by level in Vietnamese name order; with `status`,
    only units with a standard in that review status, or (MISSING) lacking one."""
    units = (
        Unit.objects.visible_to(user)
        .subtree_of(root)
        .active()
        .exclude(kind=UnitKind.GROUP)
        .order_by("depth", "sort_key", "path")
    )
    standards = Standard.objects.visible_to(user).filter(unit=OuterRef("pk"))
    if status == MISSING:
        units = units.filter(
            ~Exists(standards.filter(kind=StandardKind.ETHICS))
            | ~Exists(standards.filter(kind=StandardKind.EXAMPLE))
        )
    elif status:
        units = units.filter(Exists(standards.filter(review_status=status)))
    return units


def overview_rows(units: list[Unit], user) -> list[UnitStandards]:
    """Each unit with its two standards (None where missing); one query."""
    rows = {unit.pk: UnitStandards(unit=unit, by_kind=dict.fromkeys(KINDS)) for unit in units}
    standards = with_latest(Standard.objects.visible_to(user).filter(unit__in=list(rows)))
    for standard in standards.order_by("pk"):
        rows[standard.unit_id].by_kind[standard.kind] = standard
    return list(rows.values())


def overview_totals(root: Unit, user) -> dict[str, int]:
    """How many units of the subtree, and how many standards in each status or missing."""
    units = overview_units(root, user)
    standards = Standard.objects.visible_to(user).filter(unit__in=units)
    totals = {status.value: 0 for status in ReviewStatus}
    for row in standards.order_by().values("review_status").annotate(n=Count("pk")):
        totals[row["review_status"]] = row["n"]
    count = units.count()
    totals["units"] = count
    totals[MISSING] = count * len(KINDS) - sum(totals[s.value] for s in ReviewStatus)
    return totals
