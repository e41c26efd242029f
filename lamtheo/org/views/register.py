"""The document register page of a committee: its terms, the numbered documents of a term,
the XLSX export, recording a term and cancelling a document."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.scoping import Action, get_visible_or_404, require, scope_of
from lamtheo.core.forms import CleanCharField, DateField, StyledFormMixin
from lamtheo.core.views import id_param, perform, submit
from lamtheo.org import queries, register
from lamtheo.org.models import Unit
from lamtheo.org.register_exports import RegisterExporter
from lamtheo.org.register_models import DocumentKind, RegisteredDocument, Term


class TermForm(StyledFormMixin, forms.Form):
    starts_on = DateField(label=gettext_lazy("Term starts"))
    ends_on = DateField(label=gettext_lazy("Term ends"), required=False)
    name = CleanCharField(label=gettext_lazy("Name"), max_length=60, required=False)
    symbol = CleanCharField(
        label=gettext_lazy("Issuer abbreviation"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("As in the number and symbol: “ĐUK” in “12-QĐ/ĐUK”."),
    )


def _selection(request, unit):
    terms = list(Term.objects.filter(unit=unit).order_by("-starts_on"))
    term_id = id_param(request.GET, "term")
    term = next((t for t in terms if t.pk == term_id), terms[0] if terms else None)
    kind = request.GET.get("kind", "")
    if kind not in DocumentKind.values:
        kind = ""
    return terms, term, kind


@login_required
@require_http_methods(["GET", "POST"])
def unit_register(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, Action.VIEW, unit)  # a member sees their unit, not its register
    can_issue = scope_of(request.user).can(Action.DOCUMENT_REGISTER, unit.path)
    form = TermForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Action.DOCUMENT_REGISTER, unit)

    def record(data):
        term = register.record_term(by=request.user, unit=unit, **data)
        return _("Term %(term)s recorded.") % {"term": term.label}

    if submit(request, form, record):
        return redirect("unit-register", pk=unit.pk)
    terms, term, kind = _selection(request, unit)
    documents = list(register.entries(unit, term, kind)) if term is not None else []
    context = {
        "unit": unit,
        "ancestors": queries.ancestors(unit, request.user),
        "terms": terms,
        "term": term,
        "kind": kind,
        "kinds": DocumentKind.choices,
        "documents": documents,
        "form": form,
        "can_issue": can_issue,
    }
    return render(request, "org/unit_register.html", context)


@login_required
@require_GET
def unit_register_export(request, pk):
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)
    require(request.user, Action.VIEW, unit)
    _terms, term, kind = _selection(request, unit)
    documents = register.entries(unit, term, kind) if term is not None else []
    return RegisterExporter(unit, term, documents).response("xlsx")


@login_required
@require_POST
def document_cancel(request, pk):
    document = get_visible_or_404(RegisteredDocument.objects, request.user, pk=pk)
    require(request.user, Action.DOCUMENT_REGISTER, document.body)

    def change():
        register.cancel(by=request.user, document=document, reason=request.POST.get("reason", ""))
        return _("%(number)s is cancelled; its number stays taken.") % {"number": document.symbol}

    perform(request, change)
    url = reverse("unit-register", args=[document.body_id])
    return redirect(f"{url}?term={document.term_id}")
