"""A finding's two sides: the subject's remediation report, the inspection side's check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.accounts.scoping import Action, get_visible_or_404, require
from lamtheo.core.views import form_version, perform
from lamtheo.oversight import services
from lamtheo.oversight.forms import RemedyForm, VerifyForm
from lamtheo.oversight.models import Finding
from lamtheo.oversight.views.inspections import form_errors


def _finding(request, pk) -> Finding:
    return get_visible_or_404(
        Finding.objects.select_related(
            "inspection__unit", "subject__unit", "subject__person__unit"
        ),
        request.user,
        pk=pk,
    )


@login_required
@require_POST
def finding_remedy(request, pk):
    finding = _finding(request, pk)
    if not services.may_remedy(request.user, finding):
        raise PermissionDenied
    form = RemedyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        perform(
            request,
            lambda: (
                services.report_remediation(
                    by=request.user, finding=finding, text=data["text"], version=form_version(data)
                )
                and _("Remediation reported to the inspection committee.")
            ),
        )
    else:
        form_errors(request, form)
    return redirect("inspection", pk=finding.inspection_id)


@login_required
@require_POST
def finding_verify(request, pk):
    finding = _finding(request, pk)
    require(request.user, Action.INSPECTION_CHANGE, finding.inspection.unit)
    form = VerifyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        accept = data["decision"] == "accept"
        perform(
            request,
            lambda: (
                services.verify(
                    by=request.user,
                    finding=finding,
                    accept=accept,
                    comment=data["comment"],
                    version=form_version(data),
                )
                and (_("Finding closed.") if accept else _("Finding sent back to the subject."))
            ),
        )
    else:
        form_errors(request, form)
    return redirect("inspection", pk=finding.inspection_id)
