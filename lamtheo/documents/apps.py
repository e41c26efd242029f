from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "lamtheo.documents"
    label = "documents"
    verbose_name = "Documents"
