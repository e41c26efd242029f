from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Demo and benchmark data: the top layer, which nothing else imports."""

    name = "lamtheo.devdata"
    label = "devdata"
