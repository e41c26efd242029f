from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "lamtheo.programs"
    label = "programs"
    verbose_name = _("Registrations")

    def ready(self):
        from lamtheo.programs import counts

        counts.connect()
