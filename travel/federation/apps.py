from django.apps import AppConfig


class FederationConfig(AppConfig):
    name = "travel.federation"
    label = "federation"
    verbose_name = "Federation (ActivityPub)"
