from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "travel.outbox"
    label = "outbox"
