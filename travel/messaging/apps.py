from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "travel.messaging"
    label = "messaging"
