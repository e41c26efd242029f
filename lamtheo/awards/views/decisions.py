"""The decision of a round: its submission and signature, the DOCX papers, the certificates
(one, or all in the background with a progress bar), revocation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.scoping import Action, get_visible_or_404, require, scope_of
from lamtheo.awards import certificates, exports, queries, services, tasks
from lamtheo.awards.forms import RevokeForm, SignForm, SubmitForm
from lamtheo.awards.models import Award, CertificateJob, Decision
from lamtheo.core.views import submit
from lamtheo.documents.http import attachment
from lamtheo.org.issuers import issuer_of

PDF = "application/pdf"


def _decision(request, pk) -> Decision:
    return get_visible_or_404(
        Decision.objects.select_related("round__unit", "document", "submission"),
        request.user,
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, pk):
    decision = _decision(request, pk)
    round_ = decision.round
    can_decide = scope_of(request.user).can(Action.AWARD_DECIDE, round_.unit.path)
    if request.method == "POST":
        require(request.user, Action.AWARD_DECIDE, round_.unit)
    step = request.POST.get("step", "")
    submit_form = SubmitForm(
        request.POST if step == "submit" else None, initial={"submitted_on": services.today()}
    )
    issuer, _offices = issuer_of(round_.unit)
    sign_form = SignForm(
        request.POST if step == "sign" else None,
        initial={
            "signed_on": services.today(),
            "signer_name": issuer.secretary_name,
            "signer_title": "Bí thư",
        },
    )

    def submit_(data):
        services.submit(by=request.user, decision=decision, on=data["submitted_on"])
        return _("The submission is numbered.")

    def sign(data):
        signed = services.sign(
            by=request.user,
            decision=decision,
            on=data["signed_on"],
            signer_name=data["signer_name"],
            signer_title=data["signer_title"],
            place=data["place"],
        )
        return _("Decision %(number)s signed.") % {"number": signed.document.symbol}

    if step == "submit" and submit(request, submit_form, submit_):
        return redirect("award-decision", pk=decision.pk)
    if step == "sign" and submit(request, sign_form, sign):
        return redirect("award-decision", pk=decision.pk)
    awards = (
        list(
            Award.objects.filter(decision=decision)
            .select_related("nomination__person", "nomination__unit", "revocation")
            .order_by("pk")
        )
        if decision.is_signed
        else []
    )
    approved = list(round_.nominations.filter(status="approved").select_related("person", "unit"))
    job = decision.jobs.order_by("-pk").first()
    context = {
        "decision": decision,
        "round": round_,
        "awards": awards,
        "approved": approved,
        "can_decide": can_decide,
        "submit_form": submit_form,
        "sign_form": sign_form,
        "revoke_form": RevokeForm(initial={"revoked_on": services.today()}),
        "job": job,
    }
    return render(request, "awards/decision_detail.html", context)


@login_required
@require_GET
def submission_docx(request, pk):
    decision = _decision(request, pk)
    if not decision.submission_id:
        raise Http404
    nominations = queries.round_nominations(decision.round)
    return exports.submission(decision, nominations).response()


@login_required
@require_GET
def decision_docx(request, pk):
    decision = _decision(request, pk)
    if not decision.is_signed:
        raise Http404
    nominations = queries.round_nominations(decision.round)
    return exports.decision_document(decision, nominations).response()


@login_required
@require_POST
def certificates_start(request, pk):
    decision = _decision(request, pk)
    require(request.user, Action.AWARD_DECIDE, decision.round.unit)
    if not decision.is_signed:
        raise Http404
    job = CertificateJob.objects.create(
        decision=decision, created_by=request.user, total=decision.awards.count()
    )
    tasks.render_certificates.enqueue(job.pk)
    return redirect("award-decision", pk=decision.pk)


def _job(request, pk) -> CertificateJob:
    return get_visible_or_404(
        CertificateJob.objects.select_related("decision__document"), request.user, pk=pk
    )


@login_required
@require_GET
def certificates_progress(request, pk):
    job = _job(request, pk)
    response = render(request, "awards/_job_progress.html", {"job": job})
    if job.finished_at:
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def certificates_file(request, pk):
    job = _job(request, pk)
    if not job.file:
        raise Http404
    with job.file.open("rb") as f:
        return attachment(f.read(), job.file.name.rsplit("/", 1)[-1], PDF)


@login_required
@require_GET
def award_certificate(request, pk):
    award = get_visible_or_404(queries.certificate_awards_all(), request.user, pk=pk)
    content = certificates.render_pdf([award])
    return attachment(content, f"giay-khen-{award.pk}.pdf", PDF)


@login_required
@require_POST
def award_revoke(request, pk):
    award = get_visible_or_404(
        Award.objects.select_related("decision__round__unit"), request.user, pk=pk
    )
    require(request.user, Action.AWARD_DECIDE, award.decision.round.unit)
    form = RevokeForm(request.POST)

    def revoke(data):
        done = services.revoke(
            by=request.user,
            award=award,
            on=data["revoked_on"],
            reason=data["reason"],
            signer_name=data["signer_name"],
        )
        return _("Revoked by decision %(number)s.") % {"number": done.revocation.symbol}

    outcome = submit(request, form, revoke)
    if not outcome:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("award-decision", pk=award.decision_id)
