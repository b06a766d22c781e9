from django.apps import AppConfig


class CollectivesConfig(AppConfig):
    name = "travel.collectives"
    label = "collectives"
