"""Pages of each unit's ethics standards and example criteria, under /standards/: a
committee's overview across its units, a unit's two standards, adopting a new version, one
version's text, what changed between two versions, and the review status.

Standards are looked up through `Standard.objects.visible_to` (a member reads those of their
unit and the units above it), units through `Unit.objects.visible_to`; 404 when invisible,
403 when visible but not allowed ("standard.change"). Every page runs a fixed number of
queries whatever the number of units and versions.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lamtheo.accounts.scoping import get_visible_or_404, require, scope_of
from lamtheo.core.views import id_param, submit
from lamtheo.exemplars import standards_overview
from lamtheo.exemplars.forms.standards import AdoptForm, ReviewForm
from lamtheo.exemplars.models import ReviewStatus, Standard, StandardKind, StandardVersion
from lamtheo.exemplars.services import standards as services
from lamtheo.org.models import Unit
from lamtheo.org.queries import CountedPaginator

PAGE_SIZE = 50


def _standard_or_404(request, pk) -> Standard:
    return get_visible_or_404(Standard.objects.select_related("unit"), request.user, pk=pk)


def _unit_or_404(request, pk) -> Unit:
    """A unit the user sees, or one whose standards they read (a member's committee)."""
    user = request.user
    units = Unit.objects.filter(
        Q(pk__in=Unit.objects.visible_to(user).values("pk"))
        | Q(pk__in=Standard.objects.visible_to(user).values("unit_id"))
    )
    return get_object_or_404(units, pk=pk)


def _kind_or_404(kind: str) -> str:
    if kind not in StandardKind.values:
        raise Http404
    return kind


def _top_unit(user) -> Unit:
    """The top of the user's scope (their own unit for a member without a grant)."""
    unit = Unit.objects.tops_for(user).order_by("path").first()
    if unit is None:
        raise PermissionDenied
    return unit


# -- the overview ----------------------------------------------------------------------------


@login_required
@require_GET
def standard_overview(request):
    """Each unit of a subtree with its two standards: latest version, review status, or
    "not adopted"; filtered by status, in Vietnamese name order, one page of units."""
    user = request.user
    unit_id = id_param(request.GET, "unit")
    root = get_visible_or_404(Unit.objects, user, pk=unit_id) if unit_id else _top_unit(user)
    status = request.GET.get("status", "")
    if status not in (*ReviewStatus.values, standards_overview.MISSING):
        status = ""
    units = standards_overview.overview_units(root, user, status)
    totals = standards_overview.overview_totals(root, user)
    count = totals["units"] if not status else None
    page = CountedPaginator(units, PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    rows = standards_overview.overview_rows(list(page), user)
    statuses = [(s.value, s.label, totals[s.value]) for s in ReviewStatus]
    statuses.append(
        (standards_overview.MISSING, _("Not adopted"), totals[standards_overview.MISSING])
    )
    query = f"unit={root.pk}&" + (f"status={status}&" if status else "")
    context = {
        "root": root,
        "rows": rows,
        "page": page,
        "status": status,
        "statuses": statuses,
        "totals": totals,
        "kinds": [(k, StandardKind(k).label) for k in standards_overview.KINDS],
        "querystring": query,
        "today": timezone.localdate(),
    }
    return render(request, "exemplars/standards/overview.html", context)


# -- a unit's standards ----------------------------------------------------------------------


@login_required
@require_GET
def unit_standards(request, pk):
    """A unit's code of ethics and example criteria: the text in force, its history, and
    what can be done with them."""
    user = request.user
    unit = _unit_or_404(request, pk)
    scope = scope_of(user)
    standards = {
        s.kind: s
        for s in standards_overview.with_latest(Standard.objects.visible_to(user).filter(unit=unit))
    }
    versions = list(
        StandardVersion.objects.filter(standard__in=list(standards.values()))
        .select_related("created_by")
        .order_by("standard_id", "-number")
    )
    by_standard: dict[int, list[StandardVersion]] = {}
    for version in versions:
        by_standard.setdefault(version.standard_id, []).append(version)
    can_change = scope.can("standard.change", unit.path)
    sections = []
    for kind in standards_overview.KINDS:
        standard = standards.get(kind)
        history = by_standard.get(standard.pk, []) if standard else []
        sections.append(
            {
                "kind": kind,
                "label": str(StandardKind(kind).label),
                "standard": standard,
                "current": history[0] if history else None,
                "history": history,
            }
        )
    context = {
        "unit": unit,
        "sections": sections,
        "can_change": can_change and unit.is_active,
        "can_review": can_change,
        "covers": scope.covers(unit.path),
    }
    return render(request, "exemplars/standards/unit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standard_adopt(request, pk, kind):
    """Record a newly adopted version of one of the unit's standards; the form starts from
    the text in force, so that the change is what the user edits."""
    user = request.user
    unit = _unit_or_404(request, pk)
    kind = _kind_or_404(kind)
    require(user, "standard.change", unit)
    standard = Standard.objects.visible_to(user).filter(unit=unit, kind=kind).first()
    current = standard.versions.order_by("-number").first() if standard else None
    initial = {
        "title": standard.title if standard else StandardKind(kind).label,
        "text": current.text if current else "",
        "adopted_on": timezone.localdate(),
        "adopted_by": current.adopted_by if current else "",
    }
    form = AdoptForm(request.POST or None, initial=initial)

    def action(data):
        version = services.version_adopt(by=user, unit=unit, kind=kind, **data)
        return _("Version %(n)s of “%(title)s” was recorded and is in force.") % {
            "n": version.number,
            "title": version.standard.title,
        }

    if submit(request, form, action):
        return redirect("unit-standards", pk=unit.pk)
    context = {
        "form": form,
        "unit": unit,
        "standard": standard,
        "current": current,
        "title": _("Adopt a new version: %(kind)s") % {"kind": StandardKind(kind).label},
    }
    return render(request, "exemplars/standards/adopt.html", context)


@login_required
@require_GET
def standard_version(request, pk):
    versions = StandardVersion.objects.select_related("standard__unit", "created_by")
    version = get_visible_or_404(versions, request.user, pk=pk)
    previous = (
        StandardVersion.objects.filter(standard_id=version.standard_id, number__lt=version.number)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    context = {"version": version, "standard": version.standard, "previous": previous}
    return render(request, "exemplars/standards/version.html", context)


@login_required
@require_GET
def standard_diff(request, pk):
    """What changed between two versions (?from=<number>&to=<number>); by default between
    the version in force and the one before it."""
    standard = _standard_or_404(request, pk)
    versions = list(standard.versions.order_by("-number").only("pk", "number", "adopted_on"))
    if len(versions) < 2:
        context = {"standard": standard, "versions": versions, "diff": None}
        return render(request, "exemplars/standards/diff.html", context)
    numbers = {v.number: v for v in versions}
    to_number = id_param(request.GET, "to") or versions[0].number
    from_number = id_param(request.GET, "from")
    if from_number is None:
        from_number = max((n for n in numbers if n < to_number), default=versions[-1].number)
    if from_number not in numbers or to_number not in numbers:
        raise Http404
    texts = dict(
        StandardVersion.objects.filter(
            standard=standard, number__in={from_number, to_number}
        ).values_list("number", "text")
    )
    context = {
        "standard": standard,
        "versions": versions,
        "old": numbers[from_number],
        "new": numbers[to_number],
        "diff": standards_overview.version_diff(texts[from_number], texts[to_number]),
    }
    return render(request, "exemplars/standards/diff.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standard_review(request, pk):
    """The review status of a standard, set by its unit or a committee above it."""
    standard = _standard_or_404(request, pk)
    require(request.user, "standard.change", standard.unit)
    initial = {"review_status": standard.review_status, "next_review_on": standard.next_review_on}
    form = ReviewForm(request.POST or None, initial=initial)

    def action(data):
        saved = services.review_set(by=request.user, standard=standard, **data)
        return _("“%(title)s” is now: %(status)s.") % {
            "title": saved.title,
            "status": saved.get_review_status_display(),
        }

    if submit(request, form, action):
        return redirect("unit-standards", pk=standard.unit_id)
    context = {
        "form": form,
        "standard": standard,
        "title": _("Review status"),
    }
    return render(request, "exemplars/standards/review.html", context)
