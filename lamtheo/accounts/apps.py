from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lamtheo.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Connects the sign-in signal that decides what a session owes its second factor.
        from lamtheo.accounts import twofactor  # noqa: F401
