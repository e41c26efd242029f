"""Evidence files, always through a view that checks who may have them (never a public media
URL): photos marked public of published exemplars, and their thumbnails, to anyone; anything
else only to those who see the exemplar (or the adoption) from inside; documents as
attachments. Adding and removing go through services/evidence.py.
"""

from __future__ import annotations

import posixpath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.core.text import fold
from lamtheo.core.views import add_errors
from lamtheo.exemplars import queries
from lamtheo.exemplars.forms.exemplars import EvidenceForm
from lamtheo.exemplars.models import Evidence, EvidenceKind, ExemplarStatus
from lamtheo.exemplars.services.evidence import evidence_add, evidence_remove
from lamtheo.exemplars.views.exemplars import _detail, exemplar_or_404, sees_inside

# A week in browsers' caches for public photos; private ones are not cached by proxies.
PUBLIC_MAX_AGE = 7 * 24 * 3600


def _evidence_for(request, pk) -> tuple[Evidence, bool]:
    """(evidence, public): a public photo for anyone; otherwise what the user may fetch from
    inside. Signed out, anything else sends to the sign-in page (whether it exists or not);
    signed in, 404."""
    evidence = queries.public_photos().filter(pk=pk).first()
    if evidence is not None:
        return evidence, True
    if not request.user.is_authenticated:
        raise _SignIn
    return get_object_or_404(queries.inside_evidence(request.user), pk=pk), False


class _SignIn(Exception):
    pass


def _serve(request, pk, thumbnail: bool):
    try:
        evidence, public = _evidence_for(request, pk)
    except _SignIn:
        return redirect_to_login(request.get_full_path())
    stored = evidence.thumbnail if thumbnail else evidence.file
    if not stored:
        raise Http404
    try:
        handle = stored.storage.open(stored.name, "rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = posixpath.splitext(stored.name)[1]
    content_type = "image/jpeg" if thumbnail else evidence.content_type
    name = slugify(fold(evidence.caption)) or f"minh-chung-{evidence.pk}"
    response = FileResponse(
        handle,
        as_attachment=evidence.kind == EvidenceKind.DOCUMENT,
        filename=f"{name}{extension}",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    else:
        response["Cache-Control"] = "private, no-store"
    return response


def evidence_file(request, pk):
    """The photo or document itself."""
    return _serve(request, pk, thumbnail=False)


def evidence_thumbnail(request, pk):
    """A photo's small JPEG (404 for a document, which has none)."""
    return _serve(request, pk, thumbnail=True)


@login_required
@require_POST
def evidence_upload(request, pk):
    """Attach a photo or a document to an exemplar (whoever may propose for its unit)."""
    exemplar = exemplar_or_404(request, pk)
    if not sees_inside(request.user, exemplar):
        raise PermissionDenied
    if exemplar.status in (ExemplarStatus.REJECTED, ExemplarStatus.WITHDRAWN):
        messages.error(request, _("No evidence can be added to this exemplar any more."))
        return redirect("exemplar", exemplar.pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            evidence_add(
                by=request.user,
                exemplar=exemplar,
                upload=data["file"],
                caption=data["caption"],
                public=data["public"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Evidence added."))
            return redirect("exemplar", exemplar.pk)
    return _detail(request, exemplar, {"evidence": form})


@login_required
@require_POST
def evidence_delete(request, pk):
    """Remove a photo or a document of an exemplar."""
    evidence = get_object_or_404(
        queries.inside_evidence(request.user).filter(exemplar__isnull=False), pk=pk
    )
    exemplar = evidence.exemplar
    evidence_remove(by=request.user, evidence=evidence)
    messages.success(request, _("Evidence removed."))
    return redirect("exemplar", exemplar.pk)
