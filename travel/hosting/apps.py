from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "travel.hosting"
    label = "hosting"
    verbose_name = "Hosting"
