from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lamtheo.accounts.scoping import scope_of
from lamtheo.org import queries
from lamtheo.org.models import ImportJob, Person, Position, Unit


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
        visible = Unit.objects.visible_to(user)
        roots = list(
            visible.filter(depth=1) if scope.is_admin else visible.filter(path__in=scope.paths)
        )
        roots.sort(key=lambda u: u.sort_key)
        counts = queries.people_counts_by_root([u.path for u in roots])
        for root in roots:
            root.people_count = counts.get(root.path, 0)
        context.update(
            roots=roots,
            status_counts=queries.status_counts(Person.objects.visible_to(user).current()),
            unit_count=visible.active().count(),
            jobs=list(ImportJob.objects.visible_to(user)[:5]) if scope.can("import") else [],
        )
    if scope.person_id:
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
