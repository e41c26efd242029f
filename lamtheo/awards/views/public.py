"""The public verification page of a certificate (/xac-minh/<code>/): no sign-in. It confirms
the award, its form, the decision's number and date and the awarding body, and whether it was
revoked (with the date); nothing else about the person (no birth date, no unit beyond the
certificate's own, no achievement text)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lamtheo.awards.models import Award, AwardForm


@never_cache
@require_GET
def verify(request, code):
    # The code itself is the permission (128 random bits): the lookup ignores scoping, and
    # only the award's public record (written when it was signed) and its revocation date
    # leave this view. One table, one index lookup: no join (the public record exists only
    # once the decision is signed), no ORDER BY.
    rows = list(Award.objects.filter(code=code).values("public", "revoked_on")[:1])
    if not rows or not rows[0]["public"]:
        raise Http404
    row = rows[0]
    public = row["public"]
    context = {
        "recipient": public["recipient"],
        "form": AwardForm(public["form"]).label,
        "number": public["number"],
        "issued_on": dt.date.fromisoformat(public["issued_on"]),
        "body": public["body"],
        "revoked_on": row["revoked_on"],
    }
    response = render(request, "awards/verify.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
