from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarsConfig(AppConfig):
    name = "lamtheo.exemplars"
    label = "exemplars"
    verbose_name = _("Exemplars and replication")

    def ready(self):
        # Scrubs what this app keeps of a person when retention anonymises them.
        from lamtheo.exemplars import retention  # noqa: F401
