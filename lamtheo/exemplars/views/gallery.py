"""The public gallery (/dien-hinh/), for anyone, signed in or not: published exemplars,
searchable (accent-free) and filterable by kind, field and unit, and the story of each with
its public photos, figures and replication, Open Graph tags and a share link so that a link
posted in a Zalo group shows a proper preview.

Everything here reads through lamtheo.exemplars.queries (`gallery`, `public_story`), which
see only published exemplars, only public photos, and of a person only the name.
"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import Truncator, slugify
from django.views.decorators.http import require_GET

from lamtheo.accounts.scoping import can, scope_of
from lamtheo.core.text import fold
from lamtheo.core.views import querystring
from lamtheo.exemplars import queries

DESCRIPTION_CHARS = 200


def slug_for(title: str) -> str:
    """ "Mô hình “Mỗi tuần một việc tốt”" → "mo-hinh-moi-tuan-mot-viec-tot"."""
    return slugify(fold(title))[:80].strip("-")


def public_url(exemplar) -> str:
    slug = slug_for(exemplar.title)
    if slug:
        return reverse("gallery-exemplar", kwargs={"pk": exemplar.pk, "slug": slug})
    return reverse("gallery-exemplar", kwargs={"pk": exemplar.pk})


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@require_GET
def gallery(request):
    page, facets = queries.gallery(request.GET)
    for exemplar in page:
        queries.anonymise(exemplar)
        exemplar.public_url = public_url(exemplar)
    context = {
        "page": page,
        "facets": facets,
        "querystring_prefix": querystring(request),
        "without_kind": querystring(request, "kind"),
        "without_field": querystring(request, "field"),
        "without_unit": querystring(request, "unit"),
        "og_url": absolute(request.get_full_path()),
    }
    return render(request, "exemplars/gallery/list.html", context)


@require_GET
def gallery_exemplar(request, pk, slug=""):
    story = queries.public_story(pk)
    exemplar = story.exemplar
    queries.anonymise(exemplar)
    canonical = public_url(exemplar)
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    for other in (story.source, *story.adaptations):
        if other is not None:
            other.public_url = public_url(other)
    description = Truncator(
        " ".join((exemplar.results or exemplar.actions or exemplar.problem).split())
    ).chars(DESCRIPTION_CHARS)
    image = ""
    if story.photos:
        image = absolute(reverse("evidence-thumbnail", args=[story.photos[0].pk]))
    context = {
        "story": story,
        "exemplar": exemplar,
        "subject": (
            (exemplar.person.full_name if exemplar.named else queries.WITHHELD)
            if exemplar.person_id
            else exemplar.subject_unit.name
            if exemplar.subject_unit_id
            else ""
        ),
        "recognising_body": queries.recognising_body(exemplar),
        "og_title": exemplar.title,
        "og_description": description,
        "og_image": image,
        "og_url": absolute(canonical),
        "may_adapt": request.user.is_authenticated and can(request.user, "exemplar.propose"),
        # A unit does not adopt its own exemplar: no button for those who act only there.
        "may_adopt": _may_adopt(request.user, exemplar),
    }
    return render(request, "exemplars/gallery/detail.html", context)


def _may_adopt(user, exemplar) -> bool:
    scope = scope_of(user)
    if scope.is_admin:
        return True
    return bool(scope.paths_for("exemplar.propose")) and scope.paths_for("exemplar.propose") != [
        exemplar.unit.path
    ]
