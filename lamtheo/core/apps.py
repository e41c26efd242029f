from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lamtheo.core"
    label = "core"

    def ready(self):
        from lamtheo.core import checks  # noqa: F401  (registers the deployment checks)
