"""Reads of exemplars that need thought: the public gallery with its facets, the public story
of one exemplar, a unit's exemplars, the review queue, and which evidence whom may fetch.

Every function runs a fixed number of queries whatever the number of rows; the gallery's
first page is 5 queries without a unit filter and 7 with one (`gallery`): about
15-20 ms at 10k exemplars on SQLite and PostgreSQL alike.

What the public reads: published exemplars only, through `Exemplar.objects.visible_to` of a
signed-out user; of people, only the name of the subject of an individual exemplar (the
columns loaded are listed with `only`, so nothing else is even read); of evidence, only photos
marked public.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Replace, Substr
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import scope_of
from lamtheo.core.text import fold
from lamtheo.core.tree import subtree_q
from lamtheo.core.views import as_id
from lamtheo.exemplars.models import (
    TAKEN_UP,
    Adoption,
    Evidence,
    EvidenceKind,
    Exemplar,
    ExemplarField,
    ExemplarKind,
    ExemplarStatus,
)
from lamtheo.org import consent, history, kinds
from lamtheo.org.models import Unit

GALLERY_PAGE_SIZE = 12
LIST_PAGE_SIZE = 50
UNIT_FACETS = 30  # units offered under the current one, the most exemplars first
MAX_QUERY = 100  # characters of a search

WITHHELD = _("Name withheld")

EVENT_LABELS = {
    "created": _("Created"),
    "edited": _("Edited"),
    "proposed": _("Proposed"),
    "returned": _("Returned for changes"),
    "rejected": _("Not recognised"),
    "recognised": _("Recognised"),
    "published": _("Published"),
    "withdrawn": _("Recognition withdrawn"),
}

# The columns the public pages read. Nothing of a person but the name.
PUBLIC_COLUMNS = (
    "title",
    "kind",
    "field",
    "problem",
    "actions",
    "results",
    "status",
    "published_at",
    "recognised_on",
    "unit__name",
    "subject_unit__name",
    "person__full_name",
    "person__gallery_consent__status",
)


def public():
    """Exemplars the public sees: published ones (visible_to of a signed-out user)."""
    return Exemplar.objects.visible_to(AnonymousUser())


# An exemplar about a person is shown by name and with photos only when the person agreed
# (org.consent); otherwise anonymised: the story stays, the name and the photos go.
NAMED_Q = ~Q(kind=ExemplarKind.INDIVIDUAL) | consent.given_q("person")


def named(exemplar) -> bool:
    """Whether the public pages may show `exemplar`'s subject by name and its photos (its
    person's consent loaded with it: no query)."""
    return exemplar.kind != ExemplarKind.INDIVIDUAL or consent.given(exemplar.person)


def anonymise(exemplar) -> None:
    """Without the person's consent, take their name out of the title shown (in memory only:
    the title stays as written for those inside). Call before building its address."""
    exemplar.named = named(exemplar)
    if not exemplar.named and exemplar.person_id and exemplar.person.full_name:
        exemplar.title = exemplar.title.replace(exemplar.person.full_name, str(WITHHELD))


def public_key():
    """The search key the public searches: without the person's name when they did not agree,
    so that a search by name does not find them either."""
    return Case(
        When(NAMED_Q, then=F("search_key")),
        default=Replace(F("search_key"), F("person__search_key"), Value("")),
        output_field=TextField(),
    )


# -- the public gallery ----------------------------------------------------------------------


@dataclass
class Choice:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facets:
    total: int
    q: str
    kind: str
    field: str
    unit: Unit | None
    # The units above the chosen one, top first, for a breadcrumb.
    trail: list[Unit] = field(default_factory=list)
    kinds: list[Choice] = field(default_factory=list)
    fields: list[Choice] = field(default_factory=list)
    # Units one level under the chosen one (the tops without one), each with its count.
    units: list[tuple[Unit, int]] = field(default_factory=list)

    @property
    def filtered(self) -> bool:
        return bool(self.q or self.kind or self.field or self.unit)


def _choice(params, name: str, choices) -> str:
    value = params.get(name, "") or ""
    return value if value in choices.values else ""


def _unit_param(params) -> int | None:
    value = (params.get("unit") or "").strip()
    if not value:
        return None
    if (pk := as_id(value)) is None:
        raise Http404
    return pk


def search_q(query: str, key: str = "search_key") -> Q:
    """Every word of the query, accent- and case-free, in the search key."""
    q = Q()
    for word in fold(query).split()[:8]:
        q &= Q(**{f"{key}__contains": word})
    return q


def _public_unit(pk: int) -> Unit:
    """A unit with a published exemplar in its subtree; 404 for any other, so the gallery
    does not reveal the names of units that have nothing public."""
    has_public = public().filter(unit__path__startswith=OuterRef("path"))
    unit = (
        Unit.objects.filter(pk=pk)
        .filter(Exists(has_public))
        .only("pk", "name", "path", "depth")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def _cards(exemplars):
    """Rows of the gallery: the public columns, the first public photo's id, and how many
    units have taken it up; one query."""
    photo = Evidence.objects.filter(
        exemplar=OuterRef("pk"), kind=EvidenceKind.PHOTO, public=True
    ).order_by("uploaded_at", "pk")
    adopted = (
        Adoption.objects.filter(exemplar=OuterRef("pk"), status__in=TAKEN_UP)
        .order_by()
        .values("exemplar")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        exemplars.select_related("unit", "subject_unit", "person__gallery_consent")
        .only(*PUBLIC_COLUMNS)
        .annotate(
            photo_id=Case(
                When(NAMED_Q, then=Subquery(photo.values("pk")[:1])),
                default=None,
                output_field=IntegerField(),
            ),
            adopted_count=Coalesce(Subquery(adopted, output_field=IntegerField()), Value(0)),
        )
    )


def gallery(params, page_size: int = GALLERY_PAGE_SIZE) -> tuple[Page, Facets]:
    """One page of the public gallery and its facets, from query parameters: q (search,
    accent-free), kind, field, unit (id: its subtree), page.

    Queries: the unit and the units above it (2, with a unit), the count and the rows of the
    page (2), the kind × field counts (1) and the counts of the units one level down (1, and
    1 for their names when there are any). Counts per kind ignore the chosen kind, and per
    field the chosen field, so each facet says what choosing another value would give.
    """
    q = (params.get("q") or "").strip()[:MAX_QUERY]
    kind = _choice(params, "kind", ExemplarKind)
    field_ = _choice(params, "field", ExemplarField)
    unit_id = _unit_param(params)
    unit = _public_unit(unit_id) if unit_id is not None else None
    trail = []
    if unit is not None:
        above = unit.ancestor_paths()[:-1]
        trail = list(Unit.objects.filter(path__in=above).only("pk", "name", "path", "depth"))
        trail.sort(key=lambda u: u.depth)

    base = public()
    if q:
        base = base.annotate(public_key=public_key()).filter(search_q(q, "public_key"))
    if unit is not None:
        base = base.filter(subtree_q([unit.path], prefix="unit__path"))

    chosen = base
    if kind:
        chosen = chosen.filter(kind=kind)
    if field_:
        chosen = chosen.filter(field=field_)
    ordered = _cards(chosen).order_by("-published_at", "-pk")
    page = Paginator(ordered, page_size).get_page(params.get("page"))
    list(page.object_list)

    # Kind × field counts under the search and unit: both facets from one GROUP BY.
    by_pair = list(base.order_by().values_list("kind", "field").annotate(n=Count("pk")))
    kinds = [
        Choice(
            value,
            label,
            sum(n for k, f, n in by_pair if k == value and (not field_ or f == field_)),
            value == kind,
        )
        for value, label in ExemplarKind.choices
    ]
    fields = [
        Choice(
            value,
            label,
            sum(n for k, f, n in by_pair if f == value and (not kind or k == kind)),
            value == field_,
        )
        for value, label in ExemplarField.choices
    ]
    facets = Facets(
        total=page.paginator.count,
        q=q,
        kind=kind,
        field=field_,
        unit=unit,
        trail=trail,
        kinds=kinds,
        fields=[c for c in fields if c.count or c.selected],
        units=_unit_facets(chosen, unit),
    )
    return page, facets


def _unit_facets(exemplars, unit: Unit | None) -> list[tuple[Unit, int]]:
    """Units one level under `unit` (or the tops) with the number of `exemplars` in their
    subtrees, the most first; two queries (one when there is none)."""
    step = Unit.steplen
    depth = unit.depth if unit is not None else 0
    length = (depth + 1) * step
    below = exemplars
    if unit is not None:
        below = below.filter(unit__depth__gt=depth)
    counts = list(
        below.order_by()
        .annotate(branch=Substr("unit__path", 1, length))
        .values_list("branch")
        .annotate(n=Count("pk"))
    )
    if not counts:
        return []
    counts.sort(key=lambda row: -row[1])
    counts = counts[:UNIT_FACETS]
    units = {
        u.path: u
        for u in Unit.objects.filter(path__in=[path for path, _n in counts]).only(
            "pk", "name", "path", "depth"
        )
    }
    return [(units[path], n) for path, n in counts if path in units]


@dataclass
class Story:
    """What the public page of one exemplar shows."""

    exemplar: Exemplar
    photos: list[Evidence]
    figures: list
    tags: list
    adopters: list[Unit]
    adaptations: list[Exemplar]
    source: Exemplar | None


def public_story(pk: int) -> Story:
    """A published exemplar with its public photos, figures, tags, the units that took it up
    (adopted or sustained), the published exemplars adapted from it and the one it was
    adapted from; seven queries. 404 for anything not published."""
    exemplar = (
        public()
        .select_related(
            "unit", "subject_unit", "person__gallery_consent", "recognised_by_unit", "campaign"
        )
        .only(
            *PUBLIC_COLUMNS,
            "adapted_from_id",
            "recognised_by_unit__name",
            "recognised_by_unit__kind",
            "campaign__title",
        )
        .annotate(**RECOGNISED_AS)
        .filter(pk=pk)
        .first()
    )
    if exemplar is None:
        raise Http404
    photos = list(
        Evidence.objects.filter(exemplar=exemplar, kind=EvidenceKind.PHOTO, public=True)
        .filter(exemplar__in=Exemplar.objects.filter(NAMED_Q))
        .only("pk", "caption", "exemplar_id")
        .order_by("uploaded_at", "pk")
    )
    figures = list(exemplar.figures.order_by("pk"))
    tags = list(exemplar.tags.order_by("name"))
    adopters = [
        a.unit
        for a in Adoption.objects.filter(exemplar=exemplar, status__in=TAKEN_UP)
        .select_related("unit")
        .only("unit__name", "unit__sort_key", "exemplar_id")
    ]
    adopters.sort(key=lambda u: u.sort_key)
    adaptations = list(
        public()
        .filter(adapted_from=exemplar)
        .select_related("unit")
        .only("title", "unit__name")
        .order_by("-published_at", "-pk")[:20]
    )
    source = None
    if exemplar.adapted_from_id:
        source = public().filter(pk=exemplar.adapted_from_id).only("title").first()
    return Story(exemplar, photos, figures, tags, adopters, adaptations, source)


# The recognising body's name and kind on the day it recognised (the dated tree): a committee
# renamed or reorganised since still recognised under its name of the day.
RECOGNISED_AS = {
    "recognised_name": history.period_field("name", "recognised_by_unit", "recognised_on"),
    "recognised_kind": history.period_field("kind", "recognised_by_unit", "recognised_on"),
}


def recognising_body(exemplar: Exemplar) -> str:
    """ "Đảng ủy Khối …" as on the recognition day, for an exemplar read with RECOGNISED_AS
    (today's name without it, or when the body was not in the dated tree that day)."""
    unit = exemplar.recognised_by_unit
    if unit is None:
        return ""
    name = getattr(exemplar, "recognised_name", None) or unit.name
    kind = getattr(exemplar, "recognised_kind", None) or unit.kind
    return kinds.committee_name(name, kind) or name


# -- signed-in pages -------------------------------------------------------------------------


def inside(user):
    """Exemplars `user` sees from inside: of the units their grants cover, or about
    themselves; not the published ones of other units, which they see as the public does."""
    exemplars = Exemplar.objects.visible_to(user)
    scope = scope_of(user)
    if scope.is_admin:
        return exemplars
    q = subtree_q(scope.paths, prefix="unit__path")
    if scope.person_id:
        q |= Q(person_id=scope.person_id)
    return exemplars.filter(q)


def unit_exemplars(user, unit: Unit | None, params):
    """Exemplars of the unit's subtree that the user sees (without a unit: of their scope, or
    of their own unit for a member), filtered by status, kind, field and q, newest first."""
    scope = scope_of(user)
    exemplars = Exemplar.objects.visible_to(user)
    if unit is not None:
        exemplars = exemplars.filter(subtree_q([unit.path], prefix="unit__path"))
    elif not scope.is_admin:
        roots = scope.paths or ([scope.person_unit_path] if scope.person_unit_path else [])
        q = subtree_q(roots, prefix="unit__path")
        if scope.person_id:
            q |= Q(person_id=scope.person_id)
        exemplars = exemplars.filter(q)
    status = _choice(params, "status", ExemplarStatus)
    if status:
        exemplars = exemplars.filter(status=status)
    kind = _choice(params, "kind", ExemplarKind)
    if kind:
        exemplars = exemplars.filter(kind=kind)
    field_ = _choice(params, "field", ExemplarField)
    if field_:
        exemplars = exemplars.filter(field=field_)
    query = (params.get("q") or "").strip()[:MAX_QUERY]
    if query:
        exemplars = exemplars.filter(search_q(query))
    return exemplars.select_related("unit", "subject_unit", "person").order_by("-updated_at", "-pk")


def waiting_for(user):
    """Proposed exemplars `user` may review: of units below the top of their review grants
    (a unit is reviewed a level up), oldest proposal first."""
    scope = scope_of(user)
    exemplars = Exemplar.objects.visible_to(user, "exemplar.review").filter(
        status=ExemplarStatus.PROPOSED
    )
    if not scope.is_admin:
        exemplars = exemplars.exclude(unit__path__in=scope.paths_for("exemplar.review"))
    return exemplars.select_related("unit", "subject_unit", "person").order_by("proposed_at", "pk")


# -- evidence --------------------------------------------------------------------------------


def public_photos():
    """Photos marked public of published exemplars (and of adoptions of published ones):
    served to anyone."""
    return Evidence.objects.visible_to(AnonymousUser()).filter(kind=EvidenceKind.PHOTO, public=True)


def inside_evidence(user):
    """Evidence `user` may fetch beyond the public photos: Evidence.visible_to gives them all
    of their units' exemplars and adoptions, and only public photos of anything else."""
    return Evidence.objects.visible_to(user)
