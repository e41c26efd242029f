from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lamtheo.accounts.scoping import scope_of
from lamtheo.org import counts, queries
from lamtheo.org.models import ImportJob, PartyStatus, Person, Position, Unit
from lamtheo.programs.models import Commitment, CommitmentStatus
from lamtheo.programs.views.member import home_card_context
from lamtheo.study.views.sessions import home_card_context as study_card_context


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def home(request):
    """What each person sees first: their scope at a glance, or their own record."""
    user = request.user
    scope = scope_of(user)
    context = {"scope": scope}
    if scope.has_grant:
        units = Unit.objects.visible_to(user, "view")
        totals = counts.status_totals(units)
        context.update(
            roots=queries.roots_with_counts(user),
            total_people=totals["total"],
            status_rows=[(s.value, s.label, totals[s.value]) for s in PartyStatus],
            unit_count=units.active().count(),
            jobs=list(ImportJob.objects.visible_to(user)[:5]) if scope.can("import") else [],
        )
    if scope.reviews:
        # "Cần xử lý": registrations waiting for this reviewer's decision.
        context["waiting_approval"] = (
            Commitment.objects.visible_to(user, "commitment.review")
            .filter(status=CommitmentStatus.SUBMITTED)
            .exclude(person__user=user)
            .count()
        )
    context.update(study_card_context(user))
    if scope.person_id:
        context.update(home_card_context(user))
        person = Person.objects.select_related("unit").get(pk=scope.person_id)
        context.update(
            person=person,
            office_holders=list(
                Position.objects.visible_to(user)
                .current()
                .filter(unit_id=person.unit_id)
                .select_related("person")
            ),
        )
    return render(request, "accounts/home.html", context)
