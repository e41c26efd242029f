"""The public verification page of a certificate (/xac-minh/<code>/): no sign-in. It confirms
the award, its form, the decision's number and date and the awarding body, and whether it was
revoked (with the date); nothing else about the person (no birth date, no unit beyond the
certificate's own, no achievement text)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lamtheo.awards.models import Award, AwardForm
from lamtheo.org import kinds


@never_cache
@require_GET
def verify(request, code):
    # The code itself is the permission (128 random bits): the lookup ignores scoping, and
    # only the fields below leave this view.
    row = (
        Award.objects.filter(code=code, decision__document__isnull=False)
        .values(
            "nomination__person__full_name",
            "nomination__unit__name",
            "nomination__form",
            "decision__document__symbol",
            "decision__document__issued_on",
            "decision__round__unit__name",
            "decision__round__unit__kind",
            "revoked_on",
        )
        .first()
    )
    if row is None:
        raise Http404
    context = {
        "recipient": row["nomination__person__full_name"] or row["nomination__unit__name"],
        "form": AwardForm(row["nomination__form"]).label,
        "number": row["decision__document__symbol"],
        "issued_on": row["decision__document__issued_on"],
        # The committee (Đảng ủy …) awards, as the certificate says.
        "body": kinds.committee_name(
            row["decision__round__unit__name"], row["decision__round__unit__kind"]
        )
        or row["decision__round__unit__name"],
        "revoked_on": row["revoked_on"],
    }
    response = render(request, "awards/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
