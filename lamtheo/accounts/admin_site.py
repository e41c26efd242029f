from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import scope_of


def restrict_admin_to_administrators(site) -> None:
    """Django's admin bypasses our scoping, so only holders of the admin role may enter it."""

    def has_permission(request):
        user = request.user
        return user.is_active and user.is_staff and scope_of(user).is_admin

    site.has_permission = has_permission
    site.site_header = _("lamtheo administration")
    site.site_title = _("lamtheo")
