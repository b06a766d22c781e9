from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "travel.matching"
    label = "matching"
