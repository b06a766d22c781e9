from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "travel.topics"
    label = "topics"
